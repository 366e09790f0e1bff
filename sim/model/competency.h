// How competency acts on a call: each effect is a function of the agent's levels and the
// call type, with its coefficients in CompetencyEffects (config.h). The tables are
// computed once per run for every (agent, call type), so the hot path only looks them up.
//
//   talk time   = work content x PRODUCT_c handle_multiplier[level_c] ^ weight_c(type)
//                 (weights say which competencies a call type leans on)
//   wrap-up     = drawn wrap x (wrap_multiplier[written] x wrap_multiplier[computer]) ^ 0.5
//   P(resolved) = clamp(fcr(type) + fcr_per_level x (mean(judgment, job knowledge) - 2))
//   P(transfer) = irate_transfer[interpersonal]            (for an irate caller)
//   P(error)    = error_probability(type) x error_multiplier[attention to detail]
//   P(needs authority) = authority_probability(type) x escalation_multiplier(skill)
//   P(asks for floor support) = assist_probability(skill)
// where skill = mean(judgment, job knowledge) and a table is read linearly between levels.
// An agent with a tenure (Agent::tenure_weeks, plus the horizon's days / 7) gets each
// effect moved from its levels' value x_L toward its journey levels' x_J (every
// competency raised to at least 2): x = x_J + (x_L - x_J) exp(-weeks / learning_weeks).
//
// All are monotone in the levels, so with common random numbers a better agent can only
// shorten a call, resolve more and err less.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/model/config.h"

namespace sim::model {

// The levels an agent works at: the per-agent override, else the role's.
const Levels& agent_levels(const Center& center, std::size_t agent);

double talk_multiplier(const CompetencyEffects& e, const Levels& levels, const CallType& type);
double wrap_multiplier(const CompetencyEffects& e, const Levels& levels);
double fcr_probability(const CompetencyEffects& e, const Levels& levels, const CallType& type);
double error_probability(const CompetencyEffects& e, const Levels& levels,
                         const CallType& type);
double irate_transfer_probability(const CompetencyEffects& e, const Levels& levels);
double escalation_multiplier(const CompetencyEffects& e, const Levels& levels);
double assist_probability(const CompetencyEffects& e, const Levels& levels);
// The levels a learner moves toward: each competency at least journey level (2);
// supervision, a charge rather than a skill learnt on the phones, stays.
Levels journey_levels(const Levels& levels);
// The share of the way from its levels to journey level an agent with `weeks` of tenure
// has gone: 1 - exp(-weeks / learning_weeks).
double learned_share(const CompetencyEffects& e, double weeks);

class EffectTables {
 public:
  // `day`: days since the run's start, which add day / 7 weeks to every tenure.
  explicit EffectTables(const Center& center, std::uint32_t day = 0);
  double talk_multiplier(std::uint32_t agent, std::uint16_t type) const {
    return talk_[agent * types_ + type];
  }
  double fcr(std::uint32_t agent, std::uint16_t type) const { return fcr_[agent * types_ + type]; }
  double error(std::uint32_t agent, std::uint16_t type) const {
    return error_[agent * types_ + type];
  }
  double wrap_multiplier(std::uint32_t agent) const { return wrap_[agent]; }
  double irate_transfer(std::uint32_t agent) const { return irate_[agent]; }
  double escalation(std::uint32_t agent) const { return escalation_[agent]; }
  double assist(std::uint32_t agent) const { return assist_[agent]; }

 private:
  void copy_agent(std::size_t from, std::size_t to);  // every entry of `from` to `to`

  std::size_t types_;
  std::vector<double> talk_, fcr_, error_, wrap_, irate_, escalation_, assist_;
};

}  // namespace sim::model
