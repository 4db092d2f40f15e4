#!/usr/bin/env bash
# The agent idle with one account registered to a local Kamailio for a long time, its resident size sampled at a fixed
# interval into a CSV, then summarised (start, min, max, end, least-squares slope). Columns: elapsed_s, rss_kb (VmRSS),
# registered, load1, then where the resident memory is, from /proc alone (smaps_classes.py): anon_kb, file_kb, threads,
# gc_kb (the GC's regions), malloc_kb (glibc arenas), jit_kb (JIT-compiled code), other_kb (stacks, loader heaps...).
# Usage: bash benchmarks/footprint/longrun.sh PUBLISH_DIR OUT.csv [MINUTES] [INTERVAL_SECONDS] [AGENT_SETTINGS...]
#   PUBLISH_DIR  an agent publish (installer/linux/publish.sh OUT); default 60 min, one sample every 30 s
#   AGENT_SETTINGS  more --Key=value settings for the agent (e.g. --Sip:KeepAliveSeconds=5 to hurry its timers)
# The account registers for 300 s, so the agent refreshes its registration about every 4 minutes while idle.
# Run it detached so it survives the terminal: setsid nohup bash longrun.sh ... > longrun.log 2>&1 &
# CTI_LONGRUN_CHECK_EVERY=N checks the registration (one API request) every N samples only (default 1: each sample).
set -euo pipefail
case "${1:-}" in -h|--help|"") sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [ -n "${1:-}" ]; exit $? ;; esac
publish=$(cd "$1" && pwd)
out=$2
minutes=${3:-60}
interval=${4:-30}
shift $(($# < 4 ? $# : 4))
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/cti-longrun.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

start_kamailio "$work/kamailio"; pids+=("$kpid")
start_agent "$publish" "$work/data" "--Sip:Accounts:0:Aor=sip:idle@127.0.0.1:$kport" \
  "--Sip:Accounts:0:Registrar=sip:127.0.0.1:$kport" "--Sip:Accounts:0:Expires=300" "$@"
pids+=("$apid")
wait_registered 30
echo "agent $apid ready in $((ready_ms - start_ms)) ms and registered; sampling every ${interval} s for ${minutes} min" >&2

echo "elapsed_s,rss_kb,registered,load1,anon_kb,file_kb,threads,gc_kb,malloc_kb,jit_kb,other_kb" >"$out"
t0=$(date +%s)
end=$((t0 + minutes * 60))
next=$t0
while :; do
  now=$(date +%s)
  kill -0 "$apid" 2>/dev/null || { cat "$work/data.out" >&2; echo "the agent died" >&2; exit 1; }
  # The registration check is an API request, which itself allocates: CTI_LONGRUN_CHECK_EVERY=N asks only every N
  # samples (and at the last one); the others write the last answer, read nothing but /proc.
  sample=$((${sample:--1} + 1))
  if [ $((sample % ${CTI_LONGRUN_CHECK_EVERY:-1})) -eq 0 ] || [ $((next + interval)) -gt "$end" ]; then
    if registered; then reg=1; else reg=0; fi
  fi
  echo "$((now - t0)),$(rss_kb "$apid"),$reg,$(load1),$(python3 "$here/smaps_classes.py" "$apid")" >>"$out"
  next=$((next + interval))
  [ "$next" -le "$end" ] || break
  wait_s=$((next - $(date +%s))); [ "$wait_s" -le 0 ] || sleep "$wait_s"
done

awk -F, 'NR==1 {next}
  { n++; t=$1/3600; r=$2/1024; sx+=t; sy+=r; sxx+=t*t; sxy+=t*r
    if (n==1) {first=r; min=r; max=r} if (r<min) min=r; if (r>max) max=r; last=r; lastt=$1; if ($3!=1) unreg++
    # A step: 2 MB or more between two samples, with the class that moved most (columns 8-11: gc, malloc, jit, other).
    if (n>1 && (r-prev>=2 || prev-r>=2)) { best=8; for (c=9; c<=11; c++) if (($c-p[c])^2 > ($best-p[best])^2) best=c
      steps=steps sprintf("\n  step at %d s: %+.1f MB (%s %+.1f MB)", $1, r-prev, name[best], ($best-p[best])/1024) }
    prev=r; for (c=8; c<=11; c++) p[c]=$c }
  BEGIN { name[8]="gc"; name[9]="malloc"; name[10]="jit"; name[11]="other" }
  END { slope=(n*sxy-sx*sy)/(n*sxx-sx*sx)
        printf "samples %d over %.0f min; resident start %.1f MB, min %.1f, max %.1f, end %.1f MB; slope %+.2f MB/h; samples not registered: %d\n",
          n, lastt/60, first, min, max, last, slope, unreg+0; if (steps != "") print "steps:" steps }' "$out"
