// Arrival-rate uncertainty (config.h: Busyness, CallType::busyness_cv): the factors one
// replication's day draws, and how they scale the arrival rates.
//
// Rule (a gamma-mixed Poisson process, Jongbloed & Koole 2001; Avramidis, Deslauriers &
// L'Ecuyer 2004): the rate of type t in interval k is the forecast's x D x T_t x I_k, where
//   D   ~ Gamma(shape 1/day_cv^2, scale day_cv^2)          mean 1, CV day_cv
//   T_t ~ Gamma(shape 1/cv_t^2, scale cv_t^2)              mean 1, CV busyness_cv of t
//   I_k  = exp(Z_k - s^2/2), s^2 = ln(1 + interval_cv^2)   mean 1, CV interval_cv
//   Z_0 ~ N(0, s^2), Z_k = rho Z_{k-1} + s sqrt(1 - rho^2) N(0, 1)   (stationary AR(1))
// all independent; one I sequence is shared by every type. So a day's offered calls N with
// forecast mean m have, given only D, Var N = m + day_cv^2 m^2.
//
// Streams: D from ("busyness", 0), T_t from "busyness/<type name>", the I_k from
// ("busyness", 1), each keyed by (seed, replication): two rosters meet the same busy days,
// and adding a call type moves no other type's factor. A CV of 0 draws nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/config.h"

namespace sim::model {

// [type][interval] multipliers of the arrival rates for this replication; empty when every
// CV is 0 (nothing drawn, rates unchanged).
std::vector<std::vector<double>> draw_busyness(const Center& c, std::uint64_t seed,
                                               std::uint64_t replication);

// Multiplies each piece of `r` (arrival_rates(c, type)) by the factor of the interval it
// lies in; a surge piece inside an interval takes that interval's factor.
void apply_busyness(const Center& c, const std::vector<double>& interval_factor, ArrivalRates& r);

}  // namespace sim::model
