#!/usr/bin/env python3
# smaps_classes.py PID: prints "anon,file,threads,gc,malloc,jit,other" for a .NET process, read from /proc/PID/status and
# /proc/PID/smaps alone, all in resident kB but threads: RssAnon, RssFile, the thread count, then anonymous memory split
# into the GC's reserved range (a run of adjacent anonymous mappings spanning 1 GiB or more), glibc malloc (the [heap]
# and the 64 MB-aligned arenas of other threads), the JIT's double-mapped code (memfd "doublemapper"), and the rest
# (thread stacks, the runtime's loader heaps...). Used by longrun.sh.
import sys, re
pid = sys.argv[1]
st = {}
for line in open(f"/proc/{pid}/status"):
    k, _, v = line.partition(":")
    st[k] = v.split()[0] if v.split() else "0"
maps = []
cur = None
for line in open(f"/proc/{pid}/smaps"):
    if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
        parts = line.split(None, 5)
        a, b = (int(x, 16) for x in parts[0].split("-"))
        path = parts[5].strip() if len(parts) > 5 else ""
        cur = [a, b, path, 0]
        maps.append(cur)
    elif line.startswith("Rss:") and cur is not None:
        cur[3] = int(line.split()[1])
# runs of adjacent anonymous mappings
runs = []
for m in maps:
    if m[2] == "":
        if runs and runs[-1][1] == m[0]:
            runs[-1][1] = m[1]; runs[-1][2] += m[3]
        else:
            runs.append([m[0], m[1], m[3]])
GiB, M64 = 1 << 30, 64 << 20
gc = malloc = other = 0
for a, b, rss in runs:
    if b - a >= GiB: gc += rss
    elif a % M64 == 0 and (b - a) in (M64, 2 * M64): malloc += rss
    else: other += rss
jit = sum(m[3] for m in maps if "doublemapper" in m[2])
heap = sum(m[3] for m in maps if m[2] == "[heap]")
print(f"{st['RssAnon']},{st['RssFile']},{st['Threads']},{gc},{malloc + heap},{jit},{other}")
