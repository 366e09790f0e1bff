"""`ccsim run scenarios/week`: a horizon's outputs, read as an analyst would in pandas.

Checked: calls.csv and agents.csv have a day column with the open days in order and a
horizon row (day "all") per replication; each horizon figure that is a count equals the
sum of the day rows; what the days carry out is at least what they carry in (the rest is
beyond the horizon); summary.json lists the days and the closed one; the CSVs load with
check_pandas.py's rules.
Usage: check_week.py CCSIM SOURCE_DIR WORK_DIR
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

ccsim, source, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
subprocess.run([ccsim, "run", str(source / "scenarios/week"), "-n", "3", "-q", "--out", str(work)],
               check=True)
calls = pd.read_csv(work / "calls.csv")
agents = pd.read_csv(work / "agents.csv")
open_days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
for df, name in ((calls, "calls.csv"), (agents, "agents.csv")):
    assert list(df.columns[:3]) == ["replication", "day", "scope"], df.columns[:3]
    days = [d for d in df["day"].unique() if d != "all"]
    assert days == open_days, f"{name}: days {days}"
    horizon = df[df.scope == "horizon"]
    assert set(horizon["day"]) == {"all"} and horizon["replication"].nunique() == 3, name

all_calls = calls[calls.call_type == "all"]
day_rows = all_calls[all_calls.scope == "day"].groupby("replication")
horizon = all_calls[all_calls.scope == "horizon"].set_index("replication")
for col in ("offered", "answered", "abandoned", "carried_in", "carried_out", "redials", "repeats"):
    summed = day_rows[col].sum()
    assert (summed == horizon[col]).all(), f"{col}: days {list(summed)} horizon {list(horizon[col])}"
assert (horizon["carried_out"] >= horizon["carried_in"]).all()
assert (horizon["carried_in"] > 0).all(), "nothing carried between days"

all_agents = agents[agents.role == "all"]
paid_days = all_agents[all_agents.scope == "day"].groupby("replication")["paid_h"].sum()
paid_horizon = all_agents[all_agents.scope == "horizon"].set_index("replication")["paid_h"]
assert ((paid_days - paid_horizon).abs() < 1e-6 * paid_horizon).all(), "paid hours do not add up"

summary = json.loads((work / "summary.json").read_text())
assert [d["name"] for d in summary["days"]] == open_days, summary["days"]
assert summary["closed_days"] == ["Sun"], summary["closed_days"]
subprocess.run([sys.executable, str(source / "tests/scenario/check_pandas.py"), str(work), "--no-trace"],
               check=True)
print(f"ok: {len(open_days)} open days, Sunday closed; horizon rows add up over 3 replications")
