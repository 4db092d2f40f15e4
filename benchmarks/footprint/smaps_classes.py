#!/usr/bin/env python3
# smaps_classes.py PID: prints "anon,file,threads,gc,malloc,jit,other" for a .NET process, read from /proc/PID/status and
# /proc/PID/smaps alone, all in resident kB but threads: RssAnon, RssFile, the thread count, then anonymous memory split
# into the GC's reserved range (mappings inside a run of adjacent anonymous mappings spanning 1 GiB or more), glibc
# malloc (the [heap], and each 64 MB-aligned mapping of at most 64 MB outside the GC's range: the arenas of threads other
# than the main one), the JIT's double-mapped code (memfd "doublemapper"), and the rest (thread stacks, the runtime's
# loader heaps...). Used by longrun.sh.
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
GiB, M64 = 1 << 30, 64 << 20
anon = [m for m in maps if m[2] == ""]
# The GC's reservation: a run of adjacent anonymous mappings spanning 1 GiB or more.
runs = []
for m in anon:
    if runs and runs[-1][1] == m[0]:
        runs[-1][1] = m[1]
    else:
        runs.append([m[0], m[1]])
gc_ranges = [r for r in runs if r[1] - r[0] >= GiB]
gc = malloc = other = 0
for a, b, _, rss in anon:
    if any(r[0] <= a < r[1] for r in gc_ranges):
        gc += rss
    elif a % M64 == 0 and b - a <= M64:
        # glibc's arena of a thread other than the main one: a 64 MB-aligned reservation used from its start.
        malloc += rss
    else:
        other += rss
malloc += sum(m[3] for m in maps if m[2] == "[heap]")
jit = sum(m[3] for m in maps if "doublemapper" in m[2])
print(f"{st['RssAnon']},{st['RssFile']},{st['Threads']},{gc},{malloc},{jit},{other}")
