#include "analysis/compare.h"

#include <algorithm>
#include <array>
#include <limits>

#include "analysis/replicate.h"
#include "sim/metrics/day_metrics.h"

namespace analysis {

namespace {

struct MetricInfo {
  const char* name;
  const char* label;
  bool higher_is_better;
};
constexpr std::array<MetricInfo, kDayMetrics> kInfo = {{
    {"service_level", "service level", true},
    {"asa_s", "average speed of answer (s)", false},
    {"abandonment", "abandonment", false},
    {"fcr", "first-contact resolution", true},
    {"repeat_rate", "repeat contacts", false},
    {"occupancy", "occupancy", true},
    {"cost", "cost", false},
    {"agent_hours", "paid agent-hours", false},
}};

std::array<double, kDayMetrics> day_figures(const sim::metrics::DayResults& d) {
  return {d.day.service_level(),    d.day.asa_s(),
          d.day.abandonment_rate(), d.day.fcr_rate(),
          d.day.repeat_rate(),      d.day_agents.occupancy(),
          d.day_agents.cost,        d.day_agents.paid_s / 3600.0};
}

}  // namespace

const char* day_metric_name(DayMetric m) { return kInfo[static_cast<std::size_t>(m)].name; }
const char* day_metric_label(DayMetric m) { return kInfo[static_cast<std::size_t>(m)].label; }
bool day_metric_higher_is_better(DayMetric m) {
  return kInfo[static_cast<std::size_t>(m)].higher_is_better;
}

Comparison compare(const std::vector<Variant>& variants, const CompareOptions& o) {
  Comparison out;
  out.replications = o.replications;
  out.independent = o.independent;
  // figures[v][rep][metric]
  std::vector<std::vector<std::array<double, kDayMetrics>>> figures;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const std::uint64_t seed = o.independent ? o.seed + v : o.seed;
    figures.push_back(replicate(1, o.replications, o.threads, [&](std::size_t rep) {
      return day_figures(
          sim::metrics::simulate_day(variants[v].center, seed, rep, o.sl_threshold_s));
    }));
  }
  for (std::size_t v = 0; v < variants.size(); ++v) {
    VariantResult r;
    r.name = variants[v].name;
    r.description = variants[v].description;
    for (std::size_t m = 0; m < kDayMetrics; ++m) {
      std::vector<double> x, d;
      for (std::size_t i = 0; i < o.replications; ++i) {
        x.push_back(figures[v][i][m]);
        d.push_back(figures[v][i][m] - figures[0][i][m]);
      }
      r.value.push_back(mean_ci(x));
      r.diff.push_back(mean_ci(d));
    }
    out.variants.push_back(std::move(r));
  }
  // Cost-versus-service-level frontier: a variant is dominated when another costs no more,
  // serves at least as well, and is strictly better in one of the two.
  const auto sl = static_cast<std::size_t>(DayMetric::service_level);
  const auto cost = static_cast<std::size_t>(DayMetric::cost);
  for (auto& a : out.variants) {
    a.on_frontier = true;
    for (const auto& b : out.variants) {
      const double ac = a.value[cost].mean, bc = b.value[cost].mean;
      const double as = a.value[sl].mean, bs = b.value[sl].mean;
      if (bc <= ac && bs >= as && (bc < ac || bs > as)) a.on_frontier = false;
    }
  }
  return out;
}

std::vector<Variant> marginal_variants(const sim::model::Center& base, int add, int trained_role) {
  std::vector<Variant> out;
  for (std::size_t r = 0; r < base.roles.size(); ++r) {
    Variant v;
    v.name = "+" + std::to_string(add) + " " + base.roles[r].name;
    v.description =
        std::to_string(add) + " more " + base.roles[r].name + " on duty from opening to closing";
    v.center = base;
    for (int i = 0; i < add; ++i) {
      sim::model::Agent a;
      a.name = "added_" + base.roles[r].name + "_" + std::to_string(i + 1);
      a.role = static_cast<int>(r);
      a.shift_start_s = base.open_s;
      a.shift_end_s = base.close_s;
      v.center.agents.push_back(std::move(a));
    }
    out.push_back(std::move(v));
  }
  if (trained_role < 0 || static_cast<std::size_t>(trained_role) >= base.roles.size()) return out;
  const auto& role = base.roles[static_cast<std::size_t>(trained_role)];
  for (std::size_t c = 0; c < sim::model::kCompetencies; ++c) {
    const char* comp = sim::model::competency_name(static_cast<sim::model::Competency>(c));
    Variant v;
    v.name = std::string(comp) + " +1 " + role.name;
    v.description = "every " + role.name + " one level higher in " + comp + " (at most 3)";
    v.center = base;
    auto raise = [c](sim::model::Levels& l) {
      l[c] = static_cast<std::uint8_t>(std::min(3, l[c] + 1));
    };
    raise(v.center.roles[static_cast<std::size_t>(trained_role)].levels);
    for (auto& a : v.center.agents) {
      if (a.role == trained_role && a.levels) raise(*a.levels);
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace analysis
