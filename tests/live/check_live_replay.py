#!/usr/bin/env python3
"""Deterministic replay of a live run (issue 14): a trainer runs the default day into the
morning, pauses, injects a surge (inside an interval, so its exact start matters), a
staff pull and a slowdown, lets the day run out at full speed and saves. `ccsim run -n 1`
of the saved scenario with the same seed must give the live run's final figures exactly:
calls offered, answered and abandoned, and the service level. The plan the page draws as a
ghost (the day without the injected events) is the base scenario's day, interval for
interval.

usage: check_live_replay.py CCSIM SCENARIO WORK
"""
import csv
import json
import pathlib
import shutil
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from live_server import LiveServer, WebSocket  # noqa: E402


def state(ws, cond=lambda f: True, timeout=60):
    f, _ = ws.recv_until(lambda f: f.get("type") == "state" and cond(f), timeout)
    return f


def answer(ws, timeout=30):
    f, _ = ws.recv_until(lambda f: f.get("type") in ("injected", "error", "saved"), timeout)
    return f


def main():
    ccsim, scenario, work = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    seed = 7
    server = LiveServer(ccsim, scenario, "--speed", "60", "--seed", str(seed),
                        "--out", str(work / "saved"))
    problems = []
    try:
        ws = WebSocket(server.host, server.port)
        hello = ws.recv()
        ws.send({"cmd": "speed", "value": 1200})  # to the morning peak in a few seconds
        state(ws, lambda f: f["clock"] >= 9.5 * 3600)
        ws.send({"cmd": "pause"})
        state(ws, lambda f: f["paused"])
        ws.send({"cmd": "step", "by": "event"})  # off the whole minute: a surge inside an interval
        injections = [
            {"kind": "surge", "call_types": ["outage"], "multiplier": 6, "minutes": 47},
            {"kind": "staff", "role": "rep_2", "count": -5, "minutes": 30},
            {"kind": "slowdown", "call_types": ["billing_dispute"], "multiplier": 1.5, "end": "14:00"},
        ]
        for event in injections:
            ws.send({"cmd": "inject", "event": event})
            a = answer(ws)
            if a.get("type") != "injected":
                problems.append(f"inject {event['kind']}: {a}")
            ws.send({"cmd": "step", "by": "minute"})
        ws.send({"cmd": "speed", "value": "max"})
        ws.send({"cmd": "resume"})
        last = state(ws, lambda f: f.get("finished"), timeout=120)
        ws.send({"cmd": "save"})
        a = answer(ws)
        if a.get("type") != "saved":
            problems.append(f"save: {a}")
        ws.close()
    finally:
        server.kill()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    out = work / "rerun"
    r = subprocess.run([ccsim, "run", str(work / "saved"), "-n", "1", "--seed", str(seed), "-q",
                        "--out", str(out)], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"ccsim run of the saved scenario: exit {r.returncode}\n{r.stderr}", file=sys.stderr)
        return 1
    day = json.load(open(out / "summary.json"))["day"]["calls"]["all"]
    live = last["day"]
    pairs = [("offered", live["offered"], day["offered"]["mean"]),
             ("answered", live["answered"], day["answered"]["mean"]),
             ("abandoned", live["abandoned"], day["abandoned"]["mean"]),
             ("service_level", live["service_level"], day["service_level"]["mean"])]
    saved = (work / "saved" / "scenario.toml").read_text()
    # The ghost the page draws: the plan day, without the injected events, is the base
    # scenario's day on the same seed, interval for interval.
    plan_run = work / "plan"
    subprocess.run([ccsim, "run", scenario, "-n", "1", "--seed", str(seed), "-q", "--out",
                    str(plan_run)], check=True)
    with open(plan_run / "calls_summary.csv") as f:
        sl = [float(r["mean"]) for r in csv.DictReader(f) if r["scope"] == "interval" and
              r["call_type"] == "all" and r["metric"] == "service_level"]
    plan = [p[0] for p in hello.get("plan", [])]
    if len(plan) != len(sl) or any(abs(a - b) > 1e-6 for a, b in zip(plan, sl)):
        problems.append(f"the plan's service levels {plan[:3]}... are not the base day's {sl[:3]}...")
    for name, a, b in pairs:
        # Counts must be equal; summary.json writes a rate to 7 significant digits.
        if not (a == b or (isinstance(a, float) and abs(a - b) <= 1e-6 * max(1, abs(b)))):
            problems.append(f"{name}: live {a}, ccsim run {b}")
    if saved.count("[[events]]") != len(injections):
        problems.append(f"the saved scenario has {saved.count('[[events]]')} events, not {len(injections)}")
    for p in problems:
        print(f"check_live_replay: {p}", file=sys.stderr)
    if not problems:
        print("ok: the saved scenario replays the live run: " +
              ", ".join(f"{n} {b}" for n, _, b in pairs))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
