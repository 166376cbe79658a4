#!/usr/bin/env bash
# Makes sure the images Berth's tests and lessons use exist in the local engine.
#
#  1. debian:bookworm-slim: kept when present, pulled when a registry answers, otherwise
#     bootstrapped here from Debian packages (debootstrap --variant=minbase, the recipe of
#     Debian's official images) and imported.
#  2. every images/<name>/Dockerfile in this repository, built as berth/<name>:latest on top
#     of it. Docker's build cache makes a second run cost a second or two.
#
# Idempotent; needs a Docker engine (scripts/ensure-docker.sh).
set -euo pipefail
log() { echo "[ensure-images] $*" >&2; }
root=$(cd "$(dirname "$0")/.." && pwd)

BASE=debian:bookworm-slim

if docker image inspect "$BASE" >/dev/null 2>&1; then
  log "$BASE present"
elif timeout 120 docker pull -q "$BASE" >/dev/null 2>&1; then
  log "$BASE pulled"
else
  command -v debootstrap >/dev/null 2>&1 || {
    [ "$(id -u)" = 0 ] || { log "$BASE is missing, cannot be pulled, and debootstrap is not installed: run as root or pull it"; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  log "no registry answers: bootstrapping $BASE with debootstrap (about 40 s)"
  start=$(date +%s)
  dir=$(mktemp -d /tmp/berth-rootfs.XXXXXX)
  trap 'rm -rf "$dir"' EXIT
  debootstrap --variant=minbase bookworm "$dir" http://deb.debian.org/debian >"$dir.log" 2>&1 \
    || { tail -n 20 "$dir.log" >&2; exit 1; }
  # what the official slim image also does: no apt lists, no docs
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/usr/share/doc/* "$dir"/usr/share/man/*
  tar -C "$dir" -c . | docker import \
      --change 'CMD ["bash"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      - "$BASE" >/dev/null
  rm -f "$dir.log"
  log "$BASE bootstrapped in $(( $(date +%s) - start )) s"
fi

# Upstream images the tests use by their Docker Hub names: pulled where a registry answers,
# otherwise built from the Dockerfile given here (from Debian packages) and tagged the same.
upstream() { # NAME DIR
  local name=$1 dir=$root/images/$2
  if [ "$(docker image inspect --format '{{index .Config.Labels "dev.berth.image"}}' "$name" 2>/dev/null)" = base ]; then
    build "$name" "$dir"   # built here before: rebuild through the cache so Dockerfile changes land
  elif docker image inspect "$name" >/dev/null 2>&1; then
    log "$name present"
  elif timeout 120 docker pull -q "$name" >/dev/null 2>&1; then
    log "$name pulled"
  else
    build "$name" "$dir"
  fi
}

build() { # NAME DIR
  local name=$1 dir=$2 start out
  start=$(date +%s%N)
  if ! out=$(docker build -q --label dev.berth.image=base -t "$name" "$dir" 2>&1); then
    log "building $name from $dir failed:"; echo "$out" >&2; exit 1
  fi
  log "$name built in $(( ($(date +%s%N) - start) / 1000000 )) ms"
}

upstream busybox:1.35 busybox

# Berth's own test images: images/<name>/Dockerfile becomes berth/<name>:latest
for dockerfile in "$root"/images/*/Dockerfile; do
  dir=$(dirname "$dockerfile")
  case $(basename "$dir") in busybox) continue ;; esac
  build "berth/$(basename "$dir"):latest" "$dir"
done
