#!/usr/bin/env python3
"""Ratio table from a Google Benchmark JSON file (standard library only).

Pairs every benchmark named <Family>/<impl>/<case>[/<N>] with the baseline implementation
of the same family, case and N, and prints baseline time / project time (>1: the project is
faster). Where a benchmark reports items_per_second (the Model family: calls per second),
the ratio is of throughputs instead, project / baseline, since the two may process slightly
different numbers of calls. Every figure is CPU time: Google Benchmark computes
items_per_second over the timed loop's CPU time, and cpu_time is read where a benchmark
reports no items; on a shared machine CPU time leaves out waits for a core. With
repetitions, the median of each benchmark is used.

    build/bench/hold_bench --benchmark_format=json --benchmark_out=hold.json
    python3 bench/ratios.py hold.json
"""
import json
import re
import statistics
import sys
from collections import defaultdict

PAIRS = {"Hold": ("event_queue", "std_priority_queue"), "Model": ("ccsim", "hand_loop")}


def main(path):
    with open(path) as f:
        data = json.load(f)
    times = defaultdict(list)  # (family, impl, case, n) -> CPU ns per item
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        name = re.sub(r"/(iterations|repeats|min_time|real_time):.*$", "", b["run_name"])
        parts = name.split("/")
        family, impl, case = parts[0], parts[1], parts[2]
        n = parts[3] if len(parts) > 3 else "-"
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        if "items_per_second" in b:
            times[(family, impl, case, n)].append(1e9 / b["items_per_second"])  # ns per item
        else:
            times[(family, impl, case, n)].append(b["cpu_time"] * scale)
    rows = []
    for (family, impl, case, n), t in sorted(times.items()):
        if family not in PAIRS or impl != PAIRS[family][0]:
            continue
        if (family, PAIRS[family][1], case, n) not in times:
            print(f"{family}/{impl}/{case}: {1e9 / statistics.median(t) / 1e6:.2f} M items/s "
                  "(no baseline)")
            continue
        base = times.get((family, PAIRS[family][1], case, n))
        if not base:
            continue
        ours, theirs = statistics.median(t), statistics.median(base)
        rows.append((family, case, n, ours, theirs, theirs / ours))
    if not rows:
        sys.exit(f"{path}: no benchmark pairs found")
    print(f"{'family':<7} {'case':<12} {'N':>8} {'project ns':>11} {'baseline ns':>12} {'ratio':>6}")
    print("(ns per operation; for Model, ns per call: 1e9 / calls per second)")
    key = lambda r: (r[0], r[1], int(r[2]) if r[2].isdigit() else 0)
    for family, case, n, ours, theirs, ratio in sorted(rows, key=key):
        print(f"{family:<7} {case:<12} {n:>8} {ours:>11.1f} {theirs:>12.1f} {ratio:>6.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
