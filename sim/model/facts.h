// What the contact-center model publishes as it runs (OMNeT++'s emit(signal, value)): the
// model states facts; collectors in sim/metrics turn them into statistics, a trace writer
// into a per-call log. The model itself keeps no statistics.
//
// An observer is any type that satisfies the Observer concept below (NullObserver does
// nothing); the model is a template on it, so publishing is a direct call that the compiler
// can inline or drop.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

namespace sim::model {

enum class AgentState : std::uint8_t { offline, idle, talking, wrapping, on_break };

// One contact attempt as observers see it.
struct CallFact {
  std::uint64_t customer;      // stable across attempts of the same customer
  double offered_s;            // when this attempt reached the center
  double enqueued_s;           // when it joined its current queue
  std::uint16_t type;          // current call type (an escalated part has its own type)
  std::uint16_t first_type;    // the type the customer called about
  std::uint8_t attempt;        // 0 first call, then redials and repeat contacts
  bool escalated_part;         // queued again for a supervisor-capable agent
  bool redial;                 // this attempt is a redial after abandoning
  bool repeat;                 // this attempt is a repeat contact (unresolved issue/error)
  bool carried = false;        // this attempt was carried over from an earlier day
  bool callback = false;       // the center called this attempt back (enqueued_s: accepted)
  // When the customer's first attempt reached the center (this day's clock; before 0 for
  // one carried from an earlier day): time to resolve counts from it (issue 19).
  double first_offered_s = 0.0;
};

// Scheduled time on the phones a present agent lost (random shrinkage, config.h): it is
// published when it begins, with its length.
enum class LostTime : std::uint8_t { late, unplanned, early };

// Who asked for a second agent on a call: the agent (floor support, issue 17) or the call
// itself (a conference, issue 19, CallType::conference).
enum class Help : std::uint8_t { floor_support, conference };

enum class TransferReason : std::uint8_t {
  escalation,  // the call needs authority the agent's role lacks
  transfer,    // an irate caller met low interpersonal skill
};

// How an outbound dial ended (issue 19, config.h OutboundList).
enum class DialOutcome : std::uint8_t { right_party, wrong_party, no_answer };

// Every callback the model makes, and when. Times are seconds since midnight; `agent` and
// `role` index Center::agents and Center::roles, `type` Center::call_types; return values
// are ignored. Callbacks at one instant come in the same-instant order of contact_center.h.
template <class O>
concept Observer = requires(O& o, const CallFact& call, double t, double wait, int agent,
                            int role, int type, double talk, double wrap, bool resolved,
                            bool error, std::size_t length, AgentState from, AgentState to,
                            TransferReason reason, double due, LostTime lost, double seconds,
                            int held, int helper, int helper_role, Help help,
                            DialOutcome outcome, std::uint64_t account, int attempt,
                            int remaining) {
  o.offered(call, t);          // an attempt reaches the center, or an escalated part its queue
  o.blocked(call, t);          // after offered: no trunk free, the attempt ends here
  o.abandoned(call, t, wait);  // the caller hangs up after `wait` seconds in the queue
  o.cleared(call, t, wait);    // still queued at closing, or when every shift is over
  o.answered(call, t, wait, agent, role);
  o.transferred(call, t, agent, role, reason);  // the talk ends in a hand-on; it queues again
  o.completed(call, t, agent, role, talk, wrap, resolved, error);  // at the end of the talk
  o.queue_length(type, length, t);  // the type's queue changed to `length` calls
  o.agent_state(agent, role, from, to, t);
  o.absent(agent, role);  // absent for the whole day: said once, when the model is built
  // The attempt `call` (attempt number and flags already those of the coming attempt) will
  // come back at due_s, after this day's close: carried to a later day.
  o.carried(call, t, due);
  o.lost(agent, role, lost, seconds, t);  // shrinkage beginning at t, `seconds` long
  // --- IVR and callbacks (issue 16, part C); each after `offered` of the same attempt ---
  o.ivr_contained(call, t);      // served by self-service at the IVR's end; the attempt ends
  o.ivr_deflected(call, t);      // hung up satisfied after an IVR message; the attempt ends
  // The IVR is done and the call goes on to its queue; call.enqueued_s is still the time
  // it entered the IVR (and becomes t).
  o.ivr_left(call, t);
  o.callback_offered(call, t);   // the predicted wait passed the threshold at the queue
  o.callback_accepted(call, t);  // then: the caller hangs up and keeps a place
  // The callback was placed after `wait` seconds and answered: `answered` follows at t.
  o.callback_completed(call, t, wait);
  o.callback_failed(call, t);  // not answered, or not placed in time (or by close)
  // --- chat (part D) ---
  // The agent now holds `held` chats (in talk or wrap-up): after each chat starts or frees
  // its slot, after that chat's answered/completed facts.
  o.chats(agent, role, held, t);
  // --- written correspondence (part E) ---
  // The written item `call` is still waiting when the day ends (every shift over): it
  // carries to the next day as backlog, keeping its arrival time (call.offered_s).
  o.backlog_left(call, t);
  // --- floor support (issue 17) and conferences (issue 19, `help` says which) ---
  // At the answer, before the talk: the agent asked for help on `call` (or the call needs a
  // conference); `helper` (of role `helper_role`) gives `seconds` of it from t, both
  // talking, or -1 and 0 when no helper was idle and the agent went on alone.
  o.assist(call, t, agent, role, helper, helper_role, seconds, help);
  // --- queue capacity and balking (issue 19); each where a call would join its queue ---
  o.blocked_queue_full(call, t);  // Center::queue_capacity calls waiting: the attempt ends
  o.balked(call, t);  // heard the predicted wait and left at once; it may redial
  // --- outbound (issue 19) ---
  // At the end of the dial's talk (or ring): `agent` dialed `account` of outbound `type` at
  // t - seconds (its dial number `attempt`, 0 for the first, counted across days) and held
  // it `seconds` (talk or ring, without wrap-up); `remaining`
  // accounts are left on the type's list, due or not (the account itself counted if it
  // will be dialed again). No offered/answered fact: a dial is no inbound contact.
  o.dialed(type, t, agent, role, account, attempt, outcome, seconds, remaining);
  // The day ends with `remaining` accounts of outbound `type` still on its list: they
  // carry to the next day (said once per outbound type, at the end).
  o.list_left(type, t, remaining);
};

struct NullObserver {
  void offered(const CallFact&, double) {}
  void blocked(const CallFact&, double) {}
  void abandoned(const CallFact&, double /*t*/, double /*wait*/) {}
  void cleared(const CallFact&, double /*t*/, double /*wait*/) {}
  void answered(const CallFact&, double /*t*/, double /*wait*/, int /*agent*/, int /*role*/) {}
  void transferred(const CallFact&, double, int /*agent*/, int /*role*/, TransferReason) {}
  void completed(const CallFact&, double /*t*/, int /*agent*/, int /*role*/, double /*talk*/,
                 double /*wrap*/, bool /*resolved*/, bool /*error*/) {}
  void queue_length(int /*type*/, std::size_t /*length*/, double) {}
  void agent_state(int /*agent*/, int /*role*/, AgentState /*from*/, AgentState /*to*/,
                   double) {}
  void absent(int /*agent*/, int /*role*/) {}
  void carried(const CallFact&, double /*t*/, double /*due*/) {}
  void lost(int /*agent*/, int /*role*/, LostTime, double /*seconds*/, double /*t*/) {}
  // --- IVR and callbacks (part C) ---
  void ivr_contained(const CallFact&, double) {}
  void ivr_deflected(const CallFact&, double) {}
  void ivr_left(const CallFact&, double) {}
  void callback_offered(const CallFact&, double) {}
  void callback_accepted(const CallFact&, double) {}
  void callback_completed(const CallFact&, double /*t*/, double /*wait*/) {}
  void callback_failed(const CallFact&, double) {}
  // --- chat (part D) ---
  void chats(int /*agent*/, int /*role*/, int /*held*/, double /*t*/) {}
  // --- written correspondence (part E) ---
  void backlog_left(const CallFact&, double /*t*/) {}
  // --- floor support (issue 17) and conferences (issue 19) ---
  void assist(const CallFact&, double /*t*/, int /*agent*/, int /*role*/, int /*helper*/,
              int /*helper_role*/, double /*seconds*/, Help) {}
  // --- queue capacity and balking (issue 19) ---
  void blocked_queue_full(const CallFact&, double) {}
  void balked(const CallFact&, double) {}
  // --- outbound (issue 19) ---
  void dialed(int /*type*/, double /*t*/, int /*agent*/, int /*role*/, std::uint64_t /*account*/,
              int /*attempt*/, DialOutcome, double /*seconds*/, int /*remaining*/) {}
  void list_left(int /*type*/, double /*t*/, int /*remaining*/) {}
};
static_assert(Observer<NullObserver>);

}  // namespace sim::model
