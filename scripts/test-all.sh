#!/usr/bin/env bash
# Runs every test of the project (extension and examples) against a real Docker engine.
# On a fresh Debian machine it first installs and starts the engine (as root) and builds the
# images the tests use; on a laptop with Docker it only builds the project's images.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-docker.sh
bash scripts/ensure-images.sh
# the browser tests of the pictures and the tour report need headless Chromium (Debian's package)
bash scripts/ensure-chromium.sh || echo "warning: no chromium: LessonDiagramsTest and BrowserProbeTest will fail (install Debian's chromium)" >&2
exec mvn -B -ntp verify "$@"
