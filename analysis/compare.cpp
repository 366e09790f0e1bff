#include "analysis/compare.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "analysis/replicate.h"
#include "sim/scenario/format.h"
#include "sim/metrics/day_metrics.h"

namespace analysis {

namespace {

using sim::metrics::PerFigure;

// Calls f(figure) for every figure of the catalogue (calls, then agents).
template <class F>
void for_each_figure(F f) {
  for (auto m : sim::metrics::call_metrics()) f(DayFigure{m});
  for (auto m : sim::metrics::agent_metrics()) f(DayFigure{m});
}

// One replication's figures: the day's and, if asked, each interval's.
struct DayFigures {
  Figures day;
  std::vector<Figures> intervals;
  template <class F>
  void fields(F&& f) {  // to cross MPI ranks (analysis/wire.h)
    f(day, intervals);
  }
};

std::vector<DayFigures> simulate(const sim::model::Center& c, std::uint64_t seed,
                                 const CompareOptions& o) {
  return replicate(1, o.replications, o.threads, [&](std::size_t rep) {
    const auto d = sim::metrics::simulate_day(c, seed, rep, o.sl_threshold_s);
    DayFigures f{sim::metrics::day_values(d), {}};
    if (o.intervals) {
      for (std::size_t k = 0; k < d.intervals; ++k) f.intervals.push_back(interval_values(d, k));
    }
    return f;
  });
}

// Every figure's mean and paired difference x - base over the replications; `pick` gives
// a replication's figures (the day's, or one interval's).
template <class Pick>
void summarise(const std::vector<DayFigures>& x, const std::vector<DayFigures>& base, Pick pick,
               PerFigure<MeanCi>& value, PerFigure<MeanCi>& diff) {
  for_each_figure([&](DayFigure f) {
    std::vector<double> v, d;
    for (std::size_t i = 0; i < x.size(); ++i) {
      v.push_back(pick(x[i])[f]);
      d.push_back(pick(x[i])[f] - pick(base[i])[f]);  // NaN (undefined) is left out
    }
    value[f] = mean_ci(v);
    diff[f] = mean_ci(d);
  });
}

// Cost-versus-service-level frontier: a variant is dominated when another costs no more,
// serves at least as well, and is strictly better in one of the two.
void mark_frontier(std::vector<VariantResult>& variants) {
  const auto sl = CallMetric::service_level;
  const auto cost = AgentMetric::cost;
  for (auto& a : variants) {
    a.on_frontier = true;
    for (const auto& b : variants) {
      const double ac = a.value[cost].mean, bc = b.value[cost].mean;
      const double as = a.value[sl].mean, bs = b.value[sl].mean;
      if (bc <= ac && bs >= as && (bc < ac || bs > as)) a.on_frontier = false;
    }
  }
}

}  // namespace

std::string same_intervals(const sim::model::Center& base, const sim::model::Center& other) {
  using sim::text::hhmm;
  if (base.open_s != other.open_s) {
    return "opens at " + hhmm(other.open_s) + ", the baseline at " + hhmm(base.open_s);
  }
  if (base.close_s != other.close_s) {
    return "closes at " + hhmm(other.close_s) + ", the baseline at " + hhmm(base.close_s);
  }
  if (base.interval_s != other.interval_s) {
    return "has intervals of " + sim::text::number(other.interval_s / 60) +
           " min, the baseline of " + sim::text::number(base.interval_s / 60) + " min";
  }
  return "";
}

Comparison compare(const std::vector<Variant>& variants, const CompareOptions& o) {
  Comparison out;
  out.replications = o.replications;
  out.independent = o.independent;
  if (variants.empty()) return out;
  if (o.intervals) {
    const auto& c = variants[0].center;
    for (std::size_t k = 0; k < c.intervals(); ++k) {
      out.interval_starts.push_back(c.open_s + static_cast<double>(k) * c.interval_s);
    }
  }
  std::vector<std::vector<DayFigures>> runs;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    runs.push_back(simulate(variants[v].center, o.independent ? o.seed + v : o.seed, o));
  }
  for (std::size_t v = 0; v < variants.size(); ++v) {
    VariantResult r;
    r.name = variants[v].name;
    r.description = variants[v].description;
    summarise(runs[v], runs[0], [](const DayFigures& f) -> const Figures& { return f.day; },
              r.value, r.diff);
    for (std::size_t k = 0; k < out.interval_starts.size(); ++k) {
      summarise(runs[v], runs[0],
                [k](const DayFigures& f) -> const Figures& { return f.intervals[k]; },
                r.interval_value.emplace_back(), r.interval_diff.emplace_back());
    }
    for (const auto& f : runs[v]) r.replications.push_back(f.day);
    out.variants.push_back(std::move(r));
  }
  mark_frontier(out.variants);
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

MeanCi paired_difference(const VariantResult& a, const VariantResult& b, DayFigure f) {
  std::vector<double> d;
  for (std::size_t i = 0; i < std::min(a.replications.size(), b.replications.size()); ++i) {
    d.push_back(a.replications[i][f] - b.replications[i][f]);
  }
  return mean_ci(d);
}

namespace {

// +1 when more of f is better, -1 when less is, 0 when neither (such a figure cannot rank).
double sense(DayFigure f) {
  switch (sim::metrics::def(f).better) {
    case sim::metrics::Better::higher: return 1;
    case sim::metrics::Better::lower: return -1;
    default: return 0;
  }
}

// Whether the paired interval of a - b excludes 0.
bool differs(const VariantResult& a, const VariantResult& b, DayFigure f) {
  const MeanCi d = paired_difference(a, b, f);
  return d.n >= 2 && std::fabs(d.mean) > d.half_width;
}

// Orders `set` (indices into c.variants) by by[j], by[j + 1], ... (rank_variants).
void rank_from(const Comparison& c, const std::vector<DayFigure>& by, std::size_t j,
               std::vector<std::size_t> set, std::vector<std::size_t>& out) {
  const auto score = [&](std::size_t v) {
    const double m = sense(by[j]) * c.variants[v].value[by[j]].mean;
    return std::isnan(m) ? -HUGE_VAL : m;
  };
  std::stable_sort(set.begin(), set.end(),
                   [&](std::size_t a, std::size_t b) { return score(a) > score(b); });
  while (!set.empty()) {
    if (j + 1 == by.size()) {
      out.insert(out.end(), set.begin(), set.end());
      return;
    }
    // The best and those this figure cannot tell from it: the next figure orders them.
    std::vector<std::size_t> tied, rest;
    for (std::size_t v : set) {
      const bool tie = v == set[0] || !differs(c.variants[v], c.variants[set[0]], by[j]);
      (tie ? tied : rest).push_back(v);
    }
    rank_from(c, by, j + 1, tied, out);
    set = std::move(rest);
  }
}

}  // namespace

std::vector<std::size_t> rank_variants(const Comparison& c, const std::vector<DayFigure>& by) {
  std::vector<std::size_t> all(c.variants.size()), out;
  for (std::size_t v = 0; v < all.size(); ++v) all[v] = v;
  if (by.empty()) return all;
  rank_from(c, by, 0, all, out);
  return out;
}

bool distinguishable(const VariantResult& a, const VariantResult& b,
                     const std::vector<DayFigure>& by) {
  return std::any_of(by.begin(), by.end(), [&](DayFigure f) { return differs(a, b, f); });
}

// ---- swaps

std::variant<std::vector<Swap>, std::string> parse_swap(const std::string& text,
                                                        const sim::model::Center& base) {
  std::vector<Swap> out;
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t comma = std::min(text.find(',', from), text.size());
    const std::string part = text.substr(from, comma - from);
    from = comma + 1;
    const std::size_t sign = part.find_last_of("+-");
    const auto bad = [&](const std::string& why) { return "'" + part + "': " + why; };
    if (sign == std::string::npos || sign == 0) {
      return bad("write ROLE+N or ROLE-N, e.g. rep_1-10,rep_2+7");
    }
    const std::string role = part.substr(0, sign), digits = part.substr(sign + 1);
    if (digits.empty() || digits.size() > 6 ||
        digits.find_first_not_of("0123456789") != std::string::npos || std::stoi(digits) == 0) {
      return bad("the number of agents must be a whole number from 1 to 999999");
    }
    Swap s{-1, std::stoi(digits) * (part[sign] == '-' ? -1 : 1)};
    std::string known;
    for (std::size_t r = 0; r < base.roles.size(); ++r) {
      if (base.roles[r].name == role) s.role = static_cast<int>(r);
      known += (r ? ", " : "") + base.roles[r].name;
    }
    if (s.role < 0) return bad("unknown role '" + role + "'; the scenario has " + known);
    out.push_back(s);
  }
  return out;
}

std::string swap_text(const std::vector<Swap>& swaps, const sim::model::Center& base) {
  std::string out;
  for (const auto& s : swaps) {
    if (s.change == 0) continue;
    out += (out.empty() ? "" : ",") + base.roles[static_cast<std::size_t>(s.role)].name +
           (s.change > 0 ? "+" : "-") + std::to_string(std::abs(s.change));
  }
  return out;
}

namespace {

// Indices of `count` agents of `role` spread evenly in order of shift start (apply_swap).
std::vector<std::size_t> spread_removals(const sim::model::Center& c, int role, int count) {
  std::vector<std::size_t> of_role;
  for (std::size_t i = 0; i < c.agents.size(); ++i) {
    if (c.agents[i].role == role) of_role.push_back(i);
  }
  std::stable_sort(of_role.begin(), of_role.end(), [&](std::size_t a, std::size_t b) {
    return c.agents[a].shift_start_s < c.agents[b].shift_start_s;
  });
  std::vector<std::size_t> out;
  const double m = static_cast<double>(of_role.size());
  for (int k = 0; k < count; ++k) {
    out.push_back(of_role[static_cast<std::size_t>((k + 0.5) * m / count)]);
  }
  return out;
}

// The agents on the roster's most common shift (start, end), in roster order.
std::vector<std::size_t> most_common_shift(const sim::model::Center& c) {
  std::map<std::pair<double, double>, std::vector<std::size_t>> by_shift;
  for (std::size_t i = 0; i < c.agents.size(); ++i) {
    by_shift[{c.agents[i].shift_start_s, c.agents[i].shift_end_s}].push_back(i);
  }
  std::vector<std::size_t> best;
  for (auto& [shift, agents] : by_shift) {
    if (agents.size() > best.size()) best = agents;
  }
  return best;
}

}  // namespace

std::variant<sim::model::Center, std::string> apply_swap(const sim::model::Center& base,
                                                         const std::vector<Swap>& swaps) {
  std::vector<int> change(base.roles.size(), 0), have(base.roles.size(), 0);
  for (const auto& s : swaps) change[static_cast<std::size_t>(s.role)] += s.change;
  for (const auto& a : base.agents) ++have[static_cast<std::size_t>(a.role)];
  std::vector<std::size_t> freed;  // places of removed agents, in removal order
  for (std::size_t r = 0; r < base.roles.size(); ++r) {
    if (-change[r] > have[r]) {
      return "removes " + std::to_string(-change[r]) + " " + base.roles[r].name +
             " but the roster has " + std::to_string(have[r]);
    }
    if (change[r] < 0) {
      for (auto i : spread_removals(base, static_cast<int>(r), -change[r])) freed.push_back(i);
    }
  }
  sim::model::Center c = base;
  const auto common = most_common_shift(base);
  std::size_t used = 0, appended = 0;
  for (std::size_t r = 0; r < base.roles.size(); ++r) {
    for (int k = 0; k < change[r]; ++k) {
      sim::model::Agent a = used < freed.size() ? base.agents[freed[used]]
                                                : base.agents[common[appended++ % common.size()]];
      a.name = "swap_" + base.roles[r].name + "_" + std::to_string(k + 1);
      a.role = static_cast<int>(r);
      a.levels.reset();
      a.pulls.clear();
      if (used < freed.size()) {
        c.agents[freed[used++]] = std::move(a);
      } else {
        c.agents.push_back(std::move(a));
      }
    }
  }
  // Places left over are erased, from the back so the indices stay valid.
  std::vector<std::size_t> erase(freed.begin() + static_cast<std::ptrdiff_t>(used), freed.end());
  std::sort(erase.rbegin(), erase.rend());
  for (auto i : erase) c.agents.erase(c.agents.begin() + static_cast<std::ptrdiff_t>(i));
  if (c.agents.empty()) return std::string("leaves no agent on the roster");
  return c;
}

double planned_cost(const sim::model::Center& c) {
  double cost = 0;
  for (const auto& a : c.agents) {
    cost += (a.shift_end_s - a.shift_start_s) / 3600.0 *
            c.roles[static_cast<std::size_t>(a.role)].wage_per_hour;
  }
  return cost;
}

bool meets(const Figures& mean, const std::vector<Target>& targets) {
  return std::all_of(targets.begin(), targets.end(), [&](const Target& t) {
    const double v = mean[t.metric];
    return t.at_least ? v >= t.value : v <= t.value;
  });
}

// ---- the same-budget search

namespace {

Figures mean_of(const std::vector<DayFigures>& runs) {
  Figures out;
  for_each_figure([&](DayFigure f) {
    std::vector<double> x;
    for (const auto& r : runs) x.push_back(r.day[f]);
    out[f] = mean_ci(x).mean;
  });
  return out;
}

std::vector<Swap> as_swaps(const std::vector<int>& change) {
  std::vector<Swap> out;
  for (std::size_t r = 0; r < change.size(); ++r) {
    if (change[r]) out.push_back({static_cast<int>(r), change[r]});
  }
  return out;
}

// A mix the search has simulated: its change from the base, planned cost and figures.
struct Mix {
  std::vector<int> change;
  double cost = 0;
  Figures mean;
  bool feasible = true;  // meets the targets (cheapest mix)
};

// The next mixes to try from `cur` (search_mix's neighbourhood), with their planned costs;
// the base's roster gives how many of each role there are to remove.
std::vector<Mix> neighbours(const sim::model::Center& base, const Mix& cur, double budget,
                            bool cheapest) {
  std::vector<Mix> out;
  const auto cost_of = [&](const std::vector<int>& change) {
    const auto c = apply_swap(base, as_swaps(change));
    return std::holds_alternative<std::string>(c) ? HUGE_VAL
                                                  : planned_cost(std::get<sim::model::Center>(c));
  };
  // The cheapest mix, once one meets the targets, must cost less; before, any mix within
  // the budget may be the first to meet them.
  const double limit = cheapest && cur.feasible ? cur.cost - 1e-6 : budget + 1e-6;
  const auto add = [&](std::vector<int> change, double cost) {
    for (const auto& m : out) {
      if (m.change == change) return;
    }
    if (change != cur.change) out.push_back({std::move(change), cost, {}, true});
  };
  for (std::size_t a = 0; a < base.roles.size(); ++a) {
    for (int step : {1, 2, 4}) {
      std::vector<int> less = cur.change;
      less[a] -= step;
      const double cost_less = cost_of(less);
      if (cost_less == HUGE_VAL) continue;
      if (cheapest) add(less, cost_less);
      for (std::size_t b = 0; b < base.roles.size(); ++b) {
        if (b == a) continue;
        std::vector<int> best;
        double best_cost = 0;
        for (std::vector<int> more = less; more[b] - less[b] < 50;) {
          ++more[b];
          const double c = cost_of(more);
          if (c > limit) break;
          best = more;
          best_cost = c;
        }
        if (!best.empty()) add(best, best_cost);
      }
    }
  }
  return out;
}

}  // namespace

MixSearchResult search_mix(const sim::model::Center& base, const MixSearchOptions& m,
                           const CompareOptions& o) {
  CompareOptions q = o;
  q.intervals = false;
  q.independent = false;
  for (const auto& t : m.targets) {
    if (t.metric == CallMetric::service_level) q.sl_threshold_s = t.sl_threshold_s;
  }
  const bool cheapest = !m.maximise;
  const auto gain = [&](const Mix& x) {  // what the search climbs (maximise)
    return cheapest ? 0.0 : sense(*m.maximise) * x.mean[*m.maximise];
  };
  const auto better = [&](const Mix& x, const Mix& than) {
    if (cheapest) return x.feasible && (!than.feasible || x.cost < than.cost);
    return gain(x) > gain(than);
  };
  MixSearchResult out;
  Mix cur{std::vector<int>(base.roles.size(), 0), planned_cost(base),
          mean_of(simulate(base, q.seed, q)), true};
  cur.feasible = meets(cur.mean, m.targets);
  out.base_cost = out.best_cost = cur.cost;
  out.base_meets = cur.feasible;
  out.evaluations = 1;
  for (bool moved = true; moved && out.evaluations < m.max_evaluations;) {
    moved = false;
    Mix best = cur;
    for (auto& x : neighbours(base, cur, out.base_cost, cheapest)) {
      if (out.evaluations >= m.max_evaluations) break;
      const auto c = std::get<sim::model::Center>(apply_swap(base, as_swaps(x.change)));
      x.mean = mean_of(simulate(c, q.seed, q));
      x.feasible = meets(x.mean, m.targets);
      ++out.evaluations;
      if (better(x, best)) best = std::move(x);
    }
    if (best.change != cur.change) {
      cur = std::move(best);
      moved = true;
    }
  }
  out.found = cur.change != std::vector<int>(base.roles.size(), 0) && (!cheapest || cur.feasible);
  if (out.found) {
    out.best = as_swaps(cur.change);
    out.best_cost = cur.cost;
  }
  return out;
}

}  // namespace analysis
