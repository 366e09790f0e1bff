#include "live/observer.h"

#include <utility>

namespace live {

using sim::model::AgentState;
using sim::model::CallFact;

const char* floor_name(Floor s) {
  static const char* const names[kFloorStates] = {"idle",     "talking", "wrap-up",
                                                  "on break", "absent",  "off shift"};
  return names[static_cast<std::size_t>(s)];
}

LiveObserver::LiveObserver(const sim::model::Center& center, double sl_threshold_s,
                           BeforeFact before_fact)
    : center_(center),
      before_fact_(std::move(before_fact)),
      collector_(center, sl_threshold_s),
      waiting_(center.call_types.size()),
      callbacks_waiting_(center.call_types.size(), 0),
      agents_(&center.agents),
      state_(center.agents.size(), AgentState::offline),
      absent_(center.agents.size(), 0) {
  for (const auto& a : center.agents) role_.push_back(a.role);
  for (const auto& t : center.call_types) list_now_.push_back(t.outbound.list_size);
}

void LiveObserver::follow(const std::vector<sim::model::Agent>& agents) {
  agents_ = &agents;
  for (std::size_t a = state_.size(); a < agents.size(); ++a) grow(a, agents[a].role);
}

// An agent an injected event added: off shift until its first fact.
void LiveObserver::grow(std::size_t agent, int role) {
  if (agent < state_.size()) return;
  state_.resize(agent + 1, AgentState::offline);
  absent_.resize(agent + 1, 0);
  role_.resize(agent + 1, role);
}

void LiveObserver::record(const FactRecord& f) {
  if (facts_.size() < kKeptFacts) {
    facts_.push_back(f);
  } else {
    ++dropped_;
  }
}

// A call stops waiting: it was answered, abandoned, cleared or blocked.
void LiveObserver::leave_queue(const CallFact& c) {
  auto& w = waiting_[c.type];
  if (const auto it = w.find(c.enqueued_s); it != w.end()) w.erase(it);
}

void LiveObserver::offered(const CallFact& c, double t) {
  before_fact_(t);
  collector_.offered(c, t);
  waiting_[c.type].insert(c.enqueued_s);
  record({t, "offered", c.type});
}

void LiveObserver::ends(const CallFact& c, double t, const char* what,
                        void (sim::metrics::DayCollector::*count)(const CallFact&, double)) {
  before_fact_(t);
  (collector_.*count)(c, t);
  leave_queue(c);
  record({t, what, c.type});
}

void LiveObserver::blocked(const CallFact& c, double t) {
  ends(c, t, "blocked", &sim::metrics::DayCollector::blocked);
}

void LiveObserver::blocked_queue_full(const CallFact& c, double t) {
  ends(c, t, "blocked_queue_full", &sim::metrics::DayCollector::blocked_queue_full);
}

void LiveObserver::balked(const CallFact& c, double t) {
  ends(c, t, "balked", &sim::metrics::DayCollector::balked);
}

void LiveObserver::abandoned(const CallFact& c, double t, double wait) {
  before_fact_(t);
  collector_.abandoned(c, t, wait);
  leave_queue(c);
  record({t, "abandoned", c.type, -1, -1, wait});
}

void LiveObserver::cleared(const CallFact& c, double t, double wait) {
  before_fact_(t);
  collector_.cleared(c, t, wait);
  leave_queue(c);
  record({t, "cleared", c.type, -1, -1, wait});
}

void LiveObserver::answered(const CallFact& c, double t, double wait, int agent, int role) {
  before_fact_(t);
  collector_.answered(c, t, wait, agent, role);
  if (!c.callback) leave_queue(c);  // a callback left the waiting list when accepted
  record({t, "answered", c.type, agent, role, wait});
}

void LiveObserver::transferred(const CallFact& c, double t, int agent, int role,
                               sim::model::TransferReason why) {
  before_fact_(t);
  collector_.transferred(c, t, agent, role, why);
  record({t, why == sim::model::TransferReason::escalation ? "escalated" : "transferred",
          c.type, agent, role});
}

void LiveObserver::completed(const CallFact& c, double t, int agent, int role, double talk,
                             double wrap, bool resolved, bool error) {
  before_fact_(t);
  collector_.completed(c, t, agent, role, talk, wrap, resolved, error);
  record({t, "completed", c.type, agent, role});
}

void LiveObserver::queue_length(int type, std::size_t length, double t) {
  before_fact_(t);
  collector_.queue_length(type, length, t);
}

void LiveObserver::agent_state(int agent, int role, AgentState from, AgentState to, double t) {
  before_fact_(t);
  collector_.agent_state(agent, role, from, to, t);
  grow(static_cast<std::size_t>(agent), role);
  state_[static_cast<std::size_t>(agent)] = to;
  record({t, "agent", -1, agent, role, -1, static_cast<int>(floor(static_cast<std::size_t>(agent)))});
}

void LiveObserver::absent(int agent, int role) {
  collector_.absent(agent, role);
  grow(static_cast<std::size_t>(agent), role);
  absent_[static_cast<std::size_t>(agent)] = 1;
}

void LiveObserver::ivr_contained(const CallFact& c, double t) {
  ends(c, t, "ivr_contained", &sim::metrics::DayCollector::ivr_contained);
}

void LiveObserver::ivr_deflected(const CallFact& c, double t) {
  ends(c, t, "ivr_deflected", &sim::metrics::DayCollector::ivr_deflected);
}

void LiveObserver::ivr_left(const CallFact& c, double t) {
  before_fact_(t);
  leave_queue(c);
  waiting_[c.type].insert(t);
}

void LiveObserver::callback_offered(const CallFact& c, double t) {
  before_fact_(t);
  collector_.callback_offered(c, t);
}

// Every accepted callback ends exactly once, completed or failed (sim/model: placed and
// answered, not answered, expired, or still waiting at close).
void LiveObserver::callback_accepted(const CallFact& c, double t) {
  ends(c, t, "callback_accepted", &sim::metrics::DayCollector::callback_accepted);
  ++callbacks_waiting_[c.type];
}

void LiveObserver::callback_completed(const CallFact& c, double t, double wait) {
  before_fact_(t);
  collector_.callback_completed(c, t, wait);
  --callbacks_waiting_[c.type];
}

void LiveObserver::callback_failed(const CallFact& c, double t) {
  before_fact_(t);
  collector_.callback_failed(c, t);
  --callbacks_waiting_[c.type];
  record({t, "callback_failed", c.type});
}

double LiveObserver::longest_wait_s(std::size_t type, double now) const {
  const auto& w = waiting_[type];
  return w.empty() ? 0.0 : now - *w.begin();
}

Floor LiveObserver::floor(std::size_t agent) const {
  if (absent_[agent]) return Floor::absent;
  switch (state_[agent]) {
    case AgentState::idle: return Floor::idle;
    case AgentState::talking: return Floor::talking;
    case AgentState::wrapping: return Floor::wrapping;
    case AgentState::on_break: return Floor::on_break;
    case AgentState::offline: break;
  }
  return Floor::off_shift;
}

std::vector<std::array<int, kFloorStates>> LiveObserver::floor_counts() const {
  std::vector<std::array<int, kFloorStates>> out(center_.roles.size(), std::array<int, kFloorStates>{});
  for (std::size_t a = 0; a < state_.size(); ++a) {
    const auto role = static_cast<std::size_t>(role_[a]);
    ++out[role][static_cast<std::size_t>(floor(a))];
  }
  return out;
}

sim::metrics::DayResults LiveObserver::figures(double now) const {
  sim::metrics::DayCollector copy = collector_;  // finish() closes the integrals
  return copy.finish(now, *agents_);
}

std::vector<FactRecord> LiveObserver::take_facts(std::size_t& dropped) {
  dropped = std::exchange(dropped_, 0);
  std::vector<FactRecord> out;
  out.swap(facts_);
  return out;
}

}  // namespace live
