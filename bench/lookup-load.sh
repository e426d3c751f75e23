#!/usr/bin/env bash
# Measures the lookup service under pipelined load on loopback: starts `thor lookup-server` with a
# static membership of NODES nodes, runs LookupLoadClient against it, stops the server. The load comes
# from one client address, so the per-client rate is off (RATE=0) unless RATE says otherwise.
# Usage: [RATE=0] bench/lookup-load.sh [NODES=30] [CONNECTIONS=2] [WINDOW=256] [SECONDS=10]
set -euo pipefail
cd "$(dirname "$0")/.."
nodes="${1:-30}" connections="${2:-2}" window="${3:-256}" seconds="${4:-10}"

[ -f app/target/thor.jar ] && [ -f bench/target/thor-bench.jar ] || \
  flock /tmp/thor-maven.lock mvn -B -q -DskipTests -DskipITs -pl app,bench -am install

work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
{
  echo "members:"
  for i in $(seq 1 "$nodes"); do
    echo "  - {id: node$i, address: 10.0.$((i / 256)).$((i % 256)), roles: [sip_proxy], ports: {sip_proxy: 5060}}"
  done
} > "$work/members.yaml"

mkfifo "$work/out"
java -XX:+UseParallelGC -jar app/target/thor.jar lookup-server --members "$work/members.yaml" --rate-per-client "${RATE:-0}" \
  --listen 127.0.0.1:0 > "$work/out" 2> "$work/server.log" &
server=$!
exec 3< "$work/out"
read -r ready <&3
port="${ready##*:}"
echo "lookup-server pid $server on 127.0.0.1:$port, $nodes nodes, rate per client ${RATE:-0} (0: no limit)"
java -XX:+UseParallelGC -cp bench/target/thor-bench.jar org.thor.bench.LookupLoadClient \
  "127.0.0.1:$port" "$connections" "$window" "$seconds" 3
