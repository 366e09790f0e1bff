#include "report/results.h"

#include "sim/scenario/format.h"


#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <system_error>

namespace report {

using sim::text::put_number;
using sim::text::hms;
using sim::text::csv_field;
using sim::text::json_string;
using sim::text::json_number;

namespace fs = std::filesystem;
using sim::metrics::AgentStats;
using sim::metrics::CallStats;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double rate(double num, double den) { return den > 0 ? num / den : kNaN; }

const std::vector<std::string> kCallMetrics = {
    "offered",        "answered",         "abandoned",       "short_abandoned",
    "blocked",        "cleared",          "answered_within", "service_level",
    "asa_s",          "wait_p50_s",       "wait_p90_s",      "wait_p99_s",
    "abandonment_rate", "handled",        "aht_s",           "fcr_rate",
    "escalation_rate", "transfer_rate",   "repeat_rate",     "redials",
    "repeats",        "mean_queue"};
const std::vector<std::string> kAgentMetrics = {
    "agents_present", "agents_absent", "staffed",      "on_phones",  "handled",
    "occupancy",      "utilisation",   "logged_in_h",  "talking_h",  "wrapping_h",
    "idle_h",         "break_h",       "paid_h",       "overtime_h", "cost",
    "cost_per_handled"};

// The values of one calls.csv row, in kCallMetrics order. `span_s` is the interval's length
// (the time base of the mean queue), 0 for the whole day.
void call_values(const CallStats& c, double span_s, double* v) {
  const auto d = [](std::uint64_t x) { return static_cast<double>(x); };
  const bool any_answered = c.answered > 0;
  const double sl_base = d(c.offered) - d(c.short_abandoned);
  const double vals[] = {
      d(c.offered),
      d(c.answered),
      d(c.abandoned),
      d(c.short_abandoned),
      d(c.blocked),
      d(c.cleared),
      d(c.answered_within),
      rate(d(c.answered_within), sl_base),
      rate(c.wait_answered_s, d(c.answered)),
      any_answered ? c.wait_p50_s : kNaN,
      any_answered ? c.wait_p90_s : kNaN,
      any_answered ? c.wait_p99_s : kNaN,
      rate(d(c.abandoned), d(c.offered)),
      d(c.handled),
      rate(c.talk_s + c.wrap_s, d(c.handled)),
      rate(d(c.resolved), d(c.handled)),
      rate(d(c.escalated), d(c.answered)),
      rate(d(c.transferred), d(c.answered)),
      rate(d(c.repeats_caused), d(c.handled)),
      d(c.redials),
      d(c.repeats),
      span_s > 0 ? c.queue_area / span_s : kNaN,
  };
  static_assert(sizeof vals / sizeof vals[0] == 22);
  std::copy(std::begin(vals), std::end(vals), v);
}

// `span_s`: the interval's length, or the opening hours for the day. Head counts are for
// the day only (an agent's presence is decided once per day).
void agent_values(const AgentStats& a, double span_s, bool day, double* v) {
  const double h = 3600.0;
  const double vals[] = {
      day ? static_cast<double>(a.agents_present) : kNaN,
      day ? static_cast<double>(a.agents_absent) : kNaN,
      a.logged_in_s / span_s,
      (a.logged_in_s - a.on_break_s) / span_s,
      static_cast<double>(a.handled),
      rate(a.talking_s + a.wrapping_s, a.logged_in_s - a.on_break_s),
      rate(a.talking_s + a.wrapping_s, a.paid_s),
      a.logged_in_s / h,
      a.talking_s / h,
      a.wrapping_s / h,
      a.idle_s / h,
      a.on_break_s / h,
      a.paid_s / h,
      a.overtime_s / h,
      a.cost,
      rate(a.cost, static_cast<double>(a.handled)),
  };
  static_assert(sizeof vals / sizeof vals[0] == 16);
  std::copy(std::begin(vals), std::end(vals), v);
}

// The key columns scope,interval_start,interval_end of scope s.
std::string scope_key(const RunInfo& info, std::size_t s) {
  if (s == info.intervals) return "day," + hms(info.open_s) + "," + hms(info.close_s);
  const double start = info.open_s + static_cast<double>(s) * info.interval_s;
  return "interval," + hms(start) + "," + hms(start + info.interval_s);
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "," + x;
  return s;
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
  return i;
}

const std::vector<std::string>& call_metric_names() { return kCallMetrics; }
const std::vector<std::string>& agent_metric_names() { return kAgentMetrics; }

std::string calls_header() {
  return "replication,scope,interval_start,interval_end,call_type" + join(kCallMetrics) + "\n";
}
std::string agents_header() {
  return "replication,scope,interval_start,interval_end,role" + join(kAgentMetrics) + "\n";
}

Summary::Summary(const RunInfo& info) : info_(info) {
  const std::size_t scopes = info.intervals + 1;
  const std::size_t size = scopes * (info.call_types.size() + 1) * kCallMetrics.size() +
                           scopes * (info.roles.size() + 1) * kAgentMetrics.size();
  mean_.assign(size, 0.0);
  m2_.assign(size, 0.0);
  n_.assign(size, 0);
}

std::size_t Summary::call_index(std::size_t scope, std::size_t type, std::size_t metric) const {
  return (scope * (info_.call_types.size() + 1) + type) * kCallMetrics.size() + metric;
}
std::size_t Summary::agent_index(std::size_t scope, std::size_t role, std::size_t metric) const {
  const std::size_t calls =
      (info_.intervals + 1) * (info_.call_types.size() + 1) * kCallMetrics.size();
  return calls + (scope * (info_.roles.size() + 1) + role) * kAgentMetrics.size() + metric;
}

void Summary::add(const std::vector<double>& values) {
  ++replications_;
  for (std::size_t i = 0; i < values.size() && i < mean_.size(); ++i) {
    const double x = values[i];
    if (std::isnan(x)) continue;
    const double n = ++n_[i];
    const double delta = x - mean_[i];
    mean_[i] += delta / n;
    m2_[i] += delta * (x - mean_[i]);
  }
}

Summary::Stat Summary::stat(std::size_t i) const {
  Stat s;
  s.n = n_[i];
  if (s.n == 0) return {kNaN, kNaN, kNaN, 0};
  s.mean = mean_[i];
  if (s.n < 2) {
    s.sd = s.ci95 = kNaN;
    return s;
  }
  const double n = static_cast<double>(s.n);
  s.sd = std::sqrt(std::max(0.0, m2_[i] / (n - 1)));
  const boost::math::students_t t(n - 1);
  s.ci95 = boost::math::quantile(boost::math::complement(t, 0.025)) * s.sd / std::sqrt(n);
  return s;
}
Summary::Stat Summary::call(std::size_t scope, std::size_t type, std::size_t metric) const {
  return stat(call_index(scope, type, metric));
}
Summary::Stat Summary::agent(std::size_t scope, std::size_t role, std::size_t metric) const {
  return stat(agent_index(scope, role, metric));
}

ReplicationOutput reduce_replication(const RunInfo& info, std::uint64_t replication,
                                     const sim::metrics::DayResults& day) {
  ReplicationOutput out;
  const std::size_t T = info.call_types.size(), R = info.roles.size(), n = info.intervals;
  const std::size_t kc = kCallMetrics.size(), ka = kAgentMetrics.size();
  out.values.resize((n + 1) * ((T + 1) * kc + (R + 1) * ka));
  const std::string rep = std::to_string(replication) + ",";
  double* v = out.values.data();
  for (std::size_t s = 0; s <= n; ++s) {
    const std::string key = rep + scope_key(info, s) + ",";
    for (std::size_t t = 0; t <= T; ++t, v += kc) {
      const CallStats& c = s < n ? (t < T ? day.interval_type[s * T + t] : day.interval[s])
                                 : (t < T ? day.type[t] : day.day);
      call_values(c, s < n ? info.interval_s : 0.0, v);
      out.call_rows += key + csv_field(t < T ? info.call_types[t] : "all");
      for (std::size_t k = 0; k < kc; ++k) {
        out.call_rows += ',';
        put_number(out.call_rows, v[k]);
      }
      out.call_rows += '\n';
    }
  }
  for (std::size_t s = 0; s <= n; ++s) {
    const std::string key = rep + scope_key(info, s) + ",";
    for (std::size_t r = 0; r <= R; ++r, v += ka) {
      const AgentStats& a = s < n ? (r < R ? day.interval_role[s * R + r] : day.interval_agents[s])
                                  : (r < R ? day.role[r] : day.day_agents);
      agent_values(a, s < n ? info.interval_s : info.close_s - info.open_s, s == n, v);
      out.agent_rows += key + csv_field(r < R ? info.roles[r] : "all");
      for (std::size_t k = 0; k < ka; ++k) {
        out.agent_rows += ',';
        put_number(out.agent_rows, v[k]);
      }
      out.agent_rows += '\n';
    }
  }
  return out;
}

void write_summary_csvs(std::ostream& calls_os, std::ostream& agents_os, const RunInfo& info,
                        const Summary& s) {
  const auto row = [](std::string& out, const Summary::Stat& st) {
    out += ',';
    put_number(out, st.mean);
    out += ',';
    put_number(out, st.ci95);
    out += ',';
    put_number(out, st.sd);
    out += ',';
    put_number(out, static_cast<double>(st.n));
    out += '\n';
  };
  const std::string tail = ",metric,mean,ci95_half_width,std_dev,replications\n";
  std::string calls = "scope,interval_start,interval_end,call_type" + tail;
  std::string agents = "scope,interval_start,interval_end,role" + tail;
  const std::size_t T = info.call_types.size(), R = info.roles.size();
  for (std::size_t sc = 0; sc <= info.intervals; ++sc) {
    const std::string key = scope_key(info, sc) + ",";
    for (std::size_t t = 0; t <= T; ++t) {
      for (std::size_t k = 0; k < kCallMetrics.size(); ++k) {
        calls += key + csv_field(t < T ? info.call_types[t] : "all") + "," + kCallMetrics[k];
        row(calls, s.call(sc, t, k));
      }
    }
    for (std::size_t r = 0; r <= R; ++r) {
      for (std::size_t k = 0; k < kAgentMetrics.size(); ++k) {
        agents += key + csv_field(r < R ? info.roles[r] : "all") + "," + kAgentMetrics[k];
        row(agents, s.agent(sc, r, k));
      }
    }
  }
  calls_os << calls;
  agents_os << agents;
}

void write_summary_json(std::ostream& os, const RunInfo& info, const Summary& s) {
  std::string j = "{\n";
  j += "  \"scenario\": " + json_string(info.scenario_name) + ",\n";
  j += "  \"scenario_file\": " + json_string(info.scenario_file) + ",\n";
  j += "  \"seed\": " + std::to_string(info.seed) + ",\n";
  j += "  \"replications\": " + std::to_string(s.replications()) + ",\n";
  j += "  \"service_level_threshold_s\": " + json_number(info.sl_threshold_s) + ",\n";
  j += "  \"overrides\": [";
  for (std::size_t i = 0; i < info.overrides.size(); ++i) {
    j += (i ? ", " : "") + json_string(info.overrides[i]);
  }
  j += "],\n";
  j += "  \"open\": \"" + hms(info.open_s) + "\", \"close\": \"" + hms(info.close_s) +
       "\", \"interval_min\": " + json_number(info.interval_s / 60) + ",\n";
  j += "  \"files\": [\"calls.csv\", \"agents.csv\", \"calls_summary.csv\", "
       "\"agents_summary.csv\"],\n";
  const auto stat = [](const Summary::Stat& st) {
    return "{\"mean\": " + json_number(st.mean) + ", \"ci95_half_width\": " +
           json_number(st.ci95) + "}";
  };
  const std::size_t day = info.intervals, T = info.call_types.size(), R = info.roles.size();
  // Day figures per call type (and "all"), then per role (and "all").
  j += "  \"day\": {\n    \"calls\": {\n";
  for (std::size_t t = 0; t <= T; ++t) {
    j += "      " + json_string(t < T ? info.call_types[t] : "all") + ": {";
    for (std::size_t k = 0; k < kCallMetrics.size(); ++k) {
      if (kCallMetrics[k] == "mean_queue") continue;
      j += (k ? ", " : "") + json_string(kCallMetrics[k]) + ": " + stat(s.call(day, t, k));
    }
    j += t < T ? "},\n" : "}\n";
  }
  j += "    },\n    \"agents\": {\n";
  for (std::size_t r = 0; r <= R; ++r) {
    j += "      " + json_string(r < R ? info.roles[r] : "all") + ": {";
    for (std::size_t k = 0; k < kAgentMetrics.size(); ++k) {
      j += (k ? ", " : "") + json_string(kAgentMetrics[k]) + ": " + stat(s.agent(day, r, k));
    }
    j += r < R ? "},\n" : "}\n";
  }
  j += "    }\n  },\n";
  // The all-types series per interval: what a timeline plot needs.
  j += "  \"intervals\": [\n";
  for (std::size_t i = 0; i < info.intervals; ++i) {
    j += "    {\"start\": \"" + hms(info.open_s + static_cast<double>(i) * info.interval_s) + "\"";
    for (const char* m : {"offered", "answered", "abandoned", "service_level", "asa_s",
                          "abandonment_rate", "mean_queue"}) {
      const std::size_t k = static_cast<std::size_t>(
          std::find(kCallMetrics.begin(), kCallMetrics.end(), m) - kCallMetrics.begin());
      j += ", " + json_string(m) + ": " + stat(s.call(i, T, k));
    }
    const std::size_t occ = static_cast<std::size_t>(
        std::find(kAgentMetrics.begin(), kAgentMetrics.end(), "occupancy") - kAgentMetrics.begin());
    const std::size_t staffed = static_cast<std::size_t>(
        std::find(kAgentMetrics.begin(), kAgentMetrics.end(), "staffed") - kAgentMetrics.begin());
    j += ", \"staffed\": " + stat(s.agent(i, R, staffed));
    j += ", \"occupancy\": " + stat(s.agent(i, R, occ));
    j += i + 1 < info.intervals ? "},\n" : "}\n";
  }
  j += "  ]\n}\n";
  os << j;
}

void write_trace(std::ostream& os, const RunInfo& info, std::uint64_t replication,
                 const std::vector<sim::metrics::TraceRecord>& records) {
  std::string out =
      "replication,time,time_s,event,customer,attempt,call_type,first_call_type,redial,repeat,"
      "escalated_part,wait_s,agent,role,talk_s,wrap_s,resolved,error\n";
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
                        r.event == sim::metrics::TraceEvent::cleared;
    if (waited) put_number(out, r.wait_s);
    out += ',';
    if (r.agent >= 0) out += csv_field(info.agents[static_cast<std::size_t>(r.agent)]);
    out += ',';
    if (r.role >= 0) out += csv_field(info.roles[static_cast<std::size_t>(r.role)]);
    out += ',';
    const bool done = r.event == sim::metrics::TraceEvent::completed;
    if (done) put_number(out, r.talk_s);
    out += ',';
    if (done) put_number(out, r.wrap_s);
    out += done ? (r.resolved ? ",1" : ",0") : ",";
    out += done ? (r.error ? ",1" : ",0") : ",";
    out += '\n';
    if (out.size() > (1 << 20)) {
      os << out;
      out.clear();
    }
  }
  os << out;
}

void print_summary(std::ostream& os, const RunInfo& info, const Summary& s) {
  const std::size_t day = info.intervals, T = info.call_types.size(), R = info.roles.size();
  const auto ck = [](const char* m) {
    return static_cast<std::size_t>(std::find(kCallMetrics.begin(), kCallMetrics.end(), m) -
                                    kCallMetrics.begin());
  };
  const auto ak = [](const char* m) {
    return static_cast<std::size_t>(std::find(kAgentMetrics.begin(), kAgentMetrics.end(), m) -
                                    kAgentMetrics.begin());
  };
  char buf[256];
  const auto fmt = [&](const Summary::Stat& st, int decimals, double scale = 1.0) {
    if (st.n == 0) return std::string("-");
    std::string v;
    std::snprintf(buf, sizeof buf, "%.*f", decimals, st.mean * scale);
    v = buf;
    if (st.n > 1) {
      std::snprintf(buf, sizeof buf, " ± %.*f", decimals, st.ci95 * scale);
      v += buf;
    }
    return v;
  };
  os << info.scenario_name << "\n"
     << s.replications() << " replication" << (s.replications() == 1 ? "" : "s") << ", seed "
     << info.seed << "; mean ± 95 % confidence half-width across replications\n\n";
  const int sl_t = static_cast<int>(std::lround(info.sl_threshold_s));
  const std::string sl_label = "service level (" + std::to_string(sl_t) + " s)";
  const struct {
    std::string label;
    Summary::Stat st;
    int decimals;
    double scale;
    const char* unit;
  } lines[] = {
      {"calls offered", s.call(day, T, ck("offered")), 0, 1, ""},
      {"calls answered", s.call(day, T, ck("answered")), 0, 1, ""},
      {sl_label, s.call(day, T, ck("service_level")), 1, 100, " %"},
      {"average speed of answer", s.call(day, T, ck("asa_s")), 1, 1, " s"},
      {"abandonment", s.call(day, T, ck("abandonment_rate")), 1, 100, " %"},
      {"first-contact resolution", s.call(day, T, ck("fcr_rate")), 1, 100, " %"},
      {"occupancy", s.agent(day, R, ak("occupancy")), 1, 100, " %"},
      {"cost", s.agent(day, R, ak("cost")), 0, 1, ""},
  };
  for (const auto& l : lines) {
    std::snprintf(buf, sizeof buf, "  %-26s %s%s\n", l.label.c_str(),
                  fmt(l.st, l.decimals, l.scale).c_str(), l.unit);
    os << buf;
  }
  os << "\n";
  std::snprintf(buf, sizeof buf, "  %-28s %9s %8s %9s %9s\n", "call type", "offered", "SL %",
                "ASA s", "aband %");
  os << buf;
  for (std::size_t t = 0; t < T; ++t) {
    const auto off = s.call(day, t, ck("offered"));
    const auto sl = s.call(day, t, ck("service_level"));
    const auto asa = s.call(day, t, ck("asa_s"));
    const auto ab = s.call(day, t, ck("abandonment_rate"));
    const auto num = [&](const Summary::Stat& st, double scale, int dec) {
      if (st.n == 0) return std::string("-");
      std::snprintf(buf, sizeof buf, "%.*f", dec, st.mean * scale);
      return std::string(buf);
    };
    const std::string a = num(off, 1, 0), b = num(sl, 100, 1), c = num(asa, 1, 1),
                      d = num(ab, 100, 1);
    std::snprintf(buf, sizeof buf, "  %-28s %9s %8s %9s %9s\n", info.call_types[t].c_str(),
                  a.c_str(), b.c_str(), c.c_str(), d.c_str());
    os << buf;
  }
  os << "\n";
  std::snprintf(buf, sizeof buf, "  %-28s %9s %8s %11s %9s\n", "role", "present", "occup %",
                "cost", "handled");
  os << buf;
  for (std::size_t r = 0; r <= R; ++r) {
    const auto pres = s.agent(day, r, ak("agents_present"));
    const auto occ = s.agent(day, r, ak("occupancy"));
    const auto cost = s.agent(day, r, ak("cost"));
    const auto hand = s.agent(day, r, ak("handled"));
    char a[32], b[32], c[32], d[32];
    std::snprintf(a, sizeof a, "%.1f", pres.mean);
    std::snprintf(b, sizeof b, "%.1f", occ.mean * 100);
    std::snprintf(c, sizeof c, "%.0f", cost.mean);
    std::snprintf(d, sizeof d, "%.0f", hand.mean);
    std::snprintf(buf, sizeof buf, "  %-28s %9s %8s %11s %9s\n",
                  r < R ? info.roles[r].c_str() : "all", a, occ.n ? b : "-", c, d);
    os << buf;
  }
}

}  // namespace report
