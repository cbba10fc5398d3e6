#!/usr/bin/env python3
"""Run commands interleaved (A B C A B C …) N times; print median wall time, min/max and peak RSS.

run_interleaved.py N JSON_OUT name1 'cmd1' name2 'cmd2' ...
Each command runs through /bin/sh; wall time from fork to exit, peak RSS from wait4's rusage.
One warm-up round (not counted) fills the page cache. Also prints, for each command after the
first, the median over the rounds of its time over the first command's in the same round.
"""
import json
import os
import statistics
import subprocess
import sys
import time

n, out = int(sys.argv[1]), sys.argv[2]
pairs = list(zip(sys.argv[3::2], sys.argv[4::2]))


def run(cmd):
    t = time.perf_counter()
    p = subprocess.Popen(["/bin/sh", "-c", "exec " + cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1 = content warnings (overset) still write the PDF
        raise SystemExit(f"command failed ({code}): {cmd}")
    return wall, ru.ru_maxrss, ru.ru_utime + ru.ru_stime


for _, cmd in pairs:
    run(cmd)
res = {name: {"wall": [], "rss_kb": [], "cpu": []} for name, _ in pairs}
for _ in range(n):
    for name, cmd in pairs:
        w, r, c = run(cmd)
        res[name]["wall"].append(w)
        res[name]["rss_kb"].append(r)
        res[name]["cpu"].append(c)
summary = {}
for name, cmd in pairs:
    r = res[name]
    summary[name] = {
        "cmd": cmd,
        "runs": n,
        "median_s": statistics.median(r["wall"]),
        "min_s": min(r["wall"]),
        "max_s": max(r["wall"]),
        "median_cpu_s": statistics.median(r["cpu"]),
        "peak_rss_mb": max(r["rss_kb"]) / 1024,
        "wall_s": r["wall"],
    }
    s = summary[name]
    print(f"{name:28s} median {s['median_s']*1000:8.1f} ms  (min {s['min_s']*1000:7.1f}, max {s['max_s']*1000:7.1f}; "
          f"cpu {s['median_cpu_s']*1000:7.1f} ms)  peak RSS {s['peak_rss_mb']:6.1f} MB", flush=True)
# On a noisy machine the rounds drift together: each command's time over the first's in the
# same round, as a median, is steadier than the ratio of the medians.
first = pairs[0][0]
for name, _ in pairs[1:]:
    ratios = [w / b for w, b in zip(res[name]["wall"], res[first]["wall"])]
    summary[name]["median_ratio_to_first"] = statistics.median(ratios)
    print(f"{name:28s} / {first}: median of the rounds' ratios {statistics.median(ratios):.3f}")
json.dump(summary, open(out, "w"), indent=2)
