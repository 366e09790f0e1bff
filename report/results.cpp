#include "report/results.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <type_traits>

#include "report/json.h"
#include "report/what_happened.h"
#include "sim/scenario/format.h"

namespace report {

using sim::text::csv_field;
using sim::text::hms;
using sim::text::put_number;

using namespace sim::metrics;  // the catalogue and the statistics kernel: what this file writes

namespace {

// The key columns scope,interval_start,interval_end of scope s; a horizon's start with
// the day.
std::string scope_key(const RunInfo& info, std::size_t s) {
  const std::string hours = hms(info.open_s) + "," + hms(info.close_s);
  if (info.horizon() && s == info.total_scope()) return "all,horizon," + hours;
  const std::size_t w = s % (info.intervals + 1);
  const std::string day = info.horizon() ? csv_field(info.days[s / (info.intervals + 1)]) + "," : "";
  if (w == info.intervals) return day + "day," + hours;
  const double start = info.open_s + static_cast<double>(w) * info.interval_s;
  return day + "interval," + hms(start) + "," + hms(start + info.interval_s);
}

Scope scope_of(const RunInfo& info, std::size_t s) {
  const double open_h = info.close_s - info.open_s;
  if (info.horizon() && s == info.total_scope()) {
    return {open_h * static_cast<double>(info.days.size()), true};
  }
  if (s % (info.intervals + 1) == info.intervals) return {open_h, true};
  return {info.interval_s, false};
}

template <class Metric, std::size_t N>
std::string metric_columns(const std::array<Metric, N>& metrics) {
  std::string s;
  for (Metric m : metrics) s += "," + std::string(sim::metrics::def(m).name);
  return s;
}

// One CSV row of a table: the key columns, then every figure of `stats` in catalogue order,
// whose parts are also appended to `figures`.
// Without row files (--summary-only) `rows` is null and only the figures are kept.
template <class Stats>
void add_row(std::string* rows, std::vector<Ratio>& figures, const std::string& key,
             const Stats& stats, Scope scope) {
  if (rows) *rows += key;
  const auto put = [&](auto metric) {
    const Ratio r = sim::metrics::parts(metric, stats, scope);
    figures.push_back(r);
    if (!rows) return;
    *rows += ',';
    put_number(*rows, r.value());
  };
  if constexpr (std::is_same_v<Stats, CallStats>) {
    for (CallMetric m : sim::metrics::call_metrics()) put(m);
  } else {
    for (AgentMetric m : sim::metrics::agent_metrics()) put(m);
  }
  if (rows) *rows += '\n';
}

}  // namespace

RunInfo RunInfo::from(const sim::model::Center& c) {
  RunInfo i;
  for (const auto& t : c.call_types) i.call_types.push_back(t.name);
  for (const auto& r : c.roles) i.roles.push_back(r.name);
  for (const auto& a : c.agents) i.agents.push_back(a.name);
  i.open_s = c.open_s;
  i.close_s = c.close_s;
  i.interval_s = c.interval_s;
  i.intervals = c.intervals();
  i.escalation_part.assign(c.call_types.size(), false);
  for (const auto& t : c.call_types) i.own_sl_threshold_s.push_back(t.sl_threshold_s);
  i.channels.add(c);
  for (const auto& t : c.call_types) {
    if (t.escalation_type >= 0) i.escalation_part[static_cast<std::size_t>(t.escalation_type)] = true;
  }
  return i;
}

bool RunInfo::per_type_sl() const {
  for (std::size_t t = 0; t < call_types.size(); ++t) {
    if (sl_threshold_of(t) != sl_threshold_s) return true;
  }
  return false;
}

std::string RunInfo::sl_threshold_text() const {
  double lo = sl_threshold_s, hi = sl_threshold_s;
  if (per_type_sl()) {
    lo = hi = sl_threshold_of(0);
    for (std::size_t t = 1; t < call_types.size(); ++t) {
      lo = std::min(lo, sl_threshold_of(t));
      hi = std::max(hi, sl_threshold_of(t));
    }
  }
  const std::string a = std::to_string(std::lround(lo)), b = std::to_string(std::lround(hi));
  return a == b ? a : a + "-" + b;  // ASCII: the terminal pads by bytes
}

std::size_t RunInfo::scopes() const {
  return horizon() ? days.size() * (intervals + 1) + 1 : intervals + 1;
}

RunInfo RunInfo::from(const sim::scenario::Scenario& s) {
  RunInfo i = from(s.center);
  for (const auto& d : s.horizon.days) {
    (d.open ? i.days : i.closed_days).push_back(d.name);
    if (d.open) i.channels.add(d.center);
  }
  i.scenario_name = s.name;
  i.scenario_file = s.file.string();
  i.sl_threshold_s = s.sl_threshold_s;
  i.description = s.description;
  i.events = s.event_notes;
  i.goals = s.goals;
  return i;
}

namespace {
std::string key_columns(const RunInfo& info) {
  return std::string(info.horizon() ? "day," : "") + "scope,interval_start,interval_end";
}
}  // namespace

std::string calls_header(const RunInfo& info) {
  return "replication," + key_columns(info) + ",call_type" +
         metric_columns(sim::metrics::call_metrics()) + "\n";
}
std::string agents_header(const RunInfo& info) {
  return "replication," + key_columns(info) + ",role" +
         metric_columns(sim::metrics::agent_metrics()) + "\n";
}

namespace {
// Figures per replication: calls, agents, then the mechanism cells of the whole run.
std::size_t call_figures(const RunInfo& info) {
  return info.scopes() * (info.call_types.size() + 1) * kCallMetrics;
}
std::size_t agent_figures(const RunInfo& info) {
  return info.scopes() * (info.roles.size() + 1) * kAgentMetrics;
}
std::size_t mechanism_figures(const RunInfo& info) {
  return (info.roles.size() + 1) * (info.call_types.size() + 1) * kMechanismFigures.size();
}
// Issue 19: then the outbound figures per call type and all, only for a center that dials
// (a center without outbound types keeps its figures, and its bytes, as they were).
std::size_t outbound_figures(const RunInfo& info) {
  return info.channels.outbound() ? (info.call_types.size() + 1) * kOutboundMetrics : 0;
}
}  // namespace

Summary::Summary(const RunInfo& info) : info_(info) {
  const std::size_t calls = call_figures(info), agents = calls + agent_figures(info);
  const std::size_t mechanisms = agents + mechanism_figures(info);
  const std::size_t size = mechanisms + outbound_figures(info);
  mean_.resize(size);
  pooled_.resize(size);
  is_pooled_.resize(size);
  for (std::size_t i = 0; i < size; ++i) {
    is_pooled_[i] =
        i < calls    ? def(static_cast<CallMetric>(i % kCallMetrics)).pooled
        : i < agents ? def(static_cast<AgentMetric>((i - calls) % kAgentMetrics)).pooled
        : i < mechanisms ? def(kMechanismFigures[(i - agents) % kMechanismFigures.size()]).pooled
                         : def(static_cast<OutboundMetric>((i - mechanisms) % kOutboundMetrics)).pooled;
  }
}

std::size_t Summary::call_index(std::size_t scope, std::size_t type, CallMetric m) const {
  return (scope * (info_.call_types.size() + 1) + type) * kCallMetrics + sim::metrics::index(m);
}
std::size_t Summary::agent_index(std::size_t scope, std::size_t role, AgentMetric m) const {
  return call_figures(info_) + (scope * (info_.roles.size() + 1) + role) * kAgentMetrics +
         sim::metrics::index(m);
}
std::size_t Summary::mechanism_index(std::size_t role, std::size_t type, std::size_t f) const {
  return call_figures(info_) + agent_figures(info_) +
         (role * (info_.call_types.size() + 1) + type) * kMechanismFigures.size() + f;
}

std::size_t Summary::outbound_index(std::size_t type, OutboundMetric m) const {
  return call_figures(info_) + agent_figures(info_) + mechanism_figures(info_) +
         type * kOutboundMetrics + static_cast<std::size_t>(m);
}
MeanCi Summary::outbound(std::size_t type, OutboundMetric m) const {
  return mean_ci(mean_[outbound_index(type, m)]);
}
MeanCi Summary::outbound_pooled(std::size_t type, OutboundMetric m) const {
  return pooled_[outbound_index(type, m)].ci();
}

void Summary::add(const std::vector<Ratio>& figures) {
  ++replications_;
  for (std::size_t i = 0; i < figures.size() && i < mean_.size(); ++i) {
    mean_[i].add(figures[i].value());
    if (is_pooled_[i]) pooled_[i].add(figures[i].num, figures[i].den);
  }
}

MeanCi Summary::mean(std::size_t scope, std::size_t type, CallMetric m) const {
  return mean_ci(mean_[call_index(scope, type, m)]);
}
MeanCi Summary::mean(std::size_t scope, std::size_t role, AgentMetric m) const {
  return mean_ci(mean_[agent_index(scope, role, m)]);
}
MeanCi Summary::day(DayFigure f) const {
  return std::visit(
      [&](auto m) {
        using M = decltype(m);
        const std::size_t all = std::is_same_v<M, CallMetric> ? info_.call_types.size()
                                                              : info_.roles.size();
        return mean(info_.total_scope(), all, m);
      },
      f);
}
MeanCi Summary::mechanism(std::size_t role, std::size_t type, std::size_t f) const {
  return mean_ci(mean_[mechanism_index(role, type, f)]);
}
MeanCi Summary::mechanism_pooled(std::size_t role, std::size_t type, std::size_t f) const {
  return pooled_[mechanism_index(role, type, f)].ci();
}
bool Summary::met(std::size_t role, std::size_t type) const {
  static_assert(kMechanismFigures[0] == CallMetric::answered);
  return mean_[mechanism_index(role, type, 0)].mean() > 0;
}
MeanCi Summary::pooled(std::size_t scope, std::size_t type, CallMetric m) const {
  return pooled_[call_index(scope, type, m)].ci();
}
MeanCi Summary::pooled(std::size_t scope, std::size_t role, AgentMetric m) const {
  return pooled_[agent_index(scope, role, m)].ci();
}

namespace {

// The rows of one table for every scope (each day's intervals, then the day; then a
// horizon's) and every name (call type or role) and "all"; stats(scope, k) is that row's
// statistics.
template <class Stats>
void add_table(std::string& rows, std::vector<Ratio>& figures, const RunInfo& info,
               const std::string& rep, const std::vector<std::string>& names, Stats stats) {
  for (std::size_t s = 0; s < info.scopes(); ++s) {
    const std::string key = rep + scope_key(info, s) + ",";
    for (std::size_t k = 0; k <= names.size(); ++k) {
      add_row(info.row_files ? &rows : nullptr, figures,
              key + csv_field(k < names.size() ? names[k] : "all"), stats(s, k), scope_of(info, s));
    }
  }
}

}  // namespace

ReplicationOutput simulate_replication(const sim::scenario::Scenario& sc, const RunInfo& info,
                                       std::uint64_t seed, std::uint64_t replication) {
  if (sc.horizon.days.empty()) {
    return reduce_replication(
        info, replication,
        sim::metrics::simulate_day(sc.center, seed, replication, sc.sl_threshold_s));
  }
  const auto h = sim::metrics::simulate_horizon(sc.horizon, seed, replication, sc.sl_threshold_s);
  std::vector<const sim::metrics::DayResults*> open;
  for (const auto& d : h.days) {
    if (d.intervals > 0) open.push_back(&d);
  }
  return reduce_replication(info, replication, open, sim::metrics::combine(h.days));
}

ReplicationOutput reduce_replication(const RunInfo& info, std::uint64_t replication,
                                     const sim::metrics::DayResults& day) {
  return reduce_replication(info, replication, {&day}, {});
}

ReplicationOutput reduce_replication(const RunInfo& info, std::uint64_t replication,
                                     const std::vector<const sim::metrics::DayResults*>& days,
                                     const sim::metrics::HorizonTotals& totals) {
  ReplicationOutput out;
  const std::size_t T = info.call_types.size(), R = info.roles.size(), n = info.intervals;
  out.figures.reserve(call_figures(info) + agent_figures(info) + mechanism_figures(info));
  const std::string rep = std::to_string(replication) + ",";
  // Scope s: day s / (n + 1)'s interval s % (n + 1), or its day row; or the horizon.
  const auto day_of = [&](std::size_t s) -> const DayResults& {
    return info.horizon() && s == info.total_scope() ? totals.totals : *days[s / (n + 1)];
  };
  const auto interval = [&](std::size_t s) {
    return info.horizon() && s == info.total_scope() ? n : s % (n + 1);
  };
  add_table(out.call_rows, out.figures, info, rep, info.call_types,
            [&](std::size_t s, std::size_t t) -> const CallStats& {
              const DayResults& day = day_of(s);
              const std::size_t i = interval(s);
              return i < n ? (t < T ? day.interval_type[i * T + t] : day.interval[i])
                           : (t < T ? day.type[t] : day.day);
            });
  add_table(out.agent_rows, out.figures, info, rep, info.roles,
            [&](std::size_t s, std::size_t r) -> const AgentStats& {
              const DayResults& day = day_of(s);
              const std::size_t i = interval(s);
              return i < n ? (r < R ? day.interval_role[i * R + r] : day.interval_agents[i])
                           : (r < R ? day.role[r] : day.day_agents);
            });
  // The mechanism cells of the whole run (the day, or the horizon's totals).
  const DayResults& run = day_of(info.total_scope());
  for (std::size_t r = 0; r <= R; ++r) {
    for (std::size_t t = 0; t <= T; ++t) {
      for (CallMetric m : kMechanismFigures) {
        out.figures.push_back(parts(m, run.mechanism(r, t), day_scope(run)));
      }
    }
  }
  if (outbound_figures(info) > 0) {
    for (std::size_t t = 0; t <= T; ++t) {
      const sim::metrics::OutboundStats none;
      const sim::metrics::OutboundStats& o =
          t == T ? run.outbound_day : t < run.outbound.size() ? run.outbound[t] : none;
      for (OutboundMetric m : sim::metrics::outbound_metrics()) out.figures.push_back(parts(m, o));
    }
  }
  return out;
}

namespace {

// The figures of one summary row: mean of the daily figures, its half-width, sd, n, and
// for pooled figures the pooled estimate and its half-width.
void put_estimates(std::string& out, const MeanCi& st, const MeanCi* pooled) {
  for (double x : {st.mean, st.half_width, st.sd, static_cast<double>(st.n)}) {
    out += ',';
    put_number(out, x);
  }
  out += ',';
  if (pooled) put_number(out, pooled->mean);
  out += ',';
  if (pooled) put_number(out, pooled->half_width);
  out += '\n';
}

// The summary rows of one table and scope: every name (call type or role) and "all",
// every figure of the catalogue.
template <class Metric, std::size_t N>
void add_summary_rows(std::string& out, const Summary& s, std::size_t scope,
                      const std::string& key, const std::vector<std::string>& names,
                      const std::array<Metric, N>& metrics) {
  for (std::size_t k = 0; k <= names.size(); ++k) {
    for (Metric m : metrics) {
      const MetricDef& d = def(m);
      out += key + csv_field(k < names.size() ? names[k] : "all") + "," + std::string(d.name);
      const MeanCi pooled = s.pooled(scope, k, m);
      put_estimates(out, s.mean(scope, k, m), d.pooled ? &pooled : nullptr);
    }
  }
}

}  // namespace

void write_summary_csvs(std::ostream& calls_os, std::ostream& agents_os, const RunInfo& info,
                        const Summary& s) {
  const std::string tail =
      ",metric,mean,ci95_half_width,std_dev,replications,pooled,pooled_ci95_half_width\n";
  std::string calls = key_columns(info) + ",call_type" + tail;
  std::string agents = key_columns(info) + ",role" + tail;
  for (std::size_t sc = 0; sc < info.scopes(); ++sc) {
    const std::string key = scope_key(info, sc) + ",";
    add_summary_rows(calls, s, sc, key, info.call_types, call_metrics());
    add_summary_rows(agents, s, sc, key, info.roles, agent_metrics());
  }
  calls_os << calls;
  agents_os << agents;
}

void write_mechanisms_csv(std::ostream& os, const RunInfo& info, const Summary& s) {
  std::string out =
      "role,call_type,metric,mean,ci95_half_width,std_dev,replications,pooled,"
      "pooled_ci95_half_width\n";
  const std::size_t T = info.call_types.size(), R = info.roles.size();
  for (std::size_t r = 0; r <= R; ++r) {
    for (std::size_t t = 0; t <= T; ++t) {
      if (!s.met(r, t)) continue;
      const std::string key = csv_field(r < R ? info.roles[r] : "all") + "," +
                              csv_field(t < T ? info.call_types[t] : "all") + ",";
      for (std::size_t f = 0; f < kMechanismFigures.size(); ++f) {
        const MetricDef& d = def(kMechanismFigures[f]);
        out += key + std::string(d.name);
        const MeanCi pooled = s.mechanism_pooled(r, t, f);
        put_estimates(out, s.mechanism(r, t, f), d.pooled ? &pooled : nullptr);
      }
    }
  }
  os << out;
}

namespace {

// {"mean", "ci95_half_width"}, and "pooled", "pooled_ci95_half_width" for pooled figures.
json::Json figure_json(const MeanCi& mean, const MeanCi& pooled, bool is_pooled) {
  json::Json j = json::estimate(mean);
  if (is_pooled) {
    j["pooled"] = json::number(pooled.mean);
    j["pooled_ci95_half_width"] = json::number(pooled.half_width);
  }
  return j;
}
template <class Metric>
json::Json figure_json(const Summary& s, std::size_t scope, std::size_t k, Metric m) {
  return figure_json(s.mean(scope, k, m), s.pooled(scope, k, m), def(m).pooled);
}

// The day's figures per call type (and "all"), then per role (and "all"). The mean queue is
// an interval figure, undefined on the day.
json::Json day_json(const RunInfo& info, const Summary& s, std::size_t day) {
  const std::size_t T = info.call_types.size(), R = info.roles.size();
  json::Json calls = json::Json::object(), agents = json::Json::object();
  for (std::size_t t = 0; t <= T; ++t) {
    json::Json& row = calls[t < T ? info.call_types[t] : "all"] = json::Json::object();
    for (CallMetric m : sim::metrics::call_metrics()) {
      if (m != CallMetric::mean_queue) row[std::string(sim::metrics::def(m).name)] = figure_json(s, day, t, m);
    }
  }
  for (std::size_t r = 0; r <= R; ++r) {
    json::Json& row = agents[r < R ? info.roles[r] : "all"] = json::Json::object();
    for (AgentMetric m : sim::metrics::agent_metrics()) {
      row[std::string(sim::metrics::def(m).name)] = figure_json(s, day, r, m);
    }
  }
  return {{"calls", std::move(calls)}, {"agents", std::move(agents)}};
}

// Per role, per call type it answered (and "all"): every mechanism figure of the run.
json::Json mechanisms_json(const RunInfo& info, const Summary& s) {
  const std::size_t T = info.call_types.size(), R = info.roles.size();
  json::Json out = json::Json::object();
  for (std::size_t r = 0; r <= R; ++r) {
    if (!s.met(r, T)) continue;
    json::Json& role = out[r < R ? info.roles[r] : "all"] = json::Json::object();
    for (std::size_t t = 0; t <= T; ++t) {
      if (!s.met(r, t)) continue;
      json::Json& cell = role[t < T ? info.call_types[t] : "all"] = json::Json::object();
      for (std::size_t f = 0; f < kMechanismFigures.size(); ++f) {
        const MetricDef& d = def(kMechanismFigures[f]);
        cell[std::string(d.name)] =
            figure_json(s.mechanism(r, t, f), s.mechanism_pooled(r, t, f), d.pooled);
      }
    }
  }
  return out;
}

// Issue 19, for a center that dials: per outbound type (and "all"), every outbound figure.
json::Json outbound_json(const RunInfo& info, const Summary& s) {
  const std::size_t T = info.call_types.size();
  json::Json out = json::Json::object();
  for (std::size_t t = 0; t <= T; ++t) {
    if (t < T && (t >= info.channels.types.size() ||
                  info.channels.types[t].channel != sim::model::Channel::outbound)) {
      continue;
    }
    json::Json& row = out[t < T ? info.call_types[t] : "all"] = json::Json::object();
    for (OutboundMetric m : sim::metrics::outbound_metrics()) {
      row[std::string(def(m).name)] = figure_json(s.outbound(t, m), s.outbound_pooled(t, m), def(m).pooled);
    }
  }
  return out;
}

// The all-types series per interval: what a timeline plot needs.
json::Json intervals_json(const RunInfo& info, const Summary& s) {
  constexpr CallMetric kCalls[] = {CallMetric::offered,       CallMetric::answered,
                                   CallMetric::abandoned,     CallMetric::service_level,
                                   CallMetric::asa_s,         CallMetric::abandonment_rate,
                                   CallMetric::mean_queue};
  constexpr AgentMetric kAgents[] = {AgentMetric::staffed, AgentMetric::occupancy};
  const std::size_t T = info.call_types.size(), R = info.roles.size();
  json::Json out = json::Json::array();
  for (std::size_t i = 0; i < info.intervals; ++i) {
    json::Json row = {{"start", hms(info.open_s + static_cast<double>(i) * info.interval_s)}};
    for (CallMetric m : kCalls) row[std::string(sim::metrics::def(m).name)] = figure_json(s, i, T, m);
    for (AgentMetric m : kAgents) row[std::string(sim::metrics::def(m).name)] = figure_json(s, i, R, m);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

void write_summary_json(std::ostream& os, const RunInfo& info, const Summary& s) {
  json::Json j;
  j["scenario"] = info.scenario_name;
  j["scenario_file"] = info.scenario_file;
  j["seed"] = info.seed;
  j["replications"] = s.replications();
  j["service_level_threshold_s"] = json::number(info.sl_threshold_s);
  if (info.per_type_sl()) {  // issue 19: each call type's own, only when they differ
    json::Json by_type = json::Json::object();
    for (std::size_t t = 0; t < info.call_types.size(); ++t) {
      by_type[info.call_types[t]] = json::number(info.sl_threshold_of(t));
    }
    j["service_level_threshold_s_by_type"] = by_type;
  }
  j["overrides"] = info.overrides;
  j["open"] = hms(info.open_s);
  j["close"] = hms(info.close_s);
  j["interval_min"] = json::number(info.interval_s / 60);
  j["description"] = info.description;
  j["goals"] = {{"service_level", json::number(info.goals.service_level)},
                {"abandonment_rate", json::number(info.goals.abandonment_rate)}};
  j["events"] = json::Json::array();
  for (const auto& e : info.events) {
    j["events"].push_back({{"text", sim::scenario::in_words(e)}, {"kind", e.kind},
                           {"start", hms(e.start_s)}, {"end", hms(e.end_s)}, {"what", e.what}});
  }
  j["files"] = info.row_files ? json::Json{"calls.csv", "agents.csv", "calls_summary.csv",
                                           "agents_summary.csv", "mechanisms.csv"}
                              : json::Json{"calls_summary.csv", "agents_summary.csv", "mechanisms.csv"};
  j["day"] = day_json(info, s, info.total_scope());
  j["mechanisms"] = mechanisms_json(info, s);
  if (info.channels.outbound()) j["outbound"] = outbound_json(info, s);
  if (info.horizon()) {
    j["days"] = json::Json::array();
    for (std::size_t d = 0; d < info.days.size(); ++d) {
      json::Json day = day_json(info, s, info.day_scope(d));
      day["name"] = info.days[d];
      j["days"].push_back(std::move(day));
    }
    j["closed_days"] = info.closed_days;
  }
  j["intervals"] = intervals_json(info, s);
  json::write(os, j);
}

std::string trace_header() {
  return "replication,time,time_s,event,customer,attempt,call_type,first_call_type,redial,"
         "repeat,escalated_part,wait_s,agent,role,talk_s,wrap_s,resolved,error\n";
}

void append_trace_rows(std::string& out, const RunInfo& info, std::uint64_t replication,
                       std::span<const sim::metrics::TraceRecord> records) {
  const std::string rep = std::to_string(replication) + ",";
  for (const auto& r : records) {
    out += rep;
    // ISO 8601 time with tenths of a second.
    const long tenths = std::lround(r.t * 10);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02ld:%02ld:%02ld.%ld,", tenths / 36000, tenths / 600 % 60,
                  tenths / 10 % 60, tenths % 10);
    out += buf;
    put_number(out, r.t);
    out += ',';
    out += sim::metrics::trace_event_name(r.event);
    out += ',' + std::to_string(r.call.customer) + ',' + std::to_string(r.call.attempt) + ',';
    out += csv_field(info.call_types[r.call.type]) + ',' + csv_field(info.call_types[r.call.first_type]);
    out += r.call.redial ? ",1" : ",0";
    out += r.call.repeat ? ",1" : ",0";
    out += r.call.escalated_part ? ",1," : ",0,";
    const bool waited = r.event == sim::metrics::TraceEvent::answered ||
                        r.event == sim::metrics::TraceEvent::abandoned ||
                        r.event == sim::metrics::TraceEvent::cleared ||
                        r.event == sim::metrics::TraceEvent::callback_completed;
    if (waited) put_number(out, r.wait_s);
    out += ',';
    if (r.agent >= 0) out += csv_field(info.agents[static_cast<std::size_t>(r.agent)]);
    out += ',';
    if (r.role >= 0) out += csv_field(info.roles[static_cast<std::size_t>(r.role)]);
    out += ',';
    const bool done = r.event == sim::metrics::TraceEvent::completed;
    // Time on the call: a completed part's talk, a joining agent's, a dial's talk or ring.
    using enum sim::metrics::TraceEvent;
    const bool on_call = done || r.event == assisted || r.event == conference ||
                         r.event == dial_right_party || r.event == dial_wrong_party ||
                         r.event == dial_no_answer;
    if (on_call) put_number(out, r.talk_s);
    out += ',';
    if (done) put_number(out, r.wrap_s);
    out += done ? (r.resolved ? ",1" : ",0") : ",";
    out += done ? (r.error ? ",1" : ",0") : ",";
    out += '\n';
  }
}

std::string mean_text(const MeanCi& st, int decimals, double scale, bool with_ci) {
  if (st.n == 0) return "-";
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, st.mean * scale);
  std::string v = buf;
  if (with_ci && st.n > 1) {
    std::snprintf(buf, sizeof buf, " ± %.*f", decimals, st.half_width * scale);
    v += buf;
  }
  return v;
}

namespace {

// The day's headline figures (all types, all roles), each with its decimals on screen.
struct Headline {
  sim::metrics::DayFigure figure;
  int decimals;
};
constexpr Headline kHeadlines[] = {
    {CallMetric::offered, 0},          {CallMetric::answered, 0}, {CallMetric::service_level, 1},
    {CallMetric::asa_s, 1},            {CallMetric::abandonment_rate, 1},
    {CallMetric::fcr_rate, 1},         {AgentMetric::occupancy, 1}, {AgentMetric::cost, 0},
};

}  // namespace

namespace {

// A horizon's days, one line each: the day rows' figures, days below the goals flagged.
void print_days(std::ostream& os, const RunInfo& info, const Summary& s) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "\n  %-12s %9s %7s %7s %8s %9s %9s %9s %10s\n", "day", "offered",
                "SL %", "ASA s", "aband %", "carr.in", "carr.out", "overtime", "cost");
  os << buf;
  const std::size_t T = info.call_types.size(), R = info.roles.size();
  for (std::size_t d = 0; d <= info.days.size(); ++d) {
    const std::size_t sc = d < info.days.size() ? info.day_scope(d) : info.total_scope();
    const auto call = [&](CallMetric m, int decimals) {
      return mean_text(s.mean(sc, T, m), decimals, sim::metrics::display_scale(def(m).unit), false);
    };
    const auto agent = [&](AgentMetric m, int decimals) {
      return mean_text(s.mean(sc, R, m), decimals, sim::metrics::display_scale(def(m).unit), false);
    };
    const double sl = s.mean(sc, T, CallMetric::service_level).mean;
    const double ab = s.mean(sc, T, CallMetric::abandonment_rate).mean;
    const bool below = sl < info.goals.service_level || ab > info.goals.abandonment_rate;
    std::snprintf(buf, sizeof buf, "  %-12s %9s %7s %7s %8s %9s %9s %8sh %10s%s\n",
                  d < info.days.size() ? info.days[d].c_str() : "horizon",
                  call(CallMetric::offered, 0).c_str(), call(CallMetric::service_level, 1).c_str(),
                  call(CallMetric::asa_s, 1).c_str(), call(CallMetric::abandonment_rate, 1).c_str(),
                  call(CallMetric::carried_in, 0).c_str(), call(CallMetric::carried_out, 0).c_str(),
                  agent(AgentMetric::overtime_h, 1).c_str(), agent(AgentMetric::cost, 0).c_str(),
                  below && d < info.days.size() ? "  below goals" : "");
    os << buf;
  }
  if (!info.closed_days.empty()) {
    os << "  closed:";
    for (const auto& d : info.closed_days) os << " " << d;
    os << "\n";
  }
}

}  // namespace

// A figure's label for people; the service level names its threshold.
namespace {
std::string labelled(sim::metrics::DayFigure f, const std::string& threshold) {
  std::string label(sim::metrics::def(f).label);
  if (f == sim::metrics::DayFigure(CallMetric::service_level)) label += " (" + threshold + " s)";
  return label;
}
}  // namespace

std::string figure_label(sim::metrics::DayFigure f, double sl_threshold_s) {
  return labelled(f, std::to_string(std::lround(sl_threshold_s)));
}
std::string figure_label(sim::metrics::DayFigure f, const RunInfo& info) {
  return labelled(f, info.sl_threshold_text());
}

bool lost_any_hours(const Summary& s) {
  for (const AgentMetric m : {AgentMetric::lost_late_h, AgentMetric::lost_unplanned_h,
                              AgentMetric::lost_early_h}) {
    if (s.day(m).mean > 0) return true;
  }
  return false;
}

namespace {

// Overtime in minutes and what it cost; per role the hours planned on the phones and those
// lost to shrinkage, when any were.
void print_overtime_and_shrinkage(std::ostream& os, const RunInfo& info, const Summary& s) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-26s %s min, cost %s\n", "overtime",
                mean_text(s.day(AgentMetric::overtime_h), 0, 60.0, true).c_str(),
                mean_text(s.day(AgentMetric::overtime_cost), 0, 1.0, true).c_str());
  os << buf;
  if (!lost_any_hours(s)) return;
  const std::size_t day = info.total_scope(), R = info.roles.size();
  std::snprintf(buf, sizeof buf, "\n  %-28s %9s %9s %9s %9s\n", "role (agent-hours)", "planned",
                "late", "unplanned", "early");
  os << buf;
  for (std::size_t r = 0; r <= R; ++r) {
    const auto h = [&](AgentMetric m) { return mean_text(s.mean(day, r, m), 1, 1.0, false); };
    std::snprintf(buf, sizeof buf, "  %-28s %9s %9s %9s %9s\n", r < R ? info.roles[r].c_str() : "all",
                  h(AgentMetric::planned_h).c_str(), h(AgentMetric::lost_late_h).c_str(),
                  h(AgentMetric::lost_unplanned_h).c_str(), h(AgentMetric::lost_early_h).c_str());
    os << buf;
  }
}

}  // namespace

void print_summary(std::ostream& os, const RunInfo& info, const Summary& s) {
  const std::size_t day = info.total_scope(), T = info.call_types.size(), R = info.roles.size();
  char buf[256];
  os << info.scenario_name << "\n"
     << s.replications() << " replication" << (s.replications() == 1 ? "" : "s") << ", seed "
     << info.seed << "; mean ± 95 % confidence half-width across replications\n\n";
  for (const Headline& h : kHeadlines) {
    const auto& d = sim::metrics::def(h.figure);
    const MeanCi st = s.day(h.figure);
    std::snprintf(buf, sizeof buf, "  %-26s %s%s\n",
                  figure_label(h.figure, info).c_str(),
                  mean_text(st, h.decimals, sim::metrics::display_scale(d.unit), true).c_str(),
                  std::string(sim::metrics::display_suffix(d.unit)).c_str());
    os << buf;
  }
  print_overtime_and_shrinkage(os, info, s);
  if (info.horizon()) {
    print_days(os, info, s);
  } else {
    print_below_goals(os, info, s);
  }
  os << "\n";
  std::snprintf(buf, sizeof buf, "  %-28s %9s %8s %9s %9s\n", "call type", "offered", "SL %",
                "ASA s", "aband %");
  os << buf;
  for (std::size_t t = 0; t < T; ++t) {
    const auto cell = [&](CallMetric m, int decimals) {
      return mean_text(s.mean(day, t, m), decimals,
                       sim::metrics::display_scale(sim::metrics::def(m).unit), false);
    };
    // A written item has a response goal, not a queue's SL (the Channels block shows it).
    const bool written = t < info.channels.types.size() &&
                         info.channels.types[t].channel == sim::model::Channel::written;
    const auto queue_cell = [&](CallMetric m) { return written ? std::string("-") : cell(m, 1); };
    // Each type's SL at its own threshold, named when the types' thresholds differ.
    const std::string name = info.per_type_sl() && !written
                                 ? info.call_types[t] + " (" + std::to_string(std::lround(info.sl_threshold_of(t))) + " s)"
                                 : info.call_types[t];
    std::snprintf(buf, sizeof buf, "  %-28s %9s %8s %9s %9s\n", name.c_str(),
                  cell(CallMetric::offered, 0).c_str(), queue_cell(CallMetric::service_level).c_str(),
                  queue_cell(CallMetric::asa_s).c_str(),
                  queue_cell(CallMetric::abandonment_rate).c_str());
    os << buf;
  }
  os << "\n";
  std::snprintf(buf, sizeof buf, "  %-28s %9s %8s %11s %9s\n", "role", "present", "occup %",
                "cost", "handled");
  os << buf;
  for (std::size_t r = 0; r <= R; ++r) {
    const auto cell = [&](AgentMetric m, int decimals) {
      return mean_text(s.mean(day, r, m), decimals,
                       sim::metrics::display_scale(sim::metrics::def(m).unit), false);
    };
    std::snprintf(buf, sizeof buf, "  %-28s %9s %8s %11s %9s\n",
                  r < R ? info.roles[r].c_str() : "all", cell(AgentMetric::agents_present, 1).c_str(),
                  cell(AgentMetric::occupancy, 1).c_str(), cell(AgentMetric::cost, 0).c_str(),
                  cell(AgentMetric::handled, 0).c_str());
    os << buf;
  }
  print_channels(os, info, s);
}

}  // namespace report
