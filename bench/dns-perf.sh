#!/usr/bin/env bash
# thor-dns vs PowerDNS (pdns-server with the bind backend) under dnsperf, same machine, same query
# file, same run. Both serve the zone one members file gives: thor-dns from the file itself,
# PowerDNS from `thor dns-server --print-zone` of it. With NODES=5 and K=5 both answer the same
# records (thor-dns still shuffles every node list); with more nodes than K thor-dns answers
# smaller slices than PowerDNS's whole RRsets, so compare the equal case.
#
# Two saturated rounds (as many queries as OUTSTANDING allows), then one at a fixed 50,000 q/s
# for latency under equal load.
# Usage: bench/dns-perf.sh [SECONDS=20] [NODES=5] [CLIENTS=2] [OUTSTANDING=200]
# Needs: apt-get install -y dnsperf pdns-server pdns-backend-bind (installed here when missing).
# Holds /tmp/thor-maven.lock while it runs, so it never competes with a build on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}" nodes="${2:-5}" clients="${3:-2}" outstanding="${4:-200}"

exec 9>/tmp/thor-maven.lock
flock 9

missing=()
command -v dnsperf >/dev/null 2>&1 || missing+=(dnsperf)
command -v pdns_server >/dev/null 2>&1 || missing+=(pdns-server)
[ -e /usr/lib/x86_64-linux-gnu/pdns/libbindbackend.so ] || ls /usr/lib/*/pdns/libbindbackend.so >/dev/null 2>&1 \
  || missing+=(pdns-backend-bind)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The package may start a system pdns on port 53; ours runs on its own port with its own config,
# but stop the system one so it takes no CPU during the measurement.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet pdns 2>/dev/null; then
  systemctl stop pdns && systemctl disable --quiet pdns || true
elif command -v service >/dev/null 2>&1 && service pdns status >/dev/null 2>&1; then
  service pdns stop || true
fi

[ -f app/target/thor.jar ] || mvn -B -q -DskipTests -DskipITs -pl app -am install

work="$(mktemp -d)"
thor_pid="" pdns_pid=""
cleanup() {
  [ -n "$thor_pid" ] && kill "$thor_pid" 2>/dev/null || true
  [ -n "$pdns_pid" ] && kill "$pdns_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Members: NODES nodes, all sip_proxy; odd ones also thor_eventserver (listed under _eventserver._tcp), even ones voicemail; two are dns.
{
  echo "members:"
  for i in $(seq 1 "$nodes"); do
    roles="sip_proxy"; ports="sip_proxy: 5060"
    if (( i % 2 )); then roles="$roles, thor_eventserver"; ports="$ports, eventserver: 8000"
    else roles="$roles, voicemail_server"; ports="$ports, voicemail_server: 5070"; fi
    (( i <= 2 )) && roles="$roles, dns"
    echo "  - {id: node$i, address: 192.0.2.$i, roles: [$roles], ports: {$ports}}"
  done
} > "$work/members.yaml"

thor=(java -XX:+UseParallelGC -jar app/target/thor.jar dns-server --members "$work/members.yaml"
      --zone example.com --slice 5 --ttl 15)
"${thor[@]}" --print-zone > "$work/example.com.zone"

# One query file: SRV 50 %, A 30 %, NAPTR 20 %.
{
  for i in $(seq 1 100); do
    echo "_sip._udp.example.com SRV"; echo "_sip._tcp.example.com SRV"; echo "_eventserver._tcp.example.com SRV"
    echo "_voicemail._tcp.example.com SRV"; echo "_sips._tcp.example.com SRV"
    echo "example.com A"; echo "sip.example.com A"; echo "node$(( (i % nodes) + 1 )).example.com A"
    echo "example.com NAPTR"; echo "example.com NAPTR"
  done
} > "$work/queries.txt"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# thor-dns
mkfifo "$work/thor.out"
"${thor[@]}" --listen 127.0.0.1:0 > "$work/thor.out" 2> "$work/thor.log" &
thor_pid=$!
exec 3< "$work/thor.out"
read -r ready <&3
thor_port="${ready##*:}"

# PowerDNS, bind backend, no recursion (the authoritative server has none), 2 receiver threads
# sharing the port like thor-dns's 2 UDP sockets.
pdns_port="$(free_port)"
cat > "$work/named.conf" <<CONF
zone "example.com" { type master; file "$work/example.com.zone"; };
CONF
cat > "$work/pdns.conf" <<CONF
launch=bind
bind-config=$work/named.conf
local-address=127.0.0.1
local-port=$pdns_port
socket-dir=$work
daemon=no
guardian=no
disable-syslog=yes
write-pid=no
loglevel=3
receiver-threads=2
reuseport=yes
CONF
pdns_server --config-dir="$work" > "$work/pdns.log" 2>&1 &
pdns_pid=$!
for _ in $(seq 1 100); do
  dig +time=1 +tries=1 @127.0.0.1 -p "$pdns_port" example.com SOA +short 2>/dev/null | grep -q hostmaster && break
  sleep 0.1
done
dig +time=1 +tries=1 @127.0.0.1 -p "$pdns_port" example.com SOA +short | grep -q hostmaster \
  || { echo "PowerDNS did not answer; log:"; cat "$work/pdns.log"; exit 1; }

echo "Same answers? (_sip._udp SRV, sorted)"
diff <(dig +short @127.0.0.1 -p "$thor_port" _sip._udp.example.com SRV | sort) \
     <(dig +short @127.0.0.1 -p "$pdns_port" _sip._udp.example.com SRV | sort) && echo "  yes"

perf() { # name port seconds [extra dnsperf options]
  dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries.txt" -l "$3" -c "$clients" -q "$outstanding" -T 1 "${@:4}" 2>&1
}
echo "warm-up (5 s each, not counted)"
perf thor "$thor_port" 5 >/dev/null
perf pdns "$pdns_port" 5 >/dev/null

summary() { # label output
  qps=$(awk '/Queries per second/ {print $4}' <<<"$2")
  lost=$(awk '/Queries lost/ {print $3, $4}' <<<"$2")
  avg=$(awk '/Average Latency/ {print $4 * 1000}' <<<"$2")
  mx=$(awk '/Average Latency/ {gsub(/[(),]/,""); print $8 * 1000}' <<<"$2")
  sd=$(awk '/Latency StdDev/ {print $4 * 1000}' <<<"$2")
  printf "%-10s %12s q/s   avg %7.3f ms   stddev %7.3f ms   max %7.3f ms   lost %s\n" "$1" "$qps" "$avg" "$sd" "$mx" "$lost"
}
echo "dnsperf -l $seconds -c $clients -q $outstanding -T 1, $(wc -l < "$work/queries.txt") queries in the file, $nodes nodes"
for round in 1 2; do
  out_thor=$(perf thor "$thor_port" "$seconds")
  out_pdns=$(perf pdns "$pdns_port" "$seconds")
  echo "round $round"
  summary "thor-dns" "$out_thor"
  summary "PowerDNS" "$out_pdns"
done
echo "latency at a fixed load: -Q 50000 (50,000 q/s), $seconds s each"
out_thor_q=$(perf thor "$thor_port" "$seconds" -Q 50000)
out_pdns_q=$(perf pdns "$pdns_port" "$seconds" -Q 50000)
summary "thor-dns" "$out_thor_q"
summary "PowerDNS" "$out_pdns_q"
grep -h "Response codes" <<<"$out_thor" | sed 's/^/  thor-dns /'
grep -h "Response codes" <<<"$out_pdns" | sed 's/^/  PowerDNS /'
