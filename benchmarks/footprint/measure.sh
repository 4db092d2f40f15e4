#!/usr/bin/env bash
# Idle footprint and start-up time of the agent next to a bare Kestrel "hello" published the same way
# (self-contained, trimmed, ReadyToRun, workstation non-concurrent GC: installer/linux/publish.sh for the agent, the
# same flags for KestrelHello), baresip and linphonec, on this machine.
# Usage: bash benchmarks/footprint/measure.sh [SECONDS_IDLE] [RUNS]   (default 30 s, 5 runs)
# Environment: CTI_AGENT_PUBLISH / CTI_HELLO_PUBLISH  reuse existing publish folders instead of publishing.
# Prints one Markdown table row per program: median ready time (process start → ready) and its range, median resident
# size after the idle period and its range, and the load average (1 min) during the runs. The agent runs with one
# account registered to a local Kamailio (confirmed "registered" in GET /v1/status before the idle period starts).
set -euo pipefail
idle=${1:-30}
runs=${2:-5}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/cti-footprint.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

agent=${CTI_AGENT_PUBLISH:-}
hello=${CTI_HELLO_PUBLISH:-}
if [ -z "$agent" ]; then
  echo "Publishing the agent (a few minutes)..." >&2
  bash "$repo/installer/linux/publish.sh" "$work/agent" linux-x64 >&2; agent="$work/agent"
fi
if [ -z "$hello" ]; then
  echo "Publishing KestrelHello..." >&2
  dotnet publish "$repo/benchmarks/footprint/KestrelHello/KestrelHello.csproj" -c Release -r linux-x64 --self-contained \
    -p:PublishReadyToRun=true -p:PublishTrimmed=true --artifacts-path "$work/hello-build" -o "$work/hello" \
    -nologo -v q -clp:ErrorsOnly >&2
  hello="$work/hello"
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
range() { sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "–" hi}'; }
mb() { awk '{printf "%.1f\n", $1/1024}'; }

# row NAME: reads $work/NAME.ready (ms), $work/NAME.rss (kB), $work/NAME.load, one line per run.
row() {
  local f="$work/$1"
  printf '| %s | %s ms (%s) | %s MB (%s) | %s |\n' "$1" \
    "$(median <"$f.ready")" "$(range <"$f.ready")" \
    "$(median <"$f.rss" | mb)" "$(mb <"$f.rss" | range)" "$(range <"$f.load")"
}

# sample NAME PID START READY: idles, then records one run.
sample() {
  sleep "$idle"
  echo $(($4 - $3)) >>"$work/$1.ready"
  rss_kb "$2" >>"$work/$1.rss"
  load1 >>"$work/$1.load"
}

for run in $(seq 1 "$runs"); do
  echo "run $run/$runs" >&2
  # Bare Kestrel: ready when it answers HTTP.
  port=$(free_port)
  start=$(now_ms); "$hello/KestrelHello" "http://127.0.0.1:$port" >/dev/null 2>&1 & pid=$!; pids+=("$pid")
  until curl -sf "http://127.0.0.1:$port/" >/dev/null; do sleep 0.01; done; ready=$(now_ms)
  sample "Kestrel hello (floor)" "$pid" "$start" "$ready"; kill "$pid"; wait "$pid" 2>/dev/null || true

  # The agent, idle with one account registered to a local Kamailio.
  start_kamailio "$work/kamailio-$run"; pids+=("$kpid")
  start_agent "$agent" "$work/data-$run" "--Sip:Accounts:0:Aor=sip:idle@127.0.0.1:$kport" \
    "--Sip:Accounts:0:Registrar=sip:127.0.0.1:$kport"
  pids+=("$apid")
  wait_registered 30
  sample "cti agent, 1 account registered" "$apid" "$start_ms" "$ready_ms"
  kill "$apid"; wait "$apid" 2>/dev/null || true; kill "$kpid"; wait "$kpid" 2>/dev/null || true

  # baresip, headless as in the tests (no audio device).
  if command -v baresip >/dev/null; then
    b="$work/baresip-$run"; mkdir -p "$b"; bport=$(free_port)
    printf 'sip_listen 127.0.0.1:%s\nnet_interface 127.0.0.1\ndns_server 127.0.0.1:53\naudio_player aubridge,nil\naudio_source aubridge,nil\naudio_alert aubridge,nil\nmodule g711.so\nmodule aubridge.so\nmodule_tmp uuid.so\nmodule_tmp account.so\n' "$bport" > "$b/config"
    : > "$b/accounts"
    start=$(now_ms); baresip -f "$b" >"$b/log" 2>&1 & pid=$!; pids+=("$pid")
    until grep -q 'baresip is ready' "$b/log" 2>/dev/null; do sleep 0.01; done; ready=$(now_ms)
    sample "baresip" "$pid" "$start" "$ready"; kill "$pid"; wait "$pid" 2>/dev/null || true
  fi

  # linphonec with its files sound mode, as in the tests.
  if command -v linphonec >/dev/null; then
    l="$work/linphone-$run"; mkdir -p "$l/home/.local/share/linphone"; lport=$(free_port)
    printf '[sip]\nsip_port=%s\n[sound]\n' "$lport" > "$l/rc"
    start=$(now_ms)
    (cd "$l" && HOME="$l/home" exec linphonec -c "$l/rc" > "$l/log" 2>&1 < <(sleep $((idle + 30)))) & pid=$!; pids+=("$pid")
    until grep -q 'linphonec>' "$l/log" 2>/dev/null; do sleep 0.01; done; ready=$(now_ms)
    sample "linphonec" "$pid" "$start" "$ready"; kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  fi
done

echo "| program | ready in, median (range) | resident after ${idle} s idle, median (range) | load average (1 min) |"
echo "| --- | ---: | ---: | ---: |"
for name in "Kestrel hello (floor)" "cti agent, 1 account registered" baresip linphonec; do
  [ -f "$work/$name.rss" ] && row "$name"
done
