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
#include "sim/scenario/limits.h"

namespace analysis {

using sim::scenario::CallLog;
using sim::scenario::CallRecord;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kDayNames[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// Two-sided 95 % Student-t half-width of the mean of `v`; 0 for fewer than two values.
double t_half_width(const std::vector<double>& v) {
  const std::size_t n = v.size();
  if (n < 2) return 0.0;
  const double m = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(n);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  const boost::math::students_t t(static_cast<double>(n - 1));
  return boost::math::quantile(boost::math::complement(t, 0.025)) * sd /
         std::sqrt(static_cast<double>(n));
}

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

// --- The fit ---

namespace {

// Presence [start, end) of one agent added to per-interval agent-seconds.
void add_presence(std::vector<double>& per_interval, double open, double len, double start,
                  double end) {
  for (std::size_t k = 0; k < per_interval.size(); ++k) {
    const double a = open + len * static_cast<double>(k);
    per_interval[k] += std::max(0.0, std::min(end, a + len) - std::max(start, a));
  }
}

// Agents on a roster whose presence per interval averages `m` agents: agent j is present
// for the part of interval k by which m_k exceeds j, placed next to the neighbouring
// interval where agent j is present longer (fewer, longer shifts); gaps become breaks.
std::vector<sim::model::Agent> roster_for(const std::vector<double>& m, int role,
                                          const std::string& prefix, double open, double len,
                                          double close_extension) {
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
    char name[64];
    std::snprintf(name, sizeof name, "%s_%03d", prefix.c_str(), j + 1);
    a.name = name;
    a.role = role;
    a.shift_start_s = seg.front().first;
    a.shift_end_s = seg.back().second;
    // Whoever is on the phones at closing stays to answer the calls still waiting.
    if (a.shift_end_s >= open + len * static_cast<double>(m.size())) a.shift_end_s += close_extension;
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
  Fit fit;
  fit.options = o;
  const double len = o.interval_s;

  // 1. Month and weekdays.
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
  if (kept.empty()) {
    result.error = "no records left on the chosen month and weekdays";
    return result;
  }
  // Kept days: those with calls (a day missing from the log is not a day with none).
  for (const auto& r : kept) fit.days.push_back(r.day);
  std::sort(fit.days.begin(), fit.days.end());
  fit.days.erase(std::unique(fit.days.begin(), fit.days.end()), fit.days.end());
  const std::vector<CallRecord> day_records = kept;  // for the staffing, whatever the hour

  // 2. Opening hours: given, or the grid-aligned span holding all but 0.5 % of calls at
  // either end.
  {
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
      result.error = "the opening hours must span whole intervals";
      return result;
    }
  }
  std::erase_if(kept, [&](const CallRecord& r) {
    const bool out = r.arrival_s < fit.open_s || r.arrival_s >= fit.close_s;
    if (out) ++fit.left_out["arrived outside the opening hours"];
    return out;
  });

  // 3. Call types with enough calls to fit, most calls first (ties by name).
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
  if (order.empty()) {
    result.error = "no call type has 30 calls or more in the opening hours";
    return result;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return count[a] != count[b] ? count[a] > count[b] : log.types[a] < log.types[b];
  });
  std::vector<int> type_of(log.types.size(), -1);
  for (std::size_t i = 0; i < order.size(); ++i) {
    type_of[order[i]] = static_cast<int>(i);
    fit.types.push_back(log.types[order[i]]);
  }
  std::erase_if(kept, [&](const CallRecord& r) { return type_of[r.type] < 0; });
  for (auto& r : kept) r.type = static_cast<std::uint16_t>(type_of[r.type]);
  fit.records = kept;
  const std::size_t T = fit.types.size();
  const auto K = static_cast<std::size_t>(std::lround((fit.close_s - fit.open_s) / len));
  const std::size_t D = fit.days.size();
  auto day_index = [&](std::int32_t day) {
    return static_cast<std::size_t>(std::lower_bound(fit.days.begin(), fit.days.end(), day) -
                                    fit.days.begin());
  };

  // 4. Arrivals.
  std::vector<double> counts(D * T * K, 0.0);  // [day][type][interval]
  {
    for (const auto& r : kept) {
      const auto k = std::min(K - 1, static_cast<std::size_t>((r.arrival_s - fit.open_s) / len));
      counts[(day_index(r.day) * T + r.type) * K + k] += 1;
    }
    ArrivalFit& a = fit.arrivals;
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
          v[d] = counts[(d * T + t) * K + k];
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
    std::array<std::uint8_t, 7> seen{};
    std::vector<std::uint8_t> weekday_of(D, 0);
    for (const auto& r : kept) weekday_of[day_index(r.day)] = r.weekday;
    for (std::size_t d = 0; d < D; ++d) seen[weekday_of[d]] = 1;
    for (std::size_t wd = 0; wd < 7; ++wd) {
      if (!seen[wd]) continue;
      for (std::size_t k = 0; k < K; ++k) {
        std::vector<double> v;
        for (std::size_t d = 0; d < D; ++d) {
          if (weekday_of[d] != wd) continue;
          double x = 0;
          for (std::size_t t = 0; t < T; ++t) x += counts[(d * T + t) * K + k];
          v.push_back(x);
        }
        a.weekday_days[wd] = v.size();
        a.weekday_mean[wd].push_back(mean_of(v));
        a.weekday_half_width[wd].push_back(v.size() > 1 ? t_half_width(v) : kNaN);
      }
    }
  }

  // 5. Service times per type (a type with under 30 known services borrows the pooled fit).
  {
    std::vector<std::vector<double>> v(T);
    std::vector<double> all;
    for (const auto& r : kept) {
      if (r.answered && r.service_known && r.service_s > 0) {
        v[r.type].push_back(r.service_s);
        all.push_back(r.service_s);
      }
    }
    if (all.size() < 30) {
      result.error = "fewer than 30 answered calls with a service time";
      return result;
    }
    for (std::size_t t = 0; t < T; ++t) {
      fit.service.push_back(fit_times(fit.types[t], v[t], all));
    }
  }

  // 5b. Time of day: service times by the interval they began in, against their type's
  // mean (the load moves with the hour: agents under pressure talk shorter). Fewer than 30
  // services in an interval: no change.
  {
    std::vector<double> sum(K, 0.0), expected(K, 0.0), n(K, 0.0);
    for (const auto& r : kept) {
      if (!(r.answered && r.service_known && r.service_s > 0)) continue;
      const double k = std::floor((r.service_start_s - fit.open_s) / len);
      if (k < 0 || k >= static_cast<double>(K)) continue;
      const auto i = static_cast<std::size_t>(k);
      sum[i] += r.service_s;
      expected[i] += fit.service[r.type].mean;
      n[i] += 1;
    }
    fit.service_multiplier.assign(K, 1.0);
    for (std::size_t k = 0; k < K; ++k) {
      if (n[k] >= 30) fit.service_multiplier[k] = sum[k] / expected[k];
    }
  }

  // 6. Patience per type (under 5 abandonments: the pooled estimate).
  {
    std::vector<std::vector<double>> times(T + 1);
    std::vector<std::vector<char>> ev(T + 1);
    for (const auto& r : kept) {
      for (std::size_t t : {static_cast<std::size_t>(r.type), T}) {
        times[t].push_back(r.wait_s);
        ev[t].push_back(r.answered ? 0 : 1);
      }
    }
    for (std::size_t t = 0; t <= T; ++t) {
      PatienceFit p;
      p.type = t < T ? fit.types[t] : "all";
      const std::size_t use = t < T && std::count(ev[t].begin(), ev[t].end(), 1) >= 5 ? t : T;
      p.mle = censored_exponential(times[use], ev[use]);
      p.naive_mean_s = naive_mean(times[use], ev[use]);
      p.km = kaplan_meier(times[use], ev[use]);
      fit.patience.push_back(std::move(p));
    }
  }

  // 7. Roles and staffing from the agents seen serving on the kept days.
  std::vector<std::vector<std::vector<double>>> per_day;  // [day][role][interval] agents
  std::vector<std::vector<double>> wrap_samples;          // [type] after-call gaps
  {
    StaffingFit& st = fit.staffing;
    const std::size_t A = log.agents.size();
    std::vector<std::vector<std::size_t>> served(A, std::vector<std::size_t>(T, 0));
    std::vector<std::size_t> type_total(T, 0);
    for (const auto& r : day_records) {
      if (r.agent < 0 || !r.service_known || type_of[r.type] < 0) continue;
      ++served[static_cast<std::size_t>(r.agent)][static_cast<std::size_t>(type_of[r.type])];
    }
    // Role 0: agents; then one role per type with specialists, in type order.
    std::vector<int> role_of_type(T, -1);
    std::vector<int> agent_role(A, -1);
    st.roles.push_back("agents");
    for (std::size_t t = 1; t < T; ++t) {  // type 0 is the main type
      for (std::size_t ag = 0; ag < A; ++ag) {
        const double n = std::accumulate(served[ag].begin(), served[ag].end(), 0.0);
        if (n >= o.min_agent_calls && static_cast<double>(served[ag][t]) >= o.specialist_share * n) {
          if (role_of_type[t] < 0) {
            role_of_type[t] = static_cast<int>(st.roles.size());
            st.roles.push_back(fit.types[t] + "_agents");
          }
          agent_role[ag] = role_of_type[t];
        }
      }
    }
    st.agents.assign(st.roles.size(), {});
    for (std::size_t ag = 0; ag < A; ++ag) {
      const double n = std::accumulate(served[ag].begin(), served[ag].end(), 0.0);
      if (n == 0) continue;
      if (agent_role[ag] < 0) agent_role[ag] = 0;
      st.agents[static_cast<std::size_t>(agent_role[ag])].push_back(log.agents[ag]);
    }
    // Eligibility: a role that served at least eligible_share of a type's calls.
    std::vector<std::vector<double>> by_role(st.roles.size(), std::vector<double>(T, 0.0));
    for (std::size_t ag = 0; ag < A; ++ag) {
      if (agent_role[ag] < 0) continue;
      for (std::size_t t = 0; t < T; ++t) {
        by_role[static_cast<std::size_t>(agent_role[ag])][t] += static_cast<double>(served[ag][t]);
        type_total[t] += served[ag][t];
      }
    }
    // The role that served most of a type's calls, and the type's own specialists, take it
    // from the start; another role that served at least eligible_share of it takes it only
    // after it has waited (overflow) as long as the median wait of the calls it did take.
    st.eligible.assign(T, 0);
    st.overflow.assign(T, 0);
    st.overflow_after_s.assign(T, std::numeric_limits<double>::infinity());
    for (std::size_t t = 0; t < T; ++t) {
      std::size_t best = 0;
      for (std::size_t r = 0; r < st.roles.size(); ++r) {
        if (by_role[r][t] > by_role[best][t]) best = r;
      }
      st.eligible[t] = 1u << best;
      if (role_of_type[t] >= 0) st.eligible[t] |= 1u << role_of_type[t];
      for (std::size_t r = 0; r < st.roles.size(); ++r) {
        const double share = type_total[t] ? by_role[r][t] / static_cast<double>(type_total[t]) : 0;
        if (share >= o.eligible_share && !(st.eligible[t] >> r & 1u)) {
          std::vector<double> waits;
          for (const auto& rec : day_records) {
            if (rec.answered && rec.agent >= 0 && type_of[rec.type] == static_cast<int>(t) &&
                agent_role[static_cast<std::size_t>(rec.agent)] == static_cast<int>(r)) {
              waits.push_back(rec.wait_s);
            }
          }
          if (waits.empty()) continue;
          std::nth_element(waits.begin(), waits.begin() + static_cast<std::ptrdiff_t>(waits.size() / 2), waits.end());
          st.overflow[t] |= 1u << r;
          st.overflow_after_s[t] = std::min(st.overflow_after_s[t], waits[waits.size() / 2]);
        }
      }
    }
    // Presence: an agent is present while serving and in every gap of no more than
    // session_gap_s between two services. A gap that begins while a caller of the agent's
    // role waits is after-call work: had the agent been free, the caller would have been
    // answered at once. Those gaps are the wrap-up samples of the call just finished.
    st.mean.assign(st.roles.size(), std::vector<double>(K, 0.0));
    per_day.assign(D, std::vector<std::vector<double>>(st.roles.size(), std::vector<double>(K, 0.0)));
    using Spans = std::vector<std::pair<double, double>>;
    std::map<std::pair<std::int32_t, std::size_t>, Spans> waiting;  // (day, role) -> merged
    for (const auto& r : day_records) {
      if (r.wait_s <= 0 || type_of[r.type] < 0) continue;
      const auto t = static_cast<std::size_t>(type_of[r.type]);
      for (std::size_t ro = 0; ro < st.roles.size(); ++ro) {
        if (st.eligible[t] >> ro & 1u) waiting[{r.day, ro}].emplace_back(r.arrival_s, r.arrival_s + r.wait_s);
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
    struct Service {
      double start, end;
      int type;  // kept type index, -1 for a type left out
      bool operator<(const Service& x) const { return start < x.start || (start == x.start && end < x.end); }
    };
    std::map<std::pair<std::int32_t, std::int32_t>, std::vector<Service>> work;  // (agent, day)
    for (const auto& r : day_records) {
      if (r.agent < 0 || !r.service_known) continue;
      work[{r.agent, r.day}].push_back({r.service_start_s, r.service_start_s + r.service_s, type_of[r.type]});
    }
    wrap_samples.assign(T, {});
    for (auto& [key, spans] : work) {
      const int role = agent_role[static_cast<std::size_t>(key.first)];
      if (role < 0) continue;
      auto& present = per_day[day_index(key.second)][static_cast<std::size_t>(role)];
      const auto it = waiting.find({key.second, static_cast<std::size_t>(role)});
      const Spans none;
      const Spans& busy = it == waiting.end() ? none : it->second;
      std::sort(spans.begin(), spans.end());
      // Sessions: runs of services no more than session_gap_s apart.
      std::vector<std::pair<double, double>> sessions;
      double e = -1;   // end of the services so far
      int last = -1;   // type of the service that ended at e
      for (const auto& [a, b, type] : spans) {
        if (e >= 0 && a > e && a - e <= o.session_gap_s) {
          add_presence(present, fit.open_s, len, e, a);
          // Did someone wait at e (a waiting span [x, y) with x <= e < y)?
          const auto w = std::upper_bound(busy.begin(), busy.end(), e,
                                          [](double t, const auto& x) { return t < x.first; });
          if (last >= 0 && w != busy.begin() && std::prev(w)->second > e) {
            wrap_samples[static_cast<std::size_t>(last)].push_back(a - e);
          }
        }
        if (e < 0 || a - e > o.session_gap_s) {
          sessions.emplace_back(a, b);
        } else {
          sessions.back().second = std::max(sessions.back().second, b);
        }
        const double start = std::max(a, e);
        if (b > start) add_presence(present, fit.open_s, len, start, b);
        if (b >= e) last = type;
        e = std::max(e, b);
      }
      // A session's edges: the agent may have been logged in and idle before the first
      // call and after the last, as long as nobody of the role's types waited (an available
      // agent would have answered them), for at most session_gap_s.
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
          if (from < S) add_presence(present, fit.open_s, len, from, S);
        }
        // Forward: the first waiting span still open after E.
        w = std::upper_bound(busy.begin(), busy.end(), E,
                             [](double t, const auto& x) { return t < x.second; });
        if (w == busy.end() || w->first > E) {
          const double to = w == busy.end() ? hi : std::min(hi, w->first);
          if (to > E) add_presence(present, fit.open_s, len, E, to);
        }
      }
    }
    for (auto& day : per_day) {
      for (std::size_t ro = 0; ro < day.size(); ++ro) {
        for (std::size_t k = 0; k < K; ++k) {
          day[ro][k] /= len;
          st.mean[ro][k] += day[ro][k] / static_cast<double>(D);
        }
      }
    }
  }

  // 7b. After-call work per type, fitted like the service times (pooled under 30 samples).
  {
    std::vector<double> all;
    for (const auto& v : wrap_samples) all.insert(all.end(), v.begin(), v.end());
    for (std::size_t t = 0; t < T; ++t) {
      fit.wrap.push_back(fit_times(fit.types[t], wrap_samples[t], all));
    }
  }

  // 8. Figures of the log, by the simulator's definitions.
  fit.log_stats = call_stats_of(fit.records, o.sl_threshold_s);
  fit.log = figures_of(fit.log_stats, static_cast<double>(D));

  // 9. The scenario: the average kept day.
  {
    int y = 0;
    unsigned mo = 0, d = 0;
    sim::scenario::civil_from_days(fit.days.front(), y, mo, d);
    std::string days_text;
    for (int wd = 0; wd < 7; ++wd) {
      if (o.weekdays >> wd & 1u) days_text += (days_text.empty() ? "" : ",") + std::string(kDayNames[wd]);
    }
    int y2 = 0;
    unsigned mo2 = 0, d2 = 0;
    sim::scenario::civil_from_days(fit.days.back(), y2, mo2, d2);
    const std::string period = y == y2 && mo == mo2
                                   ? month_name(static_cast<int>(mo)) + " " + std::to_string(y)
                                   : month_name(static_cast<int>(mo)) + " " + std::to_string(y) +
                                         " to " + month_name(static_cast<int>(mo2)) + " " +
                                         std::to_string(y2);
    fit.name = !o.name.empty() ? o.name
                               : "Fitted from a call log: average " + days_text + " day, " + period;
    std::ostringstream desc;
    desc << "Written by ccsim fit from " << log.files.size() << " file(s): " << fit.records.size()
         << " calls on " << D << " days (" << days_text << "), "
         << fit.types.size() << " call types, " << fit.staffing.roles.size()
         << " role(s). Arrivals are the mean per interval over those days; staffing is the "
            "mean number of agents seen serving (an approximation); patience is "
         << (o.patience_km ? "the Kaplan-Meier curve with an exponential tail"
                           : "the censored exponential MLE")
         << ". See fit_report.html.";
    fit.description = desc.str();

    sim::model::Center& c = fit.center;
    c.open_s = fit.open_s;
    c.close_s = fit.close_s;
    c.interval_s = len;
    for (std::size_t r = 0; r < fit.staffing.roles.size(); ++r) {
      sim::model::Role role;
      role.name = fit.staffing.roles[r];
      role.wage_per_hour = 0;
      role.rank = static_cast<int>(r);
      c.roles.push_back(role);
    }
    for (std::size_t t = 0; t < T; ++t) {
      sim::model::CallType ct;
      ct.name = fit.types[t];
      const ServiceFit& s = fit.service[t];
      const DistributionFit& chosen = s.use_lognormal ? s.lognormal : s.gamma;
      if (s.use_lognormal) {
        ct.work_s = sim::engine::Lognormal(chosen.mean, chosen.cv);
      } else {
        ct.work_s = sim::engine::Gamma::from_mean_cv(chosen.mean, chosen.cv);
      }
      const ServiceFit& w = fit.wrap[t];
      if (w.values.empty()) {
        ct.wrap_s = sim::engine::Deterministic(0.0);
      } else if (w.use_lognormal) {
        ct.wrap_s = sim::engine::Lognormal(w.lognormal.mean, w.lognormal.cv);
      } else {
        ct.wrap_s = sim::engine::Gamma::from_mean_cv(w.gamma.mean, w.gamma.cv);
      }
      ct.patience_s = scenario_patience(fit.patience[t], o.patience_km);
      ct.priority = 0;
      ct.eligible = fit.staffing.eligible[t];
      ct.overflow = fit.staffing.overflow[t];
      ct.overflow_after_s = fit.staffing.overflow_after_s[t];
      ct.fcr = 1.0;
      c.call_types.push_back(std::move(ct));
    }
    c.arrivals = fit.arrivals.mean;
    for (std::size_t k = 0; k < K; ++k) {
      const double m = fit.service_multiplier[k];
      if (m == 1.0) continue;
      const double a = fit.open_s + len * static_cast<double>(k);
      // The last interval's factor also covers calls answered after closing.
      const double b = k + 1 == K ? a + 2 * len : a + len;
      c.slowdowns.push_back({a, b, m, ~std::uint64_t{0}});
    }
    for (std::size_t r = 0; r < fit.staffing.roles.size(); ++r) {
      auto agents = roster_for(fit.staffing.mean[r], static_cast<int>(r), fit.staffing.roles[r],
                               fit.open_s, len, len);
      for (auto& a : agents) c.agents.push_back(std::move(a));
    }
    c.routing.agent_selection = sim::model::AgentSelection::longest_idle;
    c.routing.honour_priorities = false;  // one FIFO queue, as the bank's queue largely was
    c.customers.short_abandon_s = 0;
    c.customers.redial_probability = 0;
    c.customers.max_attempts = 1;
    c.serve_after_close = true;
    c.absenteeism = 0;
    const std::string why = c.validate();
    if (!why.empty()) {
      result.error = "the fitted scenario is not valid: " + why;
      return result;
    }
    // Each kept day on its own: that day's calls per interval and type as the expected
    // arrivals, that day's agents seen serving as the roster; the same fitted service and
    // patience.
    for (std::size_t di = 0; di < D; ++di) {
      sim::model::Center dc = c;
      dc.agents.clear();
      for (std::size_t t = 0; t < T; ++t) {
        for (std::size_t k = 0; k < K; ++k) dc.arrivals[t][k] = counts[(di * T + t) * K + k];
      }
      for (std::size_t r = 0; r < fit.staffing.roles.size(); ++r) {
        auto agents = roster_for(per_day[di][r], static_cast<int>(r), fit.staffing.roles[r],
                                 fit.open_s, len, len);
        for (auto& a : agents) dc.agents.push_back(std::move(a));
      }
      fit.day_centers.push_back(std::move(dc));
    }
  }
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
