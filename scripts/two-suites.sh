#!/usr/bin/env bash
# Runs two whole extension suites at once, from two separate copies of this checkout, against the
# one engine: what two clones (two developers, two CI jobs) sharing an engine do. Fails when either
# suite fails. A whole suite is mvn verify: the unit tests, then the integration tests (*IT). Logs are kept in $BERTH_TWO_SUITES_LOGS (default target/two-suites), one per suite
# and round. ReuseIT is left out: it asserts on the engine's kept environments, which are engine-wide by design
# (one suite's kept environment is the other's unexpected one). ROUNDS=n repeats it (stops at the first red round). Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=${ROUNDS:-1}
logs=${BERTH_TWO_SUITES_LOGS:-$root/target/two-suites}
work=$(mktemp -d /tmp/berth-two-suites.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$logs"
for copy in a b; do
  mkdir -p "$work/$copy"
  tar -C "$root" --exclude=./target --exclude=./extension/target --exclude=./examples/target --exclude=./.git -cf - . \
    | tar -C "$work/$copy" -xf -
done
for round in $(seq 1 "$rounds"); do
  began=$(date +%s)
  for side in a b; do
    # (no set -e inside: the exit code of Maven is what is recorded)
    (cd "$work/$side" && if mvn -B -ntp -pl extension verify -Dberth.it.exclude='**/ReuseIT.java' "$@" > "$logs/round$round-$side.log" 2>&1; then echo 0; else echo $?; fi \
      > "$work/$side.rc") &
  done
  wait
  a=$(cat "$work/a.rc"); b=$(cat "$work/b.rc")
  summary() { grep -h 'Tests run:.*Skipped: [0-9]*$' "$1" | tail -1; }
  echo "[two-suites] round $round: $(( $(date +%s) - began )) s; a: exit $a, $(summary "$logs/round$round-a.log"); b: exit $b, $(summary "$logs/round$round-b.log")"
  if [ "$a" != 0 ] || [ "$b" != 0 ]; then
    for side in a b; do
      cp -r "$work/$side/extension/target/surefire-reports" "$logs/round$round-$side-surefire-reports" 2>/dev/null || true
      cp -r "$work/$side/extension/target/failsafe-reports" "$logs/round$round-$side-failsafe-reports" 2>/dev/null || true
      grep -h '^\[ERROR\]   \|<<< FAIL' "$logs/round$round-$side.log" | head -20 | sed "s/^/[two-suites] $side: /"
    done
    echo "[two-suites] logs: $logs"
    exit 1
  fi
done
