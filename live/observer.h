// The live run's observer: the model's facts (sim/model/facts.h) kept as the state a
// trainer watches (who waits and since when, what each agent is doing) and passed on to a
// DayCollector, so the interval figures the page shows are the ones `ccsim run` defines.
//
// Every fact first calls `before_fact(t)`, with the state still as it was before t: the
// live run takes its once-a-minute samples there (pacing itself is a loop around the
// model's run_until, live_run.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/model/config.h"
#include "sim/model/facts.h"

namespace live {

// What an agent is doing, as the page colours it: the model's states plus absent (for the
// whole day). Order is the page's legend order.
enum class Floor : std::uint8_t { idle, talking, wrapping, on_break, absent, off_shift };
inline constexpr std::size_t kFloorStates = 6;
const char* floor_name(Floor s);

// One fact as it fired, for the page's event stream.
struct FactRecord {
  double t;
  const char* what;  // "offered", "answered", ... (the Observer's callback names)
  int type = -1, agent = -1, role = -1;
  double wait_s = -1;  // answered, abandoned, cleared
  int to = -1;         // agent: the Floor state it went to
};

class LiveObserver {
 public:
  using BeforeFact = std::function<void(double t)>;
  LiveObserver(const sim::model::Center& center, double sl_threshold_s, BeforeFact before_fact);

  void offered(const sim::model::CallFact& c, double t);
  void blocked(const sim::model::CallFact& c, double t);
  void abandoned(const sim::model::CallFact& c, double t, double wait);
  void cleared(const sim::model::CallFact& c, double t, double wait);
  void answered(const sim::model::CallFact& c, double t, double wait, int agent, int role);
  void transferred(const sim::model::CallFact& c, double t, int agent, int role,
                   sim::model::TransferReason why);
  void completed(const sim::model::CallFact& c, double t, int agent, int role, double talk,
                 double wrap, bool resolved, bool error);
  void queue_length(int type, std::size_t length, double t);
  void agent_state(int agent, int role, sim::model::AgentState from, sim::model::AgentState to,
                   double t);
  void absent(int agent, int role);
  void carried(const sim::model::CallFact&, double, double) {}
  void lost(int, int, sim::model::LostTime, double, double) {}
  // IVR and callbacks (part C): counted as `ccsim run` counts them; a call that leaves in
  // the IVR or for a callback leaves the waiting list, one that goes on joins it anew.
  void ivr_contained(const sim::model::CallFact& c, double t);
  void ivr_deflected(const sim::model::CallFact& c, double t);
  void ivr_left(const sim::model::CallFact& c, double t);
  void callback_offered(const sim::model::CallFact& c, double t);
  void callback_accepted(const sim::model::CallFact& c, double t);
  void callback_completed(const sim::model::CallFact& c, double t, double wait);
  void callback_failed(const sim::model::CallFact& c, double t);
  // Part D: chats held, for the collector's chat_concurrency (same instant as the answer).
  void chats(int agent, int role, int held, double t) { collector_.chats(agent, role, held, t); }
  // --- written correspondence (part E): the live day ends before any backlog carries
  void backlog_left(const sim::model::CallFact&, double) {}
  // Issue 17: floor support, for the collector's assist_h; issue 19: conferences.
  void assist(const sim::model::CallFact& c, double t, int agent, int role, int helper,
              int helper_role, double seconds, sim::model::Help help) {
    collector_.assist(c, t, agent, role, helper, helper_role, seconds, help);
  }
  // Issue 19: turned away where the call would have queued, so off the waiting list.
  void blocked_queue_full(const sim::model::CallFact& c, double t);
  void balked(const sim::model::CallFact& c, double t);
  // Issue 19: outbound dials, for the collector's outbound figures.
  void dialed(int type, double t, int agent, int role, std::uint64_t account, int attempt,
              sim::model::DialOutcome outcome, double seconds, int remaining) {
    list_now_[static_cast<std::size_t>(type)] = remaining;
    collector_.dialed(type, t, agent, role, account, attempt, outcome, seconds, remaining);
  }
  void list_left(int type, double t, int remaining) { collector_.list_left(type, t, remaining); }

  std::size_t queue(std::size_t type) const { return waiting_[type].size(); }
  // Accepted callbacks of `type` not yet placed or failed: the callback queue.
  std::size_t callbacks_waiting(std::size_t type) const { return callbacks_waiting_[type]; }
  // Accounts on outbound `type`'s list after its last dial (the list's size before any).
  int list_left(std::size_t type) const { return list_now_[type]; }
  // Seconds the longest-waiting call of `type` has waited at `now`; 0 if none waits.
  double longest_wait_s(std::size_t type, double now) const;
  Floor floor(std::size_t agent) const;
  // [role][Floor]: how many agents of each role are in each state.
  std::vector<std::array<int, kFloorStates>> floor_counts() const;
  // The day so far as `ccsim run` would count it had it stopped at `now`.
  sim::metrics::DayResults figures(double now) const;
  // The agents from now on: the center's, plus those an injected event added (the model's
  // own copy of the center, which must outlive this observer's use).
  void follow(const std::vector<sim::model::Agent>& agents);
  std::size_t agents() const { return state_.size(); }
  int role_of(std::size_t agent) const { return role_[agent]; }
  // Facts since the last call (at most kKeptFacts; `dropped` says how many more fired).
  std::vector<FactRecord> take_facts(std::size_t& dropped);
  static constexpr std::size_t kKeptFacts = 400;

 private:
  void record(const FactRecord& f);
  void leave_queue(const sim::model::CallFact& c);
  // A fact that ends the call's stay (blocked, ended in the IVR, gone for a callback):
  // counted by `count`, taken off the waiting list, recorded as `what`.
  void ends(const sim::model::CallFact& c, double t, const char* what,
            void (sim::metrics::DayCollector::*count)(const sim::model::CallFact&, double));

  const sim::model::Center& center_;
  BeforeFact before_fact_;
  sim::metrics::DayCollector collector_;
  std::vector<std::multiset<double>> waiting_;  // per type: when each waiting call queued
  std::vector<std::size_t> callbacks_waiting_;  // per type
  std::vector<int> list_now_;                   // per type: outbound accounts left
  void grow(std::size_t agent, int role);

  const std::vector<sim::model::Agent>* agents_;
  std::vector<sim::model::AgentState> state_;
  std::vector<int> role_;
  std::vector<std::uint8_t> absent_;
  std::vector<FactRecord> facts_;
  std::size_t dropped_ = 0;
};
static_assert(sim::model::Observer<LiveObserver>);

}  // namespace live
