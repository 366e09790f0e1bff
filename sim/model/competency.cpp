#include "sim/model/competency.h"

#include <algorithm>
#include <cmath>

namespace sim::model {
namespace {
std::size_t at(const Levels& l, Competency c) {
  return static_cast<std::size_t>(l[static_cast<std::size_t>(c)]) - 1;  // level 1..3 -> 0..2
}
}  // namespace

const Levels& agent_levels(const Center& center, std::size_t agent) {
  const Agent& a = center.agents[agent];
  return a.levels ? *a.levels : center.roles[static_cast<std::size_t>(a.role)].levels;
}

double talk_multiplier(const CompetencyEffects& e, const Levels& levels, const CallType& type) {
  double m = 1.0;
  for (std::size_t c = 0; c < kCompetencies; ++c) {
    if (type.handle_weights[c] != 0.0) {
      m *= std::pow(e.handle_multiplier[static_cast<std::size_t>(levels[c]) - 1],
                    type.handle_weights[c]);
    }
  }
  return m;
}

double wrap_multiplier(const CompetencyEffects& e, const Levels& levels) {
  return std::sqrt(e.wrap_multiplier[at(levels, Competency::written_communication)] *
                   e.wrap_multiplier[at(levels, Competency::computer_skills)]);
}

double fcr_probability(const CompetencyEffects& e, const Levels& levels, const CallType& type) {
  const double skill = 0.5 * (levels[static_cast<std::size_t>(Competency::judgment)] +
                              levels[static_cast<std::size_t>(Competency::job_knowledge)]);
  return std::clamp(type.fcr + e.fcr_per_level * (skill - 2.0), 0.0, 1.0);
}

double error_probability(const CompetencyEffects& e, const Levels& levels,
                         const CallType& type) {
  return std::clamp(
      type.error_probability * e.error_multiplier[at(levels, Competency::attention_to_detail)],
      0.0, 1.0);
}

double irate_transfer_probability(const CompetencyEffects& e, const Levels& levels) {
  return e.irate_transfer[at(levels, Competency::interpersonal)];
}

EffectTables::EffectTables(const Center& center) : types_(center.call_types.size()) {
  const std::size_t agents = center.agents.size();
  talk_.resize(agents * types_);
  fcr_.resize(agents * types_);
  error_.resize(agents * types_);
  wrap_.resize(agents);
  irate_.resize(agents);
  for (std::size_t a = 0; a < agents; ++a) {
    const Levels& l = agent_levels(center, a);
    wrap_[a] = model::wrap_multiplier(center.effects, l);
    irate_[a] = irate_transfer_probability(center.effects, l);
    for (std::size_t t = 0; t < types_; ++t) {
      const CallType& type = center.call_types[t];
      talk_[a * types_ + t] = model::talk_multiplier(center.effects, l, type);
      fcr_[a * types_ + t] = fcr_probability(center.effects, l, type);
      error_[a * types_ + t] = error_probability(center.effects, l, type);
    }
  }
}

}  // namespace sim::model
