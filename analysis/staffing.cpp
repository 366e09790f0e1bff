#include "analysis/staffing.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <regex>

#include "analysis/erlang.h"
#include "analysis/replicate.h"
#include "sim/metrics/day_metrics.h"
#include "sim/scenario/format.h"

namespace analysis {

using sim::metrics::CallMetric;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A share written as 0.8 or 80%.
std::optional<double> parse_share(const std::string& s) {
  try {
    std::size_t used = 0;
    double v = std::stod(s, &used);
    const std::string rest = s.substr(used);
    if (rest == "%")
      v /= 100.0;
    else if (!rest.empty())
      return std::nullopt;
    if (!std::isfinite(v)) return std::nullopt;  // "nan" and "inf" read as numbers
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Seconds written as 60, 60s or 1.5min.
std::optional<double> parse_seconds(const std::string& s) {
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    const std::string unit = s.substr(used);
    if (!std::isfinite(v) || v > 86400.0) return std::nullopt;
    if (unit.empty() || unit == "s") return v;
    if (unit == "min") return v * 60.0;
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::variant<Target, std::string> parse_target(const std::string& text, double default_sl_s) {
  static const std::regex re(
      R"(\s*(sl|abandon|asa)\s*(?:\(\s*([^)]*)\s*\))?\s*(>=|<=)\s*(\S+)\s*)");
  std::smatch m;
  const std::string usage = "write sl(30s)>=0.80, abandon<=0.05 or asa<=60s";
  if (!std::regex_match(text, m, re)) return "cannot read target '" + text + "'; " + usage;
  Target t;
  t.text = text;
  const std::string metric = m[1], arg = m[2], op = m[3], value = m[4];
  t.at_least = op == ">=";
  if (metric == "sl") {
    t.metric = CallMetric::service_level;
    t.sl_threshold_s = default_sl_s;
    if (m[2].matched) {
      const auto s = parse_seconds(arg);
      if (!s || *s < 0)
        return "target '" + text + "': SL threshold '" + arg + "' is not a time in seconds";
      t.sl_threshold_s = *s;
    }
    if (!t.at_least) return "target '" + text + "': a service level target is sl(T)>=share";
  } else if (m[2].matched) {
    return "target '" + text + "': only sl takes a threshold in parentheses";
  } else if (metric == "abandon") {
    t.metric = CallMetric::abandonment_rate;
    if (t.at_least) return "target '" + text + "': an abandonment target is abandon<=share";
  } else {
    t.metric = CallMetric::asa_s;
    if (t.at_least) return "target '" + text + "': an ASA target is asa<=seconds";
  }
  if (t.metric == CallMetric::asa_s) {
    const auto s = parse_seconds(value);
    if (!s || *s <= 0) return "target '" + text + "': '" + value + "' is not a positive time";
    t.value = *s;
  } else {
    const auto v = parse_share(value);
    if (!v || *v <= 0 || *v >= 1) {
      return "target '" + text + "': '" + value +
             "' must be a share strictly between 0 and 1 (0.8 or 80%)";
    }
    t.value = *v;
  }
  return t;
}

std::string read_targets(const std::vector<std::string>& given, double default_sl_s,
                         std::vector<Target>& out) {
  std::vector<std::string> texts = given;
  if (texts.empty()) texts = {"sl>=0.80", "abandon<=0.05"};
  std::optional<double> sl_t;
  for (const auto& text : texts) {
    auto parsed = analysis::parse_target(text, default_sl_s);
    if (auto* err = std::get_if<std::string>(&parsed)) return *err;
    const auto& t = std::get<analysis::Target>(parsed);
    if (t.metric == sim::metrics::CallMetric::service_level) {
      if (sl_t && *sl_t != t.sl_threshold_s) {
        return "all sl targets must share one threshold; got " + sim::text::number(*sl_t) +
               " s and " + sim::text::number(t.sl_threshold_s) + " s";
      }
      sl_t = t.sl_threshold_s;
    }
    out.push_back(t);
  }
  return "";
}

std::vector<std::vector<int>> rostered_staff(const sim::model::Center& c) {
  const std::size_t n = c.intervals();
  std::vector<std::vector<int>> staff(n, std::vector<int>(c.roles.size(), 0));
  for (std::size_t k = 0; k < n; ++k) {
    const double mid = c.open_s + (static_cast<double>(k) + 0.5) * c.interval_s;
    for (const auto& a : c.agents) {
      if (a.shift_start_s <= mid && mid < a.shift_end_s)
        ++staff[k][static_cast<std::size_t>(a.role)];
    }
  }
  return staff;
}

sim::model::Center with_staffing(const sim::model::Center& base,
                                 const std::vector<std::vector<int>>& staff) {
  sim::model::Center c = base;
  c.agents.clear();
  c.absenteeism = 0.0;
  const std::size_t n = staff.size();
  for (std::size_t r = 0; r < c.roles.size(); ++r) {
    // Position j of role r is on duty in every interval whose count exceeds j; each run of
    // such intervals is one shift.
    int most = 0;
    for (const auto& row : staff) most = std::max(most, row[r]);
    for (int j = 0; j < most; ++j) {
      std::size_t k = 0;
      while (k < n) {
        if (staff[k][r] <= j) {
          ++k;
          continue;
        }
        const std::size_t from = k;
        while (k < n && staff[k][r] > j) ++k;
        sim::model::Agent a;
        a.name = c.roles[r].name + "_" + std::to_string(j + 1) + "_" + std::to_string(from + 1);
        a.role = static_cast<int>(r);
        a.shift_start_s = c.open_s + static_cast<double>(from) * c.interval_s;
        a.shift_end_s = c.open_s + static_cast<double>(k) * c.interval_s;
        c.agents.push_back(std::move(a));
      }
    }
  }
  return c;
}

namespace {

// Splits `total` over roles in proportion to `shares` by largest remainder (ties to the
// lower role index), so the counts always add up to the total.
std::vector<int> allocate(int total, const std::vector<double>& shares) {
  const double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
  std::vector<int> out(shares.size(), 0);
  if (total <= 0 || sum <= 0) return out;
  std::vector<std::pair<double, std::size_t>> rem;
  int given = 0;
  for (std::size_t r = 0; r < shares.size(); ++r) {
    const double exact = total * shares[r] / sum;
    out[r] = static_cast<int>(std::floor(exact));
    given += out[r];
    rem.emplace_back(exact - out[r], r);
  }
  std::stable_sort(rem.begin(), rem.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; given < total; ++i, ++given) ++out[rem[i % rem.size()].second];
  return out;
}

// Agents' time one contact of type t takes, relative to a phone call's handle time: a chat
// takes 1/k of an agent, k the mean chat_concurrency of its eligible roles (the slowdown
// of concurrent chats is left to the simulation, which the search then follows).
double agent_share(const sim::model::Center& c, const sim::model::CallType& ct) {
  if (ct.channel != sim::model::Channel::chat) return 1.0;
  double k = 0;
  int roles = 0;
  for (std::size_t r = 0; r < c.roles.size(); ++r) {
    if ((ct.eligible >> r) & 1u) {
      k += c.roles[r].chat_concurrency;
      ++roles;
    }
  }
  return roles > 0 ? roles / k : 1.0;
}

// The stationary single-skill approximation of interval k: arrival rate, handle time and
// patience of the queued contacts (calls and chats) averaged over their types by expected
// contacts, a chat's handle time counted at agent_share. Written items queue for no one's
// patience and have no service level: their load (every minute of it takes an agent) is
// kept apart and added to the queue's answer as whole agents.
struct IntervalLoad {
  double contacts = 0, calls = 0, lambda = 0, handle_s = 0, patience_s = kInf;
  double written_erlangs = 0;
  double erlangs() const { return lambda * handle_s + written_erlangs; }
};
IntervalLoad interval_load(const sim::model::Center& c, std::size_t k) {
  IntervalLoad l;
  double handle = 0, patience = 0, with_patience = 0;
  for (std::size_t t = 0; t < c.call_types.size(); ++t) {
    const double x = c.arrivals[t][k];
    if (x <= 0) continue;
    const auto& ct = c.call_types[t];
    const double work = sim::engine::mean(ct.work_s) + sim::engine::mean(ct.wrap_s);
    l.contacts += x;
    if (ct.channel == sim::model::Channel::written) {
      l.written_erlangs += x * work / c.interval_s;
      continue;
    }
    l.calls += x;
    handle += x * work * agent_share(c, ct);
    if (ct.patience_s) {
      patience += x * sim::engine::mean(*ct.patience_s);
      with_patience += x;
    }
  }
  if (l.calls <= 0) return l;
  l.lambda = l.calls / c.interval_s;
  l.handle_s = handle / l.calls;
  // Callers who never abandon pull the mean patience up; with most callers patient-less the
  // queue is closer to Erlang C, so weight them in as infinitely patient.
  if (with_patience > 0 && with_patience >= 0.5 * l.calls) l.patience_s = patience / with_patience;
  return l;
}

std::size_t target_index(CallMetric m) {
  return static_cast<std::size_t>(std::find(kTargetFigures.begin(), kTargetFigures.end(), m) -
                                  kTargetFigures.begin());
}

struct Evaluation {
  std::array<std::vector<MeanCi>, kTargetFigures.size()> figure;  // [target figure][interval]
  std::vector<double> p_met;
  std::vector<bool> met;
  std::vector<double> cost;
};

// One simulated day's target figures per interval ([figure][interval]; NaN where undefined)
// and its first-attempt arrivals, the control variates.
struct DayFigures {
  std::array<std::vector<double>, kTargetFigures.size()> figure;
  std::vector<double> fresh;
  template <class F>
  void fields(F&& f) {  // to cross MPI ranks (analysis/wire.h)
    f(figure, fresh);
  }
};
DayFigures day_figures(const sim::metrics::DayResults& d, std::size_t n) {
  DayFigures out;
  for (std::size_t k = 0; k < n; ++k) {
    const auto& s = d.interval[k];
    for (std::size_t j = 0; j < kTargetFigures.size(); ++j) {
      out.figure[j].push_back(sim::metrics::value(kTargetFigures[j], s));
    }
    out.fresh.push_back(static_cast<double>(s.offered - s.redials - s.repeats));
  }
  return out;
}

// Whether the interval meets every target on one simulated day. A figure undefined that
// day (no calls, none answered) has nothing to miss.
bool day_meets(const std::vector<Target>& targets, const DayFigures& d, std::size_t k) {
  bool ok = true;
  for (const auto& t : targets) {
    const double v = d.figure[target_index(t.metric)][k];
    if (std::isnan(v)) continue;
    ok = ok && (t.at_least ? v >= t.value : v <= t.value);
  }
  return ok;
}

// Whether the expected figures meet every target: the one-sided bound at o.confidence.
bool mean_meets(const StaffingOptions& o, const Evaluation& e, std::size_t k) {
  bool met = true;
  for (const auto& t : o.targets) {
    const MeanCi& m = e.figure[target_index(t.metric)][k];
    if (m.n == 0) continue;
    const double tq = m.dof > 0 ? sim::metrics::t_quantile(o.confidence, m.dof) : kInf;
    const double bound = t.at_least ? m.mean - tq * m.se : m.mean + tq * m.se;
    met = met && (t.at_least ? bound >= t.value : bound <= t.value);
  }
  return met;
}

// Simulates center `c` for o.replications days and judges each interval against the
// targets (cost left empty).
Evaluation evaluate_center(const sim::model::Center& c, const StaffingOptions& o,
                           double sl_threshold_s) {
  const std::size_t n = c.intervals();
  const auto days = replicate(1, o.replications, o.threads, [&](std::size_t rep) {
    return day_figures(sim::metrics::simulate_day(c, o.seed, rep, sl_threshold_s), n);
  });
  Evaluation e;
  // Control variates: the interval's and the previous interval's first-attempt arrivals,
  // whose expectations are the forecast. A busier half hour than forecast explains much of
  // a replication's service level, and taking it out narrows the interval (the figures
  // stay unbiased).
  std::vector<double> forecast(n, 0.0);
  for (const auto& row : c.arrivals) {
    for (std::size_t k = 0; k < n; ++k) forecast[k] += row[k];
  }
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<std::vector<double>> controls;
    std::vector<double> means;
    if (o.control_variates) {
      for (std::size_t j = k > 0 ? k - 1 : 0; j <= k; ++j) {
        controls.emplace_back();
        for (const auto& d : days) controls.back().push_back(d.fresh[j]);
        means.push_back(forecast[j]);
      }
    }
    std::size_t days_met = 0;
    for (const auto& d : days) days_met += day_meets(o.targets, d, k);
    for (std::size_t j = 0; j < kTargetFigures.size(); ++j) {
      std::vector<double> y;
      for (const auto& d : days) y.push_back(d.figure[j][k]);
      e.figure[j].push_back(control_variate_mean(y, controls, means));
    }
    const double p = static_cast<double>(days_met) / static_cast<double>(days.size());
    e.p_met.push_back(p);
    e.met.push_back(o.criterion == Criterion::days ? p >= o.confidence : mean_meets(o, e, k));
  }
  return e;
}

// Simulates `staff` on the phones and judges it; cost is the on-phone agents' wages.
Evaluation evaluate(const sim::model::Center& base, const std::vector<std::vector<int>>& staff,
                    const StaffingOptions& o, double sl_threshold_s) {
  Evaluation e = evaluate_center(with_staffing(base, staff), o, sl_threshold_s);
  for (std::size_t k = 0; k < staff.size(); ++k) {
    double cost = 0;
    for (std::size_t r = 0; r < base.roles.size(); ++r) {
      cost += staff[k][r] * base.roles[r].wage_per_hour * base.interval_s / 3600.0;
    }
    e.cost.push_back(cost);
  }
  return e;
}

// The SL threshold the targets measure at (30 s when no target is a service level).
double sl_threshold(const StaffingOptions& o) {
  for (const auto& t : o.targets) {
    if (t.metric == CallMetric::service_level) return t.sl_threshold_s;
  }
  return 30.0;
}

void fill(IntervalStaffing& iv, const Evaluation& e, std::size_t k, const std::vector<int>& staff,
          const StaffingOptions& o) {
  iv.per_role = staff;
  iv.simulated = std::accumulate(staff.begin(), staff.end(), 0);
  iv.scheduled = with_shrinkage(iv.simulated, o.shrinkage);
  for (std::size_t j = 0; j < kTargetFigures.size(); ++j) iv.achieved[j] = e.figure[j][k];
  iv.p_met = e.p_met[k];
  iv.met = e.met[k];
  iv.cost = e.cost.empty() ? 0.0 : e.cost[k];
}

}  // namespace

const MeanCi& IntervalStaffing::figure(CallMetric m) const { return achieved[target_index(m)]; }

StaffingResult search_staffing(const sim::model::Center& base, const StaffingOptions& o) {
  const std::size_t n = base.intervals(), roles = base.roles.size();
  StaffingResult res;
  res.sl_threshold_s = sl_threshold(o);
  StaffingTargets et;  // the simulator's service level excludes short abandons
  et.sl_basis = SlBasis::offered_minus_short;
  et.short_abandon_s = base.customers.short_abandon_s;
  for (const auto& t : o.targets) {
    if (t.metric == CallMetric::service_level) {
      et.sl_threshold_s = t.sl_threshold_s;
      et.min_sl = t.value;
    } else if (t.metric == CallMetric::abandonment_rate) {
      et.max_abandon = t.value;
    } else {
      et.max_asa_s = t.value;
    }
  }

  // The roster's mix per interval (the whole day's where nobody is rostered).
  const auto rostered = rostered_staff(base);
  std::vector<double> day_mix(roles, 0.0);
  for (const auto& row : rostered) {
    for (std::size_t r = 0; r < roles; ++r) day_mix[r] += row[r];
  }
  if (std::accumulate(day_mix.begin(), day_mix.end(), 0.0) <= 0) day_mix.assign(roles, 1.0);
  const auto mix_of = [&](std::size_t k) {
    std::vector<double> m(rostered[k].begin(), rostered[k].end());
    return std::accumulate(m.begin(), m.end(), 0.0) > 0 ? m : day_mix;
  };
  // x[k] is the searched count: all agents in the mix, or the one role's agents.
  const auto staff_of = [&](const std::vector<int>& x) {
    std::vector<std::vector<int>> s(n);
    for (std::size_t k = 0; k < n; ++k) {
      if (o.only_role < 0) {
        s[k] = allocate(x[k], mix_of(k));
      } else {
        s[k] = rostered[k];
        s[k][static_cast<std::size_t>(o.only_role)] = x[k];
      }
    }
    return s;
  };

  res.intervals.resize(n);
  std::vector<int> x(n, 0), erlang(n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const IntervalLoad l = interval_load(base, k);
    auto& iv = res.intervals[k];
    iv.start_s = base.open_s + static_cast<double>(k) * base.interval_s;
    iv.offered = l.contacts;
    iv.load_erlangs = l.erlangs();
    if (l.contacts <= 0) continue;
    const int need = l.calls > 0 ? agents_required(l.lambda, l.handle_s, l.patience_s, et) : 0;
    iv.erlang = erlang[k] =
        std::max(need, 0) + static_cast<int>(std::ceil(l.written_erlangs - 1e-9));
    int others = 0;
    if (o.only_role >= 0) {
      for (std::size_t r = 0; r < roles; ++r) {
        if (static_cast<int>(r) != o.only_role) others += rostered[k][r];
      }
    }
    x[k] = std::max(o.only_role >= 0 ? 0 : 1, erlang[k] - others);
  }

  // Every interval is searched at once, one whole-day batch per step: each keeps the
  // largest count seen failing (lo) and the smallest seen passing (hi); with only one of
  // them it gallops away from it (1, 2, 4, ... agents), with both it bisects. An
  // interval can fail at a count it passed before because a neighbour was lowered (its
  // backlog spills over); then its passing count is forgotten and it climbs again, so the
  // answer holds for all intervals together. The last batch is always the answer itself.
  const int floor_count = o.only_role >= 0 ? 0 : 1;
  const int ceiling = 50 + 3 * *std::max_element(erlang.begin(), erlang.end());
  std::vector<int> lo(n, -1), hi(n, -1), step(n, 1);  // -1: not seen yet
  Evaluation e;
  while (true) {
    e = evaluate(base, staff_of(x), o, res.sl_threshold_s);
    ++res.evaluations;
    int failing = 0, open = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (res.intervals[k].offered <= 0) continue;
      if (e.met[k]) {
        if (hi[k] < 0 || lo[k] >= 0) step[k] = 1;
        hi[k] = x[k];
      } else {
        ++failing;
        if (lo[k] < 0 || hi[k] >= 0) step[k] = 1;
        lo[k] = x[k];
        if (hi[k] >= 0 && hi[k] <= x[k]) hi[k] = -1;  // a neighbour's trim spilled over
      }
    }
    if (o.progress) o.progress(res.evaluations, failing);
    std::vector<int> next = x;
    for (std::size_t k = 0; k < n; ++k) {
      if (res.intervals[k].offered <= 0) continue;
      if (hi[k] < 0) {
        next[k] = std::min(ceiling, lo[k] + step[k]);
        step[k] *= 2;
      } else if (lo[k] < 0) {
        next[k] = hi[k] > floor_count ? std::max(floor_count, hi[k] - step[k]) : hi[k];
        if (hi[k] == floor_count) lo[k] = floor_count - 1;  // nothing below to try
        step[k] *= 2;
      } else if (hi[k] - lo[k] > 1) {
        next[k] = lo[k] + (hi[k] - lo[k]) / 2;
      } else {
        next[k] = hi[k];
      }
      if (next[k] != x[k]) ++open;
    }
    if (open == 0 && failing == 0) {
      res.converged = true;
      break;
    }
    if (next == x || res.evaluations >= o.max_evaluations) break;  // out of reach or budget
    x = next;
  }

  res.staff = staff_of(x);
  for (std::size_t k = 0; k < n; ++k) fill(res.intervals[k], e, k, res.staff[k], o);
  return res;
}

namespace {

// Each interval's figures of evaluation e, for `staff` on duty in center c.
std::vector<IntervalStaffing> assessed(const sim::model::Center& c, const Evaluation& e,
                                       const std::vector<std::vector<int>>& staff,
                                       const StaffingOptions& o) {
  std::vector<IntervalStaffing> out(staff.size());
  for (std::size_t k = 0; k < staff.size(); ++k) {
    out[k].start_s = c.open_s + static_cast<double>(k) * c.interval_s;
    for (const auto& row : c.arrivals) out[k].offered += row[k];
    fill(out[k], e, k, staff[k], o);
  }
  return out;
}

}  // namespace

std::vector<IntervalStaffing> assess_staffing(const sim::model::Center& base,
                                              const std::vector<std::vector<int>>& staff,
                                              const StaffingOptions& o) {
  return assessed(base, evaluate(base, staff, o, sl_threshold(o)), staff, o);
}

std::vector<IntervalStaffing> assess_center(const sim::model::Center& c, const StaffingOptions& o) {
  return assessed(c, evaluate_center(c, o, sl_threshold(o)), rostered_staff(c), o);
}

}  // namespace analysis
