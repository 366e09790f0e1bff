"""`ccsim run scenarios/front_office`: phone, chat and written work over two days.

Checked, from the output CSVs as an analyst reads them: calls.csv has day rows of the chat
and the written type, with chats offered and answered and written items answered; what
Monday leaves in the written backlog (backlog_left) is what Tuesday takes in as carried
written work (carried_in), replication by replication, and some is left at least once
(the carry is exercised), and Monday takes in the starting backlog; agents.csv's chat_concurrency of each role never exceeds the
role's chat_concurrency in the scenario, and passes 1 for a role allowed more; the CSVs
load with check_pandas.py's rules.
Usage: check_front_office.py CCSIM SOURCE_DIR WORK_DIR
"""
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd

ccsim, source, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
scenario = source / "scenarios/front_office"
shutil.rmtree(work, ignore_errors=True)
subprocess.run([ccsim, "check", str(scenario)], check=True, stdout=subprocess.DEVNULL)
subprocess.run([ccsim, "run", str(scenario), "-n", "3", "-q", "--out", str(work)], check=True)
calls = pd.read_csv(work / "calls.csv")
agents = pd.read_csv(work / "agents.csv")
spec = tomllib.loads((scenario / "scenario.toml").read_text())
channel = {t["name"]: t.get("channel", "phone") for t in spec["call_types"]}
chat = [t for t, c in channel.items() if c == "chat"]
written = [t for t, c in channel.items() if c == "written"]
assert chat and written, f"front_office has no chat or no written type: {channel}"

days = calls[calls.scope == "day"]
for t in chat + written:
    rows = days[days.call_type == t]
    assert len(rows) == 2 * 3, f"{t}: {len(rows)} day rows, expected 2 days x 3 replications"
    assert (rows["answered"] > 0).all(), f"{t}: a day with nothing answered"
for t in chat:
    assert (days[days.call_type == t]["offered"] > 0).all(), f"{t}: no chats offered"

# A written item never redials and, with fcr 1 (the written types' default, asserted here),
# never comes back: so Tuesday's carried written work is exactly Monday's backlog.
for t in written:
    written_spec = next(x for x in spec["call_types"] if x["name"] == t)
    assert written_spec.get("fcr", 1) == 1 and written_spec.get("error_probability", 0) == 0, t
    rows = days[days.call_type == t].set_index(["replication", "day"])
    left = rows.xs("Mon", level="day")["backlog_left"]
    carried = rows.xs("Tue", level="day")["carried_in"]
    assert (left == carried).all(), f"{t}: Monday left {list(left)}, Tuesday carried {list(carried)}"
    # The starting backlog is what Monday takes in as carried.
    start = sum(b["count"] for b in spec["written"].get("starting_backlog", []) if b["call_type"] == t)
    assert (rows.xs("Mon", level="day")["carried_in"] == start).all(), f"{t}: Monday's carried_in"
    assert left.sum() > 0, f"{t}: Monday never left a backlog; the carry is not exercised"

k = {r["name"]: r.get("chat_concurrency", 1) for r in spec["roles"]}
held = agents[(agents.role != "all") & agents.chat_concurrency.notna()]
for role, rows in held.groupby("role"):
    most = rows["chat_concurrency"].max()
    assert most <= k[role] + 1e-9, f"{role}: held {most} chats at once, its k is {k[role]}"
busiest = held[held.scope == "day"].groupby("role")["chat_concurrency"].max()
assert (busiest[[r for r in busiest.index if k[r] > 1]] > 1).any(), f"no role held 2 chats: {busiest}"

subprocess.run([sys.executable, str(source / "tests/scenario/check_pandas.py"), str(work), "--no-trace"],
               check=True)
print(f"ok: chat {chat} and written {written} rows; Monday's backlog carried to Tuesday; "
      f"chats per role within k {k}")
