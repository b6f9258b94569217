#!/usr/bin/env bash
# Throughput of jpm's port balancer versus hitting an instance directly, with wrk on loopback.
#
#   bench/balancer/run.sh [java|node|python] [rounds]
#
# Env: DURATION (wrk seconds per run, default 10), CONNECTIONS (default 32), THREADS (default 1),
# CLOSE=1 (a new connection per request: wrk -H 'Connection: close').
# Prints requests/s per run and the median ratio balanced/direct, and the CPU time per request of
# the balancer next to the backend's. When haproxy is installed, the same single-backend run goes
# through HAProxy (mode tcp, one thread) too, as a reference for what any user-space TCP proxy
# costs here. Stops only the processes it started (by pid), also on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."

KIND=${1:-java}
ROUNDS=${2:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
AGENT_JVM=(-Xmx64m -XX:+UseSerialGC -Xss512k) # the agent's own flags (see docs/architecture.md)

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
[ -d agent/target/classes/io/jpm/agent/balancer ] || mvn -B -ntp -q -pl agent -am compile

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on $1" >&2; exit 1
}

cpu_ticks() { # pid -> utime+stime in clock ticks
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

start_backend() { # port
  case "$KIND" in
    # nodelay: without it the JDK server waits on Nagle + delayed ACK (~40 ms per response).
    java) java "${AGENT_JVM[@]}" -Dsun.net.httpserver.nodelay=true bench/balancer/HelloServer.java "$1" & ;;
    node) node -e "require('http').createServer((q,s)=>s.end('hello\n')).listen($1,'127.0.0.1')" & ;;
    python) python3 -m http.server "$1" --bind 127.0.0.1 --directory bench/balancer >/dev/null 2>&1 & ;;
    *) echo "unknown backend kind $KIND" >&2; exit 2 ;;
  esac
  pids+=($!)
  wait_port "$1"
}

start_balancer() { # public port, strategy, backend ports...
  java "${AGENT_JVM[@]}" -cp agent/target/classes bench/balancer/RunBalancer.java "$@" &
  pids+=($!)
  wait_port "$1"
}

WRK_HEADERS=()
[ "${CLOSE:-0}" = 1 ] && WRK_HEADERS=(-H 'Connection: close')

start_haproxy() { # public port, backend port
  cfg=$(mktemp)
  printf '%s\n' 'global' '  nbthread 1' '  maxconn 4096' 'defaults' '  mode tcp' \
    '  timeout connect 5s' '  timeout client 60s' '  timeout server 60s' \
    "frontend f" "  bind 127.0.0.1:$1" '  default_backend b' \
    'backend b' "  server s1 127.0.0.1:$2" >"$cfg"
  haproxy -db -f "$cfg" >/dev/null 2>&1 &
  pids+=($!)
  wait_port "$1"
}

rps() { # port -> requests/s (wrk's "Requests/sec"); errors go to stderr
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "${WRK_HEADERS[@]}" "http://127.0.0.1:$1/" 2>&1)
  grep -E 'Socket errors|Non-2xx' <<<"$out" >&2 || true
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

b1=$(free_port); b2=$(free_port); lb1=$(free_port); lb2=$(free_port)
start_backend "$b1"; backend_pid=${pids[-1]}
start_backend "$b2"
start_balancer "$lb1" ROUND_ROBIN "$b1"; balancer_pid=${pids[-1]}
start_balancer "$lb2" ROUND_ROBIN "$b1" "$b2"
HZ=$(getconf CLK_TCK)
hp=""
if command -v haproxy >/dev/null; then hp=$(free_port); start_haproxy "$hp" "$b1"; haproxy_pid=${pids[-1]}; fi

echo "backend=$KIND wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s ${WRK_HEADERS[*]}, $(nproc) cores, $(java -version 2>&1 | head -1)"
# Warm-up: JIT of the backend and of the balancer.
for p in "$b1" "$lb1" "$lb2" $hp; do DURATION=3 rps "$p" >/dev/null; done

per_request_us() { # ticks, req/s -> CPU µs per request over one run
  awk -v c="$1" -v r="$2" -v d="$DURATION" -v hz="$HZ" 'BEGIN {printf "%.1f", c / hz * 1e6 / (r * d)}'
}

direct=(); one=(); two=(); lb_us=(); be_us=(); hap=(); hap_us=()
for r in $(seq 1 "$ROUNDS"); do
  d=$(rps "$b1")
  c0=$(cpu_ticks "$balancer_pid"); k0=$(cpu_ticks "$backend_pid")
  o=$(rps "$lb1")
  c1=$(cpu_ticks "$balancer_pid"); k1=$(cpu_ticks "$backend_pid")
  t=$(rps "$lb2")
  direct+=("$d"); one+=("$o"); two+=("$t")
  # CPU per request (µs), from the balanced(1) run: the balancer's next to the backend's own.
  l=$(per_request_us $((c1 - c0)) "$o")
  b=$(per_request_us $((k1 - k0)) "$o")
  lb_us+=("$l"); be_us+=("$b")
  printf 'round %d: direct %s  balanced(1 backend) %s  balanced(2 backends) %s req/s; CPU/request: balancer %s us, backend %s us\n' \
    "$r" "$d" "$o" "$t" "$l" "$b"
  if [ -n "$hp" ]; then
    h0=$(cpu_ticks "$haproxy_pid"); h=$(rps "$hp"); h1=$(cpu_ticks "$haproxy_pid")
    hap+=("$h"); hap_us+=("$(per_request_us $((h1 - h0)) "$h")")
    printf '         haproxy(1 backend) %s req/s; CPU/request %s us\n' "$h" "${hap_us[-1]}"
  fi
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
md=$(median "${direct[@]}"); mo=$(median "${one[@]}"); mt=$(median "${two[@]}")
ml=$(median "${lb_us[@]}"); mb=$(median "${be_us[@]}")
awk -v d="$md" -v o="$mo" -v t="$mt" -v l="$ml" -v b="$mb" 'BEGIN {
  printf "median: direct %.0f, balanced(1) %.0f (ratio %.2f), balanced(2) %.0f (ratio %.2f) req/s; CPU/request: balancer %s us, backend %s us\n", d, o, o/d, t, t/d, l, b }'
if [ -n "$hp" ]; then
  awk -v d="$md" -v h="$(median "${hap[@]}")" -v u="$(median "${hap_us[@]}")" 'BEGIN {
    printf "median: haproxy(1) %.0f (ratio %.2f) req/s; CPU/request %s us\n", h, h/d, u }'
fi
