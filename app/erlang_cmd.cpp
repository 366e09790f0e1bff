// `ccsim erlang`: the manager's calculator for one interval of Poisson calls with
// exponential handle times (analysis/erlang.h). Each question is asked by leaving out the
// quantity wanted (mode_of): Erlang C, and Erlang A with a patience, give the figures of n
// agents at a load, the fewest agents meeting the targets at a load, or the most calls n
// agents take within the targets; Erlang B gives the blocking of n lines at a load, the
// fewest lines for a blocking target, or the most load n lines carry within it.
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
    "usage: ccsim erlang [--calls N | --erlangs A] --aht-s S [--agents n] [targets] [options]\n"
    "       ccsim erlang [--erlangs A | --calls N --aht-s S] [--lines n] [--max-blocking p]\n"
    "\n"
    "A what-if calculator for one interval: calls arrive at random (Poisson), handle times\n"
    "are exponential, every agent or line alike. Give two of three quantities (the load,\n"
    "the agents or lines, a target) and it answers the third.\n"
    "\n"
    "Queued calls (Erlang C: callers wait for ever; with --patience-s, Erlang A lets them\n"
    "hang up after an exponential patience of that mean, shown next to it and used for the\n"
    "searches):\n"
    "  figures for n agents     ccsim erlang --calls 100 --aht-s 180 --agents 14\n"
    "  agents a target needs    ccsim erlang --calls 100 --aht-s 180 --sl-s 20 --target-sl 0.8\n"
    "                           (--target-sl 0.8 when no target is given; also the heads to\n"
    "                           schedule with --shrinkage, and the figures from two agents\n"
    "                           below to three above, so the trade-off is visible)\n"
    "  calls n agents can take  ccsim erlang --agents 14 --aht-s 180 --max-p-wait 0.2\n"
    "                           (the most calls in the interval meeting every target)\n"
    "Lost calls (Erlang B: n lines or trunks; a call finding all busy is blocked and lost):\n"
    "  blocking of n lines      ccsim erlang --erlangs 5 --lines 10\n"
    "  lines a target needs     ccsim erlang --erlangs 5 --max-blocking 0.01\n"
    "  load n lines carry       ccsim erlang --lines 15 --max-blocking 0.01\n"
    "The load is --erlangs, or --calls in --interval-min with --aht-s.\n"
    "\n"
    "Figures: service level = answered within --sl-s / offered calls (--sl-basis changes\n"
    "the denominator); P(wait) = share of callers who wait at all; ASA = mean wait of\n"
    "answered calls; abandonment = share of offered calls that hang up; occupancy = share of\n"
    "on-phone time spent handling calls; blocking = share of calls finding every line busy.\n"
    "With Erlang C and agents <= load, the queue grows without end: shown as SL 0 %, ASA '-'.\n"
    "Exit codes: 0 done, 64 bad option or value, or targets no staffing can meet.\n"
    "\n";

// How figures print: --precision N significant digits where given. Without it the tables
// keep one decimal for percentages and seconds, two for the load in the heading, and
// every other figure (probabilities, Erlangs, calls, CSV cells) gets 6 significant digits.
struct Format {
  std::optional<int> digits;
  static constexpr int kDefaultDigits = 6;

  static std::string fixed(const char* format, double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
  }
  std::string number(double x) const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits.value_or(kDefaultDigits), x);
    return buf;
  }
  std::string percent(double share) const {
    return digits ? number(100.0 * share) + " %" : fixed("%.1f %%", 100.0 * share);
  }
  std::string seconds(double s) const {
    if (!std::isfinite(s)) return "-";
    return digits ? number(s) : fixed("%.1f", s);
  }
  std::string erlangs(double a) const { return digits ? number(a) : fixed("%.2f", a); }
  // CSV: an empty cell where a figure is undefined.
  std::string csv(double x) const { return std::isfinite(x) ? number(x) : ""; }
};

std::string fmt(const char* format, double x) { return Format::fixed(format, x); }

struct Options {
  std::optional<double> calls, erlangs;
  double interval_min = 30, sl_s = 30, short_abandon_s = 5;
  double shrinkage = analysis::kDefaultShrinkage;
  std::optional<double> aht_s, patience_s, target_sl, max_abandon, max_asa_s, max_occupancy,
      max_p_wait, max_blocking;
  std::optional<int> agents, lines;
  std::string sl_basis = "offered";
  bool csv = false;
  Format f;

  bool erlang_b() const { return lines || max_blocking; }
  bool has_load() const { return calls || erlangs; }
  bool has_queue_target() const {
    return target_sl || max_abandon || max_asa_s || max_occupancy || max_p_wait;
  }
  // Offered load in Erlangs (given a load; with --calls, given --aht-s too).
  double load() const { return erlangs ? *erlangs : *calls * *aht_s / (60.0 * interval_min); }
  // Calls in the interval at `load` Erlangs (given --aht-s).
  double calls_at(double load) const { return load * 60.0 * interval_min / *aht_s; }
};

// Which question is asked: the quantity left out. erlang_b() and has_load() choose it.
enum class Mode { figures, agents_needed, capacity, blocking, lines_needed, lines_capacity };

Mode mode_of(const Options& o) {
  if (o.erlang_b()) {
    if (!o.has_load()) return Mode::lines_capacity;
    return o.lines ? Mode::blocking : Mode::lines_needed;
  }
  if (!o.has_load()) return Mode::capacity;
  return o.agents ? Mode::figures : Mode::agents_needed;
}

// The first value out of its range, phrased as what to fix; empty if none.
std::string check_values(const Options& o) {
  const auto num = [](double x) { return fmt("%g", x); };
  if (o.calls && !(*o.calls >= 0 && std::isfinite(*o.calls))) {
    return "--calls is the calls offered in the interval, >= 0, got " + num(*o.calls);
  }
  if (o.erlangs && !(*o.erlangs >= 0 && std::isfinite(*o.erlangs))) {
    return "--erlangs is the offered load in Erlangs, >= 0, got " + num(*o.erlangs);
  }
  if (!(o.interval_min > 0) || !std::isfinite(o.interval_min)) {
    return "--interval-min must be > 0 minutes, got " + num(o.interval_min);
  }
  if (o.aht_s && !(*o.aht_s > 0 && std::isfinite(*o.aht_s))) {
    return "--aht-s is the average handle time in seconds, > 0, got " + num(*o.aht_s);
  }
  if (o.patience_s && !(*o.patience_s > 0)) {
    return "--patience-s must be > 0 seconds (leave it out for callers who never hang up), got " +
           num(*o.patience_s);
  }
  const auto count = [](const char* name, std::optional<int> n) -> std::string {
    if (!n || (*n >= 1 && *n <= analysis::kMaxAgents)) return {};
    return std::string(name) + " must be between 1 and " + std::to_string(analysis::kMaxAgents) +
           ", got " + std::to_string(*n);
  };
  if (auto e = count("--agents", o.agents); !e.empty()) return e;
  if (auto e = count("--lines", o.lines); !e.empty()) return e;
  if (o.max_blocking && !(*o.max_blocking > 0 && *o.max_blocking < 1)) {
    return "--max-blocking is a probability in (0, 1), e.g. 0.01 for 1 % of calls blocked, got " +
           num(*o.max_blocking);
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
  if (o.max_p_wait && !(*o.max_p_wait > 0 && *o.max_p_wait <= 1)) {
    return "--max-p-wait is a share in (0, 1], e.g. 0.2 for 20 % of callers waiting, got " +
           num(*o.max_p_wait);
  }
  if (!(o.shrinkage >= 0 && o.shrinkage < analysis::kMaxShrinkage)) {
    return "--shrinkage is a share in [0, " + num(analysis::kMaxShrinkage) +
           "), e.g. 0.3 for 30 %, got " + num(o.shrinkage);
  }
  if (!(o.short_abandon_s >= 0)) return "--short-abandon-s must be >= 0 seconds, got " + num(o.short_abandon_s);
  if (o.sl_basis != "offered" && o.sl_basis != "answered" && o.sl_basis != "offered-minus-short") {
    return "--sl-basis must be offered, answered or offered-minus-short, got '" + o.sl_basis + "'";
  }
  if (o.f.digits && !(*o.f.digits >= 1 && *o.f.digits <= 17)) {
    return "--precision is the significant digits to print, 1 to 17, got " +
           std::to_string(*o.f.digits);
  }
  return {};
}

// The first missing or clashing option for the question asked; empty if none.
std::string check_question(const Options& o) {
  if (o.calls && o.erlangs) return "give the load once: --calls (with --aht-s) or --erlangs";
  if (o.erlang_b()) {
    if (o.agents || o.patience_s || o.has_queue_target()) {
      return "--lines and --max-blocking ask Erlang B (lost calls); --agents, --patience-s and "
             "the queue targets belong to Erlang C/A: use one or the other";
    }
    if (!o.has_load() && !(o.lines && o.max_blocking)) {
      return "Erlang B needs two of --lines, --max-blocking and the load (--erlangs, or --calls "
             "with --aht-s)";
    }
    if (o.calls && !o.aht_s) return "--aht-s is required with --calls: the average handle time in seconds, > 0";
  } else {
    if (!o.has_load() && !o.agents) {
      return "--calls is required: calls offered in the interval, >= 0 (or --erlangs; or --agents "
             "without a load for the calls they can take)";
    }
    if (!o.aht_s) return "--aht-s is required: the average handle time in seconds, > 0";
  }
  if (o.has_load() && o.load() >= analysis::kMaxAgents) {
    return "offered load " + fmt("%g", o.load()) + " Erlangs is beyond this calculator (< " +
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

void print_csv_row(std::ostream& out, const Format& f, const std::string& model, int n,
                   int scheduled, const analysis::QueueMetrics& m, bool ok) {
  out << model << "," << n << "," << scheduled << "," << f.csv(m.load_erlangs) << ","
      << f.csv(m.service_level) << "," << f.csv(m.p_wait) << "," << f.csv(m.asa_s) << ","
      << f.csv(m.mean_wait_all_s) << "," << f.csv(m.p_abandon) << "," << f.csv(m.occupancy)
      << "," << (ok ? "yes" : "no") << "\n";
}

std::string targets_text(const analysis::StaffingTargets& t, const Format& f) {
  std::string s;
  const auto add = [&s](const std::string& x) { s += (s.empty() ? "" : ", ") + x; };
  if (t.min_sl) add("SL(" + fmt("%g", t.sl_threshold_s) + " s) >= " + f.percent(*t.min_sl));
  if (t.max_abandon) add("abandonment <= " + f.percent(*t.max_abandon));
  if (t.max_asa_s) add("ASA <= " + fmt("%g", *t.max_asa_s) + " s");
  if (t.max_occupancy) add("occupancy <= " + f.percent(*t.max_occupancy));
  if (t.max_p_wait) add("P(wait) <= " + f.percent(*t.max_p_wait));
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
  t.max_p_wait = o.max_p_wait;
  if (!o.has_queue_target()) t.min_sl = 0.8;
  return t;
}

// One interval's queue: the options, the targets, the arrival rate, and the models to show
// (Erlang C, and Erlang A with a patience; the last one is the one searches use).
struct Calculator {
  const Options& o;
  analysis::StaffingTargets t;
  double lambda;  // calls per second
  double load;    // Erlangs
  std::vector<Column> columns;

  Calculator(const Options& options, analysis::StaffingTargets targets, double lambda_per_s)
      : o(options), t(std::move(targets)), lambda(lambda_per_s), load(lambda * *o.aht_s) {
    columns.push_back({"Erlang C", std::numeric_limits<double>::infinity()});
    if (o.patience_s) columns.push_back({"Erlang A", *o.patience_s});
  }
  analysis::QueueMetrics metrics(int n, double patience_s) const {
    return analysis::queue_metrics(n, lambda, *o.aht_s, patience_s, t);
  }
  int scheduled(int n) const { return analysis::with_shrinkage(n, o.shrinkage); }
  const Column& search_model() const { return columns.back(); }
};

// The figures for n agents, one column per model.
int print_agents(std::ostream& out, const Calculator& calc, int n) {
  const Options& o = calc.o;
  const Format& f = o.f;
  if (o.csv) {
    print_csv_header(out);
    for (const Column& c : calc.columns) {
      const auto m = calc.metrics(n, c.patience_s);
      print_csv_row(out, f, c.name == "Erlang C" ? "erlang_c" : "erlang_a", n, calc.scheduled(n),
                    m, analysis::meets(m, calc.t));
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
  row("service level (" + fmt("%g", o.sl_s) + " s)", [&](const M& m) { return f.percent(m.service_level); });
  row("P(wait)", [&](const M& m) { return f.percent(m.p_wait); });
  row("ASA, answered calls (s)", [&](const M& m) { return f.seconds(m.asa_s); });
  row("mean wait, all callers (s)", [&](const M& m) { return f.seconds(m.mean_wait_all_s); });
  row("abandonment", [&](const M& m) { return f.percent(m.p_abandon); });
  row("occupancy", [&](const M& m) { return f.percent(m.occupancy); });
  out << "\n  " << calc.scheduled(n) << " heads to schedule at " << f.percent(o.shrinkage)
      << " shrinkage.";
  if (calc.load >= n) out << " Erlang C: " << n << " agents <= the load, the queue never clears.";
  out << "\n";
  return kExitOk;
}

// The fewest agents meeting the targets, and the figures from two below to three above.
int print_required(std::ostream& out, const Calculator& calc) {
  const Options& o = calc.o;
  const Format& f = o.f;
  const Column& model = calc.search_model();
  const int need = analysis::agents_required(calc.lambda, *o.aht_s, model.patience_s, calc.t);
  if (need == analysis::kNoStaffing) {
    std::cerr << "ccsim erlang: no staffing up to " << analysis::kMaxAgents
              << " agents meets " << targets_text(calc.t, f) << "; relax a target (a low "
              << "--max-occupancy needs load / cap agents)\n";
    return kExitUsage;
  }
  if (!o.csv) {
    out << "  targets: " << targets_text(calc.t, f) << "\n";
    out << "  agents required (" << model.name << "): " << need << " on the phones, "
        << calc.scheduled(need) << " scheduled at " << f.percent(o.shrinkage) << " shrinkage\n";
    if (o.patience_s) {
      const int c = analysis::agents_required(calc.lambda, *o.aht_s,
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
      print_csv_row(out, f, o.patience_s ? "erlang_a" : "erlang_c", n, calc.scheduled(n), m, ok);
      continue;
    }
    char line[200];
    std::snprintf(line, sizeof line, "  %6d %9d %9s %8s %8s %8s %9s  %s\n", n, calc.scheduled(n),
                  f.percent(m.service_level).c_str(), f.percent(m.p_wait).c_str(),
                  f.seconds(m.asa_s).c_str(), f.percent(m.p_abandon).c_str(),
                  f.percent(m.occupancy).c_str(), ok ? (n == need ? "yes <-" : "yes") : "no");
    out << line;
  }
  return kExitOk;
}

// The most calls n agents can take while meeting every target, and their figures there.
int print_capacity(std::ostream& out, const Options& o) {
  const Format& f = o.f;
  const int n = *o.agents;
  const analysis::StaffingTargets t = targets_of(o);
  const Calculator shape(o, t, 0.0);  // the models; the rate comes next
  const Column& model = shape.search_model();
  const double lambda = analysis::max_arrival_rate(n, *o.aht_s, model.patience_s, t);
  if (!std::isfinite(lambda)) {
    std::cerr << "ccsim erlang: " << n << " agents meet " << targets_text(t, f) << " at any load "
              << "up to " << analysis::kMaxAgents << " Erlangs; add a target that the load "
              << "bounds (--target-sl, --max-abandon, --max-asa-s, --max-p-wait)\n";
    return kExitUsage;
  }
  const Calculator calc(o, t, lambda);
  if (!o.csv) {
    const auto in_interval = [&](double rate) {
      return f.number(rate * 60.0 * o.interval_min) + " calls in " + fmt("%g", o.interval_min) +
             " min";
    };
    out << "ccsim erlang: the most calls " << n << " agents on the phones can take, AHT "
        << fmt("%g", *o.aht_s) << " s";
    if (o.patience_s) out << ", mean patience " << fmt("%g", *o.patience_s) << " s";
    out << "\n\n  targets: " << targets_text(t, f) << "\n";
    out << "  most calls (" << model.name << "): " << in_interval(lambda)
        << ", an offered load of " << f.number(calc.load) << " Erlangs\n";
    if (o.patience_s) {
      const double c = analysis::max_arrival_rate(n, *o.aht_s,
                                                  std::numeric_limits<double>::infinity(), t);
      out << "  if nobody hung up (Erlang C): " << in_interval(c) << "\n";
    }
    out << "\n  the figures at that load:\n";
  }
  return print_agents(out, calc, n);
}

// ---- Erlang B: lines (trunks), a call finding every line busy is lost. ----

// The question asked, in words, with the load in calls where calls were given.
void print_loss_header(std::ostream& out, const Options& o, Mode mode) {
  if (o.csv) {
    out << "model,lines,load_erlangs,blocking,carried_erlangs,lost_erlangs,meets_target\n";
    return;
  }
  out << "ccsim erlang (Erlang B, blocked calls lost): ";
  const std::string blocking = "blocking <= " + fmt("%g", *o.max_blocking);
  if (mode == Mode::lines_capacity) {
    out << "the most load " << *o.lines << " lines carry with " << blocking << "\n\n";
    return;
  }
  out << (mode == Mode::blocking ? "the blocking of " + std::to_string(*o.lines) + " lines"
                                 : "the fewest lines keeping " + blocking)
      << " at an offered load of " << o.f.number(o.load()) << " Erlangs";
  if (o.calls) {
    out << " (" << fmt("%g", *o.calls) << " calls in " << fmt("%g", o.interval_min)
        << " min, AHT " << fmt("%g", *o.aht_s) << " s)";
  }
  out << "\n\n";
}

void print_loss_csv_row(std::ostream& out, const Options& o, int n, double a) {
  const Format& f = o.f;
  const double b = analysis::erlang_b(n, a);
  out << "erlang_b," << n << "," << f.csv(a) << "," << f.csv(b) << "," << f.csv(a * (1 - b)) << ","
      << f.csv(a * b) << "," << (o.max_blocking ? (b <= *o.max_blocking ? "yes" : "no") : "") << "\n";
}

// The blocking of --lines at the load, and what it means in Erlangs and calls.
int print_blocking(std::ostream& out, const Options& o) {
  const int n = *o.lines;
  const double a = o.load(), b = analysis::erlang_b(n, a);
  if (o.csv) {
    print_loss_csv_row(out, o, n, a);
    return kExitOk;
  }
  const Format& f = o.f;
  out << "  blocking probability: " << f.number(b) << " (share of calls finding all " << n
      << " lines busy)\n";
  out << "  carried load: " << f.number(a * (1 - b)) << " Erlangs; lost: " << f.number(a * b)
      << " Erlangs\n";
  if (o.calls) out << "  calls blocked: " << f.number(*o.calls * b) << " of " << fmt("%g", *o.calls) << "\n";
  if (o.max_blocking) {
    out << "  meets the blocking target: " << (b <= *o.max_blocking ? "yes" : "no") << " ("
        << analysis::lines_required(a, *o.max_blocking) << " lines needed)\n";
  }
  return kExitOk;
}

// The fewest lines meeting --max-blocking, and the blocking from two below to three above.
int print_lines_required(std::ostream& out, const Options& o) {
  const double a = o.load(), p = *o.max_blocking;
  const int need = analysis::lines_required(a, p);
  if (need == analysis::kNoStaffing) {
    std::cerr << "ccsim erlang: no number of lines up to " << analysis::kMaxAgents
              << " keeps blocking <= " << fmt("%g", p) << "; relax --max-blocking\n";
    return kExitUsage;
  }
  const Format& f = o.f;
  if (!o.csv) {
    out << "  lines required: " << need << "\n\n";
    char line[160];
    std::snprintf(line, sizeof line, "  %6s %12s %16s  %s\n", "lines", "blocking",
                  "carried Erlangs", "meets");
    out << line;
  }
  for (int n = std::max(1, need - 2); n <= need + 3; ++n) {
    if (o.csv) {
      print_loss_csv_row(out, o, n, a);
      continue;
    }
    const double b = analysis::erlang_b(n, a);
    char line[160];
    std::snprintf(line, sizeof line, "  %6d %12s %16s  %s\n", n, f.number(b).c_str(),
                  f.number(a * (1 - b)).c_str(), b <= p ? (n == need ? "yes <-" : "yes") : "no");
    out << line;
  }
  return kExitOk;
}

// The largest offered load --lines carry at --max-blocking.
int print_lines_capacity(std::ostream& out, const Options& o) {
  const int n = *o.lines;
  const double a = analysis::erlang_b_load(n, *o.max_blocking);
  if (o.csv) {
    print_loss_csv_row(out, o, n, a);
    return kExitOk;
  }
  const Format& f = o.f;
  const double b = analysis::erlang_b(n, a);
  out << "  most offered load: " << f.number(a) << " Erlangs (blocking " << f.number(b)
      << " there; carried " << f.number(a * (1 - b)) << " Erlangs)\n";
  if (o.aht_s) {
    out << "  that is " << f.number(o.calls_at(a)) << " calls in " << fmt("%g", o.interval_min)
        << " min at AHT " << fmt("%g", *o.aht_s) << " s\n";
  }
  return kExitOk;
}

// An option without a default: its value goes into `into` only when it is given.
template <class T>
po::typed_value<T>* given(std::optional<T>& into) {
  return po::value<T>()->notifier([&into](const T& x) { into = x; });
}

void describe_options(po::options_description& desc, Options& o) {
  desc.add_options()("help,h", "show this help")(
      "calls", given(o.calls), "calls offered in the interval")(
      "erlangs", given(o.erlangs), "offered load in Erlangs, instead of --calls")(
      "interval-min", po::value(&o.interval_min)->default_value(o.interval_min),
      "interval length, minutes")(
      "aht-s", given(o.aht_s), "average handle time (talk + wrap-up), seconds")(
      "patience-s", given(o.patience_s),
      "mean time a caller waits before hanging up, seconds; adds Erlang A")(
      "agents", given(o.agents), "agents on the phones: show their figures, or with no "
      "load the most calls they can take")(
      "lines", given(o.lines), "Erlang B: lines (trunks); with a load, their blocking")(
      "max-blocking", given(o.max_blocking),
      "Erlang B target: blocking at most this probability, e.g. 0.01")(
      "sl-s", po::value(&o.sl_s)->default_value(o.sl_s), "service-level threshold T, seconds")(
      "target-sl", given(o.target_sl), "target: SL(T) at least this share, e.g. 0.8")(
      "max-abandon", given(o.max_abandon), "target: abandonment at most this share, e.g. 0.05")(
      "max-asa-s", given(o.max_asa_s), "target: ASA at most this many seconds")(
      "max-occupancy", given(o.max_occupancy), "target: occupancy at most this share, e.g. 0.9")(
      "max-p-wait", given(o.max_p_wait),
      "target: share of callers who wait at all at most this, e.g. 0.2")(
      "shrinkage",
      po::value(&o.shrinkage)->default_value(o.shrinkage, sim::text::number(o.shrinkage)),
      "share of paid time off the phones (breaks, absence, training), e.g. 0.3: scheduled "
      "heads = ceil(agents / (1 - shrinkage))")(
      "sl-basis", po::value(&o.sl_basis)->default_value(o.sl_basis),
      "SL denominator: offered, answered, or offered-minus-short (offered calls less those "
      "abandoned within --short-abandon-s); the same for Erlang C")(
      "short-abandon-s", po::value(&o.short_abandon_s)->default_value(o.short_abandon_s),
      "abandons within this many seconds are 'short' (for --sl-basis offered-minus-short)")(
      "precision", given(o.f.digits),
      "significant digits of every figure printed (1 to 17); default: 6, and one decimal "
      "for the tables' percentages and seconds")(
      "csv", po::bool_switch(&o.csv), "print the table as CSV (shares, seconds) instead");
}

// The heading of the two questions asked with a load: the load in calls and in Erlangs.
void print_queue_heading(std::ostream& out, const Options& o, const Calculator& calc) {
  const std::string patience =
      o.patience_s ? ", mean patience " + fmt("%g", *o.patience_s) + " s" : "";
  if (o.calls) {
    out << "ccsim erlang: " << fmt("%g", *o.calls) << " calls in " << fmt("%g", o.interval_min)
        << " min, AHT " << fmt("%g", *o.aht_s) << " s" << patience << ": offered load "
        << o.f.erlangs(calc.load) << " Erlangs\n\n";
    return;
  }
  out << "ccsim erlang: offered load " << fmt("%g", *o.erlangs) << " Erlangs = "
      << o.f.number(o.calls_at(calc.load)) << " calls in " << fmt("%g", o.interval_min)
      << " min at AHT " << fmt("%g", *o.aht_s) << " s" << patience << "\n\n";
}

}  // namespace

int cmd_erlang(const std::vector<std::string>& args) {
  Options o;
  po::options_description desc("options");
  describe_options(desc, o);
  po::variables_map vm;
  if (const int rc = parse_command({"erlang", kErlangSynopsis, ""}, args, desc, vm); rc >= 0) {
    return rc;
  }
  std::string problem = check_values(o);
  if (problem.empty()) problem = check_question(o);
  if (!problem.empty()) {
    std::cerr << "ccsim erlang: " << problem << "\n(see ccsim erlang --help)\n";
    return kExitUsage;
  }
  std::ostream& out = std::cout;
  const Mode mode = mode_of(o);
  switch (mode) {
    case Mode::blocking:
    case Mode::lines_needed:
    case Mode::lines_capacity:
      print_loss_header(out, o, mode);
      if (mode == Mode::blocking) return print_blocking(out, o);
      return mode == Mode::lines_needed ? print_lines_required(out, o) : print_lines_capacity(out, o);
    case Mode::capacity: return print_capacity(out, o);
    case Mode::figures:
    case Mode::agents_needed: break;
  }
  const Calculator calc(o, targets_of(o), o.load() / *o.aht_s);
  if (!o.csv) print_queue_heading(out, o, calc);
  return mode == Mode::figures ? print_agents(out, calc, *o.agents) : print_required(out, calc);
}

}  // namespace app
