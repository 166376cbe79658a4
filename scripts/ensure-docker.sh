#!/usr/bin/env bash
# Makes sure a Docker engine (API >= 1.44) with Compose v2 answers.
#
# - When `docker info` already answers (a developer laptop, Docker Desktop, a CI host with
#   its own engine), this script touches nothing.
# - Otherwise, on Debian bookworm as root, it installs docker.io and docker-compose from
#   Debian trixie (bookworm's docker.io 20.10 lacks docker-proxy, see docs/ci.md), starts
#   dockerd in the background with its log in $BERTH_DOCKERD_LOG, and waits until it answers.
#   That UPGRADES about 120 host packages to trixie's (libc6, systemd, python3 3.13): it says so,
#   with the count, before it starts, and asks when run from a terminal (BERTH_ASSUME_YES=1 does
#   not ask). Fine for a throwaway CI machine; on a workstation use Docker's own packages.
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
  log "no engine: this script installs docker.io and docker-compose from Debian trixie (low pin)"
  log "meant for throwaway CI machines; on a workstation install Docker's own packages instead:"
  log "  https://docs.docker.com/engine/install/debian/"
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
  # say what will change on this host before changing it: trixie's docker.io needs trixie's libc6,
  # systemd and friends, so about 120 bookworm packages are upgraded (python3 becomes 3.13)
  plan=$(apt-get -s install -t trixie docker.io docker-compose debootstrap 2>/dev/null || true)
  # "Inst pkg [installed version] (new version ...)" is an upgrade, "Inst pkg (version ...)" a new package
  upgrades=$(printf '%s\n' "$plan" | awk '$1 == "Inst" && $3 ~ /^\[/' | wc -l)
  fresh=$(printf '%s\n' "$plan" | awk '$1 == "Inst" && $3 !~ /^\[/' | wc -l)
  notable=$(printf '%s\n' "$plan" | grep '^Inst ' | awk '{print $2}' | grep -xE 'libc6|systemd|python3|openssl|libssl3t64|perl|apt|dpkg|bash' | tr '\n' ' ' || true)
  log "this UPGRADES $upgrades installed packages to Debian trixie's versions and installs $fresh new ones"
  [ -n "$notable" ] && log "among them: $notable"
  log "apt's own record afterwards: /var/log/apt/history.log"
  if [ -t 0 ] && [ "${BERTH_ASSUME_YES:-}" != 1 ]; then
    read -r -p "[ensure-docker] go ahead? [y/N] " answer
    case "$answer" in [yY]*) ;; *) log "nothing installed"; rm -f /etc/apt/sources.list.d/berth-trixie.sources /etc/apt/preferences.d/berth-trixie; exit 1 ;; esac
  fi
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
