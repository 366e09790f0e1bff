"""ccsim from Python: load a scenario, override values, run, staff, schedule and compare.

Results are pandas DataFrames read from the same CSV text the command line writes
(calls.csv, calls_summary.csv, staffing.csv, comparison.csv, ...), so their columns are
the metric catalogue's names (sim/metrics/catalogue.h; scenarios/README.md lists them)
and their figures are `ccsim run`'s for the same seed. docs/python.md walks through it.

    import ccsim
    s = ccsim.Scenario.load("scenarios/default").set("center.absenteeism", 0.1)
    r = ccsim.run(s, replications=10, seed=1)
    r.summary.query("scope == 'day' and call_type == 'all'")
"""
import io
import json
import os

import pandas as pd

from . import _ccsim

ScenarioError = _ccsim.ScenarioError  # a ValueError: file:line:column: field: what is wrong


def _toml(value):
    """A Python value as the TOML literal `ccsim run --set key=VALUE` reads."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as a scenario value")


def _frame(text):
    """A DataFrame from CSV text; an empty cell (an undefined figure) is NaN."""
    return pd.read_csv(io.StringIO(text)) if text else pd.DataFrame()


class Scenario:
    """A scenario file (or folder) and the overrides applied to it, in order.

    Nothing is cached: every run loads the file again with the overrides, exactly as
    `ccsim run SCENARIO --set k=v ...` does, so what Python runs is what the command runs.
    """

    def __init__(self, path, overrides=()):
        self.path = os.fspath(path)
        self.overrides = list(overrides)

    @classmethod
    def load(cls, path, overrides=()):
        """Loads and checks the scenario; raises ScenarioError listing every input error."""
        s = cls(path, overrides)
        s.check()
        return s

    def set(self, key, value):
        """Sets `key` (a dotted path, e.g. "roles.rep_1.wage_per_hour") to `value`, as
        `--set key=value` does, and returns the scenario (so calls chain); raises
        ScenarioError, leaving the scenario as it was, if the result does not load."""
        self.overrides.append(f"{key}={_toml(value)}")
        try:
            self.check()
        except ValueError:
            self.overrides.pop()
            raise
        return self

    def check(self):
        """What the scenario holds (name, call types, roles, agents, intervals, days);
        raises ScenarioError listing every input error."""
        return _ccsim.describe(self.path, self.overrides)

    def __repr__(self):
        return f"ccsim.Scenario({self.path!r}, overrides={self.overrides!r})"


def _scenario(s):
    return s if isinstance(s, Scenario) else Scenario(s)


class RunResult:
    """One `ccsim run`: `calls` and `agents` (calls.csv, agents.csv: a row per replication,
    scope and call type or role), `summary` and `agent_summary` (calls_summary.csv,
    agents_summary.csv: means with 95 % half-widths), and `json` (summary.json, parsed)."""

    def __init__(self, texts):
        self.calls = _frame(texts["calls"])
        self.agents = _frame(texts["agents"])
        self.summary = _frame(texts["calls_summary"])
        self.agent_summary = _frame(texts["agents_summary"])
        self.json = json.loads(texts["summary_json"])

    def to_dict(self):
        """Every table as a list of records, and summary.json, for json.dump or a notebook."""
        d = {k: getattr(self, k).to_dict(orient="records")
             for k in ("calls", "agents", "summary", "agent_summary")}
        d["json"] = self.json
        return d


def run(scenario, replications=10, seed=1, threads=0):
    """Simulates `replications` days (threads=0: one worker per core); the same figures as
    `ccsim run SCENARIO -n replications -s seed` writes, whatever the thread count."""
    s = _scenario(scenario)
    return RunResult(_ccsim.run(s.path, s.overrides, replications, seed, threads))


def staff(scenario, targets=(), criterion="mean", confidence=0.95, replications=40, seed=1,
          threads=0, role="", shrinkage=None):
    """`ccsim staff`: the fewest agents per interval meeting every target (default
    sl>=0.80 and abandon<=0.05); staffing.csv as a DataFrame, a row per interval.
    The defaults are the command's (`ccsim staff --help`)."""
    s = _scenario(scenario)
    if shrinkage is None:
        shrinkage = _ccsim.default_shrinkage
    return _frame(_ccsim.staff(s.path, s.overrides, list(targets), criterion, confidence,
                               replications, seed, threads, role, shrinkage))


class ScheduleResult:
    """`ccsim schedule`: `roster` (roster.csv, which `ccsim run` accepts), `coverage`
    (coverage.csv) and `unmet` (the targets still missed, in words)."""

    def __init__(self, d):
        self.roster = _frame(d["roster"])
        self.coverage = _frame(d["coverage"])
        self.unmet = list(d["unmet"])


def schedule(scenario, targets=(), criterion="days", confidence=0.8, replications=100, seed=1,
             threads=0, mix="fixed", requirements="simulation", max_rounds=12, gap=0.02):
    """`ccsim schedule`: a roster of shifts with breaks at least payroll that meets the
    targets when simulated. The defaults are the command's (`ccsim schedule --help`)."""
    s = _scenario(scenario)
    return ScheduleResult(_ccsim.schedule(s.path, s.overrides, list(targets), criterion,
                                          confidence, replications, seed, threads, mix,
                                          requirements, max_rounds, gap))


class Comparison:
    """`ccsim compare`: `day` (comparison.csv: a row per variant and figure, with the paired
    difference against the baseline), `intervals` (comparison_intervals.csv; empty when
    intervals=False) and `replications` (comparison_replications.csv)."""

    def __init__(self, d):
        self.day = _frame(d["comparison"])
        self.intervals = _frame(d["intervals"])
        self.replications = _frame(d["replications"])


def compare(scenario, variants=None, scenarios=(), swaps=(), replications=30, seed=1,
            threads=0, intervals=True):
    """`ccsim compare`: the scenario (the baseline) against variants on common random
    numbers. variants: {name: {key: value, ...}} of overrides (--variant); scenarios: other
    scenario paths, or {name: path} (--scenario); swaps: "rep_1-10,rep_2+7" (--swap)."""
    s = _scenario(scenario)
    sets = [(name, [f"{k}={_toml(v)}" for k, v in changes.items()])
            for name, changes in (variants or {}).items()]
    if isinstance(scenarios, dict):
        others = [(name, os.fspath(p)) for name, p in scenarios.items()]
    else:
        others = [(os.path.basename(os.path.normpath(os.fspath(p))), os.fspath(p))
                  for p in scenarios]
    if not sets and not others and not swaps:
        raise ValueError("nothing to compare: give variants, scenarios or swaps")
    return Comparison(_ccsim.compare(s.path, s.overrides, sets, others, list(swaps),
                                     replications, seed, threads, intervals))


def erlang_b(n, a):
    """Erlang B: the blocking probability of n lines offered a Erlangs (analysis/erlang.h)."""
    return _ccsim.erlang_b(n, a)


def erlang_c(n, a):
    """Erlang C: the probability that a call waits, n agents offered a Erlangs."""
    return _ccsim.erlang_c(n, a)


def erlang_a(n, lam, mu, theta, sl_t=0.0, short_s=0.0):
    """Erlang A (M/M/n+M): n agents, arrival rate lam, service rate mu, abandonment rate
    theta (all per the same time unit; sl_t and short_s in it too). A dict: p_wait,
    p_abandon, asa, mean_queue, occupancy, sl_offered, ... (analysis/erlang.h)."""
    if not (mu > 0 and theta > 0):
        raise ValueError("erlang_a: mu and theta must be > 0")
    return _ccsim.erlang_a(n, lam, mu, theta, sl_t, short_s)


__all__ = ["Scenario", "ScenarioError", "run", "staff", "schedule", "compare", "erlang_a",
           "erlang_b", "erlang_c", "RunResult", "ScheduleResult", "Comparison"]
