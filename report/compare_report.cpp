#include "report/compare_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

#include "report/html.h"
#include "report/json.h"
#include "sim/scenario/format.h"

namespace report {

using namespace analysis;  // the figures this file reports

using sim::text::csv_field;
using sim::metrics::def;
using sim::text::number;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr auto kSl = CallMetric::service_level;
constexpr auto kCost = AgentMetric::cost;

// Only a variant that surely costs more has a rate: training variants differ from the
// baseline by a few units of overtime noise, and dividing by that would rank them first.
bool costs_more(const VariantResult& v) {
  return v.diff[kCost].mean - v.diff[kCost].half_width > 0;
}

}  // namespace

double sl_points_per_1000(const VariantResult& v) {
  const double dc = v.diff[kCost].mean;
  if (!costs_more(v)) return kNaN;
  return 100.0 * v.diff[kSl].mean / (dc / 1000.0);
}

double staff_equivalent_value(const Comparison& c, const VariantResult& v) {
  if (costs_more(v) || !(v.diff[kSl].mean - v.diff[kSl].half_width > 0)) return kNaN;
  double best = kNaN;  // SL points per 1,000 of the best staffing variant
  for (const auto& o : c.variants) {
    const double r = sl_points_per_1000(o);
    if (r > 0 && !(r <= best)) best = r;
  }
  if (std::isnan(best)) return kNaN;
  return 100.0 * v.diff[kSl].mean / best * 1000.0;
}

void write_comparison_csv(std::ostream& os, const Comparison& c) {
  std::string out =
      "variant,description,metric,mean,ci95_half_width,diff_vs_baseline,diff_ci95_half_width,"
      "replications,on_frontier,sl_points_per_1000,staff_equivalent_value\n";
  for (std::size_t v = 0; v < c.variants.size(); ++v) {
    const auto& r = c.variants[v];
    const std::string per = number(sl_points_per_1000(r));
    const std::string eq = number(staff_equivalent_value(c, r));
    for (const DayFigure f : kComparedFigures) {
      out += csv_field(r.name) + "," + csv_field(r.description) + "," +
             std::string(sim::metrics::def(f).name) + "," + number(r.value[f].mean) + "," +
             number(r.value[f].half_width) + "," + (v ? number(r.diff[f].mean) : "") + "," +
             (v ? number(r.diff[f].half_width) : "") + "," +
             number(static_cast<double>(r.value[f].n)) + "," + (r.on_frontier ? "true" : "false") +
             "," + per + "," + eq + "\n";
    }
  }
  os << out;
}

void write_comparison_intervals_csv(std::ostream& os, const Comparison& c) {
  std::string out =
      "variant,interval_start,metric,mean,ci95_half_width,diff_vs_baseline,"
      "diff_ci95_half_width\n";
  for (std::size_t v = 0; v < c.variants.size(); ++v) {
    const auto& r = c.variants[v];
    for (std::size_t k = 0; k < r.interval_value.size(); ++k) {
      for (const DayFigure f : kComparedFigures) {
        const MeanCi& x = r.interval_value[k][f];
        const MeanCi& d = r.interval_diff[k][f];
        out += csv_field(r.name) + "," + sim::text::hhmm(c.interval_starts[k]) + "," +
               std::string(sim::metrics::def(f).name) + "," + number(x.mean) + "," +
               number(x.half_width) + "," + (v ? number(d.mean) : "") + "," +
               (v ? number(d.half_width) : "") + "\n";
      }
    }
    os << out;
    out.clear();
  }
}

void write_comparison_replications_csv(std::ostream& os, const Comparison& c) {
  std::string out = "variant,replication,metric,value\n";
  for (const auto& r : c.variants) {
    for (std::size_t i = 0; i < r.replications.size(); ++i) {
      for (const DayFigure f : kComparedFigures) {
        out += csv_field(r.name) + "," + std::to_string(i + 1) + "," +
               std::string(sim::metrics::def(f).name) + "," + number(r.replications[i][f]) + "\n";
      }
    }
    os << out;
    out.clear();
  }
}

void write_comparison_json(std::ostream& os, const std::string& scenario_name, const Comparison& c,
                           std::uint64_t seed) {
  json::Json j;
  j["command"] = "compare";
  j["scenario"] = scenario_name;
  j["seed"] = seed;
  j["replications"] = c.replications;
  j["common_random_numbers"] = !c.independent;
  j["variants"] = json::Json::array();
  for (std::size_t v = 0; v < c.variants.size(); ++v) {
    const auto& r = c.variants[v];
    json::Json row = {{"name", r.name}, {"on_frontier", r.on_frontier}};
    for (const DayFigure f : kComparedFigures) {
      const std::string name(sim::metrics::def(f).name);
      row[name] = json::number(r.value[f].mean);
      if (v) row[name + "_diff"] = json::number(r.diff[f].mean);
    }
    j["variants"].push_back(std::move(row));
  }
  json::write(os, j);
}

namespace {

// The screen table: one row per variant, paired differences against the baseline.
void print_table(std::ostream& os, const Comparison& c, bool callbacks) {
  char buf[360];
  std::snprintf(buf, sizeof buf,
                "%zu replications per variant, %s; differences are paired against '%s', "
                "mean ± 95 %% half-width\n\n",
                c.replications, c.independent ? "independent streams" : "common random numbers",
                c.variants.empty() ? "" : c.variants[0].name.c_str());
  os << buf;
  // The name column fits the longest name (a search's mix can be long), up to 60 characters.
  int w = 30;
  for (const auto& r : c.variants) w = std::max(w, static_cast<int>(std::min<std::size_t>(r.name.size(), 60)));
  std::snprintf(buf, sizeof buf, "  %-*s %14s %14s %12s %12s %10s %12s %9s%s\n", w, "variant",
                "SL %", "ΔSL pts", "ΔASA s", "Δabandon pts", "ΔFCR pts", "Δcost", "SL/1000",
                callbacks ? "   Δlive SL pts" : "");
  os << buf;
  for (std::size_t v = 0; v < c.variants.size(); ++v) {
    const auto& r = c.variants[v];
    const auto pm = [&](DayFigure m, double scale, int decimals) {
      char b[48];
      if (v == 0) return std::string("");
      std::snprintf(b, sizeof b, "%+.*f ± %.*f", decimals, scale * r.diff[m].mean, decimals,
                    scale * r.diff[m].half_width);
      return std::string(b);
    };
    char sl[48], per[24], live[48] = "";
    std::snprintf(sl, sizeof sl, "%.1f ± %.1f", 100 * r.value[kSl].mean,
                  100 * r.value[kSl].half_width);
    const double p = sl_points_per_1000(r);
    if (std::isnan(p)) {
      per[0] = '\0';
    } else {
      std::snprintf(per, sizeof per, "%.2f", p);
    }
    if (callbacks) {
      std::snprintf(live, sizeof live, " %14s", pm(CallMetric::live_service_level, 100, 2).c_str());
    }
    std::snprintf(buf, sizeof buf, "  %-*s %14s %14s %12s %12s %10s %12s %9s%s%s\n", w,
                  r.name.substr(0, 60).c_str(), sl, pm(kSl, 100, 2).c_str(),
                  pm(CallMetric::asa_s, 1, 1).c_str(),
                  pm(CallMetric::abandonment_rate, 100, 2).c_str(),
                  pm(CallMetric::fcr_rate, 100, 2).c_str(), pm(kCost, 1, 0).c_str(), per, live,
                  r.on_frontier ? "  *" : "");
    os << buf;
  }
}

// The ranking on `rank`, and a plain word when its top two cannot be told apart.
void print_ranking(std::ostream& os, const Comparison& c, const std::vector<DayFigure>& rank) {
  if (c.variants.size() < 2 || rank.empty()) return;
  std::string names;
  for (const auto f : rank) names += (names.empty() ? "" : ", ") + std::string(def(f).name);
  os << "\n  ranking on " << names
     << " (a later figure decides only among options the earlier ones cannot tell apart "
        "at 95 %):\n";
  const auto order = rank_variants(c, rank);
  for (std::size_t i = 0; i < order.size(); ++i) {
    os << "    " << i + 1 << ". " << c.variants[order[i]].name << "\n";
  }
  const auto& first = c.variants[order[0]];
  const auto& second = c.variants[order[1]];
  if (!distinguishable(first, second, rank)) {
    os << "  '" << first.name << "' and '" << second.name
       << "' are not distinguishable at 95 % on " << names
       << ": run more replications (-n)\n";
  }
}

}  // namespace

void print_comparison(std::ostream& os, const Comparison& c, bool callbacks,
                      const std::vector<DayFigure>& rank) {
  char buf[320];
  print_table(os, c, callbacks);
  os << "\n  * on the cost-versus-service-level frontier (no variant is both cheaper and "
        "better)\n";
  // Which change buys the most: staffing by SL points per 1,000; training by the staff it
  // would take to gain as much.
  const VariantResult* best = nullptr;
  for (const auto& r : c.variants) {
    if (sl_points_per_1000(r) > 0 && (!best || sl_points_per_1000(r) > sl_points_per_1000(*best))) {
      best = &r;
    }
  }
  if (best) {
    std::snprintf(buf, sizeof buf,
                  "  most service level per unit of cost among staffing changes: %s (%.2f SL "
                  "points per 1,000)\n",
                  best->name.c_str(), sl_points_per_1000(*best));
    os << buf;
  }
  const VariantResult* best_free = nullptr;
  for (const auto& r : c.variants) {
    const double e = staff_equivalent_value(c, r);
    if (e > 0 && (!best_free || e > staff_equivalent_value(c, *best_free))) best_free = &r;
  }
  if (best_free) {
    std::snprintf(buf, sizeof buf,
                  "  most valuable change at no staffing cost: %s, worth about %.0f a day of "
                  "extra staff\n",
                  best_free->name.c_str(), staff_equivalent_value(c, *best_free));
    os << buf;
  }
  print_ranking(os, c, rank);
}

void write_comparison_html(std::ostream& os, const std::string& scenario_name, const Comparison& c,
                           std::uint64_t seed) {
  namespace h = report::html;
  constexpr double kNaN2 = h::kNaN;
  h::Page page("Competency-mix comparison");
  page.subtitle(scenario_name)
      .meta("replications per variant", std::to_string(c.replications))
      .meta("random numbers", c.independent ? "independent streams per variant"
                                            : "common: every variant meets the same customers")
      .meta("seed", std::to_string(seed))
      .meta("baseline", c.variants.empty() ? "" : c.variants[0].name);
  if (c.variants.size() < 2) {
    page.note("Nothing to compare.");
    os << page.str();
    return;
  }
  std::vector<std::string> names;
  for (std::size_t v = 1; v < c.variants.size(); ++v) names.push_back(c.variants[v].name);
  const auto diff_series = [&](DayFigure m, double scale, const std::string& label) {
    h::Series s{label, {}, {}, {}, "", false, false};
    for (std::size_t v = 1; v < c.variants.size(); ++v) {
      s.y.push_back(scale * c.variants[v].diff[m].mean);
      s.ci.push_back(scale * c.variants[v].diff[m].half_width);
    }
    return s;
  };

  page.section("Differences against the baseline", "differences");
  h::BarChart sl;
  sl.title = "Service level, percentage points (paired, 95 % interval)";
  sl.categories = names;
  sl.series = {diff_series(CallMetric::service_level, 100, "Δ service level")};
  sl.value_axis = {"Δ service level (points)", kNaN2, kNaN2, true, -1};
  sl.horizontal = true;
  h::BarChart ab = sl;
  ab.title = "Abandonment, percentage points (paired, 95 % interval)";
  ab.series = {diff_series(CallMetric::abandonment_rate, 100, "Δ abandonment")};
  ab.value_axis.label = "Δ abandonment (points)";
  h::BarChart cost = sl;
  cost.title = "Daily cost (paired, 95 % interval)";
  cost.series = {diff_series(AgentMetric::cost, 1, "Δ cost")};
  cost.value_axis.label = "Δ cost per day";
  h::BarChart fcr = sl;
  fcr.title = "First-contact resolution, percentage points (paired, 95 % interval)";
  fcr.series = {diff_series(CallMetric::fcr_rate, 100, "Δ FCR")};
  fcr.value_axis.label = "Δ FCR (points)";
  for (const auto* chart : {&sl, &ab, &cost, &fcr}) page.add(h::bar_chart(*chart));
  page.note(
      "Each bar is the mean over replications of (variant - baseline) on the same simulated "
      "customers; the whisker is its 95 % confidence interval. A whisker that crosses zero is "
      "a difference the replications cannot tell from none.");

  page.section("Cost against service level", "frontier");
  h::ScatterChart sc;
  sc.title = "Daily cost and service level of every variant";
  h::PointGroup all{"variants", {}, "", false}, front{"frontier", {}, "", true};
  const auto isl = CallMetric::service_level;
  const auto icost = AgentMetric::cost;
  std::vector<const VariantResult*> frontier;
  for (const auto& v : c.variants) {
    // No whiskers: a variant's own CI is wide next to the paired differences above.
    h::Point p{v.value[icost].mean, 100 * v.value[isl].mean, v.name, kNaN2, kNaN2};
    (v.on_frontier ? front : all).points.push_back(p);
  }
  std::sort(front.points.begin(), front.points.end(),
            [](const h::Point& a, const h::Point& b) { return a.x < b.x; });
  sc.groups = {all, front};
  sc.x_axis = {"cost per day", kNaN2, kNaN2, false, 0};
  sc.y_axis = {"service level (%)", kNaN2, kNaN2, false, 1};
  page.add(h::scatter(sc));
  page.note(
      "A variant is on the frontier when no other is both cheaper and better served. Training "
      "variants cost the same wages in the simulation; what the training costs is for the "
      "reader to set against the staff-equivalent value in the table.");

  page.section("All variants", "table");
  h::Table t;
  t.header = {
      "variant", "SL %",        "Δ SL pts", "ASA s",  "abandon %",        "Δ abandon pts",
      "FCR %",   "occupancy %", "cost",     "Δ cost", "SL pts per 1,000", "staff-equivalent value",
      "frontier"};
  for (std::size_t v = 0; v < c.variants.size(); ++v) {
    const auto& r = c.variants[v];
    const auto val = [&](DayFigure m, double scale, int d) {
      return h::num_ci(scale * r.value[m].mean, scale * r.value[m].half_width, d);
    };
    const auto dif = [&](DayFigure m, double scale, int d) {
      return v ? h::num_ci(scale * r.diff[m].mean, scale * r.diff[m].half_width, d) : "";
    };
    t.rows.push_back({r.name, val(CallMetric::service_level, 100, 1),
                      dif(CallMetric::service_level, 100, 2), val(CallMetric::asa_s, 1, 1),
                      val(CallMetric::abandonment_rate, 100, 2), dif(CallMetric::abandonment_rate, 100, 2),
                      val(CallMetric::fcr_rate, 100, 1), val(AgentMetric::occupancy, 100, 1),
                      val(AgentMetric::cost, 1, 0), dif(AgentMetric::cost, 1, 0),
                      h::num(sl_points_per_1000(r), 2),
                      h::num(staff_equivalent_value(c, r), 0, true), r.on_frontier ? "yes" : ""});
  }
  t.numeric = {false, true, true, true, true, true, true, true, true, true, true, true, false};
  page.add(h::table(t));
  page.note(
      "What each variant changes, and every figure with its interval, is in "
      "comparison.csv (repeat contacts and paid agent-hours too).");
  os << page.str();
}

}  // namespace report
