// _ccsim: the C++ half of the Python module `ccsim` (python/ccsim/__init__.py is the
// other). It is a thin layer over the same entry points the command line calls (app/):
// sim::scenario::load_scenario with --set style overrides, report::simulate_replication,
// analysis::search_staffing, schedule_shifts and compare. Every table comes back as the
// CSV text the report writers put in the output folder, so a DataFrame built from it has
// the metric catalogue's column names and the very figures `ccsim run` writes; nothing is
// computed or named again here.
//
// The simulation runs with the GIL released (other Python threads go on); an input error
// raises ccsim.ScenarioError (a ValueError) with the loader's file:line:column messages,
// and a bad argument raises ValueError saying which and why.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "analysis/compare.h"
#include "analysis/erlang.h"
#include "analysis/replicate.h"
#include "analysis/schedule.h"
#include "analysis/staffing.h"
#include "report/compare_report.h"
#include "report/results.h"
#include "report/schedule_report.h"
#include "report/staffing_report.h"
#include "sim/scenario/scenario.h"

namespace py = pybind11;

namespace {

using Overrides = std::vector<std::string>;

struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A folder means its scenario.toml, as on the command line.
std::string scenario_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return (std::filesystem::path(path) / "scenario.toml").string();
  }
  return path;
}

sim::scenario::Scenario load(const std::string& path, const Overrides& overrides) {
  const std::string file = scenario_file(path);
  auto loaded = sim::scenario::load_scenario(file, overrides);
  if (!loaded.scenario) {
    const std::size_t n = loaded.errors.size();
    throw ScenarioError(loaded.errors.to_string() + std::to_string(n) +
                        (n == 1 ? " error in " : " errors in ") + file);
  }
  return std::move(*loaded.scenario);
}

template <class F>
std::string csv(F write) {
  std::ostringstream os;
  write(os);
  return os.str();
}

py::dict describe(const std::string& path, const Overrides& overrides) {
  const auto sc = load(path, overrides);
  const auto& c = sc.center;
  py::dict d;
  d["name"] = sc.name;
  d["file"] = sc.file.string();
  d["call_types"] = sc.call_type_names();
  d["roles"] = sc.role_names();
  d["agents"] = c.agents.size();
  d["intervals"] = c.intervals();
  d["interval_s"] = c.interval_s;
  d["open_s"] = c.open_s;
  d["close_s"] = c.close_s;
  d["sl_threshold_s"] = sc.sl_threshold_s;
  std::vector<std::string> days;
  for (const auto& day : sc.horizon.days) days.push_back(day.name);
  d["days"] = days;
  return d;
}

// `ccsim run` without the files: the rows of calls.csv and agents.csv, the two summaries
// and summary.json, as text. Replications are simulated on `threads` workers and reduced
// in replication order, so the text does not depend on the thread count.
py::dict run(const std::string& path, const Overrides& overrides, std::size_t replications,
             std::uint64_t seed, std::size_t threads) {
  if (replications < 1) throw py::value_error("replications must be at least 1");
  const auto sc = load(path, overrides);
  report::RunInfo info = report::RunInfo::from(sc);
  info.scenario_file = scenario_file(path);
  info.seed = seed;
  info.replications = replications;
  info.overrides = overrides;
  std::string calls = report::calls_header(info), agents = report::agents_header(info);
  std::string calls_summary, agents_summary, json;
  {
    py::gil_scoped_release free;
    const auto reps = analysis::replicate(1, replications, threads, [&](std::size_t rep) {
      return report::simulate_replication(sc, info, seed, rep);
    });
    report::Summary summary(info);
    for (const auto& r : reps) {
      summary.add(r.figures);
      calls += r.call_rows;
      agents += r.agent_rows;
    }
    std::ostringstream cs, as;
    report::write_summary_csvs(cs, as, info, summary);
    calls_summary = cs.str();
    agents_summary = as.str();
    json = csv([&](std::ostream& os) { report::write_summary_json(os, info, summary); });
  }
  py::dict d;
  d["calls"] = calls;
  d["agents"] = agents;
  d["calls_summary"] = calls_summary;
  d["agents_summary"] = agents_summary;
  d["summary_json"] = json;
  return d;
}

// The search options staff and schedule share, checked as `ccsim staff` checks them.
analysis::StaffingOptions search_options(const std::vector<std::string>& targets,
                                         const std::string& criterion, double confidence,
                                         std::size_t replications, std::uint64_t seed,
                                         std::size_t threads, double sl_threshold_s) {
  analysis::StaffingOptions o;
  if (criterion == "mean") {
    o.criterion = analysis::Criterion::mean;
  } else if (criterion == "days") {
    o.criterion = analysis::Criterion::days;
  } else {
    throw py::value_error("criterion must be 'mean' or 'days', got '" + criterion + "'");
  }
  if (!(confidence > 0.5 && confidence < 1.0)) {
    throw py::value_error("confidence must be between 0.5 and 1 (exclusive)");
  }
  if (replications < 2) throw py::value_error("replications must be at least 2");
  o.confidence = confidence;
  o.replications = replications;
  o.seed = seed;
  o.threads = threads;
  if (const auto why = analysis::read_targets(targets, sl_threshold_s, o.targets); !why.empty()) {
    throw py::value_error("targets: " + why);
  }
  return o;
}

// `ccsim staff`: staffing.csv's text.
std::string staff(const std::string& path, const Overrides& overrides,
                  const std::vector<std::string>& targets, const std::string& criterion,
                  double confidence, std::size_t replications, std::uint64_t seed,
                  std::size_t threads, const std::string& role, double shrinkage) {
  const auto sc = load(path, overrides);
  auto o = search_options(targets, criterion, confidence, replications, seed, threads,
                          sc.sl_threshold_s);
  if (!(shrinkage >= 0.0 && shrinkage < analysis::kMaxShrinkage)) {
    throw py::value_error("shrinkage must be in [0, " + std::to_string(analysis::kMaxShrinkage) +
                          ")");
  }
  o.shrinkage = shrinkage;
  if (!role.empty()) {
    const auto names = sc.role_names();
    for (std::size_t r = 0; r < names.size(); ++r) {
      if (names[r] == role) o.only_role = static_cast<int>(r);
    }
    if (o.only_role < 0) throw py::value_error("role: the scenario has no role '" + role + "'");
  }
  py::gil_scoped_release free;
  const auto r = analysis::search_staffing(sc.center, o);
  return csv([&](std::ostream& os) { report::write_staffing_csv(os, sc.center, r); });
}

// `ccsim schedule`: roster.csv's and coverage.csv's text, and the targets missed.
py::dict schedule(const std::string& path, const Overrides& overrides,
                  const std::vector<std::string>& targets, const std::string& criterion,
                  double confidence, std::size_t replications, std::uint64_t seed,
                  std::size_t threads, const std::string& mix, const std::string& requirements,
                  int max_rounds, double gap) {
  const auto sc = load(path, overrides);
  analysis::ScheduleOptions so;
  so.staffing = search_options(targets, criterion, confidence, replications, seed, threads,
                               sc.sl_threshold_s);
  if (mix != "fixed" && mix != "free") throw py::value_error("mix must be 'fixed' or 'free'");
  so.mix = mix == "fixed" ? analysis::Mix::fixed : analysis::Mix::free;
  if (requirements != "simulation" && requirements != "erlang") {
    throw py::value_error("requirements must be 'simulation' or 'erlang'");
  }
  so.requirements = requirements == "simulation" ? analysis::Requirements::simulation
                                                 : analysis::Requirements::erlang;
  if (max_rounds < 1 || max_rounds > 100) throw py::value_error("max_rounds must be in 1..100");
  if (!(gap >= 0 && gap < 1)) throw py::value_error("gap must be in [0, 1)");
  so.max_rounds = max_rounds;
  so.gap = gap;
  std::variant<analysis::ScheduleResult, std::string> solved;
  {
    py::gil_scoped_release free;
    solved = analysis::schedule_shifts(sc.center, sc.schedule, so);
  }
  if (const auto* why = std::get_if<std::string>(&solved)) {
    throw ScenarioError(sc.file.string() + ": the shift rules cannot cover this day: " + *why);
  }
  const auto& r = std::get<analysis::ScheduleResult>(solved);
  py::dict d;
  d["roster"] = csv([&](std::ostream& os) { report::write_schedule_roster(os, sc.center, r); });
  d["coverage"] = csv([&](std::ostream& os) { report::write_coverage_csv(os, sc.center, r); });
  d["unmet"] = r.unmet;
  return d;
}

// `ccsim compare`: the baseline (path with overrides), then one variant per --variant
// ((name, extra overrides)), per --scenario ((name, path)) and per --swap; the three CSVs.
py::dict compare(const std::string& path, const Overrides& overrides,
                 const std::vector<std::pair<std::string, Overrides>>& variant_sets,
                 const std::vector<std::pair<std::string, std::string>>& scenarios,
                 const std::vector<std::string>& swaps, std::size_t replications,
                 std::uint64_t seed, std::size_t threads, bool intervals) {
  if (replications < 2) throw py::value_error("replications must be at least 2");
  analysis::CompareOptions o;
  o.replications = replications;
  o.seed = seed;
  o.threads = threads;
  o.intervals = intervals;
  const auto base = load(path, overrides);
  o.sl_threshold_s = base.sl_threshold_s;
  std::vector<analysis::Variant> variants{{"baseline", "the scenario as it is", base.center}};
  const auto add = [&](const std::string& name, const std::string& what,
                       const sim::scenario::Scenario& sc) {
    if (const auto why = analysis::same_intervals(base.center, sc.center);
        intervals && !why.empty()) {
      throw ScenarioError(sc.file.string() + ": variant '" + name + "' " + why +
                          "; per-interval figures need the same intervals (intervals=False "
                          "compares day totals only)");
    }
    variants.push_back({name, what, sc.center});
  };
  for (const auto& [name, sets] : variant_sets) {
    Overrides all = overrides;
    all.insert(all.end(), sets.begin(), sets.end());
    add(name, "the scenario with " + std::to_string(sets.size()) + " changes", load(path, all));
  }
  for (const auto& [name, other] : scenarios) add(name, "scenario " + other, load(other, overrides));
  for (const auto& text : swaps) {
    const auto parsed = analysis::parse_swap(text, base.center);
    if (const auto* why = std::get_if<std::string>(&parsed)) throw py::value_error("swap " + *why);
    auto center = analysis::apply_swap(base.center, std::get<std::vector<analysis::Swap>>(parsed));
    if (const auto* why = std::get_if<std::string>(&center)) {
      throw py::value_error("swap '" + text + "' " + *why);
    }
    variants.push_back({text, "the baseline's roster with " + text,
                        std::move(std::get<sim::model::Center>(center))});
  }
  std::string day, per_interval, per_replication;
  {
    py::gil_scoped_release free;
    const analysis::Comparison c = analysis::compare(variants, o);
    day = csv([&](std::ostream& os) { report::write_comparison_csv(os, c); });
    if (intervals) {
      per_interval = csv([&](std::ostream& os) { report::write_comparison_intervals_csv(os, c); });
    }
    per_replication =
        csv([&](std::ostream& os) { report::write_comparison_replications_csv(os, c); });
  }
  py::dict d;
  d["comparison"] = day;
  d["intervals"] = per_interval;
  d["replications"] = per_replication;
  return d;
}

py::dict erlang_a(int n, double lambda, double mu, double theta, double sl_t, double short_s) {
  const auto r = analysis::erlang_a(n, lambda, mu, theta, sl_t, short_s);
  py::dict d;
  d["p_wait"] = r.p_wait;
  d["p_abandon"] = r.p_abandon;
  d["mean_wait_all"] = r.mean_wait_all;
  d["asa"] = r.asa;
  d["mean_queue"] = r.mean_queue;
  d["occupancy"] = r.occupancy;
  d["sl_offered"] = r.sl_offered;
  d["sl_answered"] = r.sl_answered;
  d["sl_offered_minus_short"] = r.sl_offered_minus_short;
  d["p_abandon_short"] = r.p_abandon_short;
  return d;
}

}  // namespace

PYBIND11_MODULE(_ccsim, m) {
  m.doc() = "ccsim's simulator and analyses; use the package `ccsim`, not this module";
  py::register_exception<ScenarioError>(m, "ScenarioError", PyExc_ValueError);
  m.def("describe", &describe, py::arg("path"), py::arg("overrides"));
  m.def("run", &run, py::arg("path"), py::arg("overrides"), py::arg("replications"),
        py::arg("seed"), py::arg("threads"));
  m.def("staff", &staff, py::arg("path"), py::arg("overrides"), py::arg("targets"),
        py::arg("criterion"), py::arg("confidence"), py::arg("replications"), py::arg("seed"),
        py::arg("threads"), py::arg("role"), py::arg("shrinkage"));
  m.def("schedule", &schedule, py::arg("path"), py::arg("overrides"), py::arg("targets"),
        py::arg("criterion"), py::arg("confidence"), py::arg("replications"), py::arg("seed"),
        py::arg("threads"), py::arg("mix"), py::arg("requirements"), py::arg("max_rounds"),
        py::arg("gap"));
  m.def("compare", &compare, py::arg("path"), py::arg("overrides"), py::arg("variants"),
        py::arg("scenarios"), py::arg("swaps"), py::arg("replications"), py::arg("seed"),
        py::arg("threads"), py::arg("intervals"));
  m.def("erlang_b", &analysis::erlang_b, py::arg("n"), py::arg("a"));
  m.def("erlang_c", &analysis::erlang_c, py::arg("n"), py::arg("a"));
  m.def("erlang_a", &erlang_a, py::arg("n"), py::arg("lam"), py::arg("mu"), py::arg("theta"),
        py::arg("sl_t"), py::arg("short_s"));
  m.attr("default_shrinkage") = analysis::kDefaultShrinkage;
}
