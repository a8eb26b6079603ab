#!/usr/bin/env bash
# Makes a Docker engine and the local test images available on this machine.
# Installs Debian's docker.io and busybox-static when missing, starts dockerd
# when `docker info` does not answer, and imports the test image from a
# busybox-static root filesystem (no image registry is reachable here).
# Idempotent: a second run on a ready machine takes well under a second.
set -euo pipefail

TEST_IMAGE="${COMPOSE_EXECUTOR_TEST_IMAGE:-compose-executor/busybox:test}"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/compose-executor-dockerd.log}"
REGISTRY="127.0.0.1:5000"
TEST_IMAGE_REPO="${TEST_IMAGE%%:*}"
REGISTRY_LOG="${REGISTRY_LOG:-/var/log/compose-executor-registry.log}"
# A second registry that requires a login; the credential specs use the same user and password.
AUTH_REGISTRY="127.0.0.1:5001"
AUTH_REGISTRY_USER="compose-executor"
AUTH_REGISTRY_PASSWORD="loopback-only-test-password"
AUTH_REGISTRY_DIR="/var/lib/compose-executor-registry-auth"
AUTH_REGISTRY_LOG="${AUTH_REGISTRY_LOG:-/var/log/compose-executor-registry-auth.log}"
# The PATH a daemon started here sees, whoever starts it (Debian's default for root).
DOCKERD_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { printf 'docker-env: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  say "installing ${missing[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

engine_ready() { docker info >/dev/null 2>&1; }
# Alive, not a zombie: this machine's init may not reap a killed daemon, and kill -0 succeeds on one.
running() { [ -n "$1" ] && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" =~ ^[RSDTtWPI]$ ]]; }

if ! command -v dockerd >/dev/null 2>&1; then
  apt_install docker.io
fi
[ -x /bin/busybox ] || apt_install busybox-static
command -v docker-registry >/dev/null 2>&1 || apt_install docker-registry
command -v curl >/dev/null 2>&1 || apt_install curl
command -v htpasswd >/dev/null 2>&1 || apt_install apache2-utils
# The up specs drive `compose-executor up` in a pseudo-terminal, as a person does.
command -v tmux >/dev/null 2>&1 || apt_install tmux

# Where a spec that takes the engine down records how the running daemon was started
# (spec/support/dockerEngine.ts), so that the engine that comes back is the user's own.
ENGINE_RECORD=/run/compose-executor/dockerd

# A daemon a spec froze (SIGSTOP) and could not thaw, because the run was interrupted.
if [ -f /var/run/docker.pid ] && [ "$(awk '{print $3}' "/proc/$(cat /var/run/docker.pid)/stat" 2>/dev/null)" = T ]; then
  say "thawing the dockerd a test run left stopped"
  as_root kill -CONT "$(cat /var/run/docker.pid)"
  for _ in $(seq 1 20); do engine_ready && break; sleep 0.5; done
fi

start_dockerd() {
  if [ -f "$ENGINE_RECORD/cmdline" ] && [ "$(cat "$ENGINE_RECORD/systemd")" = yes ]; then
    say "starting docker.service, which a test run took down"
    as_root systemctl start docker.service
  elif [ -f "$ENGINE_RECORD/cmdline" ]; then
    # The daemon the user had, exactly as it was started: command line, environment, directory.
    local argv envs
    mapfile -d '' argv <"$ENGINE_RECORD/cmdline"
    mapfile -d '' envs <"$ENGINE_RECORD/environ"
    say "starting the dockerd a test run took down, as it was started: ${argv[*]} (log: $DOCKERD_LOG)"
    as_root env -i -C "$(cat "$ENGINE_RECORD/cwd")" "${envs[@]}" setsid -f nohup "${argv[@]}" >>"$DOCKERD_LOG" 2>&1 </dev/null
  else
    say "starting dockerd (log: $DOCKERD_LOG)"
    # A session of its own (setsid -f returns at once): the daemon outlives whatever shell or test
    # started it. A fixed, clean environment and directory: nothing of the caller's (a test run's
    # TMPDIR, under which runc keeps its exec files and which the run removes) may reach a daemon
    # the whole machine then uses.
    as_root env -i -C / PATH="$DOCKERD_PATH" HOME=/root setsid -f nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null
  fi
}

if ! engine_ready; then
  # A dockerd that died uncleanly leaves its pid file behind and refuses to start.
  if [ -f /var/run/docker.pid ] && ! running "$(cat /var/run/docker.pid)"; then
    as_root rm -f /var/run/docker.pid
  fi
  # The containerd a killed dockerd supervised outlives it for a moment; a daemon started then finds
  # it "still running", cannot reach it and gives up after a minute. Its containers' shims live on.
  containerd_pid="$(cat /var/run/docker/containerd/containerd.pid 2>/dev/null || true)"
  if [ ! -f /var/run/docker.pid ] && [ -n "$containerd_pid" ]; then
    if running "$containerd_pid" && grep -qs containerd "/proc/$containerd_pid/cmdline"; then
      sleep 2
      running "$containerd_pid" && as_root kill -9 "$containerd_pid" 2>/dev/null
      sleep 0.5
    fi
    # Dead but maybe not reaped: to dockerd's kill(pid, 0) a zombie still looks alive.
    as_root rm -f /var/run/docker/containerd/containerd.pid
  fi
  start_dockerd
  for _ in $(seq 1 120); do
    engine_ready && break
    sleep 0.5
  done
  if ! engine_ready; then
    say "dockerd did not answer within 60 s; last lines of $DOCKERD_LOG:"
    tail -n 20 "$DOCKERD_LOG" >&2 || true
    exit 1
  fi
fi
as_root rm -rf "$ENGINE_RECORD"

if ! docker image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
  say "building $TEST_IMAGE from busybox-static"
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,sys,dev,root,var/run}
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  # One link per applet, where busybox itself would install it.
  while read -r applet; do
    [ -e "$rootfs$applet" ] || ln -s /bin/busybox "$rootfs$applet"
  done < <("$rootfs/bin/busybox" --list-full | sed 's|^|/|')
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | docker import \
    --change 'CMD ["/bin/sh"]' \
    --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$TEST_IMAGE" >/dev/null
fi

registry_ready() { curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1; }

if ! registry_ready; then
  say "starting the loopback registry on $REGISTRY (log: $REGISTRY_LOG)"
  as_root sh -c "setsid nohup docker-registry serve '$SCRIPTS/registry.yml' >>'$REGISTRY_LOG' 2>&1 < /dev/null &"
  for _ in $(seq 1 40); do
    registry_ready && break
    sleep 0.25
  done
  registry_ready || { say "the registry did not answer on $REGISTRY"; tail -n 20 "$REGISTRY_LOG" >&2 || true; exit 1; }
fi

# The pull specs pull this reference, after removing it from the engine.
if ! curl -fsS "http://$REGISTRY/v2/$TEST_IMAGE_REPO/manifests/test" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null 2>&1; then
  say "pushing $TEST_IMAGE to $REGISTRY"
  docker tag "$TEST_IMAGE" "$REGISTRY/$TEST_IMAGE_REPO:test"
  docker push -q "$REGISTRY/$TEST_IMAGE_REPO:test" >/dev/null
  docker rmi "$REGISTRY/$TEST_IMAGE_REPO:test" >/dev/null
fi

# The pull progress specs need an image none of whose layers the engine holds: the test image's
# files and some random megabytes, in one layer of their own, pushed and then removed here.
PROGRESS_IMAGE_REPO="compose-executor/pull-progress"
if ! curl -fsS "http://$REGISTRY/v2/$PROGRESS_IMAGE_REPO/manifests/test" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null 2>&1; then
  say "pushing $PROGRESS_IMAGE_REPO:test to $REGISTRY"
  layer="$(mktemp -d)"
  container="$(docker create "$TEST_IMAGE")"
  docker export "$container" >"$layer/rootfs.tar"
  docker rm "$container" >/dev/null
  head -c 8000000 /dev/urandom >"$layer/ballast"
  tar -C "$layer" -rf "$layer/rootfs.tar" ballast
  docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
    "$layer/rootfs.tar" "$REGISTRY/$PROGRESS_IMAGE_REPO:test" >/dev/null
  docker push -q "$REGISTRY/$PROGRESS_IMAGE_REPO:test" >/dev/null
  docker rmi "$REGISTRY/$PROGRESS_IMAGE_REPO:test" >/dev/null
  rm -rf "$layer"
fi

auth_registry_ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY/v2/")" = 401 ]; }

if ! auth_registry_ready; then
  say "starting the loopback registry with a login on $AUTH_REGISTRY (log: $AUTH_REGISTRY_LOG)"
  as_root mkdir -p "$AUTH_REGISTRY_DIR/data"
  as_root htpasswd -Bbc "$AUTH_REGISTRY_DIR/htpasswd" "$AUTH_REGISTRY_USER" "$AUTH_REGISTRY_PASSWORD" 2>/dev/null
  as_root sh -c "setsid nohup docker-registry serve '$SCRIPTS/registry-auth.yml' >>'$AUTH_REGISTRY_LOG' 2>&1 < /dev/null &"
  for _ in $(seq 1 40); do
    auth_registry_ready && break
    sleep 0.25
  done
  auth_registry_ready || { say "the registry did not answer on $AUTH_REGISTRY"; tail -n 20 "$AUTH_REGISTRY_LOG" >&2 || true; exit 1; }
fi

if ! curl -fsS -u "$AUTH_REGISTRY_USER:$AUTH_REGISTRY_PASSWORD" "http://$AUTH_REGISTRY/v2/$TEST_IMAGE_REPO/manifests/test" \
  -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null 2>&1; then
  say "pushing $TEST_IMAGE to $AUTH_REGISTRY"
  # A throwaway client config, so the login never lands in ~/.docker/config.json, which the executor reads.
  login_config="$(mktemp -d)"
  printf '%s' "$AUTH_REGISTRY_PASSWORD" | DOCKER_CONFIG="$login_config" docker login -u "$AUTH_REGISTRY_USER" --password-stdin "$AUTH_REGISTRY" >/dev/null 2>&1
  docker tag "$TEST_IMAGE" "$AUTH_REGISTRY/$TEST_IMAGE_REPO:test"
  DOCKER_CONFIG="$login_config" docker push -q "$AUTH_REGISTRY/$TEST_IMAGE_REPO:test" >/dev/null
  docker rmi "$AUTH_REGISTRY/$TEST_IMAGE_REPO:test" >/dev/null
  rm -rf "$login_config"
fi

say "engine $(docker version --format '{{.Server.Version}}') ready, test image $TEST_IMAGE, registries $REGISTRY and $AUTH_REGISTRY (with a login)"

"$SCRIPTS/compose-v2.sh"
