#include "sim/model/config.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace sim::model {

const char* agent_selection_name(AgentSelection s) {
  switch (s) {
    case AgentSelection::least_qualified_first: return "least_qualified_first";
    case AgentSelection::random: return "random";
    case AgentSelection::longest_idle: break;
  }
  return "longest_idle";
}

const char* competency_name(Competency c) {
  switch (c) {
    case Competency::job_knowledge: return "job_knowledge";
    case Competency::computer_skills: return "computer_skills";
    case Competency::mathematics: return "mathematics";
    case Competency::judgment: return "judgment";
    case Competency::attention_to_detail: return "attention_to_detail";
    case Competency::interpersonal: return "interpersonal";
    case Competency::customer_service: return "customer_service";
    case Competency::written_communication: return "written_communication";
    case Competency::supervision: return "supervision";
  }
  return "?";
}

std::size_t Center::intervals() const {
  if (!(interval_s > 0.0) || !(close_s > open_s)) return 0;
  return static_cast<std::size_t>(std::ceil((close_s - open_s) / interval_s - 1e-9));
}

namespace {
// Part C (IVR, callbacks, IVR messages): what the model relies on.
std::string validate_ivr_and_callbacks(const Center& c) {
  for (const CallType& t : c.call_types) {
    if ((t.ivr || t.callback_acceptance > 0.0) && t.channel != Channel::phone) {
      return "call type " + t.name + ": an IVR and callbacks are for phone calls";
    }
    if (t.ivr && !(t.ivr->containment >= 0.0 && t.ivr->containment <= 1.0)) {
      return "call type " + t.name + ": IVR containment must be in [0, 1]";
    }
    if (!(t.callback_acceptance >= 0.0 && t.callback_acceptance <= 1.0)) {
      return "call type " + t.name + ": callback acceptance must be in [0, 1]";
    }
    if (!(t.balk.probability >= 0.0 && t.balk.probability <= 1.0) || !(t.balk.wait_s >= 0.0)) {
      return "call type " + t.name + ": balking probability in [0, 1], wait_s >= 0";
    }
    if (t.balk.probability > 0.0 && t.channel != Channel::phone) {
      return "call type " + t.name + ": balking is for phone calls";
    }
  }
  const Callbacks& b = c.callbacks;
  if (!(b.answer_probability >= 0.0 && b.answer_probability <= 1.0) ||
      !(b.handle_multiplier > 0.0) || !std::isfinite(b.handle_multiplier) ||
      !(b.offer_when_wait_above_s >= 0.0) || !(b.callback_patience_s > 0.0) ||
      !(b.callback_priority_after_s >= 0.0)) {
    return "callbacks: answer probability in [0, 1], handle multiplier > 0, times >= 0";
  }
  for (const IvrMessage& m : c.ivr_messages) {
    if (!(m.deflect >= 0.0 && m.deflect <= 1.0) || !(m.end_s > m.start_s)) {
      return "IVR message: deflect must be in [0, 1] and the message must end after it starts";
    }
  }
  return "";
}

// Written correspondence (part E): what the model's backlog and blending rely on.
std::string validate_written(const Center& c) {
  const WrittenRules& w = c.written;
  if (w.dedicated >> c.roles.size() != 0) return "written: dedicated roles must name existing roles";
  if (w.idle_reserve < 0) return "written: idle reserve must be >= 0";
  for (const CallType& t : c.call_types) {
    if (t.channel == Channel::written) {
      if (!(t.response_goal_s > 0) || !std::isfinite(t.response_goal_s)) {
        return "call type " + t.name + ": the response goal must be finite and > 0";
      }
    } else if ((t.eligible & ~w.dedicated) == 0) {
      return "call type " + t.name + ": every eligible role is dedicated to written work";
    }
  }
  for (const auto& [type, age_s] : w.starting_backlog) {
    if (type < 0 || static_cast<std::size_t>(type) >= c.call_types.size() ||
        c.call_types[static_cast<std::size_t>(type)].channel != Channel::written ||
        !(age_s >= 0) || !std::isfinite(age_s)) {
      return "written: the starting backlog needs written call types and ages >= 0";
    }
  }
  return "";
}

// Outbound (issue 19): what the dialer relies on.
std::string validate_outbound(const Center& c) {
  if (c.outbound.idle_reserve < 0) return "outbound: idle reserve must be >= 0";
  for (const CallType& t : c.call_types) {
    if (t.channel != Channel::outbound) continue;
    const OutboundList& l = t.outbound;
    if (l.list_size < 0 || l.max_attempts < 1 || l.max_attempts > 15 ||
        !(l.right_party >= 0.0 && l.no_answer >= 0.0 && l.right_party + l.no_answer <= 1.0) ||
        !(l.ring_s >= 0.0) || !(l.wrong_party_s >= 0.0) || !(l.retry_after_s >= 0.0) ||
        !std::isfinite(l.ring_s + l.wrong_party_s + l.retry_after_s)) {
      return "call type " + t.name + ": outbound list: sizes >= 0, 1..15 attempts, "
             "right party + no answer <= 1, finite times >= 0";
    }
  }
  return "";
}

}  // namespace

std::string Center::validate() const {
  auto bad_levels = [](const Levels& l) {
    for (auto v : l) {
      if (v < 1 || v > 3) return true;
    }
    return false;
  };
  if (!(open_s >= 0.0) || !(close_s > open_s)) return "close must be after open";
  if (!(interval_s > 0.0)) return "interval must be > 0";
  if (roles.empty() || roles.size() > kMaxRoles) return "need 1 to 32 roles";
  if (call_types.empty() || call_types.size() > 64) return "need 1 to 64 call types";
  if (arrivals.size() != call_types.size()) return "arrivals: one row per call type";
  if (!surges.empty() && (forecast.size() != arrivals.size() ||
                          !std::equal(forecast.begin(), forecast.end(), arrivals.begin(),
                                      [](const auto& f, const auto& a) { return f.size() == a.size(); }))) {
    return "forecast: the arrivals before the surges must have the shape of arrivals";
  }
  for (const auto& row : arrivals) {
    if (row.size() != intervals()) {
      return "arrivals: need " + std::to_string(intervals()) + " intervals per call type";
    }
    for (double x : row) {
      if (!(x >= 0.0) || !std::isfinite(x)) return "arrivals: counts must be finite and >= 0";
    }
  }
  const RoleMask all = roles.size() == 32 ? ~RoleMask{0} : (RoleMask{1} << roles.size()) - 1;
  for (const Role& r : roles) {
    if (bad_levels(r.levels)) return "role " + r.name + ": levels must be 1..3";
    const Shrinkage& k = r.shrinkage;
    if (!(k.late_probability >= 0 && k.late_probability <= 1 && k.early_probability >= 0 &&
          k.early_probability <= 1 && k.late_mean_s >= 0 && k.early_mean_s >= 0 &&
          k.unplanned_per_hour >= 0 && k.unplanned_mean_s >= 0 && k.break_jitter_s >= 0 &&
          std::isfinite(k.late_mean_s + k.early_mean_s + k.unplanned_per_hour +
                        k.unplanned_mean_s + k.break_jitter_s))) {
      return "role " + r.name + ": shrinkage needs probabilities in [0, 1], finite times >= 0";
    }    if (r.chat_concurrency < 1 || r.chat_concurrency > kMaxChatConcurrency) {
      return "role " + r.name + ": chat concurrency must be 1.." + std::to_string(kMaxChatConcurrency);
    }
  }
  if (!(effects.learning_weeks > 0) || !std::isfinite(effects.learning_weeks) ||
      floor_support.min_supervision < 1 || floor_support.min_supervision > 3) {
    return "competency effects: learning_weeks must be > 0, min_supervision 1..3";
  }
  for (std::size_t l = 0; l < 3; ++l) {
    if (!(effects.escalation_multiplier[l] >= 0) || !std::isfinite(effects.escalation_multiplier[l]) ||
        !(effects.assist_probability[l] >= 0 && effects.assist_probability[l] <= 1)) {
      return "competency effects: escalation multipliers finite and >= 0, assist probabilities in [0, 1]";
    }
  }
  if (!(chat.slowdown_per_extra >= 0) || !std::isfinite(chat.slowdown_per_extra)) {
    return "chat: slowdown per extra chat must be finite and >= 0";
  }
  if (!(shift_end.clear_limit_s >= 0) || !std::isfinite(shift_end.clear_limit_s) ||
      !(shift_end.overtime_premium > 0) || !std::isfinite(shift_end.overtime_premium)) {
    return "shift end: the clear limit must be >= 0 and the overtime premium > 0";
  }
  for (std::size_t t = 0; t < call_types.size(); ++t) {
    const CallType& c = call_types[t];
    if (c.eligible == 0 || (c.eligible & ~all) || (c.overflow & ~all)) {
      return "call type " + c.name + ": eligible roles must name existing roles";
    }
    if (!c.role_ranks.empty() && c.role_ranks.size() != roles.size()) {
      return "call type " + c.name + ": role ranks must give one rank per role (or none)";
    }
    if (c.sl_threshold_s && !(*c.sl_threshold_s >= 0 && std::isfinite(*c.sl_threshold_s))) {
      return "call type " + c.name + ": the service-level threshold must be finite and >= 0";
    }
    if (c.escalation_type >= static_cast<int>(call_types.size()) ||
        c.escalation_type == static_cast<int>(t)) {
      return "call type " + c.name + ": escalation type must be another call type";
    }
    if (c.fcr < 0 || c.fcr > 1 || c.authority_probability < 0 || c.authority_probability > 1 ||
        c.irate_probability < 0 || c.irate_probability > 1 || c.error_probability < 0 ||
        c.error_probability > 1 || c.pre_escalation_fraction < 0 ||
        c.pre_escalation_fraction > 1) {
      return "call type " + c.name + ": probabilities and fractions must be in [0, 1]";
    }
    if (c.conference &&
        (!(c.conference->probability >= 0 && c.conference->probability <= 1) ||
         c.conference->roles == 0 || (c.conference->roles & ~all) ||
         c.channel == Channel::written)) {
      return "call type " + c.name +
             ": a conference needs a probability in [0, 1], existing roles, a phone or chat type";
    }
  }
  for (const Agent& a : agents) {
    if (a.role < 0 || static_cast<std::size_t>(a.role) >= roles.size()) {
      return "agent " + a.name + ": unknown role";
    }
    if (a.levels && bad_levels(*a.levels)) return "agent " + a.name + ": levels must be 1..3";
    if (a.tenure_weeks && !(*a.tenure_weeks >= 0 && std::isfinite(*a.tenure_weeks))) {
      return "agent " + a.name + ": tenure must be finite and >= 0 weeks";
    }
    if (!(a.shift_end_s > a.shift_start_s) || a.shift_start_s < 0.0) {
      return "agent " + a.name + ": shift must end after it starts";
    }
    for (const Break& b : a.breaks) {
      if (!(b.duration_s > 0.0) || b.start_s < a.shift_start_s || b.start_s >= a.shift_end_s) {
        return "agent " + a.name + ": breaks must lie within the shift";
      }
    }
    for (const Pull& p : a.pulls) {
      if (!(p.end_s > p.start_s) || p.start_s < a.shift_start_s || p.start_s >= a.shift_end_s) {
        return "agent " + a.name + ": pulls must start within the shift and end after they start";
      }
    }
  }
  if (std::string e = validate_ivr_and_callbacks(*this); !e.empty()) return e;
  if (absenteeism < 0.0 || absenteeism >= 1.0) return "absenteeism must be in [0, 1)";
  if (customers.redial_probability < 0 || customers.redial_probability > 1) {
    return "redial probability must be in [0, 1]";
  }
  if (customers.max_attempts < 1 || customers.max_attempts > 15) {
    return "max attempts must be 1..15";
  }
  if (std::string e = validate_outbound(*this); !e.empty()) return e;
  return validate_written(*this);
}

void apply_surge(Center& c, const Surge& s) {
  if (c.surges.empty()) c.forecast = c.arrivals;
  c.surges.push_back(s);
  for (std::size_t t = 0; t < c.arrivals.size(); ++t) {
    if (!(s.call_types >> t & 1u)) continue;
    for (std::size_t k = 0; k < c.arrivals[t].size(); ++k) {
      const double a = c.open_s + c.interval_s * static_cast<double>(k);
      const double overlap = std::max(0.0, std::min(s.end_s, a + c.interval_s) - std::max(s.start_s, a));
      c.arrivals[t][k] *= 1.0 + (s.multiplier - 1.0) * overlap / c.interval_s;
    }
  }
}

void add_staff_counts(Center& c, int role, const std::vector<int>& counts) {
  const std::string& name = c.roles[static_cast<std::size_t>(role)].name;
  const int most = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
  for (int k = 0; k < most; ++k) {
    for (std::size_t i = 0; i < counts.size();) {
      if (counts[i] <= k) {
        ++i;
        continue;
      }
      const std::size_t from = i;
      while (i < counts.size() && counts[i] > k) ++i;
      Agent a;
      a.name = name + "#" + std::to_string(k + 1) + "@" + std::to_string(from);
      a.role = role;
      a.shift_start_s = c.open_s + static_cast<double>(from) * c.interval_s;
      a.shift_end_s = c.open_s + static_cast<double>(i) * c.interval_s;
      a.by_count = true;
      c.agents.push_back(std::move(a));
    }
  }
}

StaffChange apply_staff_change(Center& c, int role, int count, double start, double end,
                               const std::optional<Levels>& levels) {
  StaffChange out;
  std::vector<std::size_t> free;  // indices: adding agents moves them
  for (std::size_t i = 0; i < c.agents.size(); ++i) {
    const Agent& a = c.agents[i];
    if (a.role != role || a.shift_start_s > start || a.shift_end_s <= start) continue;
    ++out.on_shift;
    const bool pulled = std::any_of(a.pulls.begin(), a.pulls.end(), [&](const Pull& p) {
      return p.start_s < end && start < p.end_s;
    });
    if (pulled) {
      ++out.pulled_already;
    } else {
      free.push_back(i);
    }
  }
  if (count > 0) {
    for (int i = 0; i < count; ++i) {
      Agent a;
      a.name = "added_" + c.roles[static_cast<std::size_t>(role)].name + "_" +
               std::to_string(c.agents.size() + 1);
      a.role = role;
      a.levels = levels;
      a.shift_start_s = start;
      a.shift_end_s = end;
      out.agents.push_back(c.agents.size());
      c.agents.push_back(std::move(a));
    }
    out.done = count;
    return out;
  }
  // The agents keep their planned breaks: the model merges those that overlap the pull.
  for (const std::size_t i : free) {
    if (out.done == -count) break;
    c.agents[i].pulls.push_back({start, end});
    out.agents.push_back(i);
    ++out.done;
  }
  return out;
}

ArrivalRates arrival_rates(const Center& c, std::size_t type) {
  ArrivalRates r;
  const std::vector<double>& expected = c.arrivals[type];
  std::vector<double> cuts;  // surge bounds strictly inside the current interval
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const double a = c.open_s + c.interval_s * static_cast<double>(k);
    const double b = c.open_s + c.interval_s * static_cast<double>(k + 1);
    r.bounds.push_back(a);
    cuts.clear();
    for (const Surge& s : c.surges) {
      if (!(s.call_types >> type & 1u)) continue;
      for (double x : {s.start_s, s.end_s}) {
        if (x > a && x < b) cuts.push_back(x);
      }
    }
    if (cuts.empty()) {  // the whole interval at one rate: the expected calls spread evenly
      r.rates.push_back(expected[k] / c.interval_s);
      continue;
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    cuts.push_back(b);
    double lo = a;
    for (std::size_t i = 0; i < cuts.size(); ++i) {
      double rate = c.forecast[type][k] / c.interval_s;
      for (const Surge& s : c.surges) {
        if ((s.call_types >> type & 1u) && s.start_s <= lo && lo < s.end_s) rate *= s.multiplier;
      }
      r.rates.push_back(rate);
      if (i + 1 < cuts.size()) r.bounds.push_back(cuts[i]);
      lo = cuts[i];
    }
  }
  r.bounds.push_back(c.open_s + c.interval_s * static_cast<double>(expected.size()));
  return r;
}

}  // namespace sim::model
