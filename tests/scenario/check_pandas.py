"""The output CSVs of `ccsim run` load in pandas with no options.

Checked for each CSV in the folder given: pd.read_csv(path) works; the header is the first
line (no comment lines); every *_start / *_end / time column parses as an ISO 8601 time of
day; every metric column is numeric (empty cells read as NaN); summary.json parses.
"""
import json
import sys
from pathlib import Path

import pandas as pd

KEYS = {"replication", "day", "scope", "interval_start", "interval_end", "call_type", "role",
        "metric", "time", "event", "agent", "first_call_type"}

folder = Path(sys.argv[1])
csvs = sorted(folder.glob("*.csv"))
expected = {"calls.csv", "agents.csv", "calls_summary.csv", "agents_summary.csv", "trace.csv"}
if "--no-trace" in sys.argv:  # a horizon's run has no trace
    expected.remove("trace.csv")
missing = expected - {p.name for p in csvs}
assert not missing, f"missing outputs: {missing}"
for path in csvs:
    first = path.read_text().splitlines()[0]
    assert not first.startswith("#"), f"{path.name}: comment line before the header"
    df = pd.read_csv(path)
    assert len(df) > 0, f"{path.name}: no rows"
    assert list(df.columns) == first.split(","), f"{path.name}: header not read as columns"
    for col in df.columns:
        if col.endswith("_start") or col.endswith("_end") or col == "time":
            fmt = "%H:%M:%S.%f" if col == "time" else "%H:%M:%S"
            pd.to_datetime(df[col], format=fmt)  # raises on anything but ISO times
        elif col not in KEYS:
            assert pd.api.types.is_numeric_dtype(df[col]), \
                f"{path.name}: column {col} is not numeric ({df[col].dtype})"
    print(f"{path.name}: {len(df)} rows x {len(df.columns)} columns")
summary = json.loads((folder / "summary.json").read_text())
assert summary["replications"] >= 1, summary["replications"]
print("summary.json: ok")
