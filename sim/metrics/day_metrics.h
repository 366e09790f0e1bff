// Statistics of one simulated day, collected from the model's facts (sim/model/facts.h).
// What is counted, and how it is attributed to intervals, is defined here.
//
// Attribution: a contact counts in the interval it was offered in (the industry's usual
// convention: an interval's service level is that of the calls that arrived in it), even
// if it is answered or abandoned later. Agent time is split exactly at interval bounds.
// Time before opening and after closing is kept apart from the intervals but counts in the
// day's totals (overtime after closing, for instance).
//
// Customer contacts versus escalated parts: a call escalated or transferred to a
// supervisor-capable agent queues again as its escalation call type. Those parts have rows
// of their own (the supervisors' queue), but the day's and each interval's all-types row
// counts customer contacts only, so a transfer never counts a customer twice.
//
// Written items (part E, Channel::written) have rows of their own, their type's: waits
// there are response times. They stay out of the all-types rows' call figures (a letter
// answered the next morning is no phone call missing its service level); those rows carry
// only the written figures: within_goal, written_answered (goal_rate) and backlog_left.
// An item answered counts within the goal if its answer began within the type's
// response_goal_s of its arrival (CallFact::offered_s, kept across days); items carried in
// from an earlier day (carried_in) arrived before today's opening and so count in the
// day's rows, in no interval.
//
// The figures computed from these counts (service level, ASA, occupancy ...) are defined
// once, with their units and when they are undefined, in sim/metrics/catalogue.h; the
// rate methods below are that catalogue's values. Service-level variants (the industry
// disagrees on the denominator):
//   of_offered_minus_short  answered within T / (offered - short abandons)   [the default]
//   of_answered             answered within T / answered
//   of_offered              answered within T / offered
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/model/config.h"
#include "sim/model/facts.h"
#include "sim/metrics/trace.h"

namespace sim::metrics {

enum class SlVariant { of_offered_minus_short, of_answered, of_offered };

struct CallStats {
  std::uint64_t offered = 0, answered = 0, abandoned = 0, short_abandoned = 0, blocked = 0,
                cleared = 0, answered_within = 0, handled = 0, resolved = 0, errors = 0,
                escalated = 0, transferred = 0, redials = 0, repeats = 0, repeats_caused = 0,
                carried_in = 0, carried_out = 0, ivr_contained = 0, ivr_deflected = 0,
                callbacks_offered = 0, callbacks_accepted = 0, callbacks_completed = 0,
                callbacks_failed = 0, within_goal = 0, written_answered = 0, backlog_left = 0,
                callbacks_within = 0,  // callbacks answered within the SL threshold
                parts_answered = 0,    // escalated or transferred parts taken by an agent
                conferences = 0, conferences_missed = 0;  // issue 19: held, none idle
  double callback_delay_s = 0;  // summed over completed callbacks
  double wait_answered_s = 0, wait_abandoned_s = 0, talk_s = 0, wrap_s = 0;
  double queue_area = 0;  // integral of the number waiting over time (call-seconds)
  double wait_p50_s = 0, wait_p90_s = 0, wait_p99_s = 0;  // of answered contacts; NaN if none
  // Issue 19: turned away at a full queue; balked; issues resolved (completions with the
  // issue resolved, any attempt) and the time from the customer's first attempt to each.
  std::uint64_t blocked_queue_full = 0, balked = 0, resolved_issues = 0;
  double resolve_s = 0;

  void add(const CallStats& o);  // counts and sums; percentiles are not additive
  // The catalogue's figures of these counts; NaN where undefined (no calls, none answered).
  double service_level(SlVariant v = SlVariant::of_offered_minus_short) const;
  double asa_s() const;
  double abandonment_rate() const;
  double aht_s() const;
  double fcr_rate() const;
  double escalation_rate() const;
  double transfer_rate() const;
  double repeat_rate() const;
};

struct AgentStats {
  double logged_in_s = 0, idle_s = 0, talking_s = 0, wrapping_s = 0, on_break_s = 0;
  double paid_s = 0, overtime_s = 0, cost = 0, overtime_cost = 0;
  double planned_s = 0, lost_late_s = 0, lost_unplanned_s = 0, lost_early_s = 0;
  double chat_load_s = 0, chat_busy_s = 0;  // integral of chats held; time holding any
  double assist_s = 0;  // floor support given (issue 17), in the interval it began
  double conference_s = 0;  // conferences joined (issue 19), in the interval each began
  std::uint64_t handled = 0, agents_present = 0, agents_absent = 0;

  void add(const AgentStats& o);
  // The catalogue's figures; NaN where undefined.
  double occupancy() const;
  double utilisation() const;
  double cost_per_handled() const;
};

// Outbound dials (issue 19), per outbound type: kept apart from CallStats, so no inbound
// figure (service level, ASA, abandonment, offered) ever counts a dial. Agents' time on
// dials counts in their talking and wrapping time as any call's.
struct OutboundStats {
  std::uint64_t attempts = 0, contacts = 0, wrong_party = 0, no_answers = 0;
  std::uint64_t list_left = 0;  // accounts on the list when the day ended (carried)
  double dial_s = 0;            // agents' time on dials: talk, or the ring of a no-answer

  void add(const OutboundStats& o);  // sums (a horizon keeps its last day's list_left)
};

struct DayResults {
  std::size_t intervals = 0, types = 0, roles = 0;
  double open_s = 0, close_s = 0, interval_s = 0;
  // [interval * types + type], [type], [interval] (customer contacts), day (customers)
  std::vector<CallStats> interval_type, type, interval;
  CallStats day;
  // [interval * roles + role], [role], [interval], day
  std::vector<AgentStats> interval_role, role, interval_agents;
  AgentStats day_agents;
  // Mechanism cells, day only: [role * (types + 1) + type], role == roles for all roles,
  // type == types for all types; escalated parts and written items included. Only the
  // answering agent's counts are kept (answered, parts_answered, handled, resolved, errors,
  // escalated, transferred, repeats_caused, talk_s, wrap_s); the catalogue's
  // kMechanismFigures read them.
  std::vector<CallStats> role_type;
  const CallStats& mechanism(std::size_t r, std::size_t k) const {
    return role_type[r * (types + 1) + k];
  }
  // [type] for centers with an outbound type (zero rows for the others), else empty;
  // outbound_day sums them.
  std::vector<OutboundStats> outbound;
  OutboundStats outbound_day;
  double total_wait_s = 0;  // every wait ended (answered, abandoned, cleared, parts)
  double last_event_s = 0;
};

// The observer that builds DayResults. Pass it to ContactCenter, run, then finish().
class DayCollector {
 public:
  DayCollector(const model::Center& center, double sl_threshold_s);

  void offered(const model::CallFact& c, double t);
  void blocked(const model::CallFact& c, double t);
  void abandoned(const model::CallFact& c, double t, double wait);
  void cleared(const model::CallFact& c, double t, double wait);
  void answered(const model::CallFact& c, double t, double wait, int agent, int role);
  void transferred(const model::CallFact& c, double t, int agent, int role,
                   model::TransferReason why);
  void completed(const model::CallFact& c, double t, int agent, int role, double talk,
                 double wrap, bool resolved, bool error);
  void queue_length(int type, std::size_t length, double t);
  void agent_state(int agent, int role, model::AgentState from, model::AgentState to, double t);
  void absent(int agent, int role);
  void carried(const model::CallFact& c, double t, double due);
  void lost(int agent, int role, model::LostTime kind, double seconds, double t);
  // IVR and callbacks (part C): counted like every call figure, in the interval and type
  // the attempt was offered in.
  void ivr_contained(const model::CallFact& c, double t);
  void ivr_deflected(const model::CallFact& c, double t);
  void ivr_left(const model::CallFact&, double) {}
  void callback_offered(const model::CallFact& c, double t);
  void callback_accepted(const model::CallFact& c, double t);
  void callback_completed(const model::CallFact& c, double t, double wait);
  void callback_failed(const model::CallFact& c, double t);
  void chats(int agent, int role, int held, double t);  // part D
  void backlog_left(const model::CallFact& c, double t);  // part E
  // Floor support (issue 17) as assist_s; a conference (issue 19) as the helper role's
  // conference_s and the call's conferences held or missed, in the call's offered cells.
  void assist(const model::CallFact& c, double t, int agent, int role, int helper,
              int helper_role, double seconds, model::Help help);
  void blocked_queue_full(const model::CallFact& c, double t);  // issue 19
  void balked(const model::CallFact& c, double t);
  // Issue 19: outbound dials, whole day (a dial's time is in the agents' states already).
  void dialed(int type, double t, int agent, int role, std::uint64_t account, int attempt,
              model::DialOutcome outcome, double seconds, int remaining);
  void list_left(int type, double t, int remaining);

  // Closes the integrals at the end of the run and computes rates' inputs and percentiles.
  DayResults finish(double end_s);
  // The same, for a day whose roster grew while it ran (ContactCenter::inject_staff):
  // pass the model's center().agents.
  DayResults finish(double end_s, const std::vector<model::Agent>& agents);

 private:
  // 0 before open, 1..n intervals, n+1 after close. Three times a call, so inline and
  // without a division: the reciprocal's product is one off at worst, and is corrected
  // against the bounds slot_end() uses.
  std::size_t slot(double t) const {
    if (t < open_s_) return 0;
    auto k = static_cast<std::size_t>((t - open_s_) * per_interval_);
    if (k > n_) return n_ + 1;
    if (k > 0 && t < open_s_ + interval_s_ * static_cast<double>(k)) {
      --k;
    } else if (t >= open_s_ + interval_s_ * static_cast<double>(k + 1)) {
      ++k;
    }
    return std::min(k, n_) + 1;  // t >= close lands in n + 1
  }
  // The attempt's cell in its offered slot and type: calls_, or parts_ for an escalated part.
  CallStats& cell(const model::CallFact& c) {
    const std::size_t at = slot(c.offered_s);
    return c.escalated_part ? parts_[part(at, c.type)] : calls_[at * types_ + c.type];
  }
  // An escalated part's index in parts_: its type is some type's escalation_type.
  std::size_t part(std::size_t slot, std::size_t type) const {
    assert(part_row_[type] != kNoParts);
    return slot * part_types_ + part_row_[type];
  }
  // Adds one to `count` in the attempt's cell.
  void count(const model::CallFact& c, std::uint64_t CallStats::*count);
  double slot_end(std::size_t s) const;
  // Where an integral stands: integrated up to t, which lies in slot.
  struct Clock {
    double t = 0.0;
    std::size_t slot = 0;
  };
  template <class Add>
  void integrate(Clock& c, double t, Add add);
  void flush_type(std::size_t type, double t);
  void flush_role(std::size_t role, double t);
  void grow(int agent);  // agents added while the day runs

  const model::Center& center_;
  double open_s_, interval_s_, per_interval_;  // the center's, and 1 / interval_s_
  std::vector<double> sl_threshold_s_;  // per type: its own, else the scenario's (issue 19)
  std::size_t n_, types_, roles_;
  // Working tables over n + 2 slots. The all-types rows are not kept while the day runs
  // (each fact would be counted twice) but summed by finish(): calls_ holds a customer's
  // own attempts, and the completions of its escalated parts (the customer's call ends
  // there); parts_ the parts' other facts, so that the non-written types' calls_ add up to
  // the all-types row. parts_ has rows for the escalation types only, and is empty when no
  // type escalates; a part carried at close counts in its first type's row, kept apart in
  // part_carried_out_.
  std::vector<CallStats> calls_;                 // [slot * types + type]
  std::vector<std::vector<float>> waits_;        // answered waits, as calls_
  static constexpr std::uint32_t kNoParts = ~std::uint32_t{0};
  std::vector<std::uint32_t> part_row_;          // per type: its row in parts_, or kNoParts
  std::uint32_t part_types_ = 0;
  std::vector<CallStats> parts_;                 // [slot * part_types_ + part_row_[type]]
  std::vector<std::vector<float>> part_waits_;   // as parts_
  std::vector<std::uint64_t> part_carried_out_;  // as calls_, by first type
  std::vector<AgentStats> agents_;    // [slot * roles + role]
  std::vector<CallStats> role_type_;  // [role * types + type], the whole run
  CallStats& mechanism(int role, const model::CallFact& c) {
    return role_type_[static_cast<std::size_t>(role) * types_ + c.type];
  }
  std::vector<std::size_t> queue_now_;                         // per type
  std::vector<std::array<std::uint32_t, 5>> state_count_;      // per role, per AgentState
  // Part D: per role, chats held now and agents holding any; per agent, chats held.
  std::vector<std::uint32_t> chat_load_, chat_busy_;
  std::vector<std::uint8_t> chats_held_;
  std::vector<double> logoff_s_;                               // per agent, last offline
  std::vector<std::uint8_t> present_;
  std::vector<std::uint8_t> written_;  // per type: Channel::written
  // Each type's queue length and each role's state counts are integrated lazily, up to
  // the moment they change (and at finish): an event costs one type or role, not all.
  std::vector<Clock> type_clock_, role_clock_;
  double total_wait_s_ = 0.0;
  std::vector<OutboundStats> outbound_;  // per type; empty without outbound types
};

// Simulates one day of `center` (replication `replication` of `seed`) and returns its
// statistics; SL is measured at each call type's own threshold, sl_threshold_s for a type
// without one.
DayResults simulate_day(const model::Center& center, std::uint64_t seed,
                        std::uint64_t replication, double sl_threshold_s);
// The same day, also logging every fact to `trace`.
DayResults simulate_day(const model::Center& center, std::uint64_t seed,
                        std::uint64_t replication, double sl_threshold_s, TraceLog& trace);

}  // namespace sim::metrics
