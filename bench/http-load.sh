#!/usr/bin/env bash
# Measures GET /lookup of the node HTTP API on loopback with wrk (Debian: apt-get install wrk):
# starts HttpLookupServer with a fixed ring of NODES nodes, runs wrk with a different subscriber
# key on every request (wrk reports any non-2xx answer; the lookup counters are printed at the
# end), stops the server.
# Usage: bench/http-load.sh [NODES=30] [CONNECTIONS=32] [THREADS=1] [SECONDS=10]
set -euo pipefail
cd "$(dirname "$0")/.."
nodes="${1:-30}" connections="${2:-32}" threads="${3:-1}" seconds="${4:-10}"

[ -f bench/target/thor-bench.jar ] || \
  flock /tmp/thor-maven.lock mvn -B -q -DskipTests -DskipITs -pl app,bench -am install

work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/keys.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/lookup/sip_proxy/u" .. n .. "%40example.com")
end
LUA
mkfifo "$work/out"
java -XX:+UseParallelGC -cp bench/target/thor-bench.jar org.thor.bench.HttpLookupServer "$nodes" \
  > "$work/out" 2> "$work/server.log" &
server=$!
exec 3< "$work/out"
read -r ready <&3
port="${ready##*:}"
echo "HTTP API pid $server on 127.0.0.1:$port, $nodes nodes"
url="http://127.0.0.1:$port"
wrk -t "$threads" -c "$connections" -d 3s -s "$work/keys.lua" "$url" > /dev/null   # warm-up
wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency -s "$work/keys.lua" "$url"
curl -s "$url/metrics" | grep '^thor_lookups_total' || true
