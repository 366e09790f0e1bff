#include "analysis/fit.h"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <sstream>

#include "analysis/replicate.h"
#include "sim/metrics/statistics.h"
#include "sim/scenario/limits.h"

namespace analysis {

using sim::scenario::CallLog;
using sim::scenario::CallRecord;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kDayNames[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// Two-sided 95 % Student-t half-width of the mean of `v`: the statistics kernel's, so NaN
// (undefined) for fewer than two values, like every other interval ccsim writes.
double t_half_width(const std::vector<double>& v) { return sim::metrics::mean_ci(v).half_width; }

double mean_of(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}
double variance_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  const double m = mean_of(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return ss / static_cast<double>(v.size() - 1);
}

// KS distance between the empirical cdf of sorted `x` and `cdf`, with data rounded to
// `res` (ties share one step; the model cdf is compared at the rounding interval's ends).
template <class Cdf>
double ks_distance(const std::vector<double>& x, double res, Cdf cdf) {
  const auto n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size();) {
    std::size_t j = i;
    while (j < x.size() && x[j] == x[i]) ++j;
    const double below = static_cast<double>(i) / n, upto = static_cast<double>(j) / n;
    d = std::max({d, std::fabs(upto - cdf(x[i] + res / 2)),
                  std::fabs(below - cdf(std::max(0.0, x[i] - res / 2)))});
    i = j;
  }
  return d;
}

}  // namespace

const char* weekday_name(int weekday) { return kDayNames[weekday]; }

std::optional<unsigned> parse_weekdays(const std::string& text) {
  auto day = [](const std::string& s) -> int {
    for (int d = 0; d < 7; ++d) {
      if (s == kDayNames[d]) return d;
    }
    return -1;
  };
  unsigned mask = 0;
  std::stringstream ss(text);
  for (std::string part; std::getline(ss, part, ',');) {
    const auto dash = part.find('-');
    if (dash == std::string::npos) {
      const int d = day(part);
      if (d < 0) return std::nullopt;
      mask |= 1u << d;
    } else {
      const int a = day(part.substr(0, dash)), b = day(part.substr(dash + 1));
      if (a < 0 || b < 0) return std::nullopt;
      for (int d = a;; d = (d + 1) % 7) {  // wraps: fri-sun is fri, sat, sun
        mask |= 1u << d;
        if (d == b) break;
      }
    }
  }
  if (mask == 0) return std::nullopt;
  return mask;
}

std::optional<std::pair<int, int>> parse_month(const std::string& text) {
  int y = 0, m = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d-%d%c", &y, &m, &tail) != 2 || text.size() != 7 || m < 1 ||
      m > 12) {
    return std::nullopt;
  }
  return std::make_pair(y, m);
}

// --- Estimators ---

std::vector<KmPoint> kaplan_meier(std::span<const double> times, std::span<const char> event) {
  std::vector<std::size_t> order(times.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return times[a] < times[b] || (times[a] == times[b] && event[a] > event[b]);
  });
  std::vector<KmPoint> out;
  double s = 1.0, greenwood = 0.0;
  std::size_t at_risk = times.size();
  for (std::size_t i = 0; i < order.size();) {
    const double t = times[order[i]];
    std::size_t d = 0, c = 0;
    while (i < order.size() && times[order[i]] == t) {
      (event[order[i]] ? d : c) += 1;
      ++i;
    }
    if (d > 0 && at_risk > 0) {
      const auto n = static_cast<double>(at_risk), dd = static_cast<double>(d);
      s *= 1.0 - dd / n;
      if (n > dd) greenwood += dd / (n * (n - dd));
      out.push_back({t, s, s * std::sqrt(greenwood)});
    }
    at_risk -= d + c;
  }
  return out;
}

ExponentialFit censored_exponential(std::span<const double> times, std::span<const char> event) {
  ExponentialFit f;
  f.n = times.size();
  for (std::size_t i = 0; i < times.size(); ++i) {
    f.exposure += times[i];
    f.events += event[i] ? 1 : 0;
  }
  if (f.events == 0) {
    f.mean = f.mean_low = f.mean_high = std::numeric_limits<double>::infinity();
    return f;
  }
  const auto d = static_cast<double>(f.events);
  f.mean = f.exposure / d;
  // Exact interval for a Poisson count of events over a fixed exposure.
  const boost::math::chi_squared lo(2 * d), hi(2 * d + 2);
  f.mean_low = 2 * f.exposure / boost::math::quantile(hi, 0.975);
  f.mean_high = 2 * f.exposure / boost::math::quantile(lo, 0.025);
  return f;
}

double naive_mean(std::span<const double> times, std::span<const char> event) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (event[i]) sum += times[i], ++n;
  }
  return n ? sum / static_cast<double>(n) : kNaN;
}

double DistributionFit::cdf(double x) const {
  if (x <= 0) return 0.0;
  if (family == "lognormal") return boost::math::cdf(boost::math::lognormal(p1, p2), x);
  return boost::math::cdf(boost::math::gamma_distribution<>(p1, p2), x);
}
double DistributionFit::pdf(double x) const {
  if (x <= 0) return 0.0;
  if (family == "lognormal") return boost::math::pdf(boost::math::lognormal(p1, p2), x);
  return boost::math::pdf(boost::math::gamma_distribution<>(p1, p2), x);
}

namespace {
// A lognormal from the mean and sd of the log (mu, sigma), with its KS distance to sorted x.
DistributionFit lognormal_fit(double mu, double sigma, const std::vector<double>& x, double res) {
  DistributionFit f;
  f.family = "lognormal";
  f.p1 = mu;
  f.p2 = sigma;
  f.mean = std::exp(mu + sigma * sigma / 2);
  f.cv = std::sqrt(std::expm1(sigma * sigma));
  f.ks = ks_distance(x, res, [&](double t) { return f.cdf(t); });
  return f;
}
std::vector<double> sorted(std::span<const double> values) {
  std::vector<double> x(values.begin(), values.end());
  std::sort(x.begin(), x.end());
  return x;
}
}  // namespace

DistributionFit fit_lognormal(std::span<const double> values, double res) {
  const std::vector<double> x = sorted(values);
  std::vector<double> logs(x.size());
  std::transform(x.begin(), x.end(), logs.begin(), [](double v) { return std::log(v); });
  const double mu = mean_of(logs);
  // The MLE divides by n, not n - 1.
  const auto n = static_cast<double>(x.size());
  return lognormal_fit(mu, std::sqrt(variance_of(logs) * (n - 1) / n), x, res);
}

DistributionFit fit_lognormal_moments(std::span<const double> values, double res) {
  const std::vector<double> x = sorted(values);
  const double m = mean_of(x), cv = std::sqrt(variance_of(x)) / m;
  const double sigma = std::sqrt(std::log1p(cv * cv));
  DistributionFit f = lognormal_fit(std::log(m) - sigma * sigma / 2, sigma, x, res);
  f.mean = m;  // exactly, not through exp(log(m))
  f.cv = cv;
  return f;
}

DistributionFit fit_gamma(std::span<const double> values, double res) {
  const std::vector<double> x = sorted(values);
  DistributionFit f;
  f.family = "gamma";
  const auto n = static_cast<double>(x.size());
  double sum = 0, logsum = 0;
  for (double v : x) sum += v, logsum += std::log(v);
  const double m = sum / n;
  const double s = std::log(m) - logsum / n;  // > 0 unless all values are equal
  // Minka's starting point, then Newton on log k - digamma(k) = s.
  double k = s > 0 ? (3 - s + std::sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s) : 1e6;
  for (int it = 0; it < 50 && s > 0; ++it) {
    const double g = std::log(k) - boost::math::digamma(k) - s;
    const double dg = 1 / k - boost::math::trigamma(k);
    const double next = k - g / dg;
    k = next > 0 ? next : k / 2;
    if (std::fabs(g) < 1e-12) break;
  }
  f.p1 = k;
  f.p2 = m / k;
  f.mean = m;
  f.cv = 1 / std::sqrt(k);
  f.ks = ks_distance(x, res, [&](double t) { return f.cdf(t); });
  return f;
}

double ks_critical_5pct(std::size_t n) { return 1.358 / std::sqrt(static_cast<double>(n)); }

// --- Figures ---

Figures figures_of(const sim::metrics::CallStats& s, double days) {
  Figures f;
  f.offered_per_day = static_cast<double>(s.offered) / days;
  f.abandonment = s.abandonment_rate();
  f.service_level = s.service_level(sim::metrics::SlVariant::of_offered);
  f.asa_s = s.asa_s();
  f.service_s = s.handled ? s.talk_s / static_cast<double>(s.handled) : kNaN;  // talk only
  return f;
}

sim::metrics::CallStats call_stats_of(std::span<const CallRecord> records, double sl) {
  sim::metrics::CallStats s;
  for (const CallRecord& r : records) {
    ++s.offered;
    if (r.answered) {
      ++s.answered;
      s.answered_within += r.wait_s <= sl ? 1 : 0;
      s.wait_answered_s += r.wait_s;
      if (r.service_known) {
        ++s.handled;
        s.talk_s += r.service_s;
      }
    } else {
      ++s.abandoned;
      s.wait_abandoned_s += r.wait_s;
    }
  }
  return s;
}

// --- The staffing inference ---

std::size_t DayGrid::day_index(std::int32_t day) const {
  return static_cast<std::size_t>(std::lower_bound(days.begin(), days.end(), day) - days.begin());
}

namespace {

// Presence [start, end) of one agent added to per-interval agent-seconds.
void add_presence(std::vector<double>& per_interval, const DayGrid& g, double start, double end) {
  for (std::size_t k = 0; k < per_interval.size(); ++k) {
    const double a = g.open_s + g.interval_s * static_cast<double>(k);
    per_interval[k] += std::max(0.0, std::min(end, a + g.interval_s) - std::max(start, a));
  }
}

double services_of(const std::vector<std::size_t>& served) {
  return std::accumulate(served.begin(), served.end(), 0.0);
}

using Spans = std::vector<std::pair<double, double>>;

// Per (day, role): the spans during which a caller the role may take waited, sorted and
// merged.
std::map<std::pair<std::int32_t, std::size_t>, Spans> waiting_spans(
    std::span<const CallRecord> records, const std::vector<std::uint32_t>& eligible,
    std::size_t roles) {
  std::map<std::pair<std::int32_t, std::size_t>, Spans> waiting;
  for (const auto& r : records) {
    if (r.wait_s <= 0 || r.type == kOtherType) continue;
    for (std::size_t ro = 0; ro < roles; ++ro) {
      if (eligible[r.type] >> ro & 1u) waiting[{r.day, ro}].emplace_back(r.arrival_s, r.arrival_s + r.wait_s);
    }
  }
  for (auto& [key, v] : waiting) {
    std::sort(v.begin(), v.end());
    Spans merged;
    for (const auto& x : v) {
      if (!merged.empty() && x.first <= merged.back().second) {
        merged.back().second = std::max(merged.back().second, x.second);
      } else {
        merged.push_back(x);
      }
    }
    v.swap(merged);
  }
  return waiting;
}

struct Service {
  double start, end;
  int type;  // kept type index, -1 for a type left out
  bool operator<(const Service& x) const { return start < x.start || (start == x.start && end < x.end); }
};

// One agent's day, services sorted: present while serving and in every gap of at most
// session_gap_s between two services; a gap that began while someone waited (`busy`) is a
// wrap sample of the service just finished. Returns the sessions: runs of services no more
// than session_gap_s apart.
Spans add_services(const std::vector<Service>& services, const Spans& busy,
                   std::vector<double>& present, std::vector<std::vector<double>>& wrap,
                   const DayGrid& g, const FitOptions& o) {
  Spans sessions;
  double e = -1;  // end of the services so far
  int last = -1;  // type of the service that ended at e
  for (const auto& [a, b, type] : services) {
    if (e >= 0 && a > e && a - e <= o.session_gap_s) {
      add_presence(present, g, e, a);
      // Did someone wait at e (a waiting span [x, y) with x <= e < y)?
      const auto w = std::upper_bound(busy.begin(), busy.end(), e,
                                      [](double t, const auto& x) { return t < x.first; });
      if (last >= 0 && w != busy.begin() && std::prev(w)->second > e) {
        wrap[static_cast<std::size_t>(last)].push_back(a - e);
      }
    }
    if (e < 0 || a - e > o.session_gap_s) {
      sessions.emplace_back(a, b);
    } else {
      sessions.back().second = std::max(sessions.back().second, b);
    }
    const double start = std::max(a, e);
    if (b > start) add_presence(present, g, start, b);
    if (b >= e) last = type;
    e = std::max(e, b);
  }
  return sessions;
}

// A session's edges: the agent may have been logged in and idle before the first call and
// after the last, as long as nobody of the role's types waited (an available agent would
// have answered them), for at most session_gap_s.
void add_session_edges(const Spans& sessions, const Spans& busy, std::vector<double>& present,
                       const DayGrid& g, const FitOptions& o) {
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const auto [S, E] = sessions[i];
    double lo = S - o.session_gap_s, hi = E + o.session_gap_s;
    if (i > 0) lo = std::max(lo, sessions[i - 1].second);
    if (i + 1 < sessions.size()) hi = std::min(hi, sessions[i + 1].first);
    // Backward: the last waiting span that began before S.
    auto w = std::lower_bound(busy.begin(), busy.end(), S,
                              [](const auto& x, double t) { return x.first < t; });
    if (w == busy.begin() || std::prev(w)->second < S) {
      const double from = w == busy.begin() ? lo : std::max(lo, std::prev(w)->second);
      if (from < S) add_presence(present, g, from, S);
    }
    // Forward: the first waiting span still open after E.
    w = std::upper_bound(busy.begin(), busy.end(), E,
                         [](double t, const auto& x) { return t < x.second; });
    if (w == busy.end() || w->first > E) {
      const double to = w == busy.end() ? hi : std::min(hi, w->first);
      if (to > E) add_presence(present, g, E, to);
    }
  }
}

}  // namespace

ServiceCounts count_services(std::span<const CallRecord> records, std::size_t agents,
                             std::size_t types) {
  ServiceCounts served(agents, std::vector<std::size_t>(types, 0));
  for (const auto& r : records) {
    if (r.agent < 0 || !r.service_known || r.type == kOtherType) continue;
    ++served[static_cast<std::size_t>(r.agent)][r.type];
  }
  return served;
}

Roles infer_roles(const ServiceCounts& served, const std::vector<std::string>& types,
                  const FitOptions& o) {
  const std::size_t A = served.size(), T = types.size();
  Roles roles;
  roles.names.push_back("agents");
  roles.of_type.assign(T, -1);
  roles.of_agent.assign(A, -1);
  for (std::size_t t = 1; t < T; ++t) {  // type 0 is the main type
    for (std::size_t ag = 0; ag < A; ++ag) {
      const double n = services_of(served[ag]);
      if (n >= o.min_agent_calls && static_cast<double>(served[ag][t]) >= o.specialist_share * n) {
        if (roles.of_type[t] < 0) {
          roles.of_type[t] = static_cast<int>(roles.names.size());
          roles.names.push_back(types[t] + "_agents");
        }
        roles.of_agent[ag] = roles.of_type[t];
      }
    }
  }
  for (std::size_t ag = 0; ag < A; ++ag) {
    if (roles.of_agent[ag] < 0 && services_of(served[ag]) > 0) roles.of_agent[ag] = 0;
  }
  return roles;
}

RoutingFit infer_routing(const Roles& roles, const ServiceCounts& served,
                         std::span<const CallRecord> records, const FitOptions& o) {
  const std::size_t R = roles.names.size(), T = roles.of_type.size();
  std::vector<std::vector<double>> by_role(R, std::vector<double>(T, 0.0));
  std::vector<std::size_t> type_total(T, 0);
  for (std::size_t ag = 0; ag < served.size(); ++ag) {
    if (roles.of_agent[ag] < 0) continue;
    for (std::size_t t = 0; t < T; ++t) {
      by_role[static_cast<std::size_t>(roles.of_agent[ag])][t] += static_cast<double>(served[ag][t]);
      type_total[t] += served[ag][t];
    }
  }
  RoutingFit rf;
  rf.eligible.assign(T, 0);
  rf.overflow.assign(T, 0);
  rf.overflow_after_s.assign(T, std::numeric_limits<double>::infinity());
  for (std::size_t t = 0; t < T; ++t) {
    std::size_t best = 0;
    for (std::size_t r = 0; r < R; ++r) {
      if (by_role[r][t] > by_role[best][t]) best = r;
    }
    rf.eligible[t] = 1u << best;
    if (roles.of_type[t] >= 0) rf.eligible[t] |= 1u << roles.of_type[t];
    for (std::size_t r = 0; r < R; ++r) {
      const double share = type_total[t] ? by_role[r][t] / static_cast<double>(type_total[t]) : 0;
      if (share < o.eligible_share || (rf.eligible[t] >> r & 1u)) continue;
      std::vector<double> waits;
      for (const auto& rec : records) {
        if (rec.answered && rec.agent >= 0 && rec.type == t &&
            roles.of_agent[static_cast<std::size_t>(rec.agent)] == static_cast<int>(r)) {
          waits.push_back(rec.wait_s);
        }
      }
      if (waits.empty()) continue;
      const auto mid = waits.begin() + static_cast<std::ptrdiff_t>(waits.size() / 2);
      std::nth_element(waits.begin(), mid, waits.end());
      rf.overflow[t] |= 1u << r;
      rf.overflow_after_s[t] = std::min(rf.overflow_after_s[t], *mid);
    }
  }
  return rf;
}

Presence infer_presence(std::span<const CallRecord> records, const Roles& roles,
                        const std::vector<std::uint32_t>& eligible, const DayGrid& g,
                        std::size_t types, const FitOptions& o) {
  const std::size_t R = roles.names.size();
  Presence p;
  p.per_day.assign(g.days.size(),
                   std::vector<std::vector<double>>(R, std::vector<double>(g.intervals, 0.0)));
  p.wrap.assign(types, {});
  const auto waiting = waiting_spans(records, eligible, R);
  std::map<std::pair<std::int32_t, std::int32_t>, std::vector<Service>> work;  // (agent, day)
  for (const auto& r : records) {
    if (r.agent < 0 || !r.service_known) continue;
    const int type = r.type == kOtherType ? -1 : r.type;
    work[{r.agent, r.day}].push_back({r.service_start_s, r.service_start_s + r.service_s, type});
  }
  const Spans none;
  for (auto& [key, services] : work) {
    const int role = roles.of_agent[static_cast<std::size_t>(key.first)];
    if (role < 0) continue;
    auto& present = p.per_day[g.day_index(key.second)][static_cast<std::size_t>(role)];
    const auto it = waiting.find({key.second, static_cast<std::size_t>(role)});
    const Spans& busy = it == waiting.end() ? none : it->second;
    std::sort(services.begin(), services.end());
    const Spans sessions = add_services(services, busy, present, p.wrap, g, o);
    add_session_edges(sessions, busy, present, g, o);
  }
  for (auto& day : p.per_day) {
    for (auto& role : day) {
      for (double& x : role) x /= g.interval_s;
    }
  }
  return p;
}

StaffingInference infer_staffing(std::span<const CallRecord> records,
                                 const std::vector<std::string>& agent_names,
                                 const std::vector<std::string>& types, const DayGrid& g,
                                 const FitOptions& o) {
  const ServiceCounts served = count_services(records, agent_names.size(), types.size());
  const Roles roles = infer_roles(served, types, o);
  StaffingInference out;
  StaffingFit& st = out.staffing;
  st.roles = roles.names;
  st.agents.assign(roles.names.size(), {});
  for (std::size_t ag = 0; ag < agent_names.size(); ++ag) {
    if (roles.of_agent[ag] >= 0 && services_of(served[ag]) > 0) {
      st.agents[static_cast<std::size_t>(roles.of_agent[ag])].push_back(agent_names[ag]);
    }
  }
  st.routing = infer_routing(roles, served, records, o);
  out.presence = infer_presence(records, roles, st.routing.eligible, g, types.size(), o);
  st.mean.assign(roles.names.size(), std::vector<double>(g.intervals, 0.0));
  const auto D = static_cast<double>(g.days.size());
  for (const auto& day : out.presence.per_day) {
    for (std::size_t ro = 0; ro < day.size(); ++ro) {
      for (std::size_t k = 0; k < g.intervals; ++k) st.mean[ro][k] += day[ro][k] / D;
    }
  }
  return out;
}

// --- The fit, step by step ---

namespace {

// Agents on a roster whose presence per interval averages `m` agents: agent j is present
// for the part of interval k by which m_k exceeds j, placed next to the neighbouring
// interval where agent j is present longer (fewer, longer shifts); gaps become breaks.
// Whoever is on the phones at closing stays one interval longer for the calls still waiting.
std::vector<sim::model::Agent> roster_for(const std::vector<double>& m, int role,
                                          const std::string& prefix, const DayGrid& g) {
  const double open = g.open_s, len = g.interval_s;
  std::vector<sim::model::Agent> out;
  const double top = m.empty() ? 0.0 : *std::max_element(m.begin(), m.end());
  const auto levels = static_cast<int>(std::ceil(top - 1e-9));
  for (int j = 0; j < levels; ++j) {
    std::vector<double> f(m.size());
    for (std::size_t k = 0; k < m.size(); ++k) f[k] = std::clamp(m[k] - j, 0.0, 1.0);
    std::vector<std::pair<double, double>> seg;
    for (std::size_t k = 0; k < m.size(); ++k) {
      const double dur = std::round(f[k] * len);
      if (dur < 60) continue;  // under a minute: noise
      const double a = open + len * static_cast<double>(k);
      const double before = k > 0 ? f[k - 1] : 0.0, after = k + 1 < m.size() ? f[k + 1] : 0.0;
      const double s = before >= after ? a : a + len - dur;
      if (!seg.empty() && seg.back().second == s) {
        seg.back().second = s + dur;
      } else {
        seg.emplace_back(s, s + dur);
      }
    }
    if (seg.empty()) continue;
    sim::model::Agent a;
    char number[16];
    std::snprintf(number, sizeof number, "_%03d", j + 1);
    a.name = prefix + number;  // the role's whole name: one cut to a buffer named all alike
    a.role = role;
    a.shift_start_s = seg.front().first;
    a.shift_end_s = seg.back().second;
    if (a.shift_end_s >= open + len * static_cast<double>(m.size())) a.shift_end_s += len;
    for (std::size_t i = 0; i + 1 < seg.size(); ++i) {
      a.breaks.push_back({seg[i].second, seg[i + 1].first - seg[i].second});
    }
    out.push_back(std::move(a));
  }
  return out;
}

// Patience quantiles for an empirical distribution: the Kaplan-Meier curve (linear between
// its steps) as far as the waits reach, then an exponential tail with the censored MLE's
// mean; m + 1 points at probabilities 0, 1/m, ..., the last at 1 - 1/(2m).
std::vector<double> km_points(const PatienceFit& p, int m) {
  std::vector<double> out;
  const double s_last = p.km.empty() ? 1.0 : p.km.back().survival;
  const double t_last = p.km.empty() ? 0.0 : p.km.back().t;
  for (int i = 0; i <= m; ++i) {
    const double q = i < m ? static_cast<double>(i) / m : 1.0 - 0.5 / m;
    const double s = 1.0 - q;  // the survival to reach
    if (s >= s_last && !p.km.empty()) {
      double t0 = 0, s0 = 1;
      double t = t_last;
      for (const auto& k : p.km) {
        if (k.survival <= s) {
          t = k.survival < s0 ? t0 + (k.t - t0) * (s0 - s) / (s0 - k.survival) : k.t;
          break;
        }
        t0 = k.t;
        s0 = k.survival;
      }
      out.push_back(t);
    } else {
      out.push_back(t_last + p.mle.mean * std::log(s_last / s));
    }
  }
  return out;
}

// Durations of one type in whole seconds (service or after-call work), or all types'
// pooled when the type has fewer than 30; no fit at all under 2 values.
ServiceFit fit_times(const std::string& type, const std::vector<double>& own,
                     const std::vector<double>& pooled) {
  ServiceFit s;
  s.type = type;
  s.n = own.size();
  const std::vector<double>& data = own.size() >= 30 ? own : pooled;
  if (data.size() < 2) return s;
  s.mean = mean_of(data);
  s.cv = std::sqrt(variance_of(data)) / s.mean;
  s.lognormal_mle = fit_lognormal(data, 1.0);
  s.lognormal = fit_lognormal_moments(data, 1.0);
  s.gamma = fit_gamma(data, 1.0);
  s.use_lognormal = s.lognormal.ks <= s.gamma.ks;
  s.values = sorted(data);
  return s;
}

std::string month_name(int month) {
  static const char* const names[] = {"January", "February", "March",     "April",
                                      "May",     "June",     "July",      "August",
                                      "September", "October", "November", "December"};
  return names[(month - 1) % 12];
}

// 1. The records of the chosen month and weekdays (fit.left_out counts the others), and
// the days they fall on: days with calls (a day missing from the log is not a day with none).
std::vector<CallRecord> keep_month_and_weekdays(const CallLog& log, const FitOptions& o, Fit& fit) {
  std::vector<CallRecord> kept;
  for (const CallRecord& r : log.records) {
    int y = 0;
    unsigned mo = 0, d = 0;
    sim::scenario::civil_from_days(r.day, y, mo, d);
    if (o.year && (y != *o.year || static_cast<int>(mo) != *o.month)) {
      ++fit.left_out["another month"];
    } else if (!(o.weekdays >> r.weekday & 1u)) {
      ++fit.left_out[std::string("on a day not kept (") + kDayNames[r.weekday] + ")"];
    } else {
      kept.push_back(r);
    }
  }
  for (const auto& r : kept) fit.days.push_back(r.day);
  std::sort(fit.days.begin(), fit.days.end());
  fit.days.erase(std::unique(fit.days.begin(), fit.days.end()), fit.days.end());
  return kept;
}

// 2. Opening hours: given, or the grid-aligned span holding all but 0.5 % of calls at
// either end; the records outside them are left out. "" or why there are none.
std::string keep_opening_hours(std::vector<CallRecord>& kept, const FitOptions& o, Fit& fit) {
  const double len = o.interval_s;
  std::vector<double> t;
  for (const auto& r : kept) t.push_back(r.arrival_s);
  std::sort(t.begin(), t.end());
  const auto q = [&](double p) {
    return t[std::min(t.size() - 1, static_cast<std::size_t>(p * static_cast<double>(t.size())))];
  };
  fit.open_s = o.open_s ? *o.open_s : std::floor(q(0.005) / len) * len;
  fit.close_s = o.close_s ? *o.close_s : (std::floor(q(0.995) / len) + 1) * len;
  if (!(fit.close_s > fit.open_s) ||
      std::fabs(std::remainder(fit.close_s - fit.open_s, len)) > 1e-9) {
    return "the opening hours must span whole intervals";
  }
  std::erase_if(kept, [&](const CallRecord& r) {
    const bool out = r.arrival_s < fit.open_s || r.arrival_s >= fit.close_s;
    if (out) ++fit.left_out["arrived outside the opening hours"];
    return out;
  });
  return "";
}

// 3. Call types with enough calls to fit (30), most calls first (ties by name), into
// fit.types; the kept records get the fit's type index. Returns [log type] -> fit type or
// kOtherType; empty when no type has enough calls.
std::vector<std::uint16_t> choose_call_types(const CallLog& log, std::vector<CallRecord>& kept,
                                             Fit& fit) {
  std::vector<std::size_t> count(log.types.size(), 0);
  for (const auto& r : kept) ++count[r.type];
  std::vector<std::size_t> order;
  for (std::size_t t = 0; t < count.size(); ++t) {
    if (count[t] >= 30) {
      order.push_back(t);
    } else if (count[t] > 0) {
      fit.left_out["call type " + log.types[t] + ": too few calls to fit (" +
                   std::to_string(count[t]) + ")"] += count[t];
    }
  }
  if (order.empty()) return {};
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return count[a] != count[b] ? count[a] > count[b] : log.types[a] < log.types[b];
  });
  std::vector<std::uint16_t> type_of(log.types.size(), kOtherType);
  for (std::size_t i = 0; i < order.size(); ++i) {
    type_of[order[i]] = static_cast<std::uint16_t>(i);
    fit.types.push_back(log.types[order[i]]);
  }
  std::erase_if(kept, [&](const CallRecord& r) { return type_of[r.type] == kOtherType; });
  for (auto& r : kept) r.type = type_of[r.type];
  return type_of;
}

// Calls per kept day, type and interval.
struct Counts {
  std::size_t types = 0, intervals = 0;
  std::vector<double> n;  // [day][type][interval]
  double& at(std::size_t d, std::size_t t, std::size_t k) { return n[(d * types + t) * intervals + k]; }
  double at(std::size_t d, std::size_t t, std::size_t k) const {
    return n[(d * types + t) * intervals + k];
  }
};

Counts count_arrivals(const std::vector<CallRecord>& kept, const DayGrid& g, std::size_t T) {
  Counts c{T, g.intervals, std::vector<double>(g.days.size() * T * g.intervals, 0.0)};
  for (const auto& r : kept) {
    const auto k = std::min(g.intervals - 1,
                            static_cast<std::size_t>((r.arrival_s - g.open_s) / g.interval_s));
    c.at(g.day_index(r.day), r.type, k) += 1;
  }
  return c;
}

// 4a. Mean calls per interval and type over the kept days, with 95 % intervals and the
// dispersion of the counts across days.
void fit_arrivals(const Counts& c, std::size_t days, ArrivalFit& a) {
  const std::size_t T = c.types, K = c.intervals, D = days;
  a.mean.assign(T, std::vector<double>(K));
  a.half_width.assign(T, std::vector<double>(K));
  a.total_mean.resize(K);
  a.total_half_width.resize(K);
  a.dispersion.resize(K);
  a.daily_totals.assign(D, 0.0);
  double weighted = 0, weight = 0;
  for (std::size_t k = 0; k < K; ++k) {
    std::vector<double> total(D, 0.0);
    for (std::size_t t = 0; t < T; ++t) {
      std::vector<double> v(D);
      for (std::size_t d = 0; d < D; ++d) {
        v[d] = c.at(d, t, k);
        total[d] += v[d];
      }
      a.mean[t][k] = mean_of(v);
      a.half_width[t][k] = t_half_width(v);
    }
    for (std::size_t d = 0; d < D; ++d) a.daily_totals[d] += total[d];
    a.total_mean[k] = mean_of(total);
    a.total_half_width[k] = t_half_width(total);
    a.dispersion[k] = a.total_mean[k] > 0 ? variance_of(total) / a.total_mean[k] : kNaN;
    if (a.total_mean[k] > 0) weighted += a.dispersion[k] * a.total_mean[k], weight += a.total_mean[k];
  }
  a.dispersion_factor = weight > 0 ? weighted / weight : 1.0;
  const double dm = mean_of(a.daily_totals);
  a.daily_dispersion = dm > 0 ? variance_of(a.daily_totals) / dm : 1.0;
  a.day_cv = dm > 0 ? std::min(sim::scenario::kMaxBusynessCv,
                               std::sqrt(std::max(0.0, (a.daily_dispersion - 1) / dm)))
                    : 0.0;
}

// 4b. The same per interval for each day of the week kept (all types together).
void fit_weekdays(const std::vector<CallRecord>& kept, const Counts& c, const DayGrid& g,
                  ArrivalFit& a) {
  const std::size_t D = g.days.size();
  std::array<std::uint8_t, 7> seen{};
  std::vector<std::uint8_t> weekday_of(D, 0);
  for (const auto& r : kept) weekday_of[g.day_index(r.day)] = r.weekday;
  for (std::size_t d = 0; d < D; ++d) seen[weekday_of[d]] = 1;
  for (std::size_t wd = 0; wd < 7; ++wd) {
    if (!seen[wd]) continue;
    for (std::size_t k = 0; k < c.intervals; ++k) {
      std::vector<double> v;
      for (std::size_t d = 0; d < D; ++d) {
        if (weekday_of[d] != wd) continue;
        double x = 0;
        for (std::size_t t = 0; t < c.types; ++t) x += c.at(d, t, k);
        v.push_back(x);
      }
      a.weekday_days[wd] = v.size();
      a.weekday_mean[wd].push_back(mean_of(v));
      a.weekday_half_width[wd].push_back(t_half_width(v));
    }
  }
}

bool has_service_time(const CallRecord& r) {
  return r.answered && r.service_known && r.service_s > 0;
}

// 5. Service times per type (a type with under 30 known services borrows the pooled fit).
// "" or why there are too few.
std::string fit_service_times(const std::vector<CallRecord>& kept, Fit& fit) {
  std::vector<std::vector<double>> v(fit.types.size());
  std::vector<double> all;
  for (const auto& r : kept) {
    if (!has_service_time(r)) continue;
    v[r.type].push_back(r.service_s);
    all.push_back(r.service_s);
  }
  if (all.size() < 30) return "fewer than 30 answered calls with a service time";
  for (std::size_t t = 0; t < fit.types.size(); ++t) {
    // Constant times have no spread to fit (the lognormal's and gamma's scale would be 0):
    // said as a problem of the log, not an internal error.
    const std::vector<double>& data = v[t].size() >= 30 ? v[t] : all;
    if (data.size() >= 2 && std::all_of(data.begin(), data.end(), [&](double x) { return x == data[0]; })) {
      return "call type " + fit.types[t] + ": every service time is " +
             std::to_string(static_cast<long long>(data[0])) +
             " s; a distribution cannot be fitted to times that never vary";
    }
    fit.service.push_back(fit_times(fit.types[t], v[t], all));
  }
  return "";
}

// 5b. Time of day: service times by the interval they began in, against their type's mean
// (the load moves with the hour: agents under pressure talk shorter). Fewer than 30
// services in an interval: no change.
std::vector<double> service_multipliers(const std::vector<CallRecord>& kept, const Fit& fit,
                                        const DayGrid& g) {
  const std::size_t K = g.intervals;
  std::vector<double> sum(K, 0.0), expected(K, 0.0), n(K, 0.0);
  for (const auto& r : kept) {
    if (!has_service_time(r)) continue;
    const double k = std::floor((r.service_start_s - g.open_s) / g.interval_s);
    if (k < 0 || k >= static_cast<double>(K)) continue;
    const auto i = static_cast<std::size_t>(k);
    sum[i] += r.service_s;
    expected[i] += fit.service[r.type].mean;
    n[i] += 1;
  }
  std::vector<double> m(K, 1.0);
  for (std::size_t k = 0; k < K; ++k) {
    if (n[k] >= 30) m[k] = sum[k] / expected[k];
  }
  return m;
}

// 6. Patience per type and of all types together (last), from the waits; a type with
// under 5 abandonments gets the pooled estimate.
std::vector<PatienceFit> fit_patience(const std::vector<CallRecord>& kept,
                                      const std::vector<std::string>& types) {
  const std::size_t T = types.size();
  std::vector<std::vector<double>> times(T + 1);
  std::vector<std::vector<char>> ev(T + 1);
  for (const auto& r : kept) {
    for (std::size_t t : {static_cast<std::size_t>(r.type), T}) {
      times[t].push_back(r.wait_s);
      ev[t].push_back(r.answered ? 0 : 1);
    }
  }
  std::vector<PatienceFit> out;
  for (std::size_t t = 0; t <= T; ++t) {
    PatienceFit p;
    p.type = t < T ? types[t] : "all";
    const std::size_t use = t < T && std::count(ev[t].begin(), ev[t].end(), 1) >= 5 ? t : T;
    p.mle = censored_exponential(times[use], ev[use]);
    p.naive_mean_s = naive_mean(times[use], ev[use]);
    p.km = kaplan_meier(times[use], ev[use]);
    out.push_back(std::move(p));
  }
  return out;
}

// 7b. After-call work per type, fitted like the service times (pooled under 30 samples).
std::vector<ServiceFit> fit_wrap(const std::vector<std::vector<double>>& samples,
                                 const std::vector<std::string>& types) {
  std::vector<double> all;
  for (const auto& v : samples) all.insert(all.end(), v.begin(), v.end());
  std::vector<ServiceFit> out;
  for (std::size_t t = 0; t < types.size(); ++t) out.push_back(fit_times(types[t], samples[t], all));
  return out;
}

// 9a. The scenario's name (unless given) and description.
void describe(const CallLog& log, const FitOptions& o, Fit& fit) {
  int y = 0, y2 = 0;
  unsigned mo = 0, d = 0, mo2 = 0, d2 = 0;
  sim::scenario::civil_from_days(fit.days.front(), y, mo, d);
  sim::scenario::civil_from_days(fit.days.back(), y2, mo2, d2);
  std::string days_text;
  for (int wd = 0; wd < 7; ++wd) {
    if (o.weekdays >> wd & 1u) days_text += (days_text.empty() ? "" : ",") + std::string(kDayNames[wd]);
  }
  const std::string first = month_name(static_cast<int>(mo)) + " " + std::to_string(y);
  const std::string period =
      y == y2 && mo == mo2 ? first
                           : first + " to " + month_name(static_cast<int>(mo2)) + " " + std::to_string(y2);
  fit.name = !o.name.empty() ? o.name
                             : "Fitted from a call log: average " + days_text + " day, " + period;
  std::ostringstream desc;
  desc << "Written by ccsim fit from " << log.files.size() << " file(s): " << fit.records.size()
       << " calls on " << fit.days.size() << " days (" << days_text << "), "
       << fit.types.size() << " call types, " << fit.staffing.roles.size()
       << " role(s). Arrivals are the mean per interval over those days; staffing is the "
          "mean number of agents seen serving (an approximation); patience is "
       << (o.patience_km ? "the Kaplan-Meier curve with an exponential tail"
                         : "the censored exponential MLE")
       << ". See fit_report.html.";
  fit.description = desc.str();
}

sim::model::AnyDistribution chosen_distribution(const ServiceFit& s) {
  if (s.use_lognormal) return sim::engine::Lognormal(s.lognormal.mean, s.lognormal.cv);
  return sim::engine::Gamma::from_mean_cv(s.gamma.mean, s.gamma.cv);
}

// 9b. One call type of the scenario, from its fits.
sim::model::CallType scenario_call_type(const Fit& fit, std::size_t t) {
  sim::model::CallType ct;
  ct.name = fit.types[t];
  ct.work_s = chosen_distribution(fit.service[t]);
  const ServiceFit& w = fit.wrap[t];
  ct.wrap_s = w.values.empty() ? sim::model::AnyDistribution(sim::engine::Deterministic(0.0))
                               : chosen_distribution(w);
  ct.patience_s = scenario_patience(fit.patience[t], fit.options.patience_km);
  ct.priority = 0;
  ct.eligible = fit.staffing.routing.eligible[t];
  ct.overflow = fit.staffing.routing.overflow[t];
  ct.overflow_after_s = fit.staffing.routing.overflow_after_s[t];
  ct.fcr = 1.0;
  return ct;
}

// The agents of every role on a roster for presence[role][interval].
std::vector<sim::model::Agent> roster(const std::vector<std::vector<double>>& presence,
                                      const std::vector<std::string>& roles, const DayGrid& g) {
  std::vector<sim::model::Agent> out;
  for (std::size_t r = 0; r < roles.size(); ++r) {
    for (auto& a : roster_for(presence[r], static_cast<int>(r), roles[r], g)) {
      out.push_back(std::move(a));
    }
  }
  return out;
}

// 9c. The scenario: the average kept day.
sim::model::Center average_day(const Fit& fit, const DayGrid& g) {
  sim::model::Center c;
  c.open_s = fit.open_s;
  c.close_s = fit.close_s;
  c.interval_s = g.interval_s;
  for (std::size_t r = 0; r < fit.staffing.roles.size(); ++r) {
    sim::model::Role role;
    role.name = fit.staffing.roles[r];
    role.wage_per_hour = 0;
    role.rank = static_cast<int>(r);
    c.roles.push_back(role);
  }
  for (std::size_t t = 0; t < fit.types.size(); ++t) c.call_types.push_back(scenario_call_type(fit, t));
  c.arrivals = fit.arrivals.mean;
  const std::size_t K = g.intervals;
  for (std::size_t k = 0; k < K; ++k) {
    const double m = fit.service_multiplier[k];
    if (m == 1.0) continue;
    const double a = fit.open_s + g.interval_s * static_cast<double>(k);
    // The last interval's factor also covers calls answered after closing.
    const double b = k + 1 == K ? a + 2 * g.interval_s : a + g.interval_s;
    c.slowdowns.push_back({a, b, m, ~std::uint64_t{0}});
  }
  c.agents = roster(fit.staffing.mean, fit.staffing.roles, g);
  c.routing.agent_selection = sim::model::AgentSelection::longest_idle;
  c.routing.honour_priorities = false;  // one FIFO queue, as the bank's queue largely was
  c.customers.short_abandon_s = 0;
  c.customers.redial_probability = 0;
  c.customers.max_attempts = 1;
  c.at_close = sim::model::AtClose::serve;
  c.absenteeism = 0;
  c.busyness.day_cv = fit.arrivals.day_cv;  // the average day stands for days that vary
  return c;
}

// 9d. Each kept day on its own: that day's calls per interval and type as the expected
// arrivals, that day's agents seen serving as the roster; the same fitted service and
// patience.
std::vector<sim::model::Center> each_day(const sim::model::Center& average, const Counts& counts,
                                         const Presence& presence,
                                         const std::vector<std::string>& roles, const DayGrid& g) {
  std::vector<sim::model::Center> out;
  for (std::size_t di = 0; di < g.days.size(); ++di) {
    sim::model::Center dc = average;
    dc.busyness = {};  // the day's own counts already are its level
    for (std::size_t t = 0; t < counts.types; ++t) {
      for (std::size_t k = 0; k < counts.intervals; ++k) dc.arrivals[t][k] = counts.at(di, t, k);
    }
    dc.agents = roster(presence.per_day[di], roles, g);
    out.push_back(std::move(dc));
  }
  return out;
}

}  // namespace

std::optional<sim::model::AnyDistribution> scenario_patience(const PatienceFit& p, bool km) {
  // No abandons, or so few that the censored mean passes the scenario's bound on
  // durations: over a day such callers never hang up, and the bound keeps the written
  // scenario loadable (it used to fail to load: an internal error).
  if (!std::isfinite(p.mle.mean) || p.mle.mean > sim::scenario::kMaxDurationS) return std::nullopt;
  if (km) {
    // The curve's exponential tail may pass the bound where the mean does not.
    auto points = km_points(p, 200);
    if (points.back() <= sim::scenario::kMaxDurationS) return sim::engine::Empirical(std::move(points));
  }
  return sim::engine::Exponential(p.mle.mean);
}

FitResult fit_call_log(const CallLog& log, const FitOptions& o) {
  FitResult result;
  const auto fail = [&](std::string why) {
    result.error = std::move(why);
    return std::move(result);
  };
  Fit fit;
  fit.options = o;
  std::vector<CallRecord> kept = keep_month_and_weekdays(log, o, fit);
  if (kept.empty()) return fail("no records left on the chosen month and weekdays");
  std::vector<CallRecord> day_records = kept;  // for the staffing, whatever the hour
  if (auto why = keep_opening_hours(kept, o, fit); !why.empty()) return fail(why);
  const std::vector<std::uint16_t> type_of = choose_call_types(log, kept, fit);
  if (type_of.empty()) return fail("no call type has 30 calls or more in the opening hours");
  fit.records = kept;
  const DayGrid g{fit.days, fit.open_s, o.interval_s,
                  static_cast<std::size_t>(std::lround((fit.close_s - fit.open_s) / o.interval_s))};

  const Counts counts = count_arrivals(kept, g, fit.types.size());
  fit_arrivals(counts, g.days.size(), fit.arrivals);
  fit_weekdays(kept, counts, g, fit.arrivals);
  if (auto why = fit_service_times(kept, fit); !why.empty()) return fail(why);
  fit.service_multiplier = service_multipliers(kept, fit, g);
  fit.patience = fit_patience(kept, fit.types);

  for (auto& r : day_records) r.type = type_of[r.type];
  StaffingInference staffing = infer_staffing(day_records, log.agents, fit.types, g, o);
  fit.staffing = std::move(staffing.staffing);
  fit.wrap = fit_wrap(staffing.presence.wrap, fit.types);

  fit.log_stats = call_stats_of(fit.records, o.sl_threshold_s);
  fit.log = figures_of(fit.log_stats, static_cast<double>(g.days.size()));

  describe(log, o, fit);
  fit.center = average_day(fit, g);
  if (const std::string why = fit.center.validate(); !why.empty()) {
    return fail("the fitted scenario is not valid: " + why);
  }
  fit.day_centers = each_day(fit.center, counts, staffing.presence, fit.staffing.roles, g);
  result.fit = std::move(fit);
  return result;
}

namespace {
FigureCi summarise(const std::vector<Figures>& reps) {
  FigureCi out;
  out.replications = reps.size();
  for (double Figures::*m : {&Figures::offered_per_day, &Figures::abandonment,
                             &Figures::service_level, &Figures::asa_s, &Figures::service_s}) {
    std::vector<double> v;
    for (const auto& f : reps) {
      if (std::isfinite(f.*m)) v.push_back(f.*m);
    }
    out.mean.*m = mean_of(v);
    out.half_width.*m = t_half_width(v);
  }
  return out;
}
}  // namespace

FigureCi simulate_figures(const sim::model::Center& center, double sl, std::size_t n,
                          std::uint64_t seed, std::size_t threads) {
  return summarise(replicate(1, n, threads, [&](std::size_t rep) {
    return figures_of(sim::metrics::simulate_day(center, seed, rep, sl).day, 1.0);
  }));
}

FigureCi simulate_month(const std::vector<sim::model::Center>& days, double sl, std::size_t n,
                        std::uint64_t seed, std::size_t threads) {
  const std::size_t D = days.size();
  return summarise(replicate(1, n, threads, [&](std::size_t rep) {
    sim::metrics::CallStats month;
    for (std::size_t d = 0; d < D; ++d) {
      month.add(sim::metrics::simulate_day(days[d], seed, (rep - 1) * D + d + 1, sl).day);
    }
    return figures_of(month, static_cast<double>(D));
  }));
}

Verdict judge(const Figures& log, const Figures& sim, const Tolerance& t) {
  Verdict v;
  v.abandonment = std::fabs(sim.abandonment - log.abandonment) * 100 <= t.abandonment_pp;
  v.service_level = std::fabs(sim.service_level - log.service_level) * 100 <= t.service_level_pp;
  v.wait = std::fabs(sim.asa_s - log.asa_s) <= t.wait_relative * log.asa_s;
  return v;
}

}  // namespace analysis
