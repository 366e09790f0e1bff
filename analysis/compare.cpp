#include "analysis/compare.h"

#include <algorithm>

#include "analysis/replicate.h"
#include "sim/metrics/day_metrics.h"

namespace analysis {

Comparison compare(const std::vector<Variant>& variants, const CompareOptions& o) {
  Comparison out;
  out.replications = o.replications;
  out.independent = o.independent;
  // figures[v][rep]: every figure of the day
  using Figures = sim::metrics::PerFigure<double>;
  std::vector<std::vector<Figures>> figures;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const std::uint64_t seed = o.independent ? o.seed + v : o.seed;
    figures.push_back(replicate(1, o.replications, o.threads, [&](std::size_t rep) {
      return sim::metrics::day_values(
          sim::metrics::simulate_day(variants[v].center, seed, rep, o.sl_threshold_s));
    }));
  }
  const auto summarise = [&](std::size_t v, auto metric, VariantResult& r) {
    std::vector<double> x, d;
    for (std::size_t i = 0; i < o.replications; ++i) {
      x.push_back(figures[v][i][metric]);
      d.push_back(figures[v][i][metric] - figures[0][i][metric]);
    }
    r.value[metric] = mean_ci(x);
    r.diff[metric] = mean_ci(d);
  };
  for (std::size_t v = 0; v < variants.size(); ++v) {
    VariantResult r;
    r.name = variants[v].name;
    r.description = variants[v].description;
    for (auto m : sim::metrics::call_metrics()) summarise(v, m, r);
    for (auto m : sim::metrics::agent_metrics()) summarise(v, m, r);
    out.variants.push_back(std::move(r));
  }
  // Cost-versus-service-level frontier: a variant is dominated when another costs no more,
  // serves at least as well, and is strictly better in one of the two.
  const auto sl = CallMetric::service_level;
  const auto cost = AgentMetric::cost;
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
    // Supervision is a role's charge, not a skill a training course raises.
    if (c == static_cast<std::size_t>(sim::model::Competency::supervision)) continue;
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
