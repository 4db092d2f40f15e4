# Shared by measure.sh and longrun.sh (sourced, not run): free ports, resident size, a local Kamailio registrar
# and the agent started idle with one account registered to it.

now_ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
load1() { cut -d' ' -f1 /proc/loadavg; }
free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_kamailio DIR: a registrar without authentication on 127.0.0.1 (UDP); sets kport and kpid.
start_kamailio() {
  local dir=$1
  mkdir -p "$dir"
  kport=$(free_port)
  cat > "$dir/k.cfg" <<KCFG
#!KAMAILIO
listen=udp:127.0.0.1:$kport
dns=no
rev_dns=no
auto_aliases=no
children=1
log_stderror=yes
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "sl.so"
loadmodule "tm.so"
loadmodule "pv.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
modparam("usrloc", "db_mode", 0)
request_route {
  if (is_method("REGISTER")) { if (!save("location", "0x04")) { sl_reply_error(); } exit; }
  if (is_method("OPTIONS")) { sl_send_reply("200", "OK"); exit; }
  sl_send_reply("404", "Not here");
}
KCFG
  kamailio -f "$dir/k.cfg" -DD -E -Y "$dir" -P "$dir/k.pid" -m 16 -M 4 >"$dir/log" 2>&1 &
  kpid=$!
  # Ready when it listens on its UDP port.
  for _ in $(seq 1 600); do
    if ss -uln "sport = :$kport" 2>/dev/null | grep -q "127.0.0.1:$kport"; then return 0; fi
    kill -0 "$kpid" 2>/dev/null || { cat "$dir/log" >&2; echo "kamailio did not start" >&2; return 1; }
    sleep 0.05
  done
  echo "kamailio did not listen on $kport" >&2; return 1
}

# start_agent PUBLISH_DIR DATA_DIR [ARGS...]: the agent idle (no audio device, no desktop notifications); sets apid,
# start_ms, ready_ms (agent.json written: SQLite open, SIP bound, API listening), api and token.
start_agent() {
  local publish=$1 data=$2; shift 2
  mkdir -p "$data"; rm -f "$data/agent.json"
  start_ms=$(now_ms)
  "$publish/cti" agent --data-dir "$data" --Api:Port=0 --Sip:Address=127.0.0.1 --Sip:Port=0 --Audio:Device=null \
    --Desktop:Notifications=false "$@" >"$data.out" 2>&1 &
  apid=$!
  until [ -s "$data/agent.json" ]; do
    kill -0 "$apid" 2>/dev/null || { cat "$data.out" >&2; echo "the agent exited before it was ready" >&2; return 1; }
    sleep 0.01
  done
  ready_ms=$(now_ms)
  api=$(sed -n 's/.*"apiUrl": *"\([^"]*\)".*/\1/p' "$data/agent.json"); token=$(cat "$data/api-token")
}

# registered: whether every account of the agent at $api reports "registered" in GET /v1/status.
registered() {
  local status
  status=$(curl -sf -H "Authorization: Bearer $token" "$api/v1/status") || return 1
  grep -q '"state":"registered"' <<<"$status" && ! grep -q '"state":"\(unregistered\|registering\|failed\)"' <<<"$status"
}

# wait_registered [SECONDS]: waits (default 30 s) until the agent reports its account registered.
wait_registered() {
  local deadline=$(( $(date +%s) + ${1:-30} ))
  until registered; do
    [ "$(date +%s)" -lt "$deadline" ] || { curl -s -H "Authorization: Bearer $token" "$api/v1/status" >&2; echo >&2; echo "the account did not register" >&2; return 1; }
    sleep 0.1
  done
}
