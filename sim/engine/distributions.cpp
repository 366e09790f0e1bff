#include "sim/engine/distributions.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace sim::engine {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}
bool finite(double x) { return std::isfinite(x); }

// Standard normal from two uniforms (Box-Muller, cosine branch).
double standard_normal(RandomStream& rng) {
  const double r = std::sqrt(-2.0 * std::log(rng.uniform_open0()));
  return r * std::cos(2.0 * std::numbers::pi * rng.uniform01());
}

// Marsaglia & Tsang (2000), "A simple method for generating gamma variables", shape >= 1.
double gamma_mt(double shape, RandomStream& rng) {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = standard_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform_open0();
    if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

}  // namespace

Deterministic::Deterministic(double v) : value(v) {
  require(finite(v), "deterministic: value must be finite");
}

Uniform::Uniform(double lo, double hi) : low(lo), high(hi) {
  require(finite(lo) && finite(hi) && lo <= hi, "uniform: need finite low <= high");
}

Exponential::Exponential(double m) : mean_(m) {
  require(finite(m) && m > 0.0, "exponential: mean must be > 0");
}
double Exponential::sample(RandomStream& rng) const {
  return -mean_ * std::log(rng.uniform_open0());
}

Normal::Normal(double m, double s) : mu(m), sd(s) {
  require(finite(m) && finite(s) && s >= 0.0, "normal: need finite mean and sd >= 0");
}
double Normal::sample(RandomStream& rng) const { return mu + sd * standard_normal(rng); }

Gamma::Gamma(double k, double theta) : shape(k), scale(theta) {
  require(finite(k) && k > 0.0, "gamma: shape must be finite and > 0");
  require(finite(theta) && theta > 0.0, "gamma: scale must be finite and > 0");
}
Gamma Gamma::erlang(int phases, double m) {
  require(phases >= 1, "erlang: phases must be >= 1");
  require(finite(m) && m > 0.0, "erlang: mean must be > 0");
  return Gamma(phases, m / phases);
}
Gamma Gamma::from_mean_cv(double m, double cv) {
  require(finite(m) && m > 0.0, "gamma: mean must be > 0");
  require(finite(cv) && cv > 0.0, "gamma: cv must be > 0");
  const double k = 1.0 / (cv * cv);
  require(finite(k), "gamma: cv is too small (the shape 1/cv^2 is not a finite number)");
  return Gamma(k, m / k);
}
double Gamma::sample(RandomStream& rng) const {
  if (shape >= 1.0) return scale * gamma_mt(shape, rng);
  const double g = gamma_mt(shape + 1.0, rng);
  return scale * g * std::pow(rng.uniform_open0(), 1.0 / shape);
}

Lognormal::Lognormal(double m, double cv) : mean_(m), cv_(cv) {
  require(finite(m) && m > 0.0, "lognormal: mean must be > 0");
  require(finite(cv) && cv >= 0.0, "lognormal: cv must be >= 0");
  const double s2 = std::log1p(cv * cv);
  sigma = std::sqrt(s2);
  mu = std::log(m) - 0.5 * s2;
}
double Lognormal::sample(RandomStream& rng) const {
  return std::exp(mu + sigma * standard_normal(rng));
}

Empirical::Empirical(std::vector<double> pts) : points(std::move(pts)) {
  require(points.size() >= 2, "empirical: need at least two points");
  require(std::all_of(points.begin(), points.end(), finite), "empirical: points must be finite");
  std::sort(points.begin(), points.end());
}
double Empirical::sample(RandomStream& rng) const {
  const double x = rng.uniform01() * static_cast<double>(points.size() - 1);
  const auto i = static_cast<std::size_t>(x);
  const double f = x - static_cast<double>(i);
  return points[i] + f * (points[i + 1] - points[i]);
}
double Empirical::mean() const {
  // Each segment is uniform on [x_i, x_{i+1}] with probability 1/(n-1).
  double s = 0.0;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) s += 0.5 * (points[i] + points[i + 1]);
  return s / static_cast<double>(points.size() - 1);
}
double Empirical::variance() const {
  double s2 = 0.0;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const double a = points[i], b = points[i + 1];
    s2 += (a * a + a * b + b * b) / 3.0;
  }
  const double m = mean();
  return s2 / static_cast<double>(points.size() - 1) - m * m;
}

Bernoulli::Bernoulli(double prob) : p(prob) {
  require(prob >= 0.0 && prob <= 1.0, "bernoulli: p must be in [0, 1]");
}

Discrete::Discrete(std::span<const double> weights) {
  require(!weights.empty(), "discrete: need at least one weight");
  double total = 0.0;
  for (double w : weights) {
    require(finite(w) && w >= 0.0, "discrete: weights must be finite and >= 0");
    total += w;
  }
  require(total > 0.0, "discrete: weights must not all be zero");
  const std::size_t n = weights.size();
  p_.resize(n);
  prob_.assign(n, 1.0);
  alias_.resize(n);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    p_[i] = weights[i] / total;
    scaled[i] = p_[i] * static_cast<double>(n);
    alias_[i] = static_cast<std::uint32_t>(i);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back(), l = large.back();
    small.pop_back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Left-overs are 1 up to rounding: they always accept themselves (prob_ stays 1).
}
std::size_t Discrete::sample(RandomStream& rng) const {
  const double x = rng.uniform01() * static_cast<double>(prob_.size());
  const auto i = static_cast<std::size_t>(x);
  return (x - static_cast<double>(i) < prob_[i]) ? i : alias_[i];
}

namespace {
std::vector<double> equal_bounds(double start, double length, std::size_t pieces) {
  require(finite(start), "arrivals: start must be finite");
  require(finite(length) && length > 0.0, "arrivals: interval length must be > 0");
  std::vector<double> b(pieces + 1);
  for (std::size_t k = 0; k <= pieces; ++k) b[k] = start + length * static_cast<double>(k);
  return b;
}
}  // namespace

PiecewiseConstantArrivals::PiecewiseConstantArrivals(double start, double interval_length,
                                                     std::vector<double> rates)
    : PiecewiseConstantArrivals(equal_bounds(start, interval_length, rates.size()),
                                std::vector<double>(rates)) {}  // not moved: size read first

PiecewiseConstantArrivals::PiecewiseConstantArrivals(std::vector<double> bounds,
                                                     std::vector<double> rates)
    : bounds_(std::move(bounds)), rates_(std::move(rates)) {
  require(bounds_.size() == rates_.size() + 1, "arrivals: need one more bound than rates");
  require(std::all_of(bounds_.begin(), bounds_.end(), finite), "arrivals: bounds must be finite");
  require(std::adjacent_find(bounds_.begin(), bounds_.end(), std::greater_equal<>()) ==
              bounds_.end(),
          "arrivals: bounds must be strictly increasing");
  for (double r : rates_) require(finite(r) && r >= 0.0, "arrivals: rates must be >= 0");
}

double PiecewiseConstantArrivals::draw(RandomStream& rng) { return -std::log(rng.uniform_open0()); }

double PiecewiseConstantArrivals::advance(double t, double e) const {
  // Inversion: e units of integrated rate are spent piece by piece.
  if (t < bounds_.front()) t = bounds_.front();
  auto k = static_cast<std::size_t>(std::upper_bound(bounds_.begin(), bounds_.end(), t) -
                                    bounds_.begin());
  k = k == 0 ? 0 : k - 1;
  for (; k < rates_.size(); ++k) {
    const double end = bounds_[k + 1];
    if (t >= end) continue;  // rounding at a boundary
    const double capacity = rates_[k] * (end - t);
    if (e < capacity) return t + e / rates_[k];
    e -= capacity;
    t = end;
  }
  return std::numeric_limits<double>::infinity();
}

double PiecewiseConstantArrivals::expected_count(double a, double b) const {
  double total = 0.0;
  for (std::size_t k = 0; k < rates_.size(); ++k) {
    const double lo = std::max(a, bounds_[k]);
    const double hi = std::min(b, bounds_[k + 1]);
    if (hi > lo) total += rates_[k] * (hi - lo);
  }
  return total;
}

}  // namespace sim::engine
