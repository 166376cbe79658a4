#!/usr/bin/env bash
# Makes sure a Docker engine (API >= 1.44) with Compose v2 answers.
#
# - When `docker info` already answers (a developer laptop, Docker Desktop, a CI host with
#   its own engine), this script touches nothing.
# - Otherwise, on Debian bookworm as root, it installs docker.io and docker-compose from
#   Debian trixie (bookworm's docker.io 20.10 lacks docker-proxy, see docs/ci.md), starts
#   dockerd in the background with its log in $BERTH_DOCKERD_LOG, and waits until it answers.
#
# When it started dockerd itself it writes the pid to $BERTH_DOCKERD_PIDFILE so the caller
# can stop it (`.ci/run` does, in a trap).
set -euo pipefail

log() { echo "[ensure-docker] $*" >&2; }

BERTH_DOCKERD_LOG=${BERTH_DOCKERD_LOG:-/var/log/berth-dockerd.log}
BERTH_DOCKERD_PIDFILE=${BERTH_DOCKERD_PIDFILE:-/run/berth-dockerd.pid}

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && engine_answers; then
  log "an engine already answers; leaving it alone"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  log "no Docker engine answers and this is not root: start Docker (Docker Desktop, or 'sudo systemctl start docker') and retry"
  exit 1
fi

have_engine_packages() {
  command -v dockerd >/dev/null 2>&1 && [ -x /usr/sbin/docker-proxy ] \
    && docker compose version >/dev/null 2>&1
}

if ! have_engine_packages; then
  if ! grep -qs bookworm /etc/os-release; then
    log "no engine installed and this is not Debian bookworm: install Docker Engine with Compose v2 (https://docs.docker.com/engine/install/) and retry"
    exit 1
  fi
  log "installing docker.io and docker-compose from Debian trixie (low pin)"
  cat > /etc/apt/sources.list.d/berth-trixie.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  cat > /etc/apt/preferences.d/berth-trixie <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -t trixie docker.io docker-compose >/dev/null
  # debootstrap builds the base image when no registry answers (scripts/ensure-images.sh)
  apt-get install -y -qq debootstrap >/dev/null
fi

if ! engine_answers; then
  log "starting dockerd (log: $BERTH_DOCKERD_LOG)"
  mkdir -p "$(dirname "$BERTH_DOCKERD_LOG")"
  # setsid + no inherited stdout: nothing of dockerd holds the caller's output open
  setsid dockerd >"$BERTH_DOCKERD_LOG" 2>&1 </dev/null &
  echo $! > "$BERTH_DOCKERD_PIDFILE"
  for _ in $(seq 1 60); do
    engine_answers && break
    sleep 0.5
  done
  if ! engine_answers; then
    log "dockerd did not answer within 30 s; last lines of its log:"
    tail -n 30 "$BERTH_DOCKERD_LOG" >&2
    exit 1
  fi
fi

api=$(docker version --format '{{.Server.APIVersion}}')
log "engine $(docker version --format '{{.Server.Version}}') (API $api), $(docker compose version --short 2>/dev/null | sed 's/^/compose /')"
if [ "$(printf '%s\n1.44\n' "$api" | sort -V | head -n1)" != 1.44 ]; then
  log "engine API $api is older than 1.44: upgrade Docker"
  exit 1
fi
