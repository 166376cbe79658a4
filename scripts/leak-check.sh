#!/usr/bin/env bash
# Fails (exit 1) when any container, network or volume labelled dev.berth.managed=true exists,
# and prints what was left with the labels that tell which run and scope created it.
set -euo pipefail
filter=label=dev.berth.managed=true
containers=$(docker ps -aq --filter "$filter")
networks=$(docker network ls -q --filter "$filter")
volumes=$(docker volume ls -q --filter "$filter")
if [ -z "$containers$networks$volumes" ]; then
  echo "[leak-check] no Berth-managed containers, networks or volumes are left"
  exit 0
fi
echo "[leak-check] FAILED: Berth-managed objects were left behind:" >&2
fmt='{{.Name}}  run={{index .Labels "dev.berth.run"}} kind={{index .Labels "dev.berth.kind"}} scope={{index .Labels "dev.berth.scope"}}'
for c in $containers; do echo "  container $(docker inspect --format "$fmt" "$c" | sed 's/^\///')" >&2; done
for n in $networks; do echo "  network   $(docker network inspect --format "$fmt" "$n")" >&2; done
for v in $volumes; do echo "  volume    $(docker volume inspect --format "$fmt" "$v")" >&2; done
exit 1
