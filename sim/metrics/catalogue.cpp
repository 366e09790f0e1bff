#include "sim/metrics/catalogue.h"

namespace sim::metrics {
namespace {

using B = Better;
using U = Unit;

// Each entry: name, label, unit; definition (the full text for users is in
// scenarios/README.md); when undefined, which way is better, pooled. One layout per entry.
// clang-format off
// Calls, then agents, each in its enum's order.
constexpr std::array<MetricDef, kCallMetrics + kAgentMetrics> kDefs = {{
    {"offered", "calls offered", U::calls,
     "contacts that reached the center: first calls, redials, repeats (blocked included)",
     "", B::neither, false},
    {"answered", "calls answered", U::calls,
     "taken by an agent",
     "", B::neither, false},
    {"abandoned", "calls abandoned", U::calls,
     "caller hung up while waiting (short abandons included)",
     "", B::lower, false},
    {"short_abandoned", "short abandons", U::calls,
     "abandoned after waiting less than short_abandon_s",
     "", B::neither, false},
    {"blocked", "calls blocked", U::calls,
     "busy signal: every trunk in use",
     "", B::lower, false},
    {"cleared", "calls cleared unanswered", U::calls,
     "still waiting when the center stopped serving",
     "", B::lower, false},
    {"answered_within", "answered within the threshold", U::calls,
     "answered after waiting <= service_level_threshold_s",
     "", B::higher, false},
    {"service_level", "service level", U::fraction,
     "answered_within / (offered - short_abandoned - ivr_contained - ivr_deflected)",
     "no call offered but short abandons", B::higher, true},
    {"asa_s", "average speed of answer", U::seconds,
     "mean wait of answered calls: their total wait / answered",
     "no call answered", B::lower, true},
    {"wait_p50_s", "median wait", U::seconds,
     "median wait of answered calls (linear interpolation, as R and numpy)",
     "no call answered", B::lower, false},
    {"wait_p90_s", "90th percentile wait", U::seconds,
     "90th percentile of the wait of answered calls",
     "no call answered", B::lower, false},
    {"wait_p99_s", "99th percentile wait", U::seconds,
     "99th percentile of the wait of answered calls",
     "no call answered", B::lower, false},
    {"abandonment_rate", "abandonment", U::fraction,
     "abandoned / (offered - ivr_contained - ivr_deflected)",
     "no call offered", B::lower, true},
    {"handled", "calls handled", U::calls,
     "calls completed without a further escalation or transfer",
     "", B::neither, false},
    {"aht_s", "average handle time", U::seconds,
     "(talk + after-call work) / handled, of the completing part",
     "no call handled", B::neither, true},
    {"fcr_rate", "first-contact resolution", U::fraction,
     "handled calls resolved on the customer's first contact of the day / handled",
     "no call handled", B::higher, true},
    {"escalation_rate", "escalation rate", U::fraction,
     "calls escalated for want of authority / answered",
     "no call answered", B::lower, true},
    {"transfer_rate", "transfer rate", U::fraction,
     "irate callers transferred / answered",
     "no call answered", B::lower, true},
    {"repeat_rate", "repeat contacts", U::fraction,
     "handled calls that will come back (unresolved, or a billing error) / handled",
     "no call handled", B::lower, true},
    {"redials", "redials", U::calls,
     "offered contacts that are redials after abandoning",
     "", B::neither, false},
    {"repeats", "repeat calls", U::calls,
     "offered contacts that are repeat contacts (unresolved issue, billing error)",
     "", B::neither, false},
    {"mean_queue", "mean calls in queue", U::calls,
     "time-average number of calls waiting during the interval",
     "on day rows", B::lower, false},
    {"carried_in", "contacts carried in", U::calls,
     "offered contacts carried over from an earlier day (repeats, redials, told to call back)",
     "", B::neither, false},
    {"carried_out", "contacts carried out", U::calls,
     "contacts that will come back after this day's close (to a later day)",
     "", B::neither, false},
    {"ivr_contained", "served in the IVR", U::calls,
     "phone calls served by self-service in the IVR (never queued)",
     "", B::neither, false},
    {"ivr_deflected", "deflected by an IVR message", U::calls,
     "phone calls that hung up satisfied after an IVR message (an outage message)",
     "", B::neither, false},
    {"callbacks_offered", "callbacks offered", U::calls,
     "callers offered a callback because the predicted wait was long",
     "", B::neither, false},
    {"callbacks_accepted", "callbacks accepted", U::calls,
     "callers who accepted a callback and hung up to wait for it",
     "", B::neither, false},
    {"callbacks_completed", "callbacks completed", U::calls,
     "callbacks placed and answered by the customer",
     "", B::higher, false},
    {"callbacks_failed", "callbacks failed", U::calls,
     "callbacks not answered, or not placed within callback_patience_s",
     "", B::lower, false},
    {"callback_delay_s", "time to callback", U::seconds,
     "mean time from accepting a callback to its placing, of completed callbacks",
     "no callback completed", B::lower, true},
    {"live_service_level", "service level of live calls", U::fraction,
     "service_level of the calls that stayed in the live queue: (answered_within - callbacks "
     "answered within) / (offered - short_abandoned - ivr_contained - ivr_deflected - "
     "callbacks_accepted)",
     "no live call offered", B::higher, true},
    {"within_goal", "answered within the response goal", U::calls,
     "written items whose answer began within response_goal_s of arrival",
     "", B::higher, false},
    {"goal_rate", "share answered within the goal", U::fraction,
     "within_goal / written items answered",
     "no written item answered", B::higher, true},
    {"backlog_left", "backlog at the day's end", U::calls,
     "written items still waiting when the day ended (carried to the next day)",
     "on interval rows", B::lower, false},
    {"talk_s", "mean talk time", U::seconds,
     "talk / handled, of the completing part",
     "no call handled", B::neither, true},
    {"wrap_s", "mean after-call work", U::seconds,
     "after-call work / handled, of the completing part",
     "no call handled", B::neither, true},
    {"escalated", "calls escalated", U::calls,
     "answered calls handed on for want of authority",
     "", B::lower, false},
    {"escalations_received", "escalations received", U::calls,
     "escalated or transferred parts answered (the escalation type's rows; on a customer "
     "row, none)",
     "", B::neither, false},
    {"transferred", "calls transferred", U::calls,
     "answered irate callers handed on for want of interpersonal skill",
     "", B::lower, false},
    {"errors", "errors", U::calls,
     "handled calls with an error that brings the customer back (a billing error)",
     "", B::lower, false},
    {"error_rate", "error rate", U::fraction,
     "errors / handled",
     "no call handled", B::lower, true},
    {"repeats_caused", "repeats generated", U::calls,
     "handled calls that will come back (unresolved, or an error): repeat_rate's numerator",
     "", B::lower, false},
    {"conferences_held", "conferences held", U::calls,
     "calls of a type with a conference that needed one and got an idle agent of its roles",
     "", B::neither, false},
    {"conferences_missed", "conferences missed", U::calls,
     "calls that needed a conference and found no agent of its roles idle (went on alone)",
     "", B::lower, false},
    {"blocked_queue_full", "calls blocked at a full queue", U::calls,
     "would have queued behind queue_capacity waiting calls (apart from blocked, which "
     "counts trunks)",
     "", B::lower, false},
    {"balked", "calls balked", U::calls,
     "heard the predicted wait at the queue and left at once (a call type's balk)",
     "", B::lower, false},
    {"time_to_resolve_s", "time to resolve", U::seconds,
     "mean time from the customer's first attempt (earlier days included) to the end of "
     "the talk that resolved the issue, of the contacts resolved",
     "no issue resolved", B::lower, true},
    {"agents_present", "agents present", U::agents,
     "rostered (and added) agents who came to work",
     "on interval rows", B::neither, false},
    {"agents_absent", "agents absent", U::agents,
     "agents absent all day (absenteeism)",
     "on interval rows", B::neither, false},
    {"staffed", "agents logged in", U::agents,
     "logged-in time (breaks included) / the row's length (opening hours: day)",
     "", B::neither, false},
    {"on_phones", "agents on the phones", U::agents,
     "logged-in time outside breaks / the row's length",
     "", B::neither, false},
    {"handled", "calls handled", U::calls,
     "calls finished by the role's agents (a part handed on counts for its agent)",
     "", B::neither, false},
    {"occupancy", "occupancy", U::fraction,
     "(talking + wrapping) / (logged in - on break)",
     "nobody logged in outside breaks", B::neither, true},
    {"utilisation", "utilisation", U::fraction,
     "(talking + wrapping) / paid time",
     "no paid time", B::neither, true},
    {"logged_in_h", "logged-in hours", U::agent_hours,
     "time logged in (breaks included)",
     "", B::neither, false},
    {"talking_h", "talk hours", U::agent_hours,
     "on a call",
     "", B::neither, false},
    {"wrapping_h", "after-call work hours", U::agent_hours,
     "after-call work",
     "", B::neither, false},
    {"idle_h", "idle hours", U::agent_hours,
     "logged in, free, waiting for a call",
     "", B::neither, false},
    {"break_h", "break hours", U::agent_hours,
     "on a break (planned, or pulled off the phones by a staff event)",
     "", B::neither, false},
    {"paid_h", "paid agent-hours", U::agent_hours,
     "scheduled shift time of present agents, plus overtime",
     "", B::lower, false},
    {"overtime_h", "overtime hours", U::agent_hours,
     "time past the shift end spent finishing the last call",
     "", B::lower, false},
    {"cost", "cost", U::currency,
     "paid_h x wage_per_hour, over the row's interval or day",
     "", B::lower, false},
    {"cost_per_handled", "cost per handled call", U::currency_per_call,
     "cost / handled",
     "no call handled", B::lower, true},
    {"planned_h", "planned hours on the phones", U::agent_hours,
     "scheduled shift time of present agents outside planned breaks",
     "", B::neither, false},
    {"lost_late_h", "hours lost to late log-in", U::agent_hours,
     "scheduled time before a late agent logged in (random shrinkage)",
     "", B::lower, false},
    {"lost_unplanned_h", "hours lost off the phones unplanned", U::agent_hours,
     "unplanned time off the phones (random shrinkage)",
     "", B::lower, false},
    {"lost_early_h", "hours lost to leaving early", U::agent_hours,
     "scheduled time after an agent left early (random shrinkage)",
     "", B::lower, false},
    {"overtime_cost", "overtime cost", U::currency,
     "overtime_h x wage_per_hour x overtime_premium (part of cost)",
     "", B::lower, false},
    {"chat_concurrency", "chats held at once", U::agents,
     "time-average number of chats an agent held while holding at least one",
     "no chat held", B::neither, true},
    {"assist_h", "hours giving floor support", U::agent_hours,
     "time the role's agents spent assisting another agent's call (floor support), "
     "counted in the interval the assist began; part of talking_h",
     "", B::neither, false},
    {"conference_h", "hours in conferences", U::agent_hours,
     "time the role's agents spent joined to another agent's call in a conference, "
     "counted in the interval the conference began; part of talking_h",
     "", B::neither, false},
}};
// clang-format on

double d(std::uint64_t x) { return static_cast<double>(x); }

// Calls that ended in the IVR (self-service or a message) never reached the queue: the
// queue's service level and abandonment leave them out.
double ended_in_ivr(const CallStats& c) {
  return static_cast<double>(c.ivr_contained + c.ivr_deflected);
}

}  // namespace

std::string_view unit_name(Unit u) {
  switch (u) {
    case U::calls: return "calls";
    case U::fraction: return "fraction";
    case U::seconds: return "seconds";
    case U::agents: return "agents";
    case U::agent_hours: return "agent-hours";
    case U::currency: return "currency";
    case U::currency_per_call: return "currency per call";
  }
  return "";
}

double display_scale(Unit u) { return u == U::fraction ? 100.0 : 1.0; }

std::string_view display_suffix(Unit u) {
  switch (u) {
    case U::fraction: return " %";
    case U::seconds: return " s";
    case U::agent_hours: return " h";
    default: return "";
  }
}

const MetricDef& def(CallMetric m) { return kDefs[index(m)]; }
const MetricDef& def(AgentMetric m) { return kDefs[kCallMetrics + index(m)]; }
const MetricDef& def(DayFigure f) {
  return std::visit([](auto m) -> const MetricDef& { return def(m); }, f);
}

Ratio parts(CallMetric m, const CallStats& c, Scope scope) {
  const double any_answered = c.answered > 0 ? 1 : 0;
  switch (m) {
    case CallMetric::offered: return {d(c.offered)};
    case CallMetric::answered: return {d(c.answered)};
    case CallMetric::abandoned: return {d(c.abandoned)};
    case CallMetric::short_abandoned: return {d(c.short_abandoned)};
    case CallMetric::blocked: return {d(c.blocked)};
    case CallMetric::cleared: return {d(c.cleared)};
    case CallMetric::answered_within: return {d(c.answered_within)};
    case CallMetric::service_level:
      return {d(c.answered_within), d(c.offered) - d(c.short_abandoned) - ended_in_ivr(c)};
    case CallMetric::asa_s: return {c.wait_answered_s, d(c.answered)};
    case CallMetric::wait_p50_s: return {c.wait_p50_s, any_answered};
    case CallMetric::wait_p90_s: return {c.wait_p90_s, any_answered};
    case CallMetric::wait_p99_s: return {c.wait_p99_s, any_answered};
    case CallMetric::abandonment_rate: return {d(c.abandoned), d(c.offered) - ended_in_ivr(c)};
    case CallMetric::handled: return {d(c.handled)};
    case CallMetric::aht_s: return {c.talk_s + c.wrap_s, d(c.handled)};
    case CallMetric::fcr_rate: return {d(c.resolved), d(c.handled)};
    case CallMetric::escalation_rate: return {d(c.escalated), d(c.answered)};
    case CallMetric::transfer_rate: return {d(c.transferred), d(c.answered)};
    case CallMetric::repeat_rate: return {d(c.repeats_caused), d(c.handled)};
    case CallMetric::redials: return {d(c.redials)};
    case CallMetric::repeats: return {d(c.repeats)};
    case CallMetric::mean_queue: return {c.queue_area, scope.day ? 0.0 : scope.span_s};
    case CallMetric::carried_in: return {d(c.carried_in)};
    case CallMetric::carried_out: return {d(c.carried_out)};
    case CallMetric::ivr_contained: return {d(c.ivr_contained)};
    case CallMetric::ivr_deflected: return {d(c.ivr_deflected)};
    case CallMetric::callbacks_offered: return {d(c.callbacks_offered)};
    case CallMetric::callbacks_accepted: return {d(c.callbacks_accepted)};
    case CallMetric::callbacks_completed: return {d(c.callbacks_completed)};
    case CallMetric::callbacks_failed: return {d(c.callbacks_failed)};
    case CallMetric::callback_delay_s: return {c.callback_delay_s, d(c.callbacks_completed)};
    case CallMetric::live_service_level:
      return {d(c.answered_within - c.callbacks_within),
              d(c.offered) - d(c.short_abandoned) - ended_in_ivr(c) - d(c.callbacks_accepted)};
    case CallMetric::within_goal: return {d(c.within_goal)};
    case CallMetric::goal_rate: return {d(c.within_goal), d(c.written_answered)};
    case CallMetric::backlog_left: return {d(c.backlog_left), scope.day ? 1.0 : 0.0};
    case CallMetric::talk_s: return {c.talk_s, d(c.handled)};
    case CallMetric::wrap_s: return {c.wrap_s, d(c.handled)};
    case CallMetric::escalated: return {d(c.escalated)};
    case CallMetric::escalations_received: return {d(c.parts_answered)};
    case CallMetric::transferred: return {d(c.transferred)};
    case CallMetric::errors: return {d(c.errors)};
    case CallMetric::error_rate: return {d(c.errors), d(c.handled)};
    case CallMetric::repeats_caused: return {d(c.repeats_caused)};
    case CallMetric::conferences_held: return {d(c.conferences)};
    case CallMetric::conferences_missed: return {d(c.conferences_missed)};
    case CallMetric::blocked_queue_full: return {d(c.blocked_queue_full)};
    case CallMetric::balked: return {d(c.balked)};
    case CallMetric::time_to_resolve_s: return {c.resolve_s, d(c.resolved_issues)};
  }
  return {0, 0};
}

Ratio parts(AgentMetric m, const AgentStats& a, Scope scope) {
  constexpr double h = 3600.0;
  const double day_only = scope.day ? 1 : 0;  // presence is decided once per day
  switch (m) {
    case AgentMetric::agents_present: return {d(a.agents_present), day_only};
    case AgentMetric::agents_absent: return {d(a.agents_absent), day_only};
    case AgentMetric::staffed: return {a.logged_in_s, scope.span_s};
    case AgentMetric::on_phones: return {a.logged_in_s - a.on_break_s, scope.span_s};
    case AgentMetric::handled: return {d(a.handled)};
    case AgentMetric::occupancy:
      return {a.talking_s + a.wrapping_s, a.logged_in_s - a.on_break_s};
    case AgentMetric::utilisation: return {a.talking_s + a.wrapping_s, a.paid_s};
    case AgentMetric::logged_in_h: return {a.logged_in_s, h};
    case AgentMetric::talking_h: return {a.talking_s, h};
    case AgentMetric::wrapping_h: return {a.wrapping_s, h};
    case AgentMetric::idle_h: return {a.idle_s, h};
    case AgentMetric::break_h: return {a.on_break_s, h};
    case AgentMetric::paid_h: return {a.paid_s, h};
    case AgentMetric::overtime_h: return {a.overtime_s, h};
    case AgentMetric::cost: return {a.cost};
    case AgentMetric::cost_per_handled: return {a.cost, d(a.handled)};
    case AgentMetric::planned_h: return {a.planned_s, h};
    case AgentMetric::lost_late_h: return {a.lost_late_s, h};
    case AgentMetric::lost_unplanned_h: return {a.lost_unplanned_s, h};
    case AgentMetric::lost_early_h: return {a.lost_early_s, h};
    case AgentMetric::overtime_cost: return {a.overtime_cost};
    case AgentMetric::chat_concurrency: return {a.chat_load_s, a.chat_busy_s};
    case AgentMetric::assist_h: return {a.assist_s, h};
    case AgentMetric::conference_h: return {a.conference_s, h};
  }
  return {0, 0};
}

namespace {
// clang-format off
constexpr std::array<MetricDef, kOutboundMetrics> kOutboundDefs = {{
    {"outbound_attempts", "outbound dials", U::calls,
     "dials placed (each reached no one, a wrong party or a machine, or the right party)",
     "", B::neither, false},
    {"outbound_contacts", "right-party contacts", U::calls,
     "dials answered by the account holder: the call's purpose reached",
     "", B::higher, false},
    {"outbound_wrong_party", "wrong party or machine", U::calls,
     "dials answered by someone else or a machine (a short talk; dialed again)",
     "", B::lower, false},
    {"outbound_no_answers", "no answers", U::calls,
     "dials nobody answered (the ring time only; dialed again)",
     "", B::lower, false},
    {"outbound_contact_rate", "right-party contact rate", U::fraction,
     "outbound_contacts / outbound_attempts",
     "no dial placed", B::higher, true},
    {"outbound_list_left", "accounts left on the list", U::calls,
     "accounts not yet reached nor given up when the day ended: carried to the next day",
     "", B::lower, false},
    {"outbound_dial_h", "hours on dials", U::agent_hours,
     "agents' time on dials: talk, or the ring of a no-answer (wrap-up not included)",
     "", B::neither, false},
}};
// clang-format on
}  // namespace

const MetricDef& def(OutboundMetric m) { return kOutboundDefs[static_cast<std::size_t>(m)]; }

Ratio parts(OutboundMetric m, const OutboundStats& o) {
  const auto d = [](std::uint64_t x) { return static_cast<double>(x); };
  switch (m) {
    case OutboundMetric::attempts: return {d(o.attempts)};
    case OutboundMetric::contacts: return {d(o.contacts)};
    case OutboundMetric::wrong_party: return {d(o.wrong_party)};
    case OutboundMetric::no_answers: return {d(o.no_answers)};
    case OutboundMetric::contact_rate: return {d(o.contacts), d(o.attempts)};
    case OutboundMetric::list_left: return {d(o.list_left)};
    case OutboundMetric::dial_h: return {o.dial_s / 3600.0};
  }
  return {0, 0};
}

Scope day_scope(const DayResults& r) { return {r.close_s - r.open_s, true}; }

PerFigure<double> day_values(const DayResults& r) {
  PerFigure<double> out;
  for (CallMetric m : call_metrics()) out[m] = value(m, r.day, day_scope(r));
  for (AgentMetric m : agent_metrics()) out[m] = value(m, r.day_agents, day_scope(r));
  return out;
}

PerFigure<double> interval_values(const DayResults& r, std::size_t k) {
  const Scope scope{r.interval_s, false};
  PerFigure<double> out;
  for (CallMetric m : call_metrics()) out[m] = value(m, r.interval[k], scope);
  for (AgentMetric m : agent_metrics()) out[m] = value(m, r.interval_agents[k], scope);
  return out;
}

double day_value(DayFigure f, const DayResults& r) {
  if (const auto* m = std::get_if<CallMetric>(&f)) return value(*m, r.day, day_scope(r));
  return value(std::get<AgentMetric>(f), r.day_agents, day_scope(r));
}

}  // namespace sim::metrics
