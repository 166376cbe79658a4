#!/usr/bin/env bash
# Compiles Berth against each supported JUnit line and runs a representative part of its suite
# there (environments, scopes, a shared environment, compose, assertions, failure diagnostics and pictures,
# cleanup, the crash sweep, skipping without an engine), then checks that nothing labelled dev.berth.managed=true is left.
#   bash scripts/junit-matrix.sh                 every line
#   bash scripts/junit-matrix.sh 5.10.5 6.1.3    only these
#   MATRIX_JOBS=1 bash scripts/junit-matrix.sh   one line at a time (default: 2 at once)
# Lines run MATRIX_JOBS at a time, each from its own copy of this checkout (its own target/), against the
# one engine: Berth's runs own their objects (two-suites.sh proves two whole suites share an engine), so the
# leak check runs when a batch has ended. Each line's Maven log is kept in $BERTH_MATRIX_LOGS (default
# target/junit-matrix).
# The subset are integration tests (*IT, run by Failsafe in mvn verify); naming them with -Dtest
# runs them under Surefire here, which -Dtest allows.
# Needs a running engine and the test images (scripts/ensure-docker.sh, scripts/ensure-images.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
lines=("$@")
[ ${#lines[@]} -gt 0 ] || lines=(5.10.5 5.11.4 5.12.2 5.13.4 5.14.4 6.0.3 6.1.3)
jobs=${MATRIX_JOBS:-2}
subset=EndToEndChainIT,ScopeIT,SharedEnvironmentIT,ComposeStackIT,ContainerAssertIT,CleanupIT,PictureIT,CrashSweepIT,WithoutEngineIT,BerthEnvironmentIT,AssertJNativeIT
logs=${BERTH_MATRIX_LOGS:-$root/target/junit-matrix}
work=$(mktemp -d /tmp/berth-junit-matrix.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$logs"
# the poms and sources only: each line compiles its own copy
tar -C "$root" --exclude=./target --exclude=./extension/target --exclude=./examples/target --exclude=./.git -cf "$work/tree.tar" .
summary=()
run_line() { # version -> exit code of Maven, log in $logs/junit-$v.log
  local v=$1
  mkdir -p "$work/$v" && tar -C "$work/$v" -xf "$work/tree.tar"
  (cd "$work/$v" && mvn -B -ntp -q -Djunit.version="$v" -pl extension test -Dtest="$subset" \
      -Dsurefire.failIfNoSpecifiedTests=false) > "$logs/junit-$v.log" 2>&1
}
for ((i = 0; i < ${#lines[@]}; i += jobs)); do
  batch=("${lines[@]:i:jobs}")
  began=$(date +%s)
  pids=()
  for v in "${batch[@]}"; do
    echo "[junit-matrix] JUnit $v: compile and run $subset"
    run_line "$v" & pids+=($!)
  done
  failed=()
  for k in "${!batch[@]}"; do
    wait "${pids[$k]}" || failed+=("${batch[$k]}")
  done
  for v in "${failed[@]}"; do
    echo "[junit-matrix] FAILED on JUnit $v (log: $logs/junit-$v.log; reports copied beside it)" >&2
    grep -h '^\[ERROR\]   \|<<< FAIL\|Tests run:.*Fail' "$logs/junit-$v.log" | head -20 >&2 || true
    cp -r "$work/$v/extension/target/surefire-reports" "$logs/junit-$v-surefire-reports" 2>/dev/null || true
  done
  [ ${#failed[@]} -eq 0 ] || exit 1
  bash scripts/leak-check.sh
  for v in "${batch[@]}"; do
    tests=$(cat "$work/$v"/extension/target/surefire-reports/TEST-*.xml | grep -c '<testcase ')
    summary+=("JUnit $v: $tests tests passed, nothing left, batch of ${#batch[@]} took $(( $(date +%s) - began )) s")
  done
  rm -rf "${batch[@]/#/$work/}"
done
printf '[junit-matrix] %s\n' "${summary[@]}"
