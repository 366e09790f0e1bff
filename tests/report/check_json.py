#!/usr/bin/env python3
"""Every JSON file ccsim writes parses with Python's json module and holds no NaN or
Infinity token (json.loads accepts those by default, but they are not JSON: RFC 8259).

usage: check_json.py CCSIM SOURCE_DIR WORK   runs every command that writes files (run,
                                             staff, compare, fit on the bank log when it is
                                             there) into WORK and checks every *.json
       check_json.py --files FILE...         checks the files given
"""
import json
import pathlib
import shutil
import subprocess
import sys


def reject(token):
    raise ValueError(f"{token} is not JSON")


def check(path):
    try:
        json.loads(pathlib.Path(path).read_text(encoding="utf-8"), parse_constant=reject)
        return None
    except ValueError as e:  # json.JSONDecodeError is a ValueError
        return f"{path}: {e}"


def run_commands(ccsim, source, work):
    tiny = source / "tests/data/tiny"
    bank = source.parent / "shared/data/anonymous_bank/october.txt"
    commands = {
        "run": ["run", tiny, "-n", "3", "--trace"],
        # One replication: every half-width is undefined and must be null.
        "run_one": ["run", tiny, "-n", "1"],
        "staff": ["staff", tiny, "-n", "4", "--criterion", "days"],
        "compare": ["compare", tiny, "-n", "3", "--variant", "absent: center.absenteeism=0.1"],
    }
    if bank.exists():
        commands["fit"] = ["fit", bank, "--weekdays", "sun-thu", "--validate", "-n", "2"]
    else:
        print(f"skipping fit: {bank} not found")
    for name, args in commands.items():
        cmd = [str(ccsim)] + [str(a) for a in args] + ["-q", "--out", str(work / name)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr}")
    return sorted(work.rglob("*.json"))


def main():
    if sys.argv[1] == "--files":
        files = sys.argv[2:]
    else:
        ccsim, source, work = (pathlib.Path(a).resolve() for a in sys.argv[1:4])
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        files = run_commands(ccsim, source, work)
        if len(files) < 4:
            sys.exit(f"only {len(files)} JSON files written under {work}")
    problems = [p for p in map(check, files) if p]
    for p in problems:
        print(p)
    print(f"{len(files) - len(problems)} of {len(files)} JSON files parse")
    return 1 if problems else 0


sys.exit(main())
