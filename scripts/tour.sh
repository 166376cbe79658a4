#!/usr/bin/env bash
# The main job: runs the lessons and examples of the examples module against a real engine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-docker.sh
bash scripts/ensure-images.sh
mvn -B -ntp -q install -DskipTests
exec mvn -B -ntp -pl examples verify "$@"
