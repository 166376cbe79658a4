#!/usr/bin/env bash
# The main job: the Docker course as runnable lessons. Builds the project, then runs every lesson
# (examples/src/test/java/dev/berth/examples/lessons) in course order against the real engine
# through the JUnit Platform launcher (dev.berth.examples.tour.Tour), printing each lesson's claim
# and checks as it goes and a summary table at the end; exits non-zero when a lesson fails.
# Arguments select lessons by number or class-name part: bash scripts/tour.sh 5 7
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-docker.sh
bash scripts/ensure-images.sh
mvn -B -ntp -q install -DskipTests
exec mvn -B -ntp -q -pl examples exec:exec@tour -Dtour.lessons="$*"
