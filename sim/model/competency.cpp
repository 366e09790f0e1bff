#include "sim/model/competency.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

namespace sim::model {
namespace {
std::size_t at(const Levels& l, Competency c) {
  return static_cast<std::size_t>(l[static_cast<std::size_t>(c)]) - 1;  // level 1..3 -> 0..2
}

// Judgment and job knowledge together: what FCR, escalation and asking for help read.
double skill(const Levels& l) {
  return 0.5 * (l[static_cast<std::size_t>(Competency::judgment)] +
                l[static_cast<std::size_t>(Competency::job_knowledge)]);
}

// A per-level table read at a skill in [1, 3], linearly between levels.
double at_skill(const std::array<double, 3>& table, double skill) {
  const double x = skill - 1.0;
  const auto i = static_cast<std::size_t>(std::min(1.0, std::floor(x)));
  return table[i] + (x - static_cast<double>(i)) * (table[i + 1] - table[i]);
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
  return std::clamp(type.fcr + e.fcr_per_level * (skill(levels) - 2.0), 0.0, 1.0);
}

double escalation_multiplier(const CompetencyEffects& e, const Levels& levels) {
  return at_skill(e.escalation_multiplier, skill(levels));
}

double assist_probability(const CompetencyEffects& e, const Levels& levels) {
  return std::clamp(at_skill(e.assist_probability, skill(levels)), 0.0, 1.0);
}

Levels journey_levels(const Levels& levels) {
  Levels j = levels;
  for (std::size_t c = 0; c < kCompetencies; ++c) {
    if (c != static_cast<std::size_t>(Competency::supervision)) {
      j[c] = std::max<std::uint8_t>(j[c], 2);
    }
  }
  return j;
}

double learned_share(const CompetencyEffects& e, double weeks) {
  return 1.0 - std::exp(-weeks / e.learning_weeks);
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

EffectTables::EffectTables(const Center& center, std::uint32_t day)
    : types_(center.call_types.size()) {
  const std::size_t agents = center.agents.size();
  talk_.resize(agents * types_);
  fcr_.resize(agents * types_);
  error_.resize(agents * types_);
  wrap_.resize(agents);
  irate_.resize(agents);
  escalation_.resize(agents);
  assist_.resize(agents);
  const CompetencyEffects& e = center.effects;
  // Agents with the same levels and tenure (most of a role) get the same entries: computed
  // once (pow is most of a day's set-up otherwise), then copied.
  std::map<std::tuple<Levels, bool, double>, std::size_t> computed;  // the first such agent
  for (std::size_t a = 0; a < agents; ++a) {
    const Levels& l = agent_levels(center, a);
    // Without a tenure the levels act as given (no learning; not a single bit changes).
    const std::optional<double> tenure = center.agents[a].tenure_weeks;
    const auto [same, first] = computed.try_emplace({l, tenure.has_value(), tenure.value_or(0)}, a);
    if (!first) {
      copy_agent(same->second, a);
      continue;
    }
    const double share = tenure ? learned_share(e, *tenure + day / 7.0) : 0.0;
    const Levels j = tenure ? journey_levels(l) : l;
    auto learned = [&](auto effect) {
      const double x = effect(l);
      return tenure ? x + share * (effect(j) - x) : x;
    };
    wrap_[a] = learned([&](const Levels& v) { return model::wrap_multiplier(e, v); });
    irate_[a] = learned([&](const Levels& v) { return irate_transfer_probability(e, v); });
    escalation_[a] = learned([&](const Levels& v) { return escalation_multiplier(e, v); });
    assist_[a] = learned([&](const Levels& v) { return assist_probability(e, v); });
    for (std::size_t t = 0; t < types_; ++t) {
      const CallType& type = center.call_types[t];
      talk_[a * types_ + t] =
          learned([&](const Levels& v) { return model::talk_multiplier(e, v, type); });
      fcr_[a * types_ + t] = learned([&](const Levels& v) { return fcr_probability(e, v, type); });
      error_[a * types_ + t] =
          learned([&](const Levels& v) { return error_probability(e, v, type); });
    }
  }
}

void EffectTables::copy_agent(std::size_t from, std::size_t to) {
  for (auto* v : {&wrap_, &irate_, &escalation_, &assist_}) (*v)[to] = (*v)[from];
  for (auto* v : {&talk_, &fcr_, &error_}) {
    std::copy_n(v->begin() + static_cast<std::ptrdiff_t>(from * types_), types_,
                v->begin() + static_cast<std::ptrdiff_t>(to * types_));
  }
}

}  // namespace sim::model
