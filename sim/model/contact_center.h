// The contact-center model: one simulated day of a utility's customer-service center on
// the engine. Its event handlers move calls and agents through the day; the router
// (router.h) chooses who takes which call, the customer's draws (customer.h) say what each
// attempt brings, competency (competency.h) how an agent changes it. It publishes facts
// (facts.h) to an Observer and keeps no statistics itself.
//
// Same-instant order (the engine's order class; smaller first), with the reason:
//   0 talk end     a call that ends at t is done before anything else happens at t
//   1 wrap end     an agent freed at t takes a call arriving at t
//   2 agent leaves an agent whose shift ends (or break or pull starts) at t takes no call
//                  of t; a break or pull due at the shift start is therefore known before
//                  the agent joins, and taken from the shift start
//   3 agent joins  an agent starting (or back from break) at t takes a call arriving at t
//   4 routing      a routing change at t applies to the calls of t
//   5 arrival      a new customer
//   6 return       a redial or repeat contact
//   7 overflow     a call's overflow delay running out at t, after arrivals at t
//   8 patience     last: a call answered at its patience limit counts as answered
//   9 close        closing time, after everything else at that instant
//  10 IVR end      (part C) a caller leaving the IVR at t queues after the arrivals of t,
//                  like a call that arrived a moment later; a zero-time IVR has no event,
//                  so the order of a day without an IVR is untouched
//  11 callback expiry  (part C) a callback placed at its patience limit counts as placed
//  12 dial due    (issue 19) accounts come due: idle agents dial after everything else at
//                 t has taken them (an inbound call of t comes first)
// Chats (part D) share ranks 0 and 1: a chat's talk end is a talk end whose payload's
// extra names the chat (its slot + 1), a chat's wrap end a wrap end with extra 1; so a
// chat slot freed at t takes a chat arriving at t, as a freed phone agent takes a call.
// Floor support (issue 17) and conferences (issue 19) share rank 0: the end of an assist or
// of a conference is a talk end with extra kAssistMark, and frees the helper as a call's
// end would.
//
// Written items (part E, Channel::written): they arrive like calls (kArrival), hold no
// trunk, have no patience timer (they never abandon, so never redial) and are never
// handed on; they wait in their type's queue, the backlog, and agents take them under the
// blending rule of router.h. No new event kind: an agent working one is `talking` until
// its kTalkEnd, and finishes it before taking any call (no preemption: an e-mail half
// written is finished, as a call would be). A close policy leaves them waiting; when the
// day ends (every shift over) those still waiting carry to the next day with their
// arrival time (backlog_left, carried()); the starting backlog and items carried in wait
// from the start of the day, oldest first.
//
// Outbound (issue 19, Channel::outbound; outbound.h): a type's list of accounts is worked
// by a progressive dialer, which dials only for an idle agent of an eligible role and only
// when, with it, more than OutboundRules::idle_reserve agents of the roles eligible for
// any outbound type are idle (the threshold policy). It looks when such an agent is freed
// (after any waiting call, callback and written item: inbound first) and when accounts
// come due (kDialDue), from opening to close. The agent is `talking` for the dial's talk
// (or ring), a talk end with extra kDialMark, then wraps up (right party only) as after a
// call. No offered/answered fact: dials publish `dialed`, so every inbound figure stays
// inbound. An account not reached is due again retry_after_s later; those left on a list
// when the day ends carry to the next day (carried(), like written backlog).
//
// Random numbers: arrivals come from one stream per call type keyed by its name, the day's
// busyness factors from streams of their own (busyness.h), absence
// from one per agent, and everything a customer brings from streams keyed by (customer,
// attempt), drawn at arrival (customer.h): two rosters meet the same customers.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "sim/engine/distributions.h"
#include "sim/engine/random.h"
#include "sim/engine/simulator.h"
#include "sim/model/busyness.h"
#include "sim/model/competency.h"
#include "sim/model/config.h"
#include "sim/model/customer.h"
#include "sim/model/facts.h"
#include "sim/model/outbound.h"
#include "sim/model/router.h"

namespace sim::model {

// An agent's state as the floor sees it: AgentState's first values, then absent for the day.
enum class FloorState : std::uint8_t { off_shift, idle, talking, wrapping, on_break, absent };
inline constexpr std::size_t kFloorStates = 6;
static_assert(static_cast<int>(FloorState::on_break) == static_cast<int>(AgentState::on_break));

template <Observer O>
class ContactCenter {
 public:
  // `center` must outlive the model and pass Center::validate(). `day` numbers the day in a
  // multi-day horizon (sim/metrics/horizon.h): it keeps customer ids unique across days;
  // the caller derives the day's seed.
  ContactCenter(const Center& center, std::uint64_t seed, std::uint64_t replication,
                O& observer, std::uint32_t day = 0);

  // Simulates the day: arrivals from open to close, shifts and breaks, until every call is
  // done and every agent has logged off. Calls still waiting when nobody is left to answer
  // them (every shift over) are cleared at that moment, never silently dropped.
  void run() {
    sim_.run(*this);
    carry_backlog();
    if (outbound_types_ != 0) carry_lists();
    clear_waiting();
  }

  void handle(const engine::Event& e);

  // Runs events with time <= until (see engine::Simulator::run_until), or the next event
  // alone: the live view steps and pauses the day through these, and injects between.
  void run_until(double until) { sim_.run_until(until, *this); }
  bool step() { return sim_.step(*this); }
  // Contacts from earlier days due today (due_s in today's clock, before close): each is
  // offered at its due time; one due while the center was closed (before today's
  // opening) at a time drawn from today's arrival profile of its call type, as a first
  // call of the day would be, not all at the opening. Call before run().
  void receive(const std::vector<CarriedContact>& due);
  // The contacts that come back after today's close, in the order they were drawn.
  const std::vector<CarriedContact>& carried() const { return carried_; }

  // Whether the day is over: run() would only clear the calls left waiting.
  bool done() const { return sim_.pending() == 0; }

  // --- events injected at now(), each with the effect of the [[events]] entry starting at
  // now() (same seed, same results, byte for byte): they change this model's own copy of
  // the Center through the functions the scenario layer uses, and act through the same
  // handlers. An injection at t lands after every event at t (run_until(t) handled them),
  // the scenario's entry before the arrivals and answers of t: they differ only when such
  // an event falls exactly on t.
  //
  // Arrivals of the call types in `call_types` x multiplier from now to `end_s`.
  void inject_surge(double end_s, double multiplier, std::uint64_t call_types);
  // Talk time of calls answered from now to `end_s` x multiplier.
  void inject_slowdown(double end_s, double multiplier, std::uint64_t call_types);
  // count > 0 adds agents of `role` on shift from now to `end_s`; count < 0 pulls agents
  // of the role off the phones (after their current call) until `end_s`.
  StaffChange inject_staff(int role, int count, double end_s, const std::optional<Levels>& levels);
  void inject_routing(const Routing& routing);
  // An IVR message (kind "ivr_message") from now to `end_s`: callers of `call_types`
  // entering the IVR hang up satisfied with probability `deflect`.
  void inject_ivr_message(double end_s, double deflect, std::uint64_t call_types);
  // The configuration in force: the Center given, plus every injected event.
  const Center& center() const { return *center_; }

  // What the floor looks like now, for the live view; O(call types + agents).
  struct Snapshot {
    double now;
    std::vector<std::size_t> queue;          // per call type: calls waiting
    std::vector<double> longest_wait_s;      // per call type: 0 when none waits
    // [role][state]: agents by role and FloorState.
    std::vector<std::array<std::uint32_t, kFloorStates>> agents;
  };
  Snapshot snapshot() const;

  const engine::Simulator& simulator() const { return sim_; }
  bool agent_present(int agent) const { return agents_[static_cast<std::size_t>(agent)].present; }

 private:
  enum Kind : std::uint8_t {
    kTalkEnd = 0, kWrapEnd, kLeave, kJoin, kRoutingChange, kArrival, kReturn, kOverflow,
    kPatience, kClose,
    kIvrEnd, kCallbackExpire,  // part C: IVR and callbacks
    kDialDue                   // issue 19: outbound accounts come due
  };

  void start_agent(std::size_t i);
  void draw_shrinkage(std::size_t i, std::vector<double>& break_start_s);
  void schedule_arrival(std::uint32_t type, double from);
  void schedule_pending_arrival(std::uint32_t type);
  engine::PiecewiseConstantArrivals arrivals_of(std::uint32_t type) const;
  Center& own_center();

  struct AgentRt {
    int role;
    AgentState state = AgentState::offline;
    bool present = true;
    bool leave_pending = false;
    double pending_break_s = 0.0;  // breaks that came due while busy, taken after the call
    double pending_unplanned_s = 0.0;  // unplanned time off due while busy, likewise
    double away_until = 0.0;       // off the phones before this (breaks and pulls begun)
    double shift_end_s;            // the log-off time: the shift end, or earlier (early_s)
    // Random shrinkage (Role::shrinkage), drawn in draw_shrinkage: the lateness and the time
    // left early (0: none) and the unplanned times off the phones (start, length).
    double late_s = 0.0, early_s = 0.0;
    std::vector<Break> unplanned;
    bool serves_close = false;  // on shift or busy at close: stays to serve (AtClose::serve)
    std::uint32_t call = 0;
    double talk_s = 0.0, wrap_s = 0.0;  // of the current call
    // Chats held (in talk or in their wrap-up) and those of them in talk; phone calls only
    // when both are 0 (see start_chat).
    std::uint8_t chats_held = 0, chats_talking = 0;
    // Issue 19: a stretch of a count-staffed role (Agent::by_count) whose run may pass to
    // another member (trade_runs); false for a role with shrinkage, whose draws are the agent's.
    bool by_count = false;
    // Outbound (issue 19): the account being dialed (its type in `call`) and the outcome.
    Account account{};
    DialOutcome dial = DialOutcome::right_party;
  };

  struct CallRt {
    CallFact fact;
    AttemptDraws draws;
    bool in_trunk = false;
    std::optional<TransferReason> transfer;  // the current talk ends in a hand-on
    std::uint32_t callback_ticket = 0;  // bumps when the slot leaves a callback queue
    double chat_talk_s = 0.0, chat_wrap_s = 0.0;  // a chat's own (its agent holds several)
    // Issue 19: the issue the coming redial keeps (Customers::retrial_keeps_issue).
    std::optional<Issue> kept;
  };

  static std::uint64_t pack(std::uint32_t index, std::uint32_t extra) {
    return (std::uint64_t{extra} << 32) | index;
  }

  // --- events ---
  void on_arrival(std::uint32_t type, std::uint32_t generation);
  void on_return(std::uint32_t slot);
  void on_talk_end(std::uint32_t agent);
  void wrap_up(std::uint32_t agent);
  // --- floor support (issue 17) ---
  double ask_for_help(std::uint32_t slot, std::uint32_t agent);
  // --- conferences (issue 19) and what they share with floor support ---
  double conference(std::uint32_t slot, std::uint32_t agent);
  double bring_in(std::uint32_t slot, std::uint32_t agent, RoleMask roles, double seconds,
                  Help help);
  void end_talk(std::uint32_t agent, std::uint32_t slot, double talk_s, double wrap_s);
  // --- chat (part D) ---
  void start_chat(std::uint32_t slot, std::uint32_t agent, double talk_s, double wrap_s);
  void on_chat_talk_end(std::uint32_t agent, std::uint32_t slot);
  void on_chat_slot_free(std::uint32_t agent);
  bool takes_more_chats(std::uint32_t agent) const;
  bool is_chat(std::uint16_t type) const { return chat_types_ >> type & 1u; }
  void on_agent_free(std::uint32_t agent);
  void on_leave(std::uint32_t agent, std::uint32_t what);
  void on_join(std::uint32_t agent);
  void go_away(std::uint32_t agent, double until);
  void on_shrinkage(std::uint32_t agent, std::uint32_t what);
  double take_unplanned(std::uint32_t agent, double length);
  bool stays_past_shift(std::uint32_t agent) const;
  // --- staff by count (issue 19, add_staff_counts) ---
  bool cut_in_place(std::uint32_t agent);
  void take_cut(std::uint32_t agent);
  void trade_runs(std::uint32_t ended, std::uint32_t going_on);
  void on_overflow(std::uint32_t slot, std::uint32_t ticket);  // the router's queue ticket
  void on_patience(std::uint32_t slot, std::uint32_t ticket);
  void on_close();
  // Empties every queue: each call waiting is cleared; with call_back its customer is also
  // told to call back tomorrow (carried, as a redial).
  void clear_waiting(bool call_back = false);

  // --- steps ---
  void draw_for(CallRt& c);
  const CallType* escalation_of(std::uint16_t type) const;
  void offer(std::uint32_t slot);
  void route(std::uint32_t slot);
  void enqueue(std::uint32_t slot);
  void leave_queue(std::uint32_t slot);
  void answer(std::uint32_t slot, std::uint32_t agent);
  void maybe_return(std::uint32_t slot, ReturnKind kind);
  bool next_attempt(CallRt& c, bool redial) const;
  void carry(std::uint32_t slot, double due_s);
  double overnight_return(const CarriedContact& k);
  void set_state(std::uint32_t agent, AgentState to);
  void release_trunk(CallRt& c);
  std::uint32_t new_slot();
  void free_slot(std::uint32_t slot);
  double slowdown(std::uint16_t type) const;

  // --- IVR and callbacks (part C) ---
  void enter_ivr(std::uint32_t slot);
  void leave_ivr(std::uint32_t slot);
  double ivr_deflect(std::uint16_t type) const;
  bool offer_callback(std::uint32_t slot);
  double predicted_wait(std::uint16_t type) const;
  // --- queue capacity and balking (issue 19) ---
  bool queue_full(std::uint32_t slot);
  bool balks(std::uint32_t slot);
  bool place_callback(std::uint32_t agent, bool live_waiting);
  std::uint32_t oldest_callback(std::uint32_t agent);
  void take_callback(std::uint32_t slot);
  void callback_failed(std::uint32_t slot);
  void on_callback_expire(std::uint32_t slot, std::uint32_t ticket);
  void fail_callbacks();
  // --- written correspondence (part E) ---
  bool written(std::uint16_t type) const { return written_types_ >> type & 1u; }
  // Written items waiting from now: arrival due_s - age_s, queued oldest first.
  void admit_backlog(std::vector<CarriedContact> items);
  std::vector<CarriedContact> starting_backlog() const;
  void carry_backlog();
  // --- outbound (issue 19) ---
  bool outbound(std::uint16_t type) const { return outbound_types_ >> type & 1u; }
  // The roles that dial a type: its eligible ones but those dedicated to written work.
  RoleMask dialers_of(const CallType& t) const { return t.eligible & ~center_->written.dedicated; }
  void start_lists();
  // Whether agent (freed, not idle) may dial now under the threshold rule, and dials if
  // an account of a type its role may dial is due; false: it did not dial.
  bool dial(std::uint32_t agent);
  void dial_idle();  // kDialDue: idle agents dial while the rule allows
  std::uint16_t due_type(RoleMask role) const;  // earliest due type for the role; kNoType
  void start_dial(std::uint32_t agent, std::uint16_t type);
  void on_dial_end(std::uint32_t agent);
  void carry_lists();

  const Center* center_;
  std::unique_ptr<Center> own_;  // copied at the first injection
  O& obs_;
  std::uint64_t seed_, replication_;
  AttemptStreams attempt_streams_;
  std::uint64_t day_bits_;  // the day, in the customer ids' top byte
  std::uint32_t day_;
  engine::Simulator sim_;
  EffectTables effects_;
  Router router_;

  // This replication's busyness: [type][interval] rate multipliers, empty when none.
  std::vector<std::vector<double>> busyness_;
  std::vector<engine::PiecewiseConstantArrivals> arrivals_;
  std::vector<engine::RandomStream> arrival_rngs_;
  std::vector<std::uint64_t> arrivals_made_;
  // The pending arrival per type: its Exp(1) draw and the time it is spent from, so that a
  // rate change re-advances the same draw; events of older generations are stale.
  std::vector<double> arrival_origin_, arrival_draw_;
  std::vector<std::uint32_t> arrival_generation_;

  std::vector<AgentRt> agents_;
  std::vector<CallRt> calls_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t in_trunk_ = 0;
  // Bit t: call type t is a chat, a written type (kept hot: every call's path tests them).
  std::uint64_t chat_types_ = 0, written_types_ = 0;
  std::uint64_t balk_types_ = 0;  // bit t: call type t may balk (issue 19)
  // Floor support: the assist's draws when anyone may ask (else nullptr: none drawn), and
  // the roles that give it (supervision >= FloorSupport::min_supervision).
  const FloorSupport* assist_draws_ = nullptr;
  RoleMask helpers_ = 0;
  std::uint64_t conference_types_ = 0;  // bit t: call type t has a conference
  static constexpr std::uint32_t kAssistMark = 0xFFFFFFFFu;  // kTalkEnd's extra: an assist
  bool closed_ = false;
  // kLeave's extra beyond the breaks and pulls: shrinkage marks (pull indices stay far below).
  static constexpr std::uint32_t kLateMark = 0xFFFFFFFFu, kUnplannedBit = 0x80000000u;
  std::vector<CarriedContact> carried_;
  // Staff by count: per role, count-staffed agents busy past their run's end (entries whose
  // agent is no longer waiting to leave are stale), and how many entries in all.
  std::vector<std::vector<std::uint32_t>> cut_pending_;
  std::size_t cuts_pending_ = 0;
  // Callbacks (part C): per type, the accepted callbacks in order of acceptance (entries
  // whose slot's callback_ticket moved on are stale); per role, the types with callbacks
  // whose calls it may take; per type, the mean journey-level handle time the predictor uses.
  std::vector<TicketQueue> callbacks_;
  std::vector<std::vector<std::uint16_t>> callback_types_;
  std::vector<double> mean_handle_s_;
  std::size_t callbacks_waiting_ = 0;
  // Outbound (issue 19): bit t: an outbound type; the roles eligible for any of them and
  // how many of their agents are idle (exact, kept by set_state); per type its list.
  std::uint64_t outbound_types_ = 0;
  RoleMask dialer_roles_ = 0;
  std::size_t idle_dialers_ = 0;
  std::vector<DialList> lists_;
  static constexpr std::uint32_t kDialMark = 0xFFFFFFFEu;  // kTalkEnd's extra: a dial
  static constexpr std::uint16_t kNoType = 0xFFFFu;
};

// ---------------------------------------------------------------------------------------

template <Observer O>
ContactCenter<O>::ContactCenter(const Center& center, std::uint64_t seed,
                                std::uint64_t replication, O& observer, std::uint32_t day)
    : center_(&center),
      obs_(observer),
      seed_(seed),
      replication_(replication),
      attempt_streams_(seed, replication),
      day_bits_(std::uint64_t{day} << 56),
      day_(day),
      effects_(center, day),
      router_(center, engine::RandomStream(seed, replication, "routing/agent", day)),
      busyness_(draw_busyness(center, seed, replication)) {
  const std::size_t types = center.call_types.size();
  arrivals_.reserve(types);
  for (std::size_t t = 0; t < types; ++t) {
    arrivals_.push_back(arrivals_of(static_cast<std::uint32_t>(t)));
    arrival_rngs_.emplace_back(seed, replication, "arrivals/" + center.call_types[t].name);
  }
  arrivals_made_.assign(types, 0);
  for (std::size_t t = 0; t < types; ++t) {
    const Channel ch = center.call_types[t].channel;
    if (ch == Channel::chat) chat_types_ |= std::uint64_t{1} << t;
    if (ch == Channel::written) written_types_ |= std::uint64_t{1} << t;
    if (center.call_types[t].conference) conference_types_ |= std::uint64_t{1} << t;
    if (center.call_types[t].balk.probability > 0.0) balk_types_ |= std::uint64_t{1} << t;
    if (ch == Channel::outbound) outbound_types_ |= std::uint64_t{1} << t;
  }
  arrival_origin_.assign(types, center.open_s);
  arrival_draw_.assign(types, 0.0);
  arrival_generation_.assign(types, 0);
  const auto& asks = center.effects.assist_probability;
  if (std::any_of(asks.begin(), asks.end(), [](double p) { return p > 0.0; })) {
    assist_draws_ = &center.floor_support;
  }
  for (std::size_t r = 0; r < center.roles.size(); ++r) {
    if (center.roles[r].levels[static_cast<std::size_t>(Competency::supervision)] >=
        center.floor_support.min_supervision) {
      helpers_ |= RoleMask{1} << r;
    }
  }

  agents_.resize(center.agents.size());
  for (std::size_t i = 0; i < agents_.size(); ++i) start_agent(i);
  cut_pending_.resize(center.roles.size());
  if (center.callbacks.enabled || balk_types_ != 0) {  // predicted_wait's means
    for (const CallType& ct : center.call_types) {
      mean_handle_s_.push_back(engine::mean(ct.work_s) + engine::mean(ct.wrap_s));
    }
  }
  if (center.callbacks.enabled) {
    callbacks_.resize(types);
    callback_types_.resize(center.roles.size());
    for (std::size_t t = 0; t < types; ++t) {
      const CallType& ct = center.call_types[t];
      for (std::size_t r = 0; r < center.roles.size(); ++r) {
        if (ct.callback_acceptance > 0.0 && (ct.eligible & ~center.written.dedicated) >> r & 1u) {
          callback_types_[r].push_back(static_cast<std::uint16_t>(t));
        }
      }
    }
  }

  for (std::size_t t = 0; t < types; ++t) {
    if (!outbound(static_cast<std::uint16_t>(t))) schedule_arrival(static_cast<std::uint32_t>(t), center.open_s);
  }
  if (outbound_types_ != 0) start_lists();
  if (day == 0 && !center.written.starting_backlog.empty()) admit_backlog(starting_backlog());
  for (std::size_t k = 0; k < center.routing_changes.size(); ++k) {
    sim_.schedule_at(std::max(0.0, center.routing_changes[k].at_s), kRoutingChange, k);
  }
  sim_.schedule_at(center.close_s, kClose, 0);
}

// Absence is drawn per agent (by index) once per replication; then the shift, breaks and
// pulls are scheduled (from now on, for an agent added while the day runs).
template <Observer O>
void ContactCenter<O>::start_agent(std::size_t i) {
  const Agent& a = center_->agents[i];
  AgentRt& rt = agents_[i];
  rt.role = a.role;
  rt.shift_end_s = a.shift_end_s;
  rt.by_count = a.by_count && !center_->roles[static_cast<std::size_t>(a.role)].shrinkage.any();
  if (center_->absenteeism > 0.0) {
    engine::RandomStream absence(seed_, replication_, "absence", i);
    rt.present = absence.uniform01() >= center_->absenteeism;
  }
  const auto idx = static_cast<std::uint32_t>(i);
  if (!rt.present) {
    obs_.absent(static_cast<int>(i), a.role);
    return;
  }
  std::vector<double> break_start_s;
  for (const Break& b : a.breaks) break_start_s.push_back(b.start_s);
  const Shrinkage& shrink = center_->roles[static_cast<std::size_t>(a.role)].shrinkage;
  if (shrink.any()) draw_shrinkage(i, break_start_s);
  if (rt.late_s > 0.0) sim_.schedule_at(a.shift_start_s, kLeave, pack(idx, kLateMark));
  // Late through the whole shift: never joins.
  if (a.shift_start_s + rt.late_s < a.shift_end_s) {
    sim_.schedule_at(a.shift_start_s + rt.late_s, kJoin, pack(idx, 0));
  }
  sim_.schedule_at(rt.shift_end_s, kLeave, pack(idx, 0));
  // kLeave's extra: 0 the shift end, then the breaks from 1, then the pulls.
  for (std::size_t b = 0; b < a.breaks.size(); ++b) {
    sim_.schedule_at(break_start_s[b], kLeave, pack(idx, static_cast<std::uint32_t>(b + 1)));
  }
  for (std::size_t u = 0; u < rt.unplanned.size(); ++u) {
    sim_.schedule_at(rt.unplanned[u].start_s, kLeave,
                     pack(idx, kUnplannedBit | static_cast<std::uint32_t>(u)));
  }
  for (std::size_t p = 0; p < a.pulls.size(); ++p) {
    sim_.schedule_at(a.pulls[p].start_s, kLeave,
                     pack(idx, static_cast<std::uint32_t>(a.breaks.size() + p + 1)));
  }
}

// Random shrinkage (Role::shrinkage) from the agent's own stream, so that another roster or
// another role's shrinkage leaves this agent's draws alone. The order is fixed: lateness,
// leaving early, each break's jitter (a fixed number of draws whatever the values), then
// the unplanned times off the phones, a Poisson process over the scheduled shift. A late
// agent joins at shift start + lateness; one leaving early logs off that long before the
// shift end, never before joining; a jittered break stays inside the shift.
template <Observer O>
void ContactCenter<O>::draw_shrinkage(std::size_t i, std::vector<double>& break_start_s) {
  const Agent& a = center_->agents[i];
  AgentRt& rt = agents_[i];
  const Shrinkage& s = center_->roles[static_cast<std::size_t>(a.role)].shrinkage;
  engine::RandomStream rng(seed_, replication_, "shrinkage", i);
  auto exponential = [&rng](double mean) { return -mean * std::log(rng.uniform_open0()); };
  const bool late = rng.uniform01() < s.late_probability;
  const double lateness = exponential(s.late_mean_s);
  const bool early = rng.uniform01() < s.early_probability;
  const double left_early = exponential(s.early_mean_s);
  rt.late_s = late ? std::min(lateness, a.shift_end_s - a.shift_start_s) : 0.0;
  if (early) rt.shift_end_s = std::max(a.shift_start_s + rt.late_s, a.shift_end_s - left_early);
  rt.early_s = a.shift_end_s - rt.shift_end_s;
  for (std::size_t b = 0; b < a.breaks.size(); ++b) {
    const double jitter = (2.0 * rng.uniform01() - 1.0) * s.break_jitter_s;
    const Break& planned = a.breaks[b];
    const double latest = std::max(planned.start_s, a.shift_end_s - planned.duration_s);
    if (s.break_jitter_s > 0.0) {
      break_start_s[b] = std::clamp(planned.start_s + jitter, a.shift_start_s, latest);
    }
  }
  if (!(s.unplanned_per_hour > 0.0)) return;
  const double mean_gap_s = 3600.0 / s.unplanned_per_hour;
  for (double t = a.shift_start_s + exponential(mean_gap_s); t < a.shift_end_s;
       t += exponential(mean_gap_s)) {
    const double length = exponential(s.unplanned_mean_s);
    if (length > 0.0) rt.unplanned.push_back({t, length});
  }
}

// A fresh draw spent from `from`: the next arrival of `type`, if before closing.
template <Observer O>
void ContactCenter<O>::schedule_arrival(std::uint32_t type, double from) {
  arrival_origin_[type] = from;
  arrival_draw_[type] = engine::PiecewiseConstantArrivals::draw(arrival_rngs_[type]);
  schedule_pending_arrival(type);
}

// The pending draw of `type` spent from its origin under the rates now in force.
template <Observer O>
void ContactCenter<O>::schedule_pending_arrival(std::uint32_t type) {
  const double next = arrivals_[type].advance(arrival_origin_[type], arrival_draw_[type]);
  if (next < center_->close_s) sim_.schedule_at(next, kArrival, pack(type, arrival_generation_[type]));
}

// The arrival process of `type` under the configuration in force and this day's busyness.
template <Observer O>
engine::PiecewiseConstantArrivals ContactCenter<O>::arrivals_of(std::uint32_t type) const {
  ArrivalRates r = arrival_rates(*center_, type);
  if (!busyness_.empty()) apply_busyness(*center_, busyness_[type], r);
  return engine::PiecewiseConstantArrivals(std::move(r.bounds), std::move(r.rates));
}

template <Observer O>
Center& ContactCenter<O>::own_center() {
  if (!own_) {
    own_ = std::make_unique<Center>(*center_);
    center_ = own_.get();
  }
  return *own_;
}

template <Observer O>
void ContactCenter<O>::inject_surge(double end_s, double multiplier, std::uint64_t call_types) {
  Center& c = own_center();
  apply_surge(c, {sim_.now(), end_s, multiplier, call_types});
  for (std::uint32_t t = 0; t < c.call_types.size(); ++t) {
    // An outbound type has no arrivals to re-advance (issue 19): it never had a draw.
    if (!(call_types >> t & 1u) || outbound(static_cast<std::uint16_t>(t))) continue;
    arrivals_[t] = arrivals_of(t);
    // The pending arrival keeps its draw and origin; the rates before now are unchanged,
    // so re-advancing it gives what the new rates would have given from the start.
    ++arrival_generation_[t];
    schedule_pending_arrival(t);
  }
}

template <Observer O>
void ContactCenter<O>::inject_slowdown(double end_s, double multiplier, std::uint64_t call_types) {
  own_center().slowdowns.push_back({sim_.now(), end_s, multiplier, call_types});
}

template <Observer O>
void ContactCenter<O>::inject_routing(const Routing& routing) {
  own_center().routing_changes.push_back({sim_.now(), routing});
  router_.set_policy(routing);
}

template <Observer O>
void ContactCenter<O>::inject_ivr_message(double end_s, double deflect, std::uint64_t call_types) {
  own_center().ivr_messages.push_back({sim_.now(), end_s, deflect, call_types});
}

template <Observer O>
StaffChange ContactCenter<O>::inject_staff(int role, int count, double end_s,
                                           const std::optional<Levels>& levels) {
  Center& c = own_center();
  const StaffChange done = apply_staff_change(c, role, count, sim_.now(), end_s, levels);
  if (count > 0) {
    effects_ = EffectTables(c, day_);  // per-agent tables: rebuilt with the new agents
    agents_.resize(c.agents.size());
    for (const std::size_t i : done.agents) {
      router_.add_agent(role);
      start_agent(i);
    }
    return done;
  }
  for (const std::size_t i : done.agents) {  // the pull just added is the agent's last
    if (!agents_[i].present) continue;
    const Agent& a = c.agents[i];
    sim_.schedule_at(sim_.now(), kLeave,
                     pack(static_cast<std::uint32_t>(i),
                          static_cast<std::uint32_t>(a.breaks.size() + a.pulls.size())));
  }
  return done;
}

template <Observer O>
typename ContactCenter<O>::Snapshot ContactCenter<O>::snapshot() const {
  Snapshot s;
  s.now = sim_.now();
  const std::size_t types = center_->call_types.size();
  s.queue.resize(types);
  s.longest_wait_s.resize(types, 0.0);
  for (std::size_t t = 0; t < types; ++t) {
    const auto type = static_cast<std::uint16_t>(t);
    s.queue[t] = router_.waiting_count(type);
    const double since = router_.oldest_since(type);
    if (!std::isnan(since)) s.longest_wait_s[t] = s.now - since;
  }
  s.agents.assign(center_->roles.size(), {});
  for (std::size_t i = 0; i < agents_.size(); ++i) {
    const AgentRt& a = agents_[i];
    FloorState f = FloorState::off_shift;
    if (!a.present) {
      f = FloorState::absent;
    } else if (a.state != AgentState::offline) {
      f = static_cast<FloorState>(a.state);
    }
    ++s.agents[static_cast<std::size_t>(a.role)][static_cast<std::size_t>(f)];
  }
  return s;
}

template <Observer O>
void ContactCenter<O>::handle(const engine::Event& e) {
  const auto index = static_cast<std::uint32_t>(e.payload);
  const auto extra = static_cast<std::uint32_t>(e.payload >> 32);
  switch (e.order_class()) {
    case kTalkEnd:
      if (extra == 0) {
        on_talk_end(index);
      } else if (extra == kAssistMark) {
        on_agent_free(index);  // the helper is free again
      } else if (extra == kDialMark) {
        on_dial_end(index);
      } else {
        on_chat_talk_end(index, extra - 1);
      }
      break;
    case kWrapEnd: extra == 0 ? on_agent_free(index) : on_chat_slot_free(index); break;
    case kLeave: on_leave(index, extra); break;
    case kJoin: on_join(index); break;
    case kRoutingChange: router_.set_policy(center_->routing_changes[index].routing); break;
    case kArrival: on_arrival(index, extra); break;
    case kReturn: on_return(index); break;
    case kOverflow: on_overflow(index, extra); break;
    case kPatience: on_patience(index, extra); break;
    case kClose: on_close(); break;
    case kIvrEnd: leave_ivr(index); break;
    case kCallbackExpire: on_callback_expire(index, extra); break;
    case kDialDue: dial_idle(); break;
    default: throw std::logic_error("ContactCenter: unknown event kind");
  }
}

template <Observer O>
std::uint32_t ContactCenter<O>::new_slot() {
  if (free_slots_.empty()) {
    calls_.emplace_back();
    return static_cast<std::uint32_t>(calls_.size() - 1);
  }
  const std::uint32_t s = free_slots_.back();
  free_slots_.pop_back();
  return s;
}

template <Observer O>
void ContactCenter<O>::free_slot(std::uint32_t slot) {
  free_slots_.push_back(slot);
}

template <Observer O>
void ContactCenter<O>::draw_for(CallRt& c) {
  auto rng = attempt_streams_.draws(c.fact.customer, c.fact.attempt);
  draw_attempt(c.draws, center_->call_types[c.fact.type], escalation_of(c.fact.type), rng,
               assist_draws_);
}

template <Observer O>
const CallType* ContactCenter<O>::escalation_of(std::uint16_t type) const {
  const int e = center_->call_types[type].escalation_type;
  return e >= 0 ? &center_->call_types[static_cast<std::size_t>(e)] : nullptr;
}

template <Observer O>
void ContactCenter<O>::on_arrival(std::uint32_t type, std::uint32_t generation) {
  if (generation != arrival_generation_[type]) return;  // re-advanced by an injected surge
  const double now = sim_.now();
  schedule_arrival(type, now);

  const std::uint32_t slot = new_slot();
  CallRt& c = calls_[slot];
  c.fact = CallFact{day_bits_ | (std::uint64_t{type} << 40) | arrivals_made_[type]++,
                    now, now, static_cast<std::uint16_t>(type),
                    static_cast<std::uint16_t>(type), 0, false, false, false, false};
  c.fact.first_offered_s = now;
  draw_for(c);
  offer(slot);
}

template <Observer O>
void ContactCenter<O>::on_return(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  const double now = sim_.now();
  c.fact.offered_s = c.fact.enqueued_s = now;
  draw_for(c);
  if (c.kept) {  // the attempt's own draws, then the issue of the one before
    c.draws.keep(*c.kept, escalation_of(c.fact.type));
    c.kept.reset();
  }
  offer(slot);
}

template <Observer O>
void ContactCenter<O>::offer(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  obs_.offered(c.fact, sim_.now());
  if (is_chat(c.fact.type) || written(c.fact.type)) {  // no phone line held
    route(slot);
    return;
  }
  if (center_->trunks != 0 && in_trunk_ >= center_->trunks) {
    obs_.blocked(c.fact, sim_.now());
    free_slot(slot);
    return;
  }
  c.in_trunk = true;
  ++in_trunk_;
  if (center_->call_types[c.fact.type].ivr) {
    enter_ivr(slot);
  } else {
    route(slot);
  }
}

template <Observer O>
void ContactCenter<O>::route(std::uint32_t slot) {
  const std::uint16_t type = calls_[slot].fact.type;
  const std::uint32_t agent =
      is_chat(type) ? router_.chat_agent_for(type, [this](std::uint32_t a) { return takes_more_chats(a); })
                    : router_.agent_for(type);
  if (agent != Router::kNone) {
    answer(slot, agent);
    return;
  }
  // Issue 19: the switch turns a call away at a full queue before any announcement; a
  // caller who declines a callback may still balk at the wait it heard.
  if (center_->queue_capacity != 0 && queue_full(slot)) return;
  if (!callbacks_.empty() && offer_callback(slot)) return;
  if ((balk_types_ >> type & 1u) && balks(slot)) return;
  enqueue(slot);
}

// A customer's own phone attempt (not an escalated part, already in the center) finding
// queue_capacity phone calls waiting in the center's queues is blocked; no redial, as a
// call blocked for want of a trunk. O(call types), paid only with a capacity set.
template <Observer O>
bool ContactCenter<O>::queue_full(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  if (c.fact.escalated_part || is_chat(c.fact.type) || written(c.fact.type)) return false;
  std::size_t waiting = 0;
  for (std::size_t t = 0; t < center_->call_types.size(); ++t) {
    const auto u = static_cast<std::uint16_t>(t);
    if (!is_chat(u) && !written(u)) waiting += router_.waiting_count(u);
  }
  if (waiting < center_->queue_capacity) return false;
  release_trunk(c);
  obs_.blocked_queue_full(c.fact, sim_.now());
  free_slot(slot);
  return true;
}

// CallType::balk: a caller who must queue hears the predicted wait; at or above wait_s it
// leaves with the balk probability (its own stream's uniform), and redials as an
// abandoning caller would (redial_probability, the attempt's u_redial).
template <Observer O>
bool ContactCenter<O>::balks(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  const CallType::Balk& b = center_->call_types[c.fact.type].balk;
  if (c.fact.escalated_part || !(predicted_wait(c.fact.type) >= b.wait_s) ||
      !(balk_uniform(seed_, replication_, c.fact.customer, c.fact.attempt) < b.probability)) {
    return false;
  }
  release_trunk(c);
  obs_.balked(c.fact, sim_.now());
  if (c.draws.u_redial < center_->customers.redial_probability) {
    maybe_return(slot, ReturnKind::redial);
  } else {
    free_slot(slot);
  }
  return true;
}

template <Observer O>
void ContactCenter<O>::enqueue(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  const double now = sim_.now();
  const std::uint16_t type = c.fact.type;
  c.fact.enqueued_s = now;
  const std::uint32_t ticket = router_.enqueue(slot, type, now);
  obs_.queue_length(type, router_.waiting_count(type), now);
  const CallType& t = center_->call_types[type];
  const double patience = written(type)           ? std::numeric_limits<double>::infinity()
                          : c.fact.escalated_part ? c.draws.escalated(t).patience_s
                                                  : c.draws.patience_s(t);
  if (std::isfinite(patience)) sim_.schedule_at(now + patience, kPatience, pack(slot, ticket));
  const double overflow_after = router_.overflow_after_s(type);
  if (std::isfinite(overflow_after)) {
    sim_.schedule_at(now + overflow_after, kOverflow, pack(slot, ticket));
  }
}

template <Observer O>
void ContactCenter<O>::leave_queue(std::uint32_t slot) {
  router_.remove(slot);  // its queue entry, patience and overflow timers are now stale
  const std::uint16_t type = calls_[slot].fact.type;
  obs_.queue_length(type, router_.waiting_count(type), sim_.now());
}

template <Observer O>
void ContactCenter<O>::release_trunk(CallRt& c) {
  if (c.in_trunk) {
    c.in_trunk = false;
    --in_trunk_;
  }
}

template <Observer O>
void ContactCenter<O>::set_state(std::uint32_t agent, AgentState to) {
  AgentRt& a = agents_[agent];
  if (a.state == to) return;
  const AgentState from = a.state;
  if (from == AgentState::idle) router_.agent_not_idle(agent);
  if (dialer_roles_ >> a.role & 1u) {
    if (from == AgentState::idle) --idle_dialers_;
    if (to == AgentState::idle) ++idle_dialers_;
  }
  a.state = to;
  obs_.agent_state(static_cast<int>(agent), a.role, from, to, sim_.now());
  if (to == AgentState::idle) router_.agent_idle(agent, sim_.now());
}

template <Observer O>
double ContactCenter<O>::slowdown(std::uint16_t type) const {
  double m = 1.0;
  const double now = sim_.now();
  for (const Slowdown& s : center_->slowdowns) {
    if (now >= s.start_s && now < s.end_s && (s.call_types >> type & 1u)) m *= s.multiplier;
  }
  return m;
}

template <Observer O>
void ContactCenter<O>::answer(std::uint32_t slot, std::uint32_t agent) {
  CallRt& c = calls_[slot];
  AgentRt& a = agents_[agent];
  const double now = sim_.now();
  const std::uint16_t type = c.fact.type;
  const CallType& t = center_->call_types[type];
  obs_.answered(c.fact, now, now - c.fact.enqueued_s, static_cast<int>(agent), a.role);

  double work = c.fact.escalated_part ? c.draws.escalated(t).work_s : c.draws.work_s;
  double wrap = c.fact.escalated_part ? c.draws.escalated(t).wrap_s : c.draws.wrap_s;
  c.transfer.reset();
  if (!c.fact.escalated_part && !written(type)) {
    c.transfer = hand_on(c.draws, t, center_->roles[static_cast<std::size_t>(a.role)],
                         effects_.irate_transfer(agent), effects_.escalation(agent));
    if (c.transfer) {  // the agent does the first part before handing on
      work *= t.pre_escalation_fraction;
      wrap *= t.pre_escalation_fraction;
    }
  }
  double talk_s = work * effects_.talk_multiplier(agent, type) * slowdown(type);
  if (c.fact.callback) talk_s *= center_->callbacks.handle_multiplier;
  if (assist_draws_ != nullptr) talk_s += ask_for_help(slot, agent);
  if (conference_types_ >> type & 1u) talk_s += conference(slot, agent);
  const double wrap_s = wrap * effects_.wrap_multiplier(agent);
  if (is_chat(type)) {
    start_chat(slot, agent, talk_s, wrap_s);
    return;
  }
  a.call = slot;
  a.talk_s = talk_s;
  a.wrap_s = wrap_s;
  set_state(agent, AgentState::talking);
  sim_.schedule_at(now + a.talk_s, kTalkEnd, agent);
}

// Floor support: an agent of a role that gives no help asks with its assist probability
// on a customer's own call (not an escalated part, not a written item); an idle agent of a
// helping role joins for the drawn assist time (bring_in). Returns the talk time added.
template <Observer O>
double ContactCenter<O>::ask_for_help(std::uint32_t slot, std::uint32_t agent) {
  const CallRt& c = calls_[slot];
  const AgentRt& a = agents_[agent];
  if (c.fact.escalated_part || written(c.fact.type) || (helpers_ >> a.role & 1u) ||
      !(c.draws.u_assist < effects_.assist(agent))) {
    return 0.0;
  }
  return bring_in(slot, agent, helpers_, c.draws.assist_s, Help::floor_support);
}

// A conference: the call of a type with one needs it with the type's probability (its own
// draw, draw_conference); an agent of one of the conference's roles answering needs nobody
// (which also keeps the answering agent, still idle in the router, from joining itself).
// Escalated parts and callbacks are calls like any other: the part's type decides.
// Returns the talk time added.
template <Observer O>
double ContactCenter<O>::conference(std::uint32_t slot, std::uint32_t agent) {
  const CallRt& c = calls_[slot];
  const Conference& conf = *center_->call_types[c.fact.type].conference;
  if (conf.roles >> agents_[agent].role & 1u) return 0.0;
  const ConferenceDraw d = draw_conference(conf, seed_, replication_, c.fact);
  if (!(d.u < conf.probability)) return 0.0;
  return bring_in(slot, agent, conf.roles, d.time_s, Help::conference);
}

// A second agent on the call: an idle agent of `roles` chosen by the routing policy
// (Router::idle_agent_of) joins at once for `seconds`, talking; none idle: published with
// helper -1 and the agent goes on alone (no wait, no timer: the simplest rule, and the one
// that never lets a missing supervisor stall the queue). Returns the talk time added.
template <Observer O>
double ContactCenter<O>::bring_in(std::uint32_t slot, std::uint32_t agent, RoleMask roles,
                                  double seconds, Help help) {
  const std::uint32_t helper = router_.idle_agent_of(roles);
  const double now = sim_.now();
  const bool none = helper == Router::kNone;
  obs_.assist(calls_[slot].fact, now, static_cast<int>(agent), agents_[agent].role,
              none ? -1 : static_cast<int>(helper), none ? -1 : agents_[helper].role,
              none ? 0.0 : seconds, help);
  if (none) return 0.0;
  set_state(helper, AgentState::talking);
  sim_.schedule_at(now + seconds, kTalkEnd, pack(helper, kAssistMark));
  return seconds;
}

template <Observer O>
void ContactCenter<O>::on_talk_end(std::uint32_t agent) {
  AgentRt& a = agents_[agent];
  end_talk(agent, a.call, a.talk_s, a.wrap_s);
  wrap_up(agent);
}

// After a call's or a dial's talk: its wrap-up, if any, then free.
template <Observer O>
void ContactCenter<O>::wrap_up(std::uint32_t agent) {
  const AgentRt& a = agents_[agent];
  if (a.wrap_s > 0.0) {
    set_state(agent, AgentState::wrapping);
    sim_.schedule_at(sim_.now() + a.wrap_s, kWrapEnd, agent);
  } else {
    on_agent_free(agent);
  }
}

// The call's side of a talk's end (a phone call's or a chat's): handed on to its
// escalation queue, or completed (and perhaps to come back). The slot may be reused after.
template <Observer O>
void ContactCenter<O>::end_talk(std::uint32_t agent, std::uint32_t slot, double talk_s,
                                double wrap_s) {
  const AgentRt& a = agents_[agent];
  CallRt& c = calls_[slot];
  const double now = sim_.now();
  if (c.transfer) {
    // The escalated part queues as its own call type for a supervisor-capable agent; the
    // caller stays on the line (and in the trunk).
    obs_.transferred(c.fact, now, static_cast<int>(agent), a.role, *c.transfer);
    c.fact.type = static_cast<std::uint16_t>(center_->call_types[c.fact.type].escalation_type);
    c.fact.escalated_part = true;
    c.fact.callback = false;  // the escalated part is a live transfer
    c.fact.enqueued_s = now;  // its wait for the supervisor starts now
    c.transfer.reset();
    obs_.offered(c.fact, now);  // to the escalation queue; not a new customer contact
    route(slot);
  } else {
    const std::uint16_t type = c.fact.type;
    const bool resolved = c.draws.u_resolve < effects_.fcr(agent, type);
    const bool error = c.draws.u_error < effects_.error(agent, type);
    obs_.completed(c.fact, now, static_cast<int>(agent), a.role, talk_s, wrap_s, resolved, error);
    release_trunk(c);
    // An unresolved issue comes back after the repeat delay; a billing error days later.
    if (!resolved) {
      maybe_return(slot, ReturnKind::repeat);
    } else if (error) {
      maybe_return(slot, ReturnKind::error);
    } else {
      free_slot(slot);
    }
  }
}

// --- chat (part D) --------------------------------------------------------------------
// An agent holds up to its role's chat_concurrency chats. Blending: it takes a phone call
// only when it holds none (it is `talking` while one of its chats is in talk, `wrapping`
// while all it holds are in their wrap-up, which holds the chat's slot), and a break, pull
// or shift end waits until every chat it holds has ended, taking no new chat meanwhile.
// With chat_concurrency 1 each step is the phone call's, event for event.

// The chat's talk is the phone talk time x (1 + slowdown_per_extra x (n - 1)), n the chats
// held once it starts (itself included); the slowdown stays fixed for the chat's life.
template <Observer O>
void ContactCenter<O>::start_chat(std::uint32_t slot, std::uint32_t agent, double talk_s,
                                  double wrap_s) {
  AgentRt& a = agents_[agent];
  CallRt& c = calls_[slot];
  const std::uint32_t held = ++a.chats_held;
  ++a.chats_talking;
  c.chat_talk_s = talk_s * (1.0 + center_->chat.slowdown_per_extra * (held - 1.0));
  c.chat_wrap_s = wrap_s;
  obs_.chats(static_cast<int>(agent), a.role, static_cast<int>(held), sim_.now());
  set_state(agent, AgentState::talking);
  router_.chat_closed(agent);
  const auto k = static_cast<std::uint32_t>(center_->roles[static_cast<std::size_t>(a.role)].chat_concurrency);
  if (held < k && takes_more_chats(agent)) router_.chat_open(agent, held, sim_.now());
  sim_.schedule_at(sim_.now() + c.chat_talk_s, kTalkEnd, pack(agent, slot + 1));
}

template <Observer O>
void ContactCenter<O>::on_chat_talk_end(std::uint32_t agent, std::uint32_t slot) {
  AgentRt& a = agents_[agent];
  const double wrap_s = calls_[slot].chat_wrap_s;  // end_talk may free the slot
  --a.chats_talking;
  end_talk(agent, slot, calls_[slot].chat_talk_s, wrap_s);
  if (wrap_s > 0.0) {
    if (a.chats_talking == 0) set_state(agent, AgentState::wrapping);
    sim_.schedule_at(sim_.now() + wrap_s, kWrapEnd, pack(agent, 1));
  } else {
    on_chat_slot_free(agent);
  }
}

// A chat's slot frees (its talk, or its wrap-up, ended). Holding none, the agent is free
// as after a phone call; else it takes the waiting chat it may take, or waits for one.
template <Observer O>
void ContactCenter<O>::on_chat_slot_free(std::uint32_t agent) {
  AgentRt& a = agents_[agent];
  const double now = sim_.now();
  const std::uint32_t held = --a.chats_held;
  obs_.chats(static_cast<int>(agent), a.role, static_cast<int>(held), now);
  router_.chat_closed(agent);
  if (held == 0) {
    on_agent_free(agent);
    return;
  }
  set_state(agent, a.chats_talking > 0 ? AgentState::talking : AgentState::wrapping);
  if (!takes_more_chats(agent)) return;
  const std::uint32_t slot = router_.chat_for(agent, now);
  if (slot != Router::kNone) {
    leave_queue(slot);
    answer(slot, agent);
    return;
  }
  router_.chat_open(agent, held, now);
}

// Whether an agent holding chats takes another: not while winding down for a break, a
// pull, unplanned time off or the end of its shift.
template <Observer O>
bool ContactCenter<O>::takes_more_chats(std::uint32_t agent) const {
  const AgentRt& a = agents_[agent];
  const double now = sim_.now();
  return !a.leave_pending && a.pending_break_s == 0.0 && a.pending_unplanned_s == 0.0 &&
         now >= a.away_until && now < a.shift_end_s;
}

template <Observer O>
void ContactCenter<O>::maybe_return(std::uint32_t slot, ReturnKind kind) {
  CallRt& c = calls_[slot];
  auto rng = attempt_streams_.delays(c.fact.customer, c.fact.attempt);
  const double at = sim_.now() + draw_return_delay(center_->customers, kind, rng);
  if (!next_attempt(c, kind == ReturnKind::redial)) {
    free_slot(slot);  // gives up: counted by the observer, not re-offered
    return;
  }
  if (at >= center_->close_s) {
    carry(slot, at);
  } else {
    sim_.schedule_at(at, kReturn, slot);
  }
}

// Makes the fact the customer's next attempt, unless it would pass max_attempts.
template <Observer O>
bool ContactCenter<O>::next_attempt(CallRt& c, bool redial) const {
  if (c.fact.attempt + 1 >= center_->customers.max_attempts) return false;
  ++c.fact.attempt;
  c.fact.type = c.fact.first_type;
  c.fact.escalated_part = false;
  c.fact.redial = redial;
  c.fact.repeat = !redial;
  c.fact.carried = false;
  c.fact.callback = false;
  c.kept.reset();
  if (redial && center_->customers.retrial_keeps_issue) {
    c.kept = c.draws.issue(escalation_of(c.fact.first_type));  // the draws are of first_type
  }
  return true;
}

// The contact (its fact already the coming attempt's) comes back after close: to a later
// day of the horizon, or past the end of a single day.
template <Observer O>
void ContactCenter<O>::carry(std::uint32_t slot, double due_s) {
  const CallRt& c = calls_[slot];
  const CallFact& f = c.fact;
  // A written repeat's age_s would move its arrival (admit_backlog): 0, as before.
  carried_.push_back({f.customer, due_s, f.first_type, f.attempt, f.redial,
                      written(f.first_type) ? 0.0 : due_s - f.first_offered_s,
                      c.kept});
  obs_.carried(f, sim_.now(), due_s);
  free_slot(slot);
}

// An interval drawn in proportion to the type's expected calls, then a uniform time in it;
// from a stream of the contact's own, so that two rosters see it at the same time.
template <Observer O>
double ContactCenter<O>::overnight_return(const CarriedContact& k) {
  engine::RandomStream rng(seed_, replication_, "overnight return",
                           k.customer * 16 + k.attempt);
  const auto& calls = center_->arrivals[k.first_type];
  double total = 0;
  for (double x : calls) total += x;
  if (total <= 0) return center_->open_s;  // no calls of the type today: at the opening
  double u = rng.uniform01() * total;
  std::size_t i = 0;
  while (i + 1 < calls.size() && u >= calls[i]) u -= calls[i++];
  const double within = calls[i] > 0 ? std::min(u / calls[i], 1.0) : rng.uniform01();
  return center_->open_s + (static_cast<double>(i) + within) * center_->interval_s;
}

template <Observer O>
void ContactCenter<O>::receive(const std::vector<CarriedContact>& due) {
  std::vector<CarriedContact> backlog;
  for (const CarriedContact& k : due) {
    if (outbound(k.first_type)) {  // an account still on the list: back on it, as it was due
      lists_[k.first_type].add({k.customer, k.due_s, k.attempt});
      sim_.schedule_at(std::max(k.due_s, center_->open_s), kDialDue, 0);
      continue;
    }
    if (written(k.first_type)) {
      backlog.push_back(k);
      continue;
    }
    const std::uint32_t slot = new_slot();
    CallRt& c = calls_[slot];
    const double at = k.due_s >= center_->open_s ? k.due_s : overnight_return(k);
    c.fact = CallFact{k.customer, at, at, k.first_type, k.first_type, k.attempt,
                      false, k.redial, !k.redial, true};
    c.fact.first_offered_s = k.due_s - k.age_s;
    c.kept = k.issue;
    sim_.schedule_at(at, kReturn, slot);
  }
  if (!backlog.empty()) admit_backlog(std::move(backlog));
}

template <Observer O>
void ContactCenter<O>::on_agent_free(std::uint32_t agent) {
  AgentRt& a = agents_[agent];
  const double now = sim_.now();
  if (cuts_pending_ != 0 && a.by_count && !a.leave_pending && now < a.shift_end_s) take_cut(agent);
  if (a.leave_pending || now >= a.shift_end_s) {
    a.leave_pending = false;
    // Past the shift end, only from a call: the shift-end or close policy may keep the
    // agent on for the next waiting call it may take; breaks still due are dropped.
    const bool from_call = a.state == AgentState::talking || a.state == AgentState::wrapping;
    if (from_call && stays_past_shift(agent)) {
      const std::uint32_t slot = router_.call_for(agent, now);
      if (slot != Router::kNone) {
        leave_queue(slot);
        answer(slot, agent);
        return;
      }
    }
    set_state(agent, AgentState::offline);
    return;
  }
  a.away_until = std::max(a.away_until, now + a.pending_break_s);
  a.pending_break_s = 0.0;
  if (a.pending_unplanned_s > 0.0) {  // due during the call: after it and any break due
    a.away_until = take_unplanned(agent, a.pending_unplanned_s);
    a.pending_unplanned_s = 0.0;
  }
  if (now < a.away_until) {  // from a call, or joining at the shift start
    set_state(agent, AgentState::on_break);
    sim_.schedule_at(a.away_until, kJoin, agent);
    return;
  }
  std::uint32_t slot = router_.call_for(agent, now);
  if (callbacks_waiting_ != 0 && place_callback(agent, slot != Router::kNone)) return;
  if (slot == Router::kNone) slot = router_.written_for(agent);
  if (slot == Router::kNone) {
    if (outbound_types_ != 0 && dial(agent)) return;
    set_state(agent, AgentState::idle);
    return;
  }
  leave_queue(slot);
  answer(slot, agent);
}

template <Observer O>
void ContactCenter<O>::on_join(std::uint32_t agent) {
  AgentRt& a = agents_[agent];
  if (a.state != AgentState::offline && a.state != AgentState::on_break) return;
  // Back from a break that a later break or pull extended: the join at its end follows.
  if (a.state == AgentState::on_break && sim_.now() < a.away_until) return;
  on_agent_free(agent);
}

// Off the phones until `until` (or later, if already away for longer). An idle agent goes
// now; a busy one after the call (on_agent_free); one not yet logged in at the shift start.
template <Observer O>
void ContactCenter<O>::go_away(std::uint32_t agent, double until) {
  AgentRt& a = agents_[agent];
  if (until <= a.away_until) return;
  a.away_until = until;
  if (a.state == AgentState::idle) set_state(agent, AgentState::on_break);
  // One join at each new end; the earlier ones find the agent still away and do nothing.
  if (a.state == AgentState::on_break) sim_.schedule_at(until, kJoin, agent);
}

// Staff by count: the run of `agent` (busy) ends now; an idle agent of the role whose run
// goes on (the first in roster order) leaves in its place, now. Returns whether one did.
template <Observer O>
bool ContactCenter<O>::cut_in_place(std::uint32_t agent) {
  const double now = sim_.now();
  for (std::uint32_t m = 0; m < agents_.size(); ++m) {
    const AgentRt& o = agents_[m];
    if (o.by_count && o.role == agents_[agent].role && o.state == AgentState::idle &&
        now < o.shift_end_s) {
      trade_runs(agent, m);
      set_state(m, AgentState::offline);
      return true;
    }
  }
  return false;
}

// `agent` frees while an agent of its role waits, busy, to leave at its run's end: `agent`
// leaves in its place (past the end: overtime, as the other's would have been) and the other
// goes on with `agent`'s run.
template <Observer O>
void ContactCenter<O>::take_cut(std::uint32_t agent) {
  auto& pending = cut_pending_[static_cast<std::size_t>(agents_[agent].role)];
  while (!pending.empty()) {
    const std::uint32_t k = pending.front();
    pending.erase(pending.begin());
    --cuts_pending_;
    AgentRt& other = agents_[k];
    if (other.leave_pending &&
        (other.state == AgentState::talking || other.state == AgentState::wrapping)) {
      other.leave_pending = false;
      trade_runs(k, agent);
      return;
    }
  }
}

// The two agents swap their runs, in the model's own copy of the roster too, so that paid
// time follows who stayed; the one going on leaves at its new run's end.
template <Observer O>
void ContactCenter<O>::trade_runs(std::uint32_t ended, std::uint32_t going_on) {
  Agent& a = own_center().agents[ended];
  Agent& b = own_center().agents[going_on];
  std::swap(a.shift_start_s, b.shift_start_s);
  std::swap(a.shift_end_s, b.shift_end_s);
  std::swap(agents_[ended].shift_end_s, agents_[going_on].shift_end_s);
  sim_.schedule_at(agents_[ended].shift_end_s, kLeave, pack(ended, 0));
}

// Whether an agent freed past its log-off time takes another waiting call: at close under
// AtClose::serve if it was on at close, else within the clear_queue limit. Leaving early
// is leaving: neither policy keeps such an agent.
template <Observer O>
bool ContactCenter<O>::stays_past_shift(std::uint32_t agent) const {
  const AgentRt& a = agents_[agent];
  if (a.early_s > 0.0) return false;
  if (closed_ && a.serves_close && center_->at_close == AtClose::serve) return true;
  const ShiftEndPolicy& p = center_->shift_end;
  return p.action == ShiftEnd::clear_queue && sim_.now() < a.shift_end_s + p.clear_limit_s;
}

// Unplanned time off the phones due now, `length` long: it follows any break or pull
// already running, so each is lost in full (up to the log-off time), and published now.
// Returns the end of the time off.
template <Observer O>
double ContactCenter<O>::take_unplanned(std::uint32_t agent, double length) {
  const AgentRt& a = agents_[agent];
  const double now = sim_.now();
  const double from = std::max(now, a.away_until);
  const double lost = std::min(from + length, a.shift_end_s) - from;
  if (lost > 0.0) obs_.lost(static_cast<int>(agent), a.role, LostTime::unplanned, lost, now);
  return from + length;
}

// A shrinkage mark of kLeave: lateness published at the shift start; an unplanned time off
// the phones taken like a pull (after the current call), lost only while logged in.
template <Observer O>
void ContactCenter<O>::on_shrinkage(std::uint32_t agent, std::uint32_t what) {
  AgentRt& a = agents_[agent];
  if (what == kLateMark) {
    obs_.lost(static_cast<int>(agent), a.role, LostTime::late, a.late_s, sim_.now());
    return;
  }
  const double length = a.unplanned[what & ~kUnplannedBit].duration_s;
  if (a.state == AgentState::offline) return;
  if (a.state == AgentState::talking || a.state == AgentState::wrapping) {
    a.pending_unplanned_s += length;
    return;
  }
  go_away(agent, take_unplanned(agent, length));
}

template <Observer O>
void ContactCenter<O>::on_leave(std::uint32_t agent, std::uint32_t what) {
  AgentRt& a = agents_[agent];
  if (what == kLateMark || (what & kUnplannedBit) != 0) {
    on_shrinkage(agent, what);
    return;
  }
  if (what == 0) {  // shift end: finish the current call (overtime), then log off
    if (a.by_count && sim_.now() != a.shift_end_s) return;  // its run passed to another
    if (a.early_s > 0.0) {
      obs_.lost(static_cast<int>(agent), a.role, LostTime::early, a.early_s, sim_.now());
    }
    if (a.state == AgentState::idle || a.state == AgentState::on_break) {
      set_state(agent, AgentState::offline);
    } else if (a.state != AgentState::offline && !(a.by_count && cut_in_place(agent))) {
      a.leave_pending = true;
      if (a.by_count) {
        cut_pending_[static_cast<std::size_t>(a.role)].push_back(agent);
        ++cuts_pending_;
      }
    }
    return;
  }
  const Agent& cfg = center_->agents[agent];
  const bool busy = a.state == AgentState::talking || a.state == AgentState::wrapping;
  if (what > cfg.breaks.size()) {  // a pull: until its end, however late it begins
    go_away(agent, cfg.pulls[what - 1 - cfg.breaks.size()].end_s);
  } else if (busy) {
    a.pending_break_s += cfg.breaks[what - 1].duration_s;  // taken in full after the call
  } else {
    go_away(agent, sim_.now() + cfg.breaks[what - 1].duration_s);
  }
}

template <Observer O>
void ContactCenter<O>::on_overflow(std::uint32_t slot, std::uint32_t ticket) {
  if (!router_.waiting(slot, ticket)) return;
  const std::uint32_t agent = router_.overflow_agent_for(calls_[slot].fact.type);
  if (agent == Router::kNone) return;  // stays queued; overflow agents look at it when freed
  leave_queue(slot);
  answer(slot, agent);
}

template <Observer O>
void ContactCenter<O>::on_patience(std::uint32_t slot, std::uint32_t ticket) {
  if (!router_.waiting(slot, ticket)) return;
  CallRt& c = calls_[slot];
  const double now = sim_.now();
  leave_queue(slot);
  release_trunk(c);
  obs_.abandoned(c.fact, now, now - c.fact.enqueued_s);
  if (c.draws.u_redial < center_->customers.redial_probability) {
    maybe_return(slot, ReturnKind::redial);
  } else {
    free_slot(slot);
  }
}

// Arrivals have stopped. serve: whoever is on shift or busy now stays past the shift end
// until no waiting call is left for them (stays_past_shift); an agent on a break comes back
// if the shift outlasts it. clear and call_back empty the queues now.
template <Observer O>
void ContactCenter<O>::on_close() {
  closed_ = true;
  if (callbacks_waiting_ != 0) fail_callbacks();
  const double now = sim_.now();
  switch (center_->at_close) {
    case AtClose::serve:
      for (AgentRt& a : agents_) {
        a.serves_close = a.present && (a.state != AgentState::offline || a.shift_end_s > now);
      }
      break;
    case AtClose::clear: clear_waiting(); break;
    case AtClose::call_back: clear_waiting(true); break;
  }
}

// A caller told to call back: the attempt ends cleared; the customer comes back the next
// day at opening plus a redial delay from its return stream, as the redial attempt (given
// up past max_attempts, like any return).
template <Observer O>
void ContactCenter<O>::clear_waiting(bool call_back) {
  const double now = sim_.now();
  for (std::size_t t = 0; t < center_->call_types.size(); ++t) {
    const auto type = static_cast<std::uint16_t>(t);
    if (written(type)) continue;  // never cleared: carry_backlog carries them at the end
    for (std::uint32_t slot; (slot = router_.head(type)) != Router::kNone;) {
      CallRt& c = calls_[slot];
      leave_queue(slot);
      release_trunk(c);
      obs_.cleared(c.fact, now, now - c.fact.enqueued_s);
      if (!call_back) {
        free_slot(slot);
        continue;
      }
      auto rng = attempt_streams_.delays(c.fact.customer, c.fact.attempt);
      const double due = 86400.0 + center_->open_s +
                         draw_return_delay(center_->customers, ReturnKind::redial, rng);
      if (next_attempt(c, true)) {
        carry(slot, due);
      } else {
        free_slot(slot);
      }
    }
  }
}

// --- IVR and callbacks (part C) -------------------------------------------------------

// The caller holds a trunk in the IVR (the IVR answers the line). An IVR message plays
// first: a deflected caller hangs up at once. Then ivr_s in the IVR; a zero time has no
// event, so an IVR of time 0 and containment 0 is no IVR, event for event.
template <Observer O>
void ContactCenter<O>::enter_ivr(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  if (!center_->ivr_messages.empty() && c.draws.u_deflect < ivr_deflect(c.fact.type)) {
    release_trunk(c);
    obs_.ivr_deflected(c.fact, sim_.now());
    free_slot(slot);
    return;
  }
  if (c.draws.ivr_s > 0.0) {
    sim_.schedule_at(sim_.now() + c.draws.ivr_s, kIvrEnd, slot);
  } else {
    leave_ivr(slot);
  }
}

// Contained callers end in the IVR; the others queue from now (their wait starts here).
template <Observer O>
void ContactCenter<O>::leave_ivr(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  const double now = sim_.now();
  if (c.draws.u_contain < center_->call_types[c.fact.type].ivr->containment) {
    release_trunk(c);
    obs_.ivr_contained(c.fact, now);
    free_slot(slot);
    return;
  }
  obs_.ivr_left(c.fact, now);
  c.fact.enqueued_s = now;
  route(slot);
}

// Messages playing now for `type` deflect independently: 1 - the product of the shares kept.
template <Observer O>
double ContactCenter<O>::ivr_deflect(std::uint16_t type) const {
  double kept = 1.0;
  const double now = sim_.now();
  for (const IvrMessage& m : center_->ivr_messages) {
    if (now >= m.start_s && now < m.end_s && (m.call_types >> type & 1u)) kept *= 1.0 - m.deflect;
  }
  return 1.0 - kept;
}

// The work waiting ahead / the present agents logged in whose role may take the type. The
// work ahead: the calls waiting of every type that shares a role with it and goes before
// or with it (priority >= its own, or any priority when routing ignores priorities), each
// x its type's mean journey-level handle time (talk + wrap-up). Counting only the type's
// own queue (config.h's first sketch) predicted a few seconds for a billing call queued
// behind an outage storm's priority calls, and offered nobody a callback.
// O(types + agents), paid only by calls that find no idle agent, of types with callbacks.
template <Observer O>
double ContactCenter<O>::predicted_wait(std::uint16_t type) const {
  const CallType& own = center_->call_types[type];
  const bool priorities = router_.policy().honour_priorities;
  double ahead = 0.0;
  for (std::size_t u = 0; u < center_->call_types.size(); ++u) {
    const CallType& other = center_->call_types[u];
    if ((other.eligible & own.eligible) == 0 || (priorities && other.priority < own.priority)) {
      continue;
    }
    ahead += static_cast<double>(router_.waiting_count(static_cast<std::uint16_t>(u))) *
             mean_handle_s_[u];
  }
  std::size_t on = 0;
  for (const AgentRt& a : agents_) {
    on += a.present && a.state != AgentState::offline && (own.eligible >> a.role & 1u);
  }
  return on == 0 ? std::numeric_limits<double>::infinity() : ahead / static_cast<double>(on);
}

// At the queue, no agent free: offered a callback when the predicted wait passes the
// threshold; one who accepts hangs up (frees the trunk) and keeps a place in the type's
// callback queue until placed, or until callback_patience_s. A type with acceptance 0 is
// never offered one, so its figures are those without callbacks. Returns whether accepted.
template <Observer O>
bool ContactCenter<O>::offer_callback(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  const std::uint16_t type = c.fact.type;
  const double acceptance = center_->call_types[type].callback_acceptance;
  const Callbacks& cb = center_->callbacks;
  if (acceptance <= 0.0 || c.fact.escalated_part ||
      !(predicted_wait(type) > cb.offer_when_wait_above_s)) {
    return false;
  }
  const double now = sim_.now();
  obs_.callback_offered(c.fact, now);
  if (!(c.draws.u_accept < acceptance)) return false;
  obs_.callback_accepted(c.fact, now);
  release_trunk(c);
  c.fact.callback = true;
  c.fact.enqueued_s = now;  // the wait to the callback, reported as the answered wait
  callbacks_[type].push({slot, c.callback_ticket});
  ++callbacks_waiting_;
  sim_.schedule_at(now + cb.callback_patience_s, kCallbackExpire, pack(slot, c.callback_ticket));
  return true;
}

// The accepted callback, among the types the agent's role may take, waiting longest; or
// kNone. Stale heads are dropped on the way.
template <Observer O>
std::uint32_t ContactCenter<O>::oldest_callback(std::uint32_t agent) {
  std::uint32_t best = Router::kNone;
  for (const std::uint16_t t : callback_types_[static_cast<std::size_t>(agents_[agent].role)]) {
    TicketQueue& q = callbacks_[t];
    while (!q.empty() && calls_[q.front().index].callback_ticket != q.front().ticket) q.pop();
    if (q.empty()) continue;
    const std::uint32_t slot = q.front().index;
    if (best == Router::kNone || calls_[slot].fact.enqueued_s < calls_[best].fact.enqueued_s) {
      best = slot;
    }
  }
  return best;
}

template <Observer O>
void ContactCenter<O>::take_callback(std::uint32_t slot) {
  ++calls_[slot].callback_ticket;  // its queue entry and expiry are now stale
  --callbacks_waiting_;
}

// A freed agent who would idle, or whose oldest callback has waited past
// callback_priority_after_s, places it; a customer who does not answer is a failed
// callback, and the agent tries the next. Returns whether the agent is now talking.
template <Observer O>
bool ContactCenter<O>::place_callback(std::uint32_t agent, bool live_waiting) {
  const Callbacks& cb = center_->callbacks;
  const double now = sim_.now();
  for (std::uint32_t slot; (slot = oldest_callback(agent)) != Router::kNone;) {
    CallRt& c = calls_[slot];
    if (live_waiting && now - c.fact.enqueued_s <= cb.callback_priority_after_s) return false;
    take_callback(slot);
    if (c.draws.u_answer < cb.answer_probability) {
      obs_.callback_completed(c.fact, now, now - c.fact.enqueued_s);
      answer(slot, agent);
      return true;
    }
    callback_failed(slot);
  }
  return false;
}

// The customer still has the issue: calls again as a redial (max_attempts permitting).
template <Observer O>
void ContactCenter<O>::callback_failed(std::uint32_t slot) {
  obs_.callback_failed(calls_[slot].fact, sim_.now());
  maybe_return(slot, ReturnKind::redial);
}

template <Observer O>
void ContactCenter<O>::on_callback_expire(std::uint32_t slot, std::uint32_t ticket) {
  if (calls_[slot].callback_ticket != ticket) return;
  take_callback(slot);
  callback_failed(slot);
}

// No callbacks are placed after hours: those still waiting at close fail, and their
// customers call again (after close: carried to the next day).
template <Observer O>
void ContactCenter<O>::fail_callbacks() {
  for (TicketQueue& q : callbacks_) {
    for (; !q.empty(); q.pop()) {
      const TicketQueue::Entry e = q.front();
      if (calls_[e.index].callback_ticket != e.ticket) continue;
      take_callback(e.index);
      callback_failed(e.index);
    }
  }
}

// --- written correspondence (part E) ---

// WrittenRules::starting_backlog as contacts due at the opening, aged as given; customer
// ids take bit 39 so that they never meet the day's arrivals (counted from 0 per type).
template <Observer O>
std::vector<CarriedContact> ContactCenter<O>::starting_backlog() const {
  std::vector<CarriedContact> items;
  std::uint64_t n = 0;
  for (const auto& [type, age_s] : center_->written.starting_backlog) {
    const std::uint64_t id =
        day_bits_ | (std::uint64_t(type) << 40) | (std::uint64_t{1} << 39) | n++;
    items.push_back({id, center_->open_s, static_cast<std::uint16_t>(type), 0, false, age_s, std::nullopt});
  }
  return items;
}

// Offered now (carried, so carried_in counts them) with their arrival as offered_s, and
// queued since their arrival: the goal and the wait count from it. Each draws its work as
// any attempt does, from its (customer, attempt) stream.
template <Observer O>
void ContactCenter<O>::admit_backlog(std::vector<CarriedContact> items) {
  auto arrival = [](const CarriedContact& k) { return k.due_s - k.age_s; };
  std::stable_sort(items.begin(), items.end(),
                   [&](const CarriedContact& a, const CarriedContact& b) {
                     return arrival(a) < arrival(b);
                   });
  const double now = sim_.now();
  for (const CarriedContact& k : items) {
    const std::uint32_t slot = new_slot();
    CallRt& c = calls_[slot];
    const double at = arrival(k);
    c.fact = CallFact{k.customer, at, at, k.first_type, k.first_type, k.attempt,
                      false, k.redial, k.attempt > 0 && !k.redial, true};
    c.fact.first_offered_s = at;
    draw_for(c);
    obs_.offered(c.fact, now);
    router_.enqueue(slot, k.first_type, at);
    obs_.queue_length(k.first_type, router_.waiting_count(k.first_type), now);
  }
}

// The day is over (every shift ended): written items still waiting carry to the next day,
// due now, with their age, and are published as backlog_left (not as carried calls).
template <Observer O>
void ContactCenter<O>::carry_backlog() {
  const double now = sim_.now();
  for (std::size_t t = 0; t < center_->call_types.size(); ++t) {
    const auto type = static_cast<std::uint16_t>(t);
    if (!written(type)) continue;
    for (std::uint32_t slot; (slot = router_.head(type)) != Router::kNone;) {
      leave_queue(slot);
      const CallFact& f = calls_[slot].fact;
      obs_.backlog_left(f, now);
      carried_.push_back({f.customer, now, f.first_type, f.attempt, f.redial, now - f.offered_s, std::nullopt});
      free_slot(slot);
    }
  }
}

// --- outbound (issue 19) -----------------------------------------------------------------

// Each outbound type's list_size fresh accounts, due at the opening (carried ones come
// through receive()), and the dialer's roles.
template <Observer O>
void ContactCenter<O>::start_lists() {
  const std::size_t types = center_->call_types.size();
  lists_.resize(types);
  for (std::size_t t = 0; t < types; ++t) {
    const CallType& ct = center_->call_types[t];
    if (!outbound(static_cast<std::uint16_t>(t))) continue;
    dialer_roles_ |= dialers_of(ct);
    for (int i = 0; i < ct.outbound.list_size; ++i) {
      lists_[t].add({day_bits_ | (std::uint64_t{t} << 40) | static_cast<std::uint64_t>(i),
                     center_->open_s, 0});
    }
  }
  sim_.schedule_at(center_->open_s, kDialDue, 0);
}

template <Observer O>
std::uint16_t ContactCenter<O>::due_type(RoleMask roles) const {
  const double now = sim_.now();
  std::uint16_t best = kNoType;
  for (std::uint64_t m = outbound_types_; m != 0; m &= m - 1) {
    const auto t = static_cast<std::uint16_t>(std::countr_zero(m));
    if (!(dialers_of(center_->call_types[t]) & roles) || !lists_[t].due(now)) continue;
    if (best == kNoType || lists_[t].front().due_s < lists_[best].front().due_s) best = t;
  }
  return best;
}

template <Observer O>
bool ContactCenter<O>::dial(std::uint32_t agent) {
  const AgentRt& a = agents_[agent];
  const double now = sim_.now();
  // The agent is not idle yet: with it, more than idle_reserve idle means >= idle_reserve others.
  if (closed_ || now < center_->open_s || !(dialer_roles_ >> a.role & 1u) ||
      idle_dialers_ < static_cast<std::size_t>(center_->outbound.idle_reserve)) {
    return false;
  }
  const std::uint16_t type = due_type(RoleMask{1} << a.role);
  if (type == kNoType) return false;
  start_dial(agent, type);
  return true;
}

template <Observer O>
void ContactCenter<O>::dial_idle() {
  if (closed_ || sim_.now() < center_->open_s) return;
  const auto reserve = static_cast<std::size_t>(center_->outbound.idle_reserve);
  while (idle_dialers_ > reserve) {
    // The earliest due type that an idle agent may dial; types no idle agent may dial wait.
    std::uint16_t type = kNoType;
    std::uint32_t agent = Router::kNone;
    for (std::uint64_t m = outbound_types_; m != 0; m &= m - 1) {
      const auto t = static_cast<std::uint16_t>(std::countr_zero(m));
      if (!lists_[t].due(sim_.now())) continue;
      if (type != kNoType && !(lists_[t].front().due_s < lists_[type].front().due_s)) continue;
      const std::uint32_t a = router_.idle_agent_of(dialers_of(center_->call_types[t]));
      if (a != Router::kNone) type = t, agent = a;
    }
    if (type == kNoType) return;
    start_dial(agent, type);
  }
}

template <Observer O>
void ContactCenter<O>::start_dial(std::uint32_t agent, std::uint16_t type) {
  AgentRt& a = agents_[agent];
  a.account = lists_[type].take();
  const Dial d = draw_dial(center_->call_types[type], seed_, replication_, a.account.id,
                           a.account.attempts);
  ++a.account.attempts;
  a.dial = d.outcome;
  a.call = type;
  a.talk_s = d.talk_s;
  a.wrap_s = d.wrap_s;
  set_state(agent, AgentState::talking);
  sim_.schedule_at(sim_.now() + d.talk_s, kTalkEnd, pack(agent, kDialMark));
}

// The dial's talk (or ring) is over: an account not reached goes back on the list, due
// retry_after_s from now, unless its attempts are spent; then the agent's wrap-up.
template <Observer O>
void ContactCenter<O>::on_dial_end(std::uint32_t agent) {
  AgentRt& a = agents_[agent];
  const auto type = static_cast<std::uint16_t>(a.call);
  const OutboundList& l = center_->call_types[type].outbound;
  const double now = sim_.now();
  if (a.dial != DialOutcome::right_party && a.account.attempts < l.max_attempts) {
    a.account.due_s = now + l.retry_after_s;
    lists_[type].add(a.account);
    if (a.account.due_s < center_->close_s) sim_.schedule_at(a.account.due_s, kDialDue, 0);
  }
  obs_.dialed(type, now, static_cast<int>(agent), a.role, a.account.id,
              a.account.attempts - 1, a.dial, a.talk_s, static_cast<int>(lists_[type].size()));
  wrap_up(agent);
}

// The day is over: what is left on each list carries to the next day, due as it was.
template <Observer O>
void ContactCenter<O>::carry_lists() {
  const double now = sim_.now();
  for (std::uint64_t m = outbound_types_; m != 0; m &= m - 1) {
    const auto t = static_cast<std::uint16_t>(std::countr_zero(m));
    obs_.list_left(t, now, static_cast<int>(lists_[t].size()));
    while (!lists_[t].empty()) {
      const Account k = lists_[t].take();
      carried_.push_back({k.id, k.due_s, t, k.attempts, false, 0.0, std::nullopt});
    }
  }
}

}  // namespace sim::model
