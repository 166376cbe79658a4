#!/usr/bin/env bash
# Headless Chromium for the browser test (examples' LessonDiagramsTest), and a Korean font so the
# report's Korean text renders in screenshots: Debian's own packages (chromium, fonts-nanum),
# installed only when missing (as root, with apt-get); nothing else is downloaded.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=ko 2>/dev/null)" ]; then
  need+=(fonts-nanum)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "missing: ${need[*]}: install Debian's packages (apt-get install ${need[*]}) to run the browser test" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
command -v chromium
