#!/usr/bin/env python3
"""`ccsim schedule`'s roster as a user gets it (issue 13's acceptance), checked from outside
the program: the scenario's own TOML read with tomllib, the roster and the run's tables with
csv. Python's standard library only (pandas is not on every machine the quick path runs).

usage: schedule_end_to_end.py CCSIM SCENARIO_DIR SCHEDULE_DIR WORK_DIR CASE
  SCHEDULE_DIR holds `ccsim schedule SCENARIO_DIR`'s output (the ScheduleDefaultDay fixture).
CASE:
  targets  the roster, run for 200 days with the scenario's absenteeism, meets both targets
           in every interval at 95 % confidence (see case_targets);
  rules    every row of roster.csv keeps the scenario's [schedule] rules, and the checker
           rejects a copy with one break moved out of its window.
"""
import csv
import os
import shutil
import subprocess
import sys
import tomllib

CCSIM, SCENARIO, SCHEDULE, WORK = (os.path.abspath(a) for a in sys.argv[1:5])
CASE = sys.argv[5]
ROSTER = os.path.join(SCHEDULE, "roster.csv")
MIN = 60
HOUR = 3600


def fail(what):
    print("FAIL:", what)
    sys.exit(1)


def seconds(text):
    """'08:30' or '08:30:00' -> seconds after midnight."""
    parts = [int(p) for p in text.split(":")]
    return parts[0] * HOUR + parts[1] * MIN + (parts[2] if len(parts) > 2 else 0)


def hhmm(s):
    return f"{int(s) // HOUR:02d}:{int(s) % HOUR // MIN:02d}"


# --- the scenario, as scenarios/README.md defines it --------------------------------------

def merged(base, top):
    """`base =`: tables merge key by key; arrays (shifts, roles) replace the base's whole."""
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def load_scenario(path):
    if os.path.isdir(path):
        path = os.path.join(path, "scenario.toml")
    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    if "base" not in doc:
        return doc
    base = load_scenario(os.path.join(os.path.dirname(path), doc.pop("base")))
    return merged(base, doc)


def shift_rules(doc):
    """The [schedule] rules with the defaults of scenarios/README.md ("[schedule]: shift
    rules", the values of sim/model/shift_rules.h) for every key the file leaves out."""
    center, sched = doc["center"], doc.get("schedule", {})
    roles = [r["name"] for r in doc["roles"]]
    if "shifts" not in sched:
        # The default kinds live in shift_rules.h alone; a scenario checked here writes
        # its kinds out (the shipped day does).
        fail("the checker needs [[schedule.shifts]] written out in the scenario")
    kinds = []
    for k in sched["shifts"]:
        breaks = [{"name": b["name"], "length_s": b["length_min"] * MIN,
                   "earliest_s": b["window_h"][0] * HOUR, "latest_s": b["window_h"][1] * HOUR}
                  for b in k.get("breaks", [])]
        kinds.append({"name": k["name"], "length_s": k["length_h"] * HOUR,
                      "part_time": k.get("part_time", False),
                      "roles": set(k.get("roles", roles)), "breaks": breaks})
    limits = {r: {"min_heads": 0, "max_heads": None, "min_on_duty": 0} for r in roles}
    for lim in sched.get("roles", []):
        limits[lim["role"]].update({k: v for k, v in lim.items() if k != "role"})
    return {
        "open_s": seconds(center["open"]), "close_s": seconds(center["close"]),
        "interval_s": center.get("interval_min", 30) * MIN,
        "earliest_s": seconds(sched.get("earliest_start", center["open"])),
        "latest_s": seconds(sched.get("latest_end", center["close"])),
        "start_grid_s": sched.get("start_grid_min", 30) * MIN,
        "break_grid_s": sched.get("break_grid_min", 15) * MIN,
        "max_part_time_share": sched.get("max_part_time_share", 0.25),
        "kinds": kinds, "limits": limits,
    }


# --- the roster -----------------------------------------------------------------------------

def read_roster(path):
    """roster.csv rows as (line, agent, role, start_s, end_s, [(break_start_s, length_s)])."""
    rows = []
    with open(path, newline="") as fh:
        for line, r in enumerate(csv.DictReader(fh), start=2):
            breaks = []
            for b in filter(None, r["breaks"].split(";")):
                at, minutes = b.split("/")
                breaks.append((seconds(at), float(minutes) * MIN))
            rows.append((line, r["agent"], r["role"], seconds(r["shift_start"]),
                         seconds(r["shift_end"]), breaks))
    return rows


def shift_problems(rules, kind, start, end, breaks):
    """What is wrong with one shift worked as `kind`; [] when nothing is."""
    out = []
    if start % rules["start_grid_s"]:
        out.append(f"starts at {hhmm(start)}, off the {rules['start_grid_s'] // MIN}-minute grid")
    if start < rules["earliest_s"] or end > rules["latest_s"]:
        out.append(f"{hhmm(start)}-{hhmm(end)} is not within "
                   f"{hhmm(rules['earliest_s'])}-{hhmm(rules['latest_s'])}")
    if len(breaks) != len(kind["breaks"]):
        return out + [f"{len(breaks)} breaks, {kind['name']} has {len(kind['breaks'])}"]
    free_from = start
    for i, ((at, length), rule) in enumerate(zip(breaks, kind["breaks"]), start=1):
        what = f"break {i} ({rule['name']}) at {hhmm(at)}"
        if length != rule["length_s"]:
            out.append(f"{what} lasts {length / MIN:g} min, not {rule['length_s'] / MIN:g}")
        if at % rules["break_grid_s"]:
            out.append(f"{what} is off the {rules['break_grid_s'] // MIN}-minute break grid")
        if not start + rule["earliest_s"] <= at <= start + rule["latest_s"]:
            out.append(f"{what} is outside its window {hhmm(start + rule['earliest_s'])}-"
                       f"{hhmm(start + rule['latest_s'])}")
        if at < free_from:
            out.append(f"{what} starts before the previous break ends ({hhmm(free_from)})")
        if at + length > end:
            out.append(f"{what} ends after the shift")
        free_from = at + length
    return out


def on_duty_problems(rules, rows):
    """Each role's min_on_duty agents on the phones (on shift, not on a break) at every
    moment of every open interval: the count only changes at a shift's or break's edge,
    so it is checked at each interval's start and at every edge inside it."""
    out = []
    edges = sorted({t for _, _, _, s, e, bs in rows for t in
                    [s, e] + [b for b, _ in bs] + [b + n for b, n in bs]})
    for role, lim in rules["limits"].items():
        if not lim["min_on_duty"]:
            continue
        mine = [(s, e, bs) for _, _, r, s, e, bs in rows if r == role]
        for i0 in range(rules["open_s"], rules["close_s"], rules["interval_s"]):
            i1 = i0 + rules["interval_s"]
            for t in [i0] + [t for t in edges if i0 < t < i1]:
                n = sum(1 for s, e, bs in mine
                        if s <= t < e and not any(b <= t < b + k for b, k in bs))
                if n < lim["min_on_duty"]:
                    out.append(f"{role}: {n} on the phones at {hhmm(t)}, min_on_duty is "
                               f"{lim['min_on_duty']}")
                    break
    return out


def roster_problems(rules, rows):
    """Every way the roster breaks the rules, one line each (the roster.csv line first)."""
    out, heads, part_time = [], {r: 0 for r in rules["limits"]}, 0
    for line, agent, role, start, end, breaks in rows:
        if role not in heads:
            out.append(f"line {line} ({agent}): unknown role {role}")
            continue
        heads[role] += 1
        kinds = [k for k in rules["kinds"] if role in k["roles"] and k["length_s"] == end - start]
        if not kinds:
            out.append(f"line {line} ({agent}): a {(end - start) / HOUR:g} h shift is no kind "
                       f"{role} may work")
            continue
        # Kinds of one length may differ in their breaks: the row needs to keep one's rules.
        problems = [shift_problems(rules, k, start, end, breaks) for k in kinds]
        kept = [k for k, p in zip(kinds, problems) if not p]
        if kept:
            part_time += kept[0]["part_time"]
        else:
            out += [f"line {line} ({agent}): {p}" for p in problems[0]]
    for role, lim in rules["limits"].items():
        if heads[role] < lim["min_heads"] or (lim["max_heads"] is not None
                                              and heads[role] > lim["max_heads"]):
            out.append(f"{role}: {heads[role]} heads, outside {lim['min_heads']}-{lim['max_heads']}")
    total = sum(heads.values())
    if part_time > rules["max_part_time_share"] * total + 1e-9:
        out.append(f"{part_time} part-time heads of {total}, more than "
                   f"max_part_time_share {rules['max_part_time_share']}")
    return out + on_duty_problems(rules, rows)


def case_rules():
    rules = shift_rules(load_scenario(SCENARIO))
    rows = read_roster(ROSTER)
    if len(rows) < 20:
        fail(f"{ROSTER}: only {len(rows)} agents; the default day needs some 200")
    problems = roster_problems(rules, rows)
    if problems:
        fail(f"{ROSTER} breaks the shift rules:\n  " + "\n  ".join(problems))
    # The checker can fail: the first agent's first break moved one break-grid step
    # before its window opens.
    line, agent, role, start, end, breaks = rows[0]
    kind = next(k for k in rules["kinds"] if role in k["roles"] and k["length_s"] == end - start)
    moved = start + kind["breaks"][0]["earliest_s"] - rules["break_grid_s"]
    broken = os.path.join(WORK, "broken_roster.csv")
    with open(ROSTER) as src, open(broken, "w") as dst:
        text = src.read().splitlines(keepends=True)
        old = f"{hhmm(breaks[0][0])}:00/"
        if old not in text[line - 1]:
            fail(f"cannot find the break {old} in line {line}: {text[line - 1]}")
        text[line - 1] = text[line - 1].replace(old, f"{hhmm(moved)}:00/", 1)
        dst.writelines(text)
    caught = roster_problems(rules, read_roster(broken))
    if not any(f"line {line} ({agent}): break 1" in p and "outside its window" in p
               for p in caught):
        fail(f"the checker missed a break moved to {hhmm(moved)} in {broken}: {caught}")
    print(f"ok: {len(rows)} agents keep every rule; the moved break is caught: {caught[0]}")


def case_targets():
    """The acceptance criterion: over 200 simulated days with the scenario's own
    absenteeism, in every interval, service_level's mean minus its 95 % half-width is at
    least 0.80 and abandonment_rate's mean plus its half-width at most 0.05: each target
    met at 95 % confidence (two-sided intervals, so 97.5 % one-sided). The roster was
    scheduled on seed 1; the run uses seed 1 too, as a user's would."""
    out = os.path.join(WORK, "run")
    p = subprocess.run([CCSIM, "run", SCENARIO, "-n", "200", "-q", "--out", out,
                        "--set", f'roster.file="{ROSTER}"'], capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"ccsim run of the scheduled roster: exit {p.returncode}\n{p.stderr}")
    bounds = {"service_level": lambda m, h: m - h >= 0.80,
              "abandonment_rate": lambda m, h: m + h <= 0.05}
    seen, missed = {}, []
    with open(os.path.join(out, "calls_summary.csv"), newline="") as fh:
        for r in csv.DictReader(fh):
            if r["scope"] != "interval" or r["call_type"] != "all" or r["metric"] not in bounds:
                continue
            m, h = float(r["mean"]), float(r["ci95_half_width"])
            seen[r["metric"]] = seen.get(r["metric"], 0) + 1
            if int(r["replications"]) != 200 or not bounds[r["metric"]](m, h):
                missed.append(f"{r['interval_start']} {r['metric']} {m:.4f} +- {h:.4f} "
                              f"over {r['replications']} days")
    rules = shift_rules(load_scenario(SCENARIO))
    n = (rules["close_s"] - rules["open_s"]) // rules["interval_s"]
    if seen != {"service_level": n, "abandonment_rate": n}:
        fail(f"expected both metrics for all {n} intervals in calls_summary.csv, got {seen}")
    if missed:
        fail("the scheduled roster misses a target:\n  " + "\n  ".join(missed))
    print(f"ok: all {n} intervals meet sl>=0.80 and abandon<=0.05 at 95 % over 200 days")


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
{"targets": case_targets, "rules": case_rules}[CASE]()
