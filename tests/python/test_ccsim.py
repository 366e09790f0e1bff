"""The Python module against the command line and the library (python/, docs/python.md).

Run by ctest (tests/CMakeLists.txt: PYTHONPATH=build/python, CCSIM=the ccsim binary).
Replications are few: each check compares figures computed two ways from the same
draws, or a change large enough to show in a handful of days.
"""
import os
import pathlib
import subprocess

import pandas as pd
import pytest

import ccsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny"  # two hours, ten agents


def day_row(summary, metric, call_type="all"):
    rows = summary[(summary.scope == "day") & (summary.call_type == call_type) &
                   (summary.metric == metric)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_run_gives_the_figures_ccsim_run_writes(tmp_path):
    out = tmp_path / "run"
    subprocess.run([os.environ["CCSIM"], "run", str(TINY), "-n", "3", "-s", "7", "--out",
                    str(out), "--quiet"], check=True)
    r = ccsim.run(ccsim.Scenario.load(TINY), replications=3, seed=7, threads=2)
    for frame, name in [(r.summary, "calls_summary.csv"), (r.agent_summary, "agents_summary.csv"),
                        (r.calls, "calls.csv"), (r.agents, "agents.csv")]:
        written = pd.read_csv(out / name)
        pd.testing.assert_frame_equal(frame, written, check_exact=True)
    # The day's service level, as the file spells it (the same text, not merely close).
    text = (out / "calls_summary.csv").read_text().splitlines()
    line = next(l for l in text if l.startswith("day,") and ",all,service_level," in l)
    assert float(line.split(",")[5]) == day_row(r.summary, "service_level")["mean"]
    assert set(r.to_dict()) == {"calls", "agents", "summary", "agent_summary", "json"}


def test_thread_count_does_not_change_results():
    one = ccsim.run(TINY, replications=3, seed=3, threads=1)
    two = ccsim.run(TINY, replications=3, seed=3, threads=2)
    pd.testing.assert_frame_equal(one.calls, two.calls, check_exact=True)


def test_an_override_changes_the_results_as_set_does():
    base = ccsim.run(ccsim.Scenario(TINY), replications=4, seed=1)
    absent = ccsim.Scenario.load(TINY).set("center.absenteeism", 0.4)
    assert absent.overrides == ["center.absenteeism=0.4"]
    worse = ccsim.run(absent, replications=4, seed=1)
    # Four agents in ten absent on a busy day: service level must fall.
    assert day_row(worse.summary, "service_level")["mean"] < \
        day_row(base.summary, "service_level")["mean"]


def test_a_bad_override_raises_and_leaves_the_scenario_as_it_was():
    s = ccsim.Scenario.load(TINY)
    with pytest.raises(ccsim.ScenarioError, match="absenteeism"):
        s.set("center.absenteeism", -1)
    assert s.overrides == []
    with pytest.raises(ValueError, match="no_such_folder: file not found"):
        ccsim.Scenario.load(TINY / "no_such_folder")


def test_check_describes_the_scenario():
    d = ccsim.Scenario.load(TINY).check()
    assert d["intervals"] == 4 and d["agents"] == 10
    assert "rep" in d["roles"]


def test_staff_returns_agents_for_every_interval():
    staffing = ccsim.staff(TINY, targets=["sl(20s)>=0.8"], replications=4)
    assert len(staffing) == ccsim.Scenario(TINY).check()["intervals"]
    assert (staffing["simulated_agents"] >= 1).all()
    assert (staffing["erlang_agents"] >= 1).all()
    with pytest.raises(ValueError, match="targets"):
        ccsim.staff(TINY, targets=["sl>=banana"], replications=2)


def test_schedule_gives_the_roster_and_coverage_ccsim_schedule_writes(tmp_path):
    default = ROOT / "scenarios" / "default"  # tiny's two hours fit no shift kind
    out = tmp_path / "schedule"
    subprocess.run([os.environ["CCSIM"], "schedule", str(default), "-n", "4", "--out", str(out),
                    "--quiet"], check=True)
    s = ccsim.schedule(default, replications=4)
    for name, frame in (("roster.csv", s.roster), ("coverage.csv", s.coverage)):
        cli = pd.read_csv(out / name)
        assert frame.shape == cli.shape, name
        pd.testing.assert_frame_equal(frame, cli, check_exact=True, obj=name)
    assert s.unmet == [] and (s.coverage["met"] == 1).all()


def test_compare_gives_paired_differences_against_the_baseline():
    c = ccsim.compare(TINY, variants={"absent": {"center.absenteeism": 0.4}},
                      swaps=[], replications=4)
    sl = c.day[c.day.metric == "service_level"].set_index("variant")
    assert set(sl.index) == {"baseline", "absent"}
    # The paired difference is the mean of per-replication differences: on common random
    # numbers it equals the difference of the means, and its interval is computed.
    assert sl.loc["absent", "diff_vs_baseline"] == pytest.approx(
        sl.loc["absent", "mean"] - sl.loc["baseline", "mean"], abs=1e-4)
    assert sl.loc["absent", "diff_vs_baseline"] < 0
    assert not c.intervals.empty and not c.replications.empty


def test_erlang_wrappers():
    # Cooper, Introduction to Queueing Theory (1981), Erlang B table: B(10, 5) = 0.018385.
    assert round(ccsim.erlang_b(10, 5.0), 6) == 0.018385
    b = ccsim.erlang_b(10, 5.0)
    assert ccsim.erlang_c(10, 5.0) == pytest.approx(10 * b / (10 - 5.0 * (1 - b)))
    a = ccsim.erlang_a(10, lam=5.0, mu=1.0, theta=0.5)
    assert 0 < a["p_abandon"] < a["p_wait"] < 1
    with pytest.raises(ValueError):
        ccsim.erlang_a(10, 5.0, 1.0, 0.0)
