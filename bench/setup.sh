#!/usr/bin/env bash
# What the benchmarks need beyond the test setup: the Docker engine, the test
# image and the loopback registry (scripts/docker-env.sh), Debian's
# Compose v2 (installed by docker-env.sh) and docker-compose 1.29 as the peers
# of the launch benchmark, and the executor built
# both ways (dist/ and the single-file bundle). Idempotent.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf 'bench-setup: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

bash scripts/docker-env.sh

if ! command -v docker-compose >/dev/null 2>&1; then
  say "installing docker-compose from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi
say "docker-compose $(docker-compose version --short 2>/dev/null || docker-compose --version)"
# docker-env.sh installed Compose v2 as the `docker compose` plugin (scripts/compose-v2.sh); the main peer.
bash scripts/compose-v2.sh
say "Compose $(docker compose version --short)"

say "building dist/ and the bundle"
# tsc writes dist/ even when it reports type errors; those are for `npm test` to fail on, not the benchmarks.
npx tsc -p tsconfig.build.json || say "tsc reported type errors (above); benchmarking what it emitted"
npm run --silent bundle >/dev/null
