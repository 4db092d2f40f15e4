#!/usr/bin/env bash
# Idle footprint and start-up time of the agent next to a bare Kestrel "hello" published the same way
# (self-contained, ReadyToRun, workstation non-concurrent GC), baresip and linphonec, on this machine.
# Usage: bash benchmarks/footprint/measure.sh [SECONDS_IDLE]   (default 20; run on a quiet machine)
# Prints one Markdown table row per program: ready time (process start → ready), resident memory after the idle
# period, and the resident memory at the start and end of that period (a flat line means no growth).
set -euo pipefail
idle=${1:-20}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cti-footprint.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

now_ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "Publishing (a few minutes)..." >&2
bash "$repo/installer/linux/publish.sh" "$work/agent" linux-x64 >&2
dotnet publish "$repo/benchmarks/footprint/KestrelHello/KestrelHello.csproj" -c Release -r linux-x64 --self-contained \
  -p:PublishReadyToRun=true --artifacts-path "$work/hello-build" -o "$work/hello" -nologo -v q -clp:ErrorsOnly >&2

report() { # name start_ms ready_ms pid
  local name=$1 start=$2 ready=$3 pid=$4 first last
  first=$(rss_kb "$pid"); sleep "$idle"; last=$(rss_kb "$pid")
  printf '| %s | %d ms | %.1f MB | %.1f → %.1f MB over %ss |\n' "$name" $((ready - start)) \
    "$(echo "$last/1024" | bc -l)" "$(echo "$first/1024" | bc -l)" "$(echo "$last/1024" | bc -l)" "$idle"
}

echo "| program | ready in | resident (idle) | resident, start → end of idle |"
echo "| --- | ---: | ---: | --- |"

# Bare Kestrel: ready when it answers HTTP.
port=$(free_port)
start=$(now_ms); "$work/hello/KestrelHello" "http://127.0.0.1:$port" >/dev/null 2>&1 & pid=$!; pids+=("$pid")
until curl -sf "http://127.0.0.1:$port/" >/dev/null; do sleep 0.01; done; ready=$(now_ms)
report "Kestrel hello (floor)" "$start" "$ready" "$pid"; kill "$pid"

# The agent, idle with one account registered to a local Kamailio when kamailio is installed, else no account.
data="$work/data"; mkdir -p "$data"
account=()
if command -v kamailio >/dev/null; then
  kport=$(free_port); krun="$work/kamailio"; mkdir -p "$krun"
  cat > "$krun/k.cfg" <<KCFG
#!KAMAILIO
listen=udp:127.0.0.1:$kport
dns=no
rev_dns=no
children=1
loadmodule "sl.so"
loadmodule "tm.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "pv.so"
loadmodule "textops.so"
modparam("usrloc", "db_mode", 0)
request_route {
  if (is_method("REGISTER")) { save("location"); exit; }
  sl_send_reply("404", "Not here");
}
KCFG
  kamailio -f "$krun/k.cfg" -DD -E -Y "$krun" -P "$krun/k.pid" -m 16 -M 4 >"$krun/log" 2>&1 & pids+=("$!")
  sleep 1
  account=("--Sip:Accounts:0:Aor=sip:idle@127.0.0.1:$kport" "--Sip:Accounts:0:Registrar=sip:127.0.0.1:$kport")
fi
start=$(now_ms)
"$work/agent/cti" agent --data-dir "$data" --Api:Port=0 --Sip:Port=0 --Audio:Device=null --Desktop:Notifications=false "${account[@]}" >/dev/null 2>&1 & pid=$!; pids+=("$pid")
until [ -f "$data/agent.json" ]; do sleep 0.01; done; ready=$(now_ms)
label="cti agent (no account)"
if [ ${#account[@]} -gt 0 ]; then
  api=$(sed -n 's/.*"apiUrl":"\([^"]*\)".*/\1/p' "$data/agent.json"); token=$(cat "$data/api-token")
  label="cti agent (1 account, NOT registered)"
  for _ in $(seq 1 100); do
    if curl -sf -H "Authorization: Bearer $token" "$api/v1/status" | grep -q '"state":"registered"'; then
      label="cti agent (1 account registered)"; break
    fi
    sleep 0.05
  done
fi
report "$label" "$start" "$ready" "$pid"; kill "$pid"

# baresip, headless as in the tests (no audio device).
if command -v baresip >/dev/null; then
  b="$work/baresip"; mkdir -p "$b"; bport=$(free_port)
  printf 'sip_listen 127.0.0.1:%s\nnet_interface 127.0.0.1\ndns_server 127.0.0.1:53\naudio_player aubridge,nil\naudio_source aubridge,nil\naudio_alert aubridge,nil\nmodule g711.so\nmodule aubridge.so\nmodule_tmp uuid.so\nmodule_tmp account.so\n' "$bport" > "$b/config"
  : > "$b/accounts"
  start=$(now_ms); baresip -f "$b" >"$b/log" 2>&1 & pid=$!; pids+=("$pid")
  until grep -q 'baresip is ready' "$b/log" 2>/dev/null; do sleep 0.01; done; ready=$(now_ms)
  report "baresip" "$start" "$ready" "$pid"; kill "$pid"
fi

# linphonec with its files sound mode, as in the tests.
if command -v linphonec >/dev/null; then
  l="$work/linphone"; mkdir -p "$l/home/.local/share/linphone"; lport=$(free_port)
  printf '[sip]\nsip_port=%s\n[sound]\n' "$lport" > "$l/rc"
  start=$(now_ms)
  (cd "$l" && HOME="$l/home" linphonec -c "$l/rc" > "$l/log" 2>&1 < <(sleep $((idle + 30)))) & pid=$!; pids+=("$pid")
  until grep -q 'linphonec>' "$l/log" 2>/dev/null; do sleep 0.01; done; ready=$(now_ms)
  lpid=$(pgrep -n -x linphonec || echo "$pid")
  report "linphonec" "$start" "$ready" "$lpid"; kill "$lpid" 2>/dev/null || true
fi
