#!/usr/bin/env bash
# Starts a demo network (3 event servers, 2 managers, 2 dns, NODES nodes: one JVM each) while HOGS
# busy loops compete for the CPU, lets it run SETTLE seconds, and counts what a stable start must
# not have: members the active manager dropped from the status ("is offline") and members an
# event server stopped seeing ("no longer sees"), with the number of distinct statuses published and
# the last one, and the terms each manager published in. A start with no member dropped publishes one
# status per member joining and no more.
# Usage: bench/start-under-load.sh [NODES=5] [HOGS=4] [SETTLE=20]
set -euo pipefail
cd "$(dirname "$0")/.."
nodes="${1:-5}" hogs="${2:-4}" settle="${3:-20}"

[ -f app/target/thor.jar ] || ./thor --help > /dev/null

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq "$hogs"); do
  ( while :; do :; done ) &
  pids+=($!)
done
java -jar app/target/thor.jar demo --dir "$work/net" --nodes "$nodes" \
  --lookup-port 0 --event-port 0 --dns-port 0 > "$work/demo.out" 2>&1 &
demo=$!
pids+=("$demo")
for _ in $(seq 180); do
  grep -q "Ctrl-C stops" "$work/demo.out" && break
  kill -0 "$demo" 2>/dev/null || { cat "$work/demo.out"; exit 1; }
  sleep 1
done
grep "is up" "$work/demo.out"
sleep "$settle"
logs="$work/net/logs"
echo "nodes=$nodes hogs=$hogs settle=${settle}s cores=$(nproc)"
echo "statuses published:          $(cat "$logs"/manager*.log | grep -o 'publishing network status [0-9.]*' | sort -u | wc -l) (distinct versions; repeats not counted)"
echo "members dropped by managers: $(cat "$logs"/manager*.log | grep -c ' is offline: ' || true)"
echo "members an event server lost: $(cat "$logs"/events*.log | grep -c ' no longer sees ' || true)"
echo "last status: $(cat "$logs"/manager*.log | grep 'publishing network status' | sort | tail -1 | sed 's/.*publishing //')"
# two managers publishing in one term is the race the step-down rule settles (docs/membership.md)
for m in "$logs"/manager*.log; do
  terms="$(grep -o 'publishing network status [0-9]*\.' "$m" | sort -u | grep -o '[0-9]*\.$' | tr -d . | tr '\n' ' ' || true)"
  echo "$(basename "$m" .log) published in terms: ${terms:-none}"
done
