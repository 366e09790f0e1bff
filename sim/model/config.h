// The contact-center model's configuration: plain values, no file formats (the scenario
// layer builds these from TOML and CSV). Every default here is a documented assumption;
// sim/model/README.md lists them with the seed documents they come from.
//
// Time is in seconds since midnight of the simulated day.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/distributions.h"

namespace sim::model {

using engine::AnyDistribution;

// The competencies of seed 000 (LADWP competency model) and seed 001 (water-utility
// customer service representative), each held at level 1, 2 or 3 as seed 000 defines them.
enum class Competency : std::uint8_t {
  job_knowledge,          // billing systems, policies, rates (seed 000 #20, seed 001)
  computer_skills,        // seed 001 technical competency 1
  mathematics,            // seed 000 #2
  judgment,               // judgment and decision making, critical thinking (000 #3, 001)
  attention_to_detail,    // seed 000 #6
  interpersonal,          // interpersonal skills with self control (000 #33, 001)
  customer_service,       // seed 000 #34
  written_communication,  // seed 000 #47
  // Seed 000 #28: level 1 supervises a small group doing the same work, 2 a larger group
  // doing various work, 3 coaches subordinate supervisors. Acts only through floor
  // support (FloorSupport: who may assist); last, so the other indices never moved.
  supervision,
};
inline constexpr std::size_t kCompetencies = 9;
using Levels = std::array<std::uint8_t, kCompetencies>;  // each 1..3
const char* competency_name(Competency c);

// Authority to decide: adjustments, extensions on delinquent accounts and disconnection
// orders belong to the Commercial Service Supervisor (seed 002); escalated customer and
// city-official inquiries to the Assistant Manager (seed 003).
enum class Authority : std::uint8_t { none = 0, supervisor = 1, manager = 2 };

// Random shrinkage of a role's agents (present that day): the ways a scheduled hour on
// the phones is lost beyond planned breaks and whole-day absence. Each agent draws its own
// from its own stream (CRN across rosters); durations are exponential with the given
// means. Zero everywhere: no shrinkage (the default).
struct Shrinkage {
  double late_probability = 0.0;   // P(logs in late)
  double late_mean_s = 0.0;        // mean lateness when late
  double unplanned_per_hour = 0.0; // unplanned time-off starts per hour on shift (Poisson)
  double unplanned_mean_s = 0.0;   // mean length of one
  double break_jitter_s = 0.0;     // each planned break starts uniformly within +- this
  double early_probability = 0.0;  // P(leaves before the shift end)
  double early_mean_s = 0.0;       // mean time left early when leaving early
  bool any() const {
    return late_probability > 0 || unplanned_per_hour > 0 || break_jitter_s > 0 ||
           early_probability > 0;
  }
};

struct Role {
  std::string name;
  Levels levels{2, 2, 2, 2, 2, 2, 2, 2, 1};  // supervision 1: supervises nobody
  Authority authority = Authority::none;
  double wage_per_hour = 30.0;  // loaded cost, currency units per paid hour
  int rank = 0;                 // 0 = least qualified; least-qualified-first routes by it
  Shrinkage shrinkage;
  // Chats an agent of the role handles at once (1: one at a time). Seed 000's customer
  // service levels are the usual pattern users ask for: a trainee 2, a senior 4.
  int chat_concurrency = 1;
};
inline constexpr int kMaxChatConcurrency = 8;  // Role::chat_concurrency is 1..this

using RoleMask = std::uint32_t;  // bit r: role r may take the call
inline constexpr std::size_t kMaxRoles = 32;

// The channel a call type comes by (seed 004: "by telephone, email, letter, or at the
// counter"; seed 003: "by phone or in writing").
//   phone    the queue as it was: patience, redials, IVR and callbacks
//   chat     an agent holds up to its role's chat_concurrency chats at once (ChatRules)
//   written  e-mail, letters, web forms: no patience, a backlog worked by eligible agents
//            under WrittenRules, with a response-time goal; carried to the next day
//   outbound (issue 19) calls the center places: a dialer works the type's list of accounts
//            (OutboundList) under OutboundRules; no arrivals, no queue, no patience
enum class Channel : std::uint8_t { phone, chat, written, outbound };

// Outbound only (issue 19, seed 003's Delinquency & Restoration work: collection and
// payment-reminder calls). The list's accounts, each dialed when due, oldest due first. A
// dial reaches the right party (talk: the type's work_s, then its wrap_s), no one (the
// agent held for ring_s, no talk) or, otherwise, a wrong party or a machine (a short talk,
// exponential with mean wrong_party_s, no wrap). An account not reached is due again
// retry_after_s later, up to max_attempts dials in all (across days); then it is given up.
struct OutboundList {
  int list_size = 0;             // accounts added to the list at each day's opening
  double right_party = 0.45;     // P(the account holder answers)
  double no_answer = 0.35;       // P(nobody answers); right_party + no_answer <= 1
  double ring_s = 25.0;          // how long a no-answer holds the agent
  double wrong_party_s = 30.0;   // mean talk with a wrong party or an answering machine
  double retry_after_s = 7200.0;
  int max_attempts = 3;
};

// A conference (issue 19): with `probability` a call of the type needs a second agent of
// `roles` (a supervisor settling a dispute, seed 002: "communicates directly with customers
// to resolve disputes"; a specialist's "technical and functional supervision", seed 004).
// At the answer an idle agent of those roles joins for a drawn `time_s`, both talking, and
// the call's talk grows by it: floor support's mechanism (FloorSupport), asked for by the
// call rather than by the agent. Nobody idle: the agent goes on alone (a missed
// conference). An agent of one of the roles answering needs nobody to join.
struct Conference {
  double probability = 0.0;
  RoleMask roles = 0;
  AnyDistribution time_s = engine::Deterministic(0.0);
};

// The IVR in front of a phone call type's queue: the caller spends ivr_s in it, and with
// probability `containment` is served there (self-service) and never queues.
struct Ivr {
  AnyDistribution time_s = engine::Deterministic(0.0);
  double containment = 0.0;
};

struct CallType {
  std::string name;
  // Talk time for a journey-level (all levels 2) agent: the customer's "work content".
  AnyDistribution work_s = engine::Exponential(300.0);
  // After-call work for a journey-level agent; Deterministic(0) for none.
  AnyDistribution wrap_s = engine::Deterministic(0.0);
  // Time the caller will wait in queue; std::nullopt: never abandons.
  std::optional<AnyDistribution> patience_s = engine::Exponential(180.0);
  int priority = 0;  // higher is served first when priorities are honoured
  RoleMask eligible = 1;
  RoleMask overflow = 0;  // may also take the call once it has waited overflow_after_s
  double overflow_after_s = std::numeric_limits<double>::infinity();
  // How strongly each competency's level scales the talk time (exponents; 0 = no effect).
  std::array<double, kCompetencies> handle_weights{};
  double fcr = 1.0;  // P(resolved on this contact) for a journey-level agent
  // With this probability the call needs `authority`; an agent without it does the first
  // `pre_escalation_fraction` of the work, then the call queues as `escalation_type`.
  double authority_probability = 0.0;
  Authority authority = Authority::none;
  double irate_probability = 0.0;  // irate callers may need a transfer (interpersonal)
  double pre_escalation_fraction = 0.4;
  int escalation_type = -1;  // index of the call type escalated parts queue as; -1 none
  double error_probability = 0.0;  // P(error causing a repeat) at attention-to-detail 2
  // This type's own busyness factor (Gamma, mean 1, this CV), times the day's: 0 none.
  double busyness_cv = 0.0;

  Channel channel = Channel::phone;
  std::optional<Ivr> ivr;  // phone only; nullopt: straight to the queue
  // Phone only: P(a caller offered a callback accepts it) (Callbacks says when one is
  // offered); 0: never accepted, the figures are those without callbacks.
  double callback_acceptance = 0.0;
  // Written only: the response-time goal, seconds from arrival to the start of the answer.
  double response_goal_s = 86400.0;
  // Issue 19. Group preference, this type's row of the rank matrix (ContactCenters'
  // "type-to-group ranks"), per role, lower served first: a new call goes to an idle agent
  // of the lowest rank that has one; a freed agent takes the waiting type it ranks lowest
  // (Router). Empty: every role at rank 1, routing as before. Only eligible and overflow
  // roles' entries are read.
  std::vector<int> role_ranks;
  // This type's service-level threshold; nullopt: the scenario's one threshold.
  std::optional<double> sl_threshold_s;
  // Phone and chat (issue 19): nullopt: no conferences (nothing drawn).
  std::optional<Conference> conference;
  // Issue 19, phone only: a caller who must queue (no agent free) and hears a predicted
  // wait (ContactCenter::predicted_wait) of at least wait_s leaves at once with this
  // probability, and may redial like an abandon. probability 0: never (the default).
  struct Balk {
    double wait_s = 0.0;
    double probability = 0.0;
  } balk;
  OutboundList outbound;  // Channel::outbound only
};

// How competency acts on a call. Each effect is a table indexed by level - 1.
struct CompetencyEffects {
  // Talk time multiplier per level, raised to the call type's weight for that competency.
  std::array<double, 3> handle_multiplier{1.30, 1.00, 0.85};
  // After-call work: written communication and computer skills, half weight each.
  std::array<double, 3> wrap_multiplier{1.25, 1.00, 0.85};
  // First-contact resolution moves by this much per level of the mean of judgment and job
  // knowledge above (or below) level 2, clamped to [0, 1].
  double fcr_per_level = 0.08;
  // P(an irate caller needs a transfer) by interpersonal-skills level.
  std::array<double, 3> irate_transfer{0.50, 0.15, 0.03};
  // Error probability multiplier by attention-to-detail level.
  std::array<double, 3> error_multiplier{2.0, 1.0, 0.5};
  // Issue 17. The tables below are read at the agent's "skill", the mean of judgment and
  // job knowledge (as FCR is), linearly between levels; all neutral by default.
  // P(a call needs authority) = CallType::authority_probability x this (clamped to 1): a
  // Rep I does "less than the full range of duties" (seed 004) and hands on more.
  std::array<double, 3> escalation_multiplier{1.0, 1.0, 1.0};
  // P(the agent asks for floor support on a call) (FloorSupport); 0: never.
  std::array<double, 3> assist_probability{0.0, 0.0, 0.0};
  // Learning curve: an agent with Agent::tenure_weeks w works at its levels' effects moved
  // toward those of its levels raised to journey level (2) by 1 - exp(-w / learning_weeks).
  double learning_weeks = 12.0;
};

// Floor support (seed 004: a Rep I works "under immediate supervision while learning job
// tasks"; a Rep II needs "only occasional instruction or assistance"). An agent asks for
// help at the start of a call (CompetencyEffects::assist_probability); an idle agent of a
// role with supervision >= min_supervision gives it for a drawn assist_s, both busy, and
// the call's talk time grows by it. With no such agent idle the agent goes on alone.
struct FloorSupport {
  AnyDistribution assist_s = engine::Deterministic(0.0);
  int min_supervision = 2;  // seed 000 #28 level 2: supervises a group doing various work
};

// Time off the phones (AgentState::on_break). The agent is off while any break or pull
// that has begun still holds them: overlapping ones merge (the later end wins) and none is
// lost. One that comes due during a call begins when the call and its wrap-up end; one due
// at the shift start is taken from the shift start.
//
// A planned break: a fixed length, taken in full even when a call delays it.
struct Break {
  double start_s;
  double duration_s;
};
// A trainer's staff event pulling the agent off the phones (training, field work): it ends
// at end_s, however late the agent's call lets it begin.
struct Pull {
  double start_s;
  double end_s;
};

struct Agent {
  std::string name;
  int role = 0;
  std::optional<Levels> levels;  // overrides the role's levels (one strong new hire)
  // Weeks on the job at the start of the run (learning curve, CompetencyEffects); none: the
  // levels as given, for good.
  std::optional<double> tenure_weeks;
  double shift_start_s = 0.0;
  double shift_end_s = 0.0;
  std::vector<Break> breaks;  // each starts within the shift
  std::vector<Pull> pulls;    // each starts within the shift
  // Issue 19: one stretch of a count-staffed role's head count (add_staff_counts): when the
  // stretch ends, the first agent of the role to become free leaves in its place.
  bool by_count = false;
};

enum class AgentSelection : std::uint8_t {
  longest_idle,           // the eligible agent idle the longest
  least_qualified_first,  // lowest role rank with an idle agent; keeps experts free
  random,                 // uniform among the eligible idle agents (issue 19; own stream)
};
const char* agent_selection_name(AgentSelection s);  // as the scenario file spells it

struct Routing {
  AgentSelection agent_selection = AgentSelection::longest_idle;
  bool honour_priorities = true;  // false: oldest waiting call first, whatever its type
};

struct Customers {
  double short_abandon_s = 5.0;  // abandons before this are "short" (misdials, hang-ups)
  double redial_probability = 0.0;
  AnyDistribution redial_delay_s = engine::Exponential(600.0);
  int max_attempts = 4;  // first call plus at most three redials or repeats
  // Delay before an unresolved issue comes back; before a billing error comes back.
  AnyDistribution repeat_delay_s = engine::Exponential(4 * 3600.0);
  AnyDistribution error_repeat_delay_s = engine::Exponential(5 * 86400.0);
  // Issue 19: a redial (after abandoning, balking, a failed callback or a call-back at
  // close) keeps the issue of the attempt before it (Issue below: its work content and
  // outcome draws) instead of bringing new ones; patience stays a fresh draw
  // (customer.h: keep_issue says why). false: each attempt draws its own, as before.
  bool retrial_keeps_issue = false;
};

// What a customer's issue is, as a retrial keeps it (Customers::retrial_keeps_issue): the
// AttemptDraws fields (customer.h) that describe the work, not the caller's behaviour.
struct Issue {
  double work_s, wrap_s, esc_work_s, esc_wrap_s;
  double u_resolve, u_authority, u_irate, u_transfer, u_error, u_contain;
};

// Timed changes a trainer schedules, in the scenario or injected while the day runs
// (ContactCenter::inject_*). apply_surge and apply_staff_change below are the one place
// either kind changes a Center, so a scenario event and an injected one agree.
//
// A surge multiplies the arrival rate of the call types in `call_types` over [start_s,
// end_s), from its exact start: the model splits an interval at a bound that falls inside.
struct Surge {
  double start_s, end_s, multiplier;
  std::uint64_t call_types = ~std::uint64_t{0};  // bit t: applies to call type t
};
struct Slowdown {  // e.g. the billing system slows: talk time x multiplier
  double start_s, end_s, multiplier;
  std::uint64_t call_types = ~std::uint64_t{0};  // bit t: applies to call type t
};
struct RoutingChange {
  double at_s;
  Routing routing;
};

// Arrival-rate uncertainty (gamma-mixed Poisson): each replication's day draws a factor
// that multiplies every arrival rate, Gamma with mean 1 and CV day_cv, so the variance of a
// day's calls is mean + day_cv^2 mean^2. A call type may add its own factor
// (CallType::busyness_cv); each interval may add one more, lognormal with mean 1 and CV
// interval_cv, whose logs follow an AR(1) with lag-1 correlation interval_correlation.
// All drawn from streams of their own, so two rosters meet the same busy days.
struct Busyness {
  double day_cv = 0.0;
  double interval_cv = 0.0;
  double interval_correlation = 0.0;  // in [0, 1)
  bool any() const { return day_cv > 0 || interval_cv > 0; }
};

// What an agent does when the shift ends. finish_call: finishes the call in hand (and its
// wrap-up), then logs off. clear_queue: also keeps answering calls that wait, for at most
// clear_limit_s past the shift end. Either way the time past the shift end is overtime,
// paid at overtime_premium x wage.
enum class ShiftEnd : std::uint8_t { finish_call, clear_queue };
struct ShiftEndPolicy {
  ShiftEnd action = ShiftEnd::finish_call;
  double clear_limit_s = 0.0;
  double overtime_premium = 1.0;
};

// What happens at close to the calls still waiting. serve: agents on shift at close stay
// until the queue is empty (overtime past their shift end); clear: they are cleared at
// close; call_back: they are told to call back and come back the next open day (carried
// over in a multi-day horizon; counted as carried out of a single day).
enum class AtClose : std::uint8_t { serve, clear, call_back };

// Callbacks (virtual hold) for phone calls. A caller arriving when the predicted wait
// exceeds offer_when_wait_above_s is offered a callback (the predictor: the work waiting
// ahead, calls of the types that share a role with it and go before or with it x their
// mean journey-level handle time, / the agents on shift who may take it;
// ContactCenter::predicted_wait, scenarios/README.md names it). One who accepts (CallType::callback_acceptance)
// hangs up and keeps their place: when an agent frees and no live call of a type the agent
// may take waits (or waited longer than callback_priority_after_s), the agent calls back;
// the customer answers with answer_probability, and the call is talked at
// handle_multiplier x the usual talk time. A callback not placed within callback_patience_s
// of the acceptance fails: the customer calls again as a redial.
struct Callbacks {
  bool enabled = false;
  double offer_when_wait_above_s = 120.0;
  double answer_probability = 0.9;
  double handle_multiplier = 1.0;
  double callback_patience_s = 4 * 3600.0;
  double callback_priority_after_s = 1800.0;  // a callback waiting this long goes before live calls
};

// An IVR message (a trainer's lever in an outage): from start_s to end_s, callers of the
// call types in `call_types` hear it in the IVR and a share `deflect` hang up satisfied.
struct IvrMessage {
  double start_s, end_s, deflect;
  std::uint64_t call_types = ~std::uint64_t{0};
};

// Chat: each chat's talk time x (1 + slowdown_per_extra x (n - 1)), n the chats the agent
// holds when it starts (itself included); patience of chats is the type's patience_s.
struct ChatRules {
  double slowdown_per_extra = 0.0;
};

// Written work: worked by agents of its types' eligible roles. dedicated roles work only
// written items (and take them whenever free); other eligible agents take one when free
// and no phone or chat call they may take waits and at least `idle_reserve` agents of the
// center would stay idle (the blending rule). Items left at close carry to the next day.
struct WrittenRules {
  RoleMask dedicated = 0;
  int idle_reserve = 0;
  // Items waiting at the start of the first day, by age in hours (one entry per item).
  std::vector<std::pair<int, double>> starting_backlog;  // (call type, age_s)
};

// The dialer's blending rule (issue 19; threshold policy of Bhulai & Koole 2003, as
// WrittenRules::idle_reserve): an agent of a role eligible for some outbound type dials
// only when, with it, more than idle_reserve such agents are idle, so inbound keeps that
// many in reserve. It dials only for an idle agent (a progressive dialer: the agent is
// held from the dial on; no call is placed without an agent, so none is ever dropped).
struct OutboundRules {
  int idle_reserve = 0;
};

struct Center {
  double open_s = 8 * 3600.0;
  double close_s = 17 * 3600.0;
  double interval_s = 1800.0;
  std::vector<CallType> call_types;
  std::vector<Role> roles;
  std::vector<Agent> agents;
  // Expected calls per interval, [call type][interval], intervals from open_s, surges
  // included (what analysis plans for).
  std::vector<std::vector<double>> arrivals;
  // In the order applied (apply_surge). `forecast` is `arrivals` before the first surge:
  // an interval a surge covers in part needs its rate without the surge, exactly.
  std::vector<Surge> surges;
  std::vector<std::vector<double>> forecast;
  Routing routing;
  Customers customers;
  CompetencyEffects effects;
  FloorSupport floor_support;
  std::size_t trunks = 0;            // 0: unlimited; else calls beyond it are blocked
  // Issue 19: phone calls waiting in the center's queues (all types together, escalated
  // parts included) at most; a new attempt that would queue behind this many is blocked
  // (blocked_queue_full). 0: unlimited. Trunks count calls in the system, this the queue.
  std::size_t queue_capacity = 0;
  AtClose at_close = AtClose::serve;
  ShiftEndPolicy shift_end;
  Busyness busyness;
  double absenteeism = 0.0;          // P(an agent is absent for the whole day)
  std::vector<Slowdown> slowdowns;
  std::vector<RoutingChange> routing_changes;
  Callbacks callbacks;
  std::vector<IvrMessage> ivr_messages;
  ChatRules chat;
  WrittenRules written;
  OutboundRules outbound;

  std::size_t intervals() const;
  // Checks the invariants the model relies on; returns the first problem or "".
  std::string validate() const;
};

// A contact that comes back after its day's close: an unresolved issue, a billing error,
// a redial, or a caller told at close to call back. due_s is in seconds since midnight of
// the day it was drawn on (past 24:00 for a later day). The horizon (sim/metrics/horizon.h)
// hands it to the day it falls on; a single day only counts it.
struct CarriedContact {
  std::uint64_t customer;
  double due_s;
  std::uint16_t first_type;
  std::uint8_t attempt;  // the attempt it will be (>= 1)
  bool redial;           // a redial after abandoning; else a repeat contact
  // Written items (part E) carried as backlog: their age at due_s, so that the arrival
  // (due_s - age_s) survives the horizon's shifts of due_s into each next day's clock and
  // the response goal is measured from it. For calls (issue 19): the time since the
  // customer's first attempt, so that time_to_resolve_s spans days.
  double age_s = 0.0;
  // The issue the coming redial keeps (Customers::retrial_keeps_issue); none: fresh draws.
  std::optional<Issue> issue{};
};

// A multi-day horizon: consecutive days, each a Center of its own (its volume, profile
// and roster); a closed day takes no calls and its due contacts wait for the next open
// day. warm_up_days days, the horizon's last ones taken cyclically, run first and are not
// reported, so the first day starts with the returning load of the days before it.
struct Day {
  std::string name;
  bool open = true;
  Center center;  // open days only
};
struct Horizon {
  std::vector<Day> days;
  std::size_t warm_up_days = 0;
};

// Records the surge and scales the expected calls of the intervals it covers, pro rata for
// those it covers in part.
void apply_surge(Center& c, const Surge& s);

// count > 0: that many agents of `role` added on a shift [start, end) without breaks, with
// `levels` if given. count < 0: that many agents of `role` on shift at `start` pulled off
// the phones until `end` (Pull: after their current call, still paid), the first in roster
// order that no earlier event pulls during [start, end): pulling one agent twice would take
// fewer off the phones than the event says. Absence is not known here (it is drawn per
// replication), so an absent agent may be among those pulled.
struct StaffChange {
  int on_shift = 0;        // agents of the role on shift at start, before this change
  int pulled_already = 0;  // of those, pulled by an earlier event during [start, end)
  int done = 0;            // agents added or pulled: fewer than asked if too few are free
  std::vector<std::size_t> agents;  // indices of the agents added or pulled
};
StaffChange apply_staff_change(Center& c, int role, int count, double start, double end,
                               const std::optional<Levels>& levels);

// Staff by count (issue 19): `counts[i]` agents of `role` on the phones in interval i (from
// open_s), as agents: member k of the role works every maximal run of intervals whose count
// is above k, one Agent (by_count, no breaks) per run. A rise logs new members in at the
// interval's start. A drop ends the runs of the members above the new count, and the model
// lets the first agents of the role to become free leave in their place (idle ones at
// once, then busy ones as their calls end): the shift ends at the next free moment of
// whoever frees first, and paid time stays the matrix's head count x time plus the time
// past each drop until enough have freed (overtime). A count constant over the day is that
// many full-day agents, event for event.
void add_staff_counts(Center& c, int role, const std::vector<int>& counts);

// The arrival rate (per second) of call type `type`, piecewise constant: `bounds` has one
// more entry than `rates`. An interval is one piece at arrivals/interval_s unless a surge
// bound falls inside it; then each piece is the forecast's rate x the surges in force.
struct ArrivalRates {
  std::vector<double> bounds, rates;
};
ArrivalRates arrival_rates(const Center& c, std::size_t type);

}  // namespace sim::model
