#!/usr/bin/env bash
# A local multi-host jpm fleet on one Linux machine, for demos and tests (root: ip netns).
#
#   fleet-demo.sh up [--prefix P] [--dir DIR] [HOST[:LABEL=V,...]]...   build it, print how to use it
#   fleet-demo.sh down [--prefix P] [--dir DIR]                         tear down what `up` made
#   fleet-demo.sh status [--prefix P] [--dir DIR]
#
# `up` makes one network namespace per host (P-HOST) with its own address on a bridge (P-br,
# 10.N.0.0/24), runs one `jpm agent --bind tcp://ADDR:7700` inside each, with its own JPM_HOME,
# host name and labels, then a controller in the root namespace whose key every agent
# authorizes as operator and whose inventory lists every agent with its public key. Default
# hosts: web1:role=web web2:role=web db1:role=db.
#
# Everything made is recorded in DIR/made (namespaces, links, pids), and `down` undoes exactly
# that, killing only the pids it started. Nothing else on the machine is touched.
set -euo pipefail

here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jpm="${JPM:-$here/../../jpm}"
prefix=jpmdemo
dir=""
cmd="${1:-}"
[[ -n "$cmd" ]] && shift
hosts=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) hosts+=("$1"); shift ;;
  esac
done
dir="${dir:-/tmp/$prefix}"
[[ ${#hosts[@]} -eq 0 ]] && hosts=(web1:role=web web2:role=web db1:role=db)

die() { echo "fleet-demo: $*" >&2; exit 1; }
made() { echo "$*" >>"$dir/made"; }

# Waits until "$@" succeeds, for up to 30 s (no fixed sleeps: each try is cheap).
await() {
  local deadline=$((SECONDS + 30))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

up() {
  [[ $EUID -eq 0 ]] || die "needs root (ip netns)"
  [[ ! -e "$dir/made" ]] || die "$dir/made exists: run '$0 down --dir $dir' first"
  mkdir -p "$dir"
  : >"$dir/made"
  # A /24 per prefix, from a hash, so two demos with different prefixes do not collide.
  local net=$((10 + $(cksum <<<"$prefix" | cut -d' ' -f1) % 200))
  local bridge="${prefix:0:10}-br"
  ip link add "$bridge" type bridge
  made link "$bridge"
  ip addr add "10.$net.0.1/24" dev "$bridge"
  ip link set "$bridge" up

  local ctl_home="$dir/controller"
  mkdir -p "$ctl_home"
  local ctl_key
  ctl_key="$(JPM_HOME="$ctl_home" "$jpm" keys show)"
  local inventory="$ctl_home/inventory.yaml"
  echo "hosts:" >"$inventory"

  local i=10
  for spec in "${hosts[@]}"; do
    i=$((i + 1))
    local host="${spec%%:*}" labels="" label_args=()
    [[ "$spec" == *:* ]] && labels="${spec#*:}"
    local ns="$prefix-$host" addr="10.$net.0.$i" home="$dir/$host"
    local veth="${prefix:0:6}$i"
    ip netns add "$ns"
    made netns "$ns"
    ip link add "$veth" type veth peer name eth0 netns "$ns"
    made link "$veth"
    ip link set "$veth" master "$bridge" up
    ip -n "$ns" addr add "$addr/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up

    mkdir -p "$home"
    JPM_HOME="$home" "$jpm" keys authorize "$ctl_key" --name controller --role operator >/dev/null
    if [[ -n "$labels" ]]; then
      IFS=, read -ra pairs <<<"$labels"
      for p in "${pairs[@]}"; do label_args+=(--label "$p"); done
    fi
    JPM_HOME="$home" setsid ip netns exec "$ns" "$jpm" agent --host "$host" \
      --bind "tcp://$addr:7700" "${label_args[@]}" >"$home/agent.out" 2>&1 </dev/null &
    made pid $!
    await env JPM_HOME="$home" "$jpm" ping || die "agent $host did not start (see $home/agent.out)"

    {
      echo "  - host: $host"
      echo "    endpoint: tcp://$addr:7700"
      echo "    key: \"$(JPM_HOME="$home" "$jpm" keys show)\""
      if [[ -n "$labels" ]]; then
        echo "    labels:"
        for p in "${pairs[@]}"; do echo "      ${p%%=*}: \"${p#*=}\""; done
      fi
    } >>"$inventory"
  done

  JPM_HOME="$ctl_home" setsid "$jpm" controller --inventory "$inventory" \
    >"$ctl_home/controller.out" 2>&1 </dev/null &
  made pid $!
  await env JPM_HOME="$ctl_home" "$jpm" hosts || die "controller did not start (see $ctl_home/controller.out)"

  cat <<EOF
fleet up: ${#hosts[@]} agents in network namespaces $prefix-*, controller home $ctl_home
try:
  export JPM_HOME=$ctl_home
  $jpm hosts
  $jpm --hosts '*' start $here/../../examples/ticker.py
  $jpm --hosts 'label:role=web' jlist
tear down: $0 down --prefix $prefix --dir $dir
EOF
}

down() {
  [[ -e "$dir/made" ]] || { echo "fleet-demo: nothing recorded in $dir"; return 0; }
  # Agents first (jpm kill stops their apps too), then whatever pid is left, then the network.
  for home in "$dir"/*/; do
    [[ -S "$home/rpc.sock" ]] && JPM_HOME="$home" "$jpm" kill >/dev/null 2>&1 || true
  done
  tac "$dir/made" | while read -r kind name; do
    case "$kind" in
      pid) kill "$name" 2>/dev/null || true ;;
      netns) ip netns del "$name" 2>/dev/null || true ;;
      link) ip link del "$name" 2>/dev/null || true ;;
    esac
  done
  rm -f "$dir/made"
  echo "fleet down: $dir"
}

status() {
  [[ -e "$dir/made" ]] || { echo "no fleet recorded in $dir"; return 1; }
  JPM_HOME="$dir/controller" "$jpm" hosts
}

case "$cmd" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
