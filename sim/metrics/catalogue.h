// The metric catalogue: every figure ccsim reports, declared once with its name (as written
// in CSV and JSON), its label for people, its unit, its definition and when it is
// undefined, indexed by an enum. Writers (CSV, JSON, the terminal, HTML, staff, compare)
// iterate or index this table; none looks a figure up by its name, and none computes a
// figure again: value() below is the only place a figure is computed from the day's counts.
//
// One rule for "undefined": every figure is a ratio num / den of the row's totals (a count
// has den = 1) and is undefined, NaN, when den <= 0: a service level with no calls, an ASA
// with none answered. NaN is left out of means (sim/metrics/statistics.h), written as an
// empty CSV cell, JSON null, or "–" in a report, and a target check skips it (an interval
// with no calls is no miss).
//
// A figure marked `pooled` is a ratio whose denominator varies from day to day; for it the
// summaries give both estimators across replications, the mean of daily figures and the
// pooled ratio of sums (statistics.h says how they differ).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "sim/metrics/day_metrics.h"
#include "sim/metrics/statistics.h"

namespace sim::metrics {

enum class Unit : std::uint8_t {
  calls,
  fraction,  // 0..1, shown as a percentage
  seconds,
  agents,
  agent_hours,
  currency,          // the wages' currency, over the row's interval or day
  currency_per_call,
};
std::string_view unit_name(Unit u);  // "calls", "fraction", "agent-hours", ...

// For people: fractions as percentages ("92.3 %"), seconds with " s".
double display_scale(Unit u);
std::string_view display_suffix(Unit u);

enum class Better : std::uint8_t { higher, lower, neither };

struct MetricDef {
  std::string_view name;        // column of calls.csv / agents.csv, key of summary.json
  std::string_view label;       // for people: screens and reports
  Unit unit;
  std::string_view definition;  // how it is computed, in the terms of the docs
  std::string_view undefined;   // when it has no value; empty: always defined
  Better better;
  bool pooled;                  // a ratio with a varying denominator (see above)
};

// The per-row figures of calls.csv, in column order.
enum class CallMetric : std::uint8_t {
  offered,
  answered,
  abandoned,
  short_abandoned,
  blocked,
  cleared,
  answered_within,
  service_level,
  asa_s,
  wait_p50_s,
  wait_p90_s,
  wait_p99_s,
  abandonment_rate,
  handled,
  aht_s,
  fcr_rate,
  escalation_rate,
  transfer_rate,
  repeat_rate,
  redials,
  repeats,
  mean_queue,
  carried_in,
  carried_out,
  ivr_contained,
  ivr_deflected,
  callbacks_offered,
  callbacks_accepted,
  callbacks_completed,
  callbacks_failed,
  callback_delay_s,
  live_service_level,
  within_goal,
  goal_rate,
  backlog_left,
  // The mechanisms by which competency acts (issue 17): also per role x call type in
  // mechanisms.csv (kMechanismFigures below).
  talk_s,
  wrap_s,
  escalated,
  escalations_received,
  transferred,
  errors,
  error_rate,
  repeats_caused,
  // Conferences (issue 19, CallType::conference), in the offered cells of the call.
  conferences_held,
  conferences_missed,
  // Issue 19: queue capacity, balking, retrials that keep the issue.
  blocked_queue_full,
  balked,
  time_to_resolve_s,
};
inline constexpr std::size_t kCallMetrics = 48;

// The per-row figures of agents.csv, in column order.
enum class AgentMetric : std::uint8_t {
  agents_present,
  agents_absent,
  staffed,
  on_phones,
  handled,
  occupancy,
  utilisation,
  logged_in_h,
  talking_h,
  wrapping_h,
  idle_h,
  break_h,
  paid_h,
  overtime_h,
  cost,
  cost_per_handled,
  planned_h,
  lost_late_h,
  lost_unplanned_h,
  lost_early_h,
  overtime_cost,
  chat_concurrency,
  assist_h,  // issue 17: floor support given
  conference_h,  // issue 19: conferences joined
};
inline constexpr std::size_t kAgentMetrics = 24;

const MetricDef& def(CallMetric m);
const MetricDef& def(AgentMetric m);

// Every metric of a table in column order, for loops: for (CallMetric m : call_metrics()).
template <class Metric, std::size_t N>
constexpr std::array<Metric, N> metrics_in_order() {
  std::array<Metric, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<Metric>(i);
  return out;
}
inline constexpr auto call_metrics() { return metrics_in_order<CallMetric, kCallMetrics>(); }
inline constexpr auto agent_metrics() { return metrics_in_order<AgentMetric, kAgentMetrics>(); }
inline constexpr std::size_t index(CallMetric m) { return static_cast<std::size_t>(m); }
inline constexpr std::size_t index(AgentMetric m) { return static_cast<std::size_t>(m); }

// What a row covers: an interval (span_s = its length) or the whole day (span_s = the
// opening hours). Time averages divide by span_s; head counts exist for the day only.
struct Scope {
  double span_s = 0;
  bool day = false;
};

// A figure as num / den; value() applies the one undefined rule.
struct Ratio {
  double num = 0, den = 1;
  double value() const { return den > 0 ? num / den : kUndefined; }
};

Ratio parts(CallMetric m, const CallStats& c, Scope scope = {});
Ratio parts(AgentMetric m, const AgentStats& a, Scope scope);
inline double value(CallMetric m, const CallStats& c, Scope scope = {}) {
  return parts(m, c, scope).value();
}
inline double value(AgentMetric m, const AgentStats& a, Scope scope) {
  return parts(m, a, scope).value();
}

// A figure of the whole day: the all-types row for a call metric, the all-roles row for an
// agent metric. What compare (and the fit's validation) put side by side.
using DayFigure = std::variant<CallMetric, AgentMetric>;
const MetricDef& def(DayFigure f);
Scope day_scope(const DayResults& d);
double day_value(DayFigure f, const DayResults& d);

// One T per figure of the catalogue, indexed by its enums: figures[CallMetric::asa_s].
template <class T>
struct PerFigure {
  std::array<T, kCallMetrics> calls{};
  std::array<T, kAgentMetrics> agents{};
  T& operator[](CallMetric m) { return calls[index(m)]; }
  const T& operator[](CallMetric m) const { return calls[index(m)]; }
  T& operator[](AgentMetric m) { return agents[index(m)]; }
  const T& operator[](AgentMetric m) const { return agents[index(m)]; }
  T& operator[](DayFigure f) {
    return std::visit([this](auto m) -> T& { return (*this)[m]; }, f);
  }
  const T& operator[](DayFigure f) const {
    return std::visit([this](auto m) -> const T& { return (*this)[m]; }, f);
  }
};
// Every figure of the day: the all-types and all-roles rows.
PerFigure<double> day_values(const DayResults& d);
// Every figure of interval k (0-based from opening): its all-types and all-roles rows.
PerFigure<double> interval_values(const DayResults& d, std::size_t k);

// The figures of mechanisms.csv, per role x call type (DayResults::role_type): how each
// role's competencies act on each call type. Each row counts the answering agent's work
// only: a call escalated by a Rep I counts in the Rep I's row (escalated) and in the row
// of the supervisor who takes the escalated part (escalations_received, handled).
inline constexpr std::array<CallMetric, 14> kMechanismFigures = {
    CallMetric::answered,    CallMetric::handled,        CallMetric::talk_s,
    CallMetric::wrap_s,      CallMetric::aht_s,          CallMetric::fcr_rate,
    CallMetric::escalated,   CallMetric::escalation_rate, CallMetric::escalations_received,
    CallMetric::transferred, CallMetric::transfer_rate,  CallMetric::errors,
    CallMetric::error_rate,  CallMetric::repeats_caused};
// Where m sits in kMechanismFigures; its size if it is not a mechanism figure.
constexpr std::size_t mechanism_position(CallMetric m) {
  std::size_t i = 0;
  while (i < kMechanismFigures.size() && kMechanismFigures[i] != m) ++i;
  return i;
}

// Outbound figures (issue 19), per outbound type and for all of them, of the day (or a
// horizon's): written only for a center with an outbound call type (the terminal's and the
// report's Outbound block), so a center without one writes what it wrote before. Dials are
// no inbound contact: no call figure above counts them.
enum class OutboundMetric : std::uint8_t {
  attempts,
  contacts,
  wrong_party,
  no_answers,
  contact_rate,
  list_left,
  dial_h,
};
inline constexpr std::size_t kOutboundMetrics = 7;
const MetricDef& def(OutboundMetric m);
inline constexpr auto outbound_metrics() {
  return metrics_in_order<OutboundMetric, kOutboundMetrics>();
}
Ratio parts(OutboundMetric m, const OutboundStats& o);

// The figures `ccsim compare` puts side by side (comparison.csv, its interval and
// replication files, summary.json), in this order. A figure added here reaches every
// compare output; the terminal and HTML tables pick their few columns by enum.
inline constexpr std::array<DayFigure, 13> kComparedFigures = {
    CallMetric::service_level, CallMetric::asa_s,       CallMetric::abandonment_rate,
    CallMetric::fcr_rate,      CallMetric::repeat_rate, AgentMetric::occupancy,
    AgentMetric::cost,         AgentMetric::paid_h,     CallMetric::live_service_level,
    CallMetric::aht_s,         CallMetric::escalation_rate, CallMetric::transfer_rate,
    CallMetric::error_rate};

}  // namespace sim::metrics
