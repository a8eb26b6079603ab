#!/usr/bin/env bash
# Installs Docker Compose v2 (Debian trixie's docker-compose 2.26, a Go binary) as the
# `docker compose` CLI plugin: the oracle the differential specs compare our plan with.
# The package comes through a private apt state under $STATE, so the machine's own apt
# sources and lists stay as they were. Idempotent: a ready machine returns at once.
set -euo pipefail

PLUGIN_DIR="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
PLUGIN="$PLUGIN_DIR/docker-compose"
STATE="${COMPOSE_V2_APT_STATE:-/var/tmp/compose-executor-compose-v2-apt}"
SUITE="trixie"
KEYRING="/usr/share/keyrings/debian-archive-keyring.gpg"

say() { printf 'compose-v2: %s\n' "$*" >&2; }

if [ -x "$PLUGIN" ] && "$PLUGIN" version --short 2>/dev/null | grep -q '^v\?2\.'; then
  exit 0
fi

# The mirror this machine's own sources name, so no other host is needed.
mirror="$(grep -hoE '(https?://[^ ]+/debian)/?( |$)' /etc/apt/sources.list.d/* /etc/apt/sources.list 2>/dev/null \
  | grep -v -- '-security' | head -n 1 | tr -d ' ' | sed 's|/$||')" || true
mirror="${mirror:-http://deb.debian.org/debian}"

say "fetching docker-compose from $mirror $SUITE into $PLUGIN"
mkdir -p "$STATE/lists/partial" "$STATE/cache/archives/partial" "$STATE/deb" "$PLUGIN_DIR"
printf 'deb [signed-by=%s] %s %s main\n' "$KEYRING" "$mirror" "$SUITE" >"$STATE/sources.list"
apt_private=(
  -o "Dir::Etc::SourceList=$STATE/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$STATE/lists"
  -o "Dir::Cache=$STATE/cache"
  -o "APT::Sandbox::User=root"
)
apt-get -qq "${apt_private[@]}" update
(cd "$STATE/deb" && rm -f docker-compose_*.deb && apt-get -qq "${apt_private[@]}" download docker-compose)
unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$STATE"/deb/docker-compose_*.deb "$unpacked"
binary="$(find "$unpacked" -type f -name docker-compose -perm -u+x | head -n 1)"
[ -n "$binary" ] || { say "no docker-compose binary in the package"; exit 1; }
install -m 0755 "$binary" "$PLUGIN"
say "installed $("$PLUGIN" version --short)"
