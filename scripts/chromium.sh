#!/usr/bin/env bash
# Makes Debian's Chromium available for the replay page's specs, which drive
# it with playwright-core (which cannot download a browser of its own here).
# Idempotent and quiet: on a machine that has it, it returns at once.
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
printf 'chromium: installing Debian'"'"'s chromium for the replay page specs\n' >&2
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
