#!/usr/bin/env python3
"""`ccsim erlang`'s inverse modes agree with its forward ones, through the command line.

For each case: ask the inverse question (the most load n lines or agents carry at a
target) with --precision 17, then ask the forward question (lines or agents a load needs)
at that load less and more a relative 1e-6: the first must need at most n, the second
more. Usage: check_erlang_inverse.py PATH/TO/ccsim
"""
import csv
import io
import re
import subprocess
import sys

CCSIM = sys.argv[1]


def run(*args):
    p = subprocess.run([CCSIM, "erlang", *args], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"ccsim erlang {' '.join(args)}: exit {p.returncode}\n{p.stdout}{p.stderr}")
    return p.stdout


def capacity(args):  # the load_erlangs of the inverse's (last) CSV row
    rows = list(csv.DictReader(io.StringIO(run(*args, "--csv", "--precision", "17"))))
    return float(rows[-1]["load_erlangs"])


def needed(args, pattern):
    out = run(*args)
    m = re.search(pattern, out)
    if not m:
        sys.exit(f"no '{pattern}' in:\n{out}")
    return int(m.group(1))


CASES = [  # (n, inverse args, forward args, what the forward prints)
    (15, ["--lines", "15", "--max-blocking", "0.01"], ["--max-blocking", "0.01"],
     r"lines required: (\d+)"),
    (40, ["--lines", "40", "--max-blocking", "0.002"], ["--max-blocking", "0.002"],
     r"lines required: (\d+)"),
    (14, ["--agents", "14", "--aht-s", "180", "--sl-s", "20", "--target-sl", "0.8"],
     ["--aht-s", "180", "--sl-s", "20", "--target-sl", "0.8"],
     r"agents required \(Erlang C\): (\d+)"),
    (14, ["--agents", "14", "--aht-s", "180", "--max-p-wait", "0.2", "--patience-s", "300"],
     ["--aht-s", "180", "--max-p-wait", "0.2", "--patience-s", "300"],
     r"agents required \(Erlang A\): (\d+)"),
    (30, ["--agents", "30", "--aht-s", "300", "--max-abandon", "0.03", "--patience-s", "120"],
     ["--aht-s", "300", "--max-abandon", "0.03", "--patience-s", "120"],
     r"agents required \(Erlang A\): (\d+)"),
]

failures = []
for n, inverse, forward, pattern in CASES:
    load = capacity(inverse)
    below = needed(["--erlangs", repr(load * (1 - 1e-6)), *forward], pattern)
    above = needed(["--erlangs", repr(load * (1 + 1e-6)), *forward], pattern)
    if not (below <= n < above):
        failures.append(f"{' '.join(inverse)}: load {load}; just below needs {below}, "
                        f"just above needs {above}, expected <= {n} and > {n}")
if failures:
    sys.exit("\n".join(failures))
print(f"{len(CASES)} inverse questions agree with the forward ones")
