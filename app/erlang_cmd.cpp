// `ccsim erlang`: the manager's calculator. Erlang C and, with a patience, Erlang A for one
// interval of Poisson calls with exponential handle times (analysis/erlang.h): the figures
// for a given number of agents, or the fewest agents that meet the targets with the
// trade-off around that answer.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "analysis/erlang.h"
#include "app/commands.h"
#include "app/run.h"
#include "sim/scenario/format.h"

namespace app {

namespace po = boost::program_options;

namespace {

const char* const kErlangSynopsis =
    "usage: ccsim erlang --calls N --aht-s S [--interval-min M] [--patience-s P]\n"
    "                    [--agents n | targets] [options]\n"
    "\n"
    "A what-if calculator for one interval: calls arrive at random (Poisson), handle times\n"
    "are exponential, one queue, every agent alike. Erlang C assumes callers wait for ever;\n"
    "with --patience-s, Erlang A lets them hang up after an exponential patience of that\n"
    "mean and is shown next to it (and used for the search).\n"
    "\n"
    "With --agents: the figures for that many agents on the phones.\n"
    "Without: the fewest agents on the phones meeting every target given (--target-sl 0.8\n"
    "when none is), the heads to schedule with --shrinkage, and the figures from two agents\n"
    "below to three above, so the trade-off is visible.\n"
    "\n"
    "Figures: service level = answered within --sl-s / offered calls (--sl-basis changes\n"
    "the denominator); ASA = mean wait of answered calls; abandonment = share of offered\n"
    "calls that hang up; occupancy = share of on-phone time spent handling calls. With\n"
    "Erlang C and agents <= load, the queue grows without end: shown as SL 0 %, ASA '-'.\n"
    "Exit codes: 0 done, 64 bad option or value, or targets no staffing can meet.\n"
    "\n";

struct Options {
  double calls = -1, interval_min = 30, aht_s = -1, sl_s = 30, short_abandon_s = 5;
  double shrinkage = analysis::kDefaultShrinkage;
  std::optional<double> patience_s, target_sl, max_abandon, max_asa_s, max_occupancy;
  std::optional<int> agents;
  std::string sl_basis = "offered";
  bool csv = false;
};

std::string fmt(const char* format, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}
std::string percent(double share) { return fmt("%.1f %%", 100.0 * share); }
std::string seconds(double s) { return std::isfinite(s) ? fmt("%.1f", s) : "-"; }
// CSV: shares and seconds with full precision; empty cell where a figure is undefined.
std::string csv_number(double x) { return std::isfinite(x) ? fmt("%.6g", x) : ""; }

// The first problem with the values, phrased as what to fix; empty if none.
std::string check(const Options& o) {
  const auto num = [](double x) { return fmt("%g", x); };
  if (!(o.calls >= 0) || !std::isfinite(o.calls)) return "--calls is required: calls offered in the interval, >= 0";
  if (!(o.interval_min > 0) || !std::isfinite(o.interval_min)) {
    return "--interval-min must be > 0 minutes, got " + num(o.interval_min);
  }
  if (!(o.aht_s > 0) || !std::isfinite(o.aht_s)) {
    return "--aht-s is required: the average handle time in seconds, > 0";
  }
  if (o.patience_s && !(*o.patience_s > 0)) {
    return "--patience-s must be > 0 seconds (leave it out for callers who never hang up), got " +
           num(*o.patience_s);
  }
  if (o.agents && (*o.agents < 1 || *o.agents > analysis::kMaxAgents)) {
    return "--agents must be between 1 and " + std::to_string(analysis::kMaxAgents) +
           ", got " + std::to_string(*o.agents);
  }
  if (!(o.sl_s >= 0) || !std::isfinite(o.sl_s)) return "--sl-s must be >= 0 seconds, got " + num(o.sl_s);
  if (o.target_sl && !(*o.target_sl >= 0 && *o.target_sl < 1)) {
    return "--target-sl is a share in [0, 1), e.g. 0.8 for 80 %, got " + num(*o.target_sl);
  }
  if (o.max_abandon && !(*o.max_abandon > 0 && *o.max_abandon <= 1)) {
    return "--max-abandon is a share in (0, 1], e.g. 0.05 for 5 %, got " + num(*o.max_abandon);
  }
  if (o.max_asa_s && !(*o.max_asa_s > 0)) return "--max-asa-s must be > 0 seconds, got " + num(*o.max_asa_s);
  if (o.max_occupancy && !(*o.max_occupancy > 0 && *o.max_occupancy <= 1)) {
    return "--max-occupancy is a share in (0, 1], e.g. 0.9 for 90 %, got " + num(*o.max_occupancy);
  }
  if (!(o.shrinkage >= 0 && o.shrinkage < analysis::kMaxShrinkage)) {
    return "--shrinkage is a share in [0, " + num(analysis::kMaxShrinkage) +
           "), e.g. 0.3 for 30 %, got " + num(o.shrinkage);
  }
  if (!(o.short_abandon_s >= 0)) return "--short-abandon-s must be >= 0 seconds, got " + num(o.short_abandon_s);
  if (o.sl_basis != "offered" && o.sl_basis != "answered" && o.sl_basis != "offered-minus-short") {
    return "--sl-basis must be offered, answered or offered-minus-short, got '" + o.sl_basis + "'";
  }
  const double load = o.calls * o.aht_s / (60.0 * o.interval_min);
  if (load >= analysis::kMaxAgents) {
    return "offered load " + num(load) + " Erlangs is beyond this calculator (< " +
           std::to_string(analysis::kMaxAgents) + ")";
  }
  return {};
}

struct Column {
  std::string name;
  double patience_s;  // +inf: Erlang C
};

void print_csv_header(std::ostream& out) {
  out << "model,agents,scheduled,load_erlangs,service_level,p_wait,asa_s,mean_wait_all_s,"
         "abandonment_rate,occupancy,meets_targets\n";
}

void print_csv_row(std::ostream& out, const std::string& model, int n, int scheduled,
                   const analysis::QueueMetrics& m, bool ok) {
  out << model << "," << n << "," << scheduled << "," << csv_number(m.load_erlangs) << ","
      << csv_number(m.service_level) << "," << csv_number(m.p_wait) << ","
      << csv_number(m.asa_s) << "," << csv_number(m.mean_wait_all_s) << ","
      << csv_number(m.p_abandon) << "," << csv_number(m.occupancy) << "," << (ok ? "yes" : "no")
      << "\n";
}

std::string targets_text(const analysis::StaffingTargets& t) {
  std::string s;
  const auto add = [&s](const std::string& x) { s += (s.empty() ? "" : ", ") + x; };
  if (t.min_sl) add("SL(" + fmt("%g", t.sl_threshold_s) + " s) >= " + percent(*t.min_sl));
  if (t.max_abandon) add("abandonment <= " + percent(*t.max_abandon));
  if (t.max_asa_s) add("ASA <= " + fmt("%g", *t.max_asa_s) + " s");
  if (t.max_occupancy) add("occupancy <= " + percent(*t.max_occupancy));
  return s;
}

analysis::StaffingTargets targets_of(const Options& o) {
  analysis::StaffingTargets t;
  t.sl_threshold_s = o.sl_s;
  t.short_abandon_s = o.short_abandon_s;
  t.sl_basis = o.sl_basis == "answered"              ? analysis::SlBasis::answered
               : o.sl_basis == "offered-minus-short" ? analysis::SlBasis::offered_minus_short
                                                     : analysis::SlBasis::offered;
  t.min_sl = o.target_sl;
  t.max_abandon = o.max_abandon;
  t.max_asa_s = o.max_asa_s;
  t.max_occupancy = o.max_occupancy;
  if (!t.min_sl && !t.max_abandon && !t.max_asa_s && !t.max_occupancy) t.min_sl = 0.8;
  return t;
}

// One interval's queue: the options, the targets, and the models to show (Erlang C, and
// Erlang A with a patience).
struct Calculator {
  const Options& o;
  analysis::StaffingTargets t;
  double lambda = o.calls / (60.0 * o.interval_min);
  double load = lambda * o.aht_s;
  std::vector<Column> columns;

  Calculator(const Options& options, analysis::StaffingTargets targets)
      : o(options), t(std::move(targets)) {
    columns.push_back({"Erlang C", std::numeric_limits<double>::infinity()});
    if (o.patience_s) columns.push_back({"Erlang A", *o.patience_s});
  }
  analysis::QueueMetrics metrics(int n, double patience_s) const {
    return analysis::queue_metrics(n, lambda, o.aht_s, patience_s, t);
  }
  int scheduled(int n) const { return analysis::with_shrinkage(n, o.shrinkage); }
};

// The figures for --agents n, one column per model.
int print_agents(std::ostream& out, const Calculator& calc, int n) {
  const Options& o = calc.o;
  if (o.csv) {
    print_csv_header(out);
    for (const Column& c : calc.columns) {
      const auto m = calc.metrics(n, c.patience_s);
      print_csv_row(out, c.name == "Erlang C" ? "erlang_c" : "erlang_a", n, calc.scheduled(n), m,
                    analysis::meets(m, calc.t));
    }
    return kExitOk;
  }
  std::vector<analysis::QueueMetrics> ms;
  for (const Column& c : calc.columns) ms.push_back(calc.metrics(n, c.patience_s));
  char line[160];
  std::snprintf(line, sizeof line, "  %-30s", "");
  out << line;
  for (const Column& c : calc.columns) {
    std::snprintf(line, sizeof line, "%14s", c.name.c_str());
    out << line;
  }
  out << "\n";
  const auto row = [&](const std::string& label, auto value) {
    std::snprintf(line, sizeof line, "  %-30s", label.c_str());
    out << line;
    for (const auto& m : ms) {
      std::snprintf(line, sizeof line, "%14s", value(m).c_str());
      out << line;
    }
    out << "\n";
  };
  using M = analysis::QueueMetrics;
  row("agents on the phones", [&](const M&) { return std::to_string(n); });
  row("service level (" + fmt("%g", o.sl_s) + " s)", [](const M& m) { return percent(m.service_level); });
  row("P(wait)", [](const M& m) { return percent(m.p_wait); });
  row("ASA, answered calls (s)", [](const M& m) { return seconds(m.asa_s); });
  row("mean wait, all callers (s)", [](const M& m) { return seconds(m.mean_wait_all_s); });
  row("abandonment", [](const M& m) { return percent(m.p_abandon); });
  row("occupancy", [](const M& m) { return percent(m.occupancy); });
  out << "\n  " << calc.scheduled(n) << " heads to schedule at " << percent(o.shrinkage)
      << " shrinkage.";
  if (calc.load >= n) out << " Erlang C: " << n << " agents <= the load, the queue never clears.";
  out << "\n";
  return kExitOk;
}

// The fewest agents meeting the targets, and the figures from two below to three above.
// The search uses the last column's model: Erlang A when a patience is given.
int print_required(std::ostream& out, const Calculator& calc) {
  const Options& o = calc.o;
  const Column& model = calc.columns.back();
  const int need = analysis::agents_required(calc.lambda, o.aht_s, model.patience_s, calc.t);
  if (need == analysis::kNoStaffing) {
    std::cerr << "ccsim erlang: no staffing up to " << analysis::kMaxAgents
              << " agents meets " << targets_text(calc.t) << "; relax a target (a low "
              << "--max-occupancy needs load / cap agents)\n";
    return kExitUsage;
  }
  if (!o.csv) {
    out << "  targets: " << targets_text(calc.t) << "\n";
    out << "  agents required (" << model.name << "): " << need << " on the phones, "
        << calc.scheduled(need) << " scheduled at " << percent(o.shrinkage) << " shrinkage\n";
    if (o.patience_s) {
      const int c = analysis::agents_required(calc.lambda, o.aht_s,
                                              std::numeric_limits<double>::infinity(), calc.t);
      if (c != analysis::kNoStaffing) out << "  if nobody hung up (Erlang C): " << c << " on the phones\n";
    }
    out << "\n";
    char line[200];
    std::snprintf(line, sizeof line, "  %6s %9s %9s %8s %8s %8s %9s  %s\n", "agents", "scheduled",
                  ("SL(" + fmt("%g", o.sl_s) + "s)").c_str(), "P(wait)", "ASA s", "abandon",
                  "occupancy", "meets");
    out << line;
  } else {
    print_csv_header(out);
  }
  for (int n = std::max(1, need - 2); n <= need + 3; ++n) {
    const auto m = calc.metrics(n, model.patience_s);
    const bool ok = analysis::meets(m, calc.t);
    if (o.csv) {
      print_csv_row(out, o.patience_s ? "erlang_a" : "erlang_c", n, calc.scheduled(n), m, ok);
      continue;
    }
    char line[200];
    std::snprintf(line, sizeof line, "  %6d %9d %9s %8s %8s %8s %9s  %s\n", n, calc.scheduled(n),
                  percent(m.service_level).c_str(), percent(m.p_wait).c_str(),
                  seconds(m.asa_s).c_str(), percent(m.p_abandon).c_str(),
                  percent(m.occupancy).c_str(), ok ? (n == need ? "yes <-" : "yes") : "no");
    out << line;
  }
  return kExitOk;
}

}  // namespace

int cmd_erlang(const std::vector<std::string>& args) {
  Options o;
  double patience = 0, target_sl = 0, max_abandon = 0, max_asa = 0, max_occ = 0;
  int agents = 0;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "calls", po::value(&o.calls), "calls offered in the interval (required)")(
      "interval-min", po::value(&o.interval_min)->default_value(o.interval_min),
      "interval length, minutes")(
      "aht-s", po::value(&o.aht_s), "average handle time (talk + wrap-up), seconds (required)")(
      "patience-s", po::value(&patience),
      "mean time a caller waits before hanging up, seconds; adds Erlang A")(
      "agents", po::value(&agents), "agents on the phones: show their figures")(
      "sl-s", po::value(&o.sl_s)->default_value(o.sl_s), "service-level threshold T, seconds")(
      "target-sl", po::value(&target_sl), "target: SL(T) at least this share, e.g. 0.8")(
      "max-abandon", po::value(&max_abandon), "target: abandonment at most this share, e.g. 0.05")(
      "max-asa-s", po::value(&max_asa), "target: ASA at most this many seconds")(
      "max-occupancy", po::value(&max_occ), "target: occupancy at most this share, e.g. 0.9")(
      "shrinkage",
      po::value(&o.shrinkage)->default_value(o.shrinkage, sim::text::number(o.shrinkage)),
      "share of paid time off the phones (breaks, absence, training), e.g. 0.3: scheduled "
      "heads = ceil(agents / (1 - shrinkage))")(
      "sl-basis", po::value(&o.sl_basis)->default_value(o.sl_basis),
      "SL denominator: offered, answered, or offered-minus-short (offered calls less those "
      "abandoned within --short-abandon-s); the same for Erlang C")(
      "short-abandon-s", po::value(&o.short_abandon_s)->default_value(o.short_abandon_s),
      "abandons within this many seconds are 'short' (for --sl-basis offered-minus-short)")(
      "csv", po::bool_switch(&o.csv), "print the table as CSV (shares, seconds) instead");
  po::variables_map vm;
  if (const int rc = parse_command({"erlang", kErlangSynopsis, ""}, args, desc, vm); rc >= 0) {
    return rc;
  }
  if (vm.count("patience-s")) o.patience_s = patience;
  if (vm.count("agents")) o.agents = agents;
  if (vm.count("target-sl")) o.target_sl = target_sl;
  if (vm.count("max-abandon")) o.max_abandon = max_abandon;
  if (vm.count("max-asa-s")) o.max_asa_s = max_asa;
  if (vm.count("max-occupancy")) o.max_occupancy = max_occ;
  if (const std::string problem = check(o); !problem.empty()) {
    std::cerr << "ccsim erlang: " << problem << "\n(see ccsim erlang --help)\n";
    return kExitUsage;
  }
  const Calculator calc(o, targets_of(o));
  std::ostream& out = std::cout;
  if (!o.csv) {
    out << "ccsim erlang: " << fmt("%g", o.calls) << " calls in " << fmt("%g", o.interval_min)
        << " min, AHT " << fmt("%g", o.aht_s) << " s";
    if (o.patience_s) out << ", mean patience " << fmt("%g", *o.patience_s) << " s";
    out << ": offered load " << fmt("%.2f", calc.load) << " Erlangs\n\n";
  }
  return o.agents ? print_agents(out, calc, *o.agents) : print_required(out, calc);
}

}  // namespace app
