// Portable samplers. Each is a small value type with sample(RandomStream&), mean() and
// variance(); they use only RandomStream and <cmath>, never <random>'s distributions, whose
// algorithms differ between libstdc++ and libc++ (SimGrid's lesson). Each sampler takes a
// fixed number of uniforms per draw where the method allows it (all but Gamma's
// rejection step), which keeps common random numbers aligned between runs.
//
// Constructors validate their parameters and throw std::invalid_argument naming the
// sampler and the parameter: the scenario layer turns that into a file:line message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "sim/engine/random.h"

namespace sim::engine {

struct Deterministic {
  explicit Deterministic(double value);
  static constexpr int kUniforms = 0;  // per draw; -1: varies (see uniforms_per_draw)
  double sample(RandomStream&) const { return value; }
  double mean() const { return value; }
  double variance() const { return 0.0; }
  double value;
};

// Uniform on [low, high).
struct Uniform {
  Uniform(double low, double high);
  static constexpr int kUniforms = 1;
  double sample(RandomStream& rng) const { return low + (high - low) * rng.uniform01(); }
  double mean() const { return 0.5 * (low + high); }
  double variance() const { return (high - low) * (high - low) / 12.0; }
  double low, high;
};

// Exponential, given by its mean (analysts state "mean handle time 300 s", not a rate).
struct Exponential {
  explicit Exponential(double mean);
  static constexpr int kUniforms = 1;
  double sample(RandomStream& rng) const;  // inversion: one uniform per draw
  double mean() const { return mean_; }
  double variance() const { return mean_ * mean_; }
  double mean_;
};

// Normal by Box-Muller, cosine branch only: exactly two uniforms per draw.
struct Normal {
  Normal(double mean, double sd);
  static constexpr int kUniforms = 2;
  double sample(RandomStream& rng) const;
  double mean() const { return mu; }
  double variance() const { return sd * sd; }
  double mu, sd;
};

// Gamma(shape k, scale theta) by Marsaglia & Tsang (2000); shape < 1 by the boost
// X = Gamma(k+1) * U^(1/k). Erlang(k, mean) is Gamma(k, mean/k).
struct Gamma {
  Gamma(double shape, double scale);
  static Gamma erlang(int phases, double mean);
  static Gamma from_mean_cv(double mean, double cv);
  static constexpr int kUniforms = -1;  // the rejection step takes as many as it needs
  double sample(RandomStream& rng) const;
  double mean() const { return shape * scale; }
  double variance() const { return shape * scale * scale; }
  double shape, scale;
};

// Lognormal given by the mean and coefficient of variation of the value itself, as
// contact-center analysts state handle times: sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2/2.
struct Lognormal {
  Lognormal(double mean, double cv);
  static constexpr int kUniforms = 2;  // the normal's
  double sample(RandomStream& rng) const;
  double mean() const { return mean_; }
  double variance() const { return mean_ * mean_ * cv_ * cv_; }
  double mean_, cv_, mu, sigma;
};

// Continuous empirical distribution: linear interpolation between the sorted points, each
// segment holding equal probability (inverse-CDF; one uniform per draw).
struct Empirical {
  explicit Empirical(std::vector<double> points);
  static constexpr int kUniforms = 1;
  double sample(RandomStream& rng) const;
  double mean() const;
  double variance() const;
  std::vector<double> points;  // sorted, at least two
};

struct Bernoulli {
  explicit Bernoulli(double p);
  bool sample(RandomStream& rng) const { return rng.uniform01() < p; }
  double mean() const { return p; }
  double variance() const { return p * (1.0 - p); }
  double p;
};

// Discrete distribution over indices 0..n-1 from a table of weights, by Walker's alias
// method (Vose's construction): O(1) and one uniform per draw.
class Discrete {
 public:
  explicit Discrete(std::span<const double> weights);
  std::size_t sample(RandomStream& rng) const;
  std::size_t size() const { return prob_.size(); }
  double probability(std::size_t i) const { return p_[i]; }

 private:
  std::vector<double> prob_;  // acceptance threshold per column
  std::vector<std::uint32_t> alias_;
  std::vector<double> p_;  // normalised weights, for reporting and tests
};

// A continuous distribution chosen at run time (handle time, patience, ...): a variant,
// so sampling is a switch, not a virtual call.
using AnyDistribution = std::variant<Deterministic, Uniform, Exponential, Normal, Gamma,
                                     Lognormal, Empirical>;

inline double sample(const AnyDistribution& d, RandomStream& rng) {
  return std::visit([&rng](const auto& x) { return x.sample(rng); }, d);
}
// Uniforms one draw of `d` takes, or -1 when that varies from draw to draw: a caller may
// skip a draw (RandomStream::discard) and take it later from a copy of the stream.
inline int uniforms_per_draw(const AnyDistribution& d) {
  return std::visit([](const auto& x) { return x.kUniforms; }, d);
}
inline double mean(const AnyDistribution& d) {
  return std::visit([](const auto& x) { return x.mean(); }, d);
}
inline double variance(const AnyDistribution& d) {
  return std::visit([](const auto& x) { return x.variance(); }, d);
}

// Non-homogeneous Poisson arrivals with a rate constant over each piece [bounds[i],
// bounds[i+1]), by inversion of the integrated rate: one uniform per arrival, exact (no
// thinning), so arrival streams stay aligned under CRN. Rates are per unit of time; after
// the last bound there are no more arrivals.
//
// An arrival is an Exp(1) amount of integrated rate spent from an origin (draw() then
// advance()): a caller that keeps the pair can re-advance it after the rates change and
// gets what a process built with the new rates from the start gives (the model's injected
// events rely on this).
class PiecewiseConstantArrivals {
 public:
  // Equal pieces of `interval_length` from `start`.
  PiecewiseConstantArrivals(double start, double interval_length, std::vector<double> rates);
  // Pieces of any length: bounds strictly increasing, one more than rates.
  PiecewiseConstantArrivals(std::vector<double> bounds, std::vector<double> rates);
  // The first arrival strictly after `t` (+infinity if none): advance(t, draw(rng)).
  double next(double t, RandomStream& rng) const { return advance(t, draw(rng)); }
  static double draw(RandomStream& rng);  // Exp(1): one uniform
  // The time at which `e` units of integrated rate, spent from `t`, run out.
  double advance(double t, double e) const;
  // Expected number of arrivals in [a, b).
  double expected_count(double a, double b) const;
  double start() const { return bounds_.front(); }
  double end() const { return bounds_.back(); }

 private:
  std::vector<double> bounds_, rates_;
};

}  // namespace sim::engine
