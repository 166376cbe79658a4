#!/usr/bin/env bash
# Compiles Berth against each supported JUnit line and runs a representative part of its suite
# there (environments, scopes, a shared environment, compose, assertions, failure diagnostics and pictures,
# cleanup, the crash sweep, skipping without an engine), then checks that nothing labelled dev.berth.managed=true is left.
#   bash scripts/junit-matrix.sh                 every line
#   bash scripts/junit-matrix.sh 5.10.5 6.1.3    only these
# The subset are integration tests (*IT, run by Failsafe in mvn verify); naming them with -Dtest
# runs them under Surefire here, which -Dtest allows.
# Needs a running engine and the test images (scripts/ensure-docker.sh, scripts/ensure-images.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
lines=("$@")
[ ${#lines[@]} -gt 0 ] || lines=(5.10.5 5.11.4 5.12.2 5.13.4 5.14.4 6.0.3 6.1.3)
subset=EndToEndChainIT,ScopeIT,SharedEnvironmentIT,ComposeStackIT,ContainerAssertIT,CleanupIT,PictureIT,CrashSweepIT,WithoutEngineIT,BerthEnvironmentIT,AssertJNativeIT
summary=()
for v in "${lines[@]}"; do
  began=$(date +%s)
  echo "[junit-matrix] JUnit $v: compile and run $subset"
  rm -rf extension/target/surefire-reports # so the count below is this line's own
  if ! mvn -B -ntp -q -Djunit.version="$v" -pl extension test -Dtest="$subset" -Dsurefire.failIfNoSpecifiedTests=false; then
    echo "[junit-matrix] FAILED on JUnit $v (reports: extension/target/surefire-reports)" >&2
    exit 1
  fi
  bash scripts/leak-check.sh
  tests=$(cat extension/target/surefire-reports/TEST-*.xml | grep -c '<testcase ')
  summary+=("JUnit $v: $tests tests passed, nothing left, $(( $(date +%s) - began )) s")
done
printf '[junit-matrix] %s\n' "${summary[@]}"
