#include "report/what_happened.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "sim/scenario/format.h"

namespace report {

namespace {

using sim::metrics::AgentMetric;
using sim::metrics::CallMetric;

// Whether escalated parts queue as call type t (a RunInfo made by hand may not say).
bool escalation_part(const RunInfo& info, std::size_t t) {
  return t < info.escalation_part.size() && info.escalation_part[t];
}

// The mean across replications; NaN when no replication had the figure defined.
double mean_of(const sim::metrics::MeanCi& m) { return m.n == 0 ? std::nan("") : m.mean; }

std::string percent(double share, int decimals = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f %%", decimals, 100 * share);
  return buf;
}

// A wait for people: seconds up to a minute and a half, minutes after.
std::string wait_text(double s) {
  char buf[32];
  if (s < 90) {
    std::snprintf(buf, sizeof buf, "%.0f s", s);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f min", s / 60);
  }
  return buf;
}

std::string goals_text(const sim::scenario::Goals& g) {
  return "SL " + percent(g.service_level, 0) + ", abandonment at most " +
         percent(g.abandonment_rate, 0);
}

std::string span_of(const RunInfo& info, std::size_t i) {
  const double start = info.open_s + static_cast<double>(i) * info.interval_s;
  return sim::text::hhmm(start) + "-" + sim::text::hhmm(start + info.interval_s);
}

// Events whose window overlaps the interval; a routing change from its time on.
std::string events_in_force(const RunInfo& info, std::size_t i) {
  const double start = info.open_s + static_cast<double>(i) * info.interval_s;
  const double end = start + info.interval_s;
  std::string out;
  for (const auto& e : info.events) {
    const bool routing = e.end_s <= e.start_s;
    if (e.start_s < end && (routing || e.end_s > start)) {
      out += (out.empty() ? "" : "; ") + sim::scenario::in_words(e);
    }
  }
  return out;
}

// The customer call types that queued most (by mean queue), with their average wait.
std::string queued_most(const RunInfo& info, const Summary& s, std::size_t i) {
  constexpr std::size_t kShown = 2;
  constexpr double kNoticeable = 0.1;  // calls in queue on average: less is not a queue
  std::vector<std::pair<double, std::size_t>> q;
  for (std::size_t t = 0; t < info.call_types.size(); ++t) {
    const double queue = mean_of(s.mean(i, t, CallMetric::mean_queue));
    if (!escalation_part(info, t) && queue >= kNoticeable) q.emplace_back(queue, t);
  }
  std::stable_sort(q.begin(), q.end(), [](auto& a, auto& b) { return a.first > b.first; });
  std::string out;
  for (std::size_t k = 0; k < std::min(kShown, q.size()); ++k) {
    const std::size_t t = q[k].second;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1f", q[k].first);
    const double asa = mean_of(s.mean(i, t, CallMetric::asa_s));
    out += (out.empty() ? "" : ", ") + info.call_types[t] +
           (std::isfinite(asa) ? " waited " + wait_text(asa) + " on average" : "") +
           " (" + buf + " in queue)";
  }
  return out;
}

// Saturated roles, or else the busiest one.
std::string roles_text(const RunInfo& info, const Summary& s, std::size_t i) {
  std::string saturated;
  double busiest = -1;
  std::size_t busiest_role = 0;
  for (std::size_t r = 0; r < info.roles.size(); ++r) {
    const double occ = mean_of(s.mean(i, r, AgentMetric::occupancy));
    if (!std::isfinite(occ)) continue;
    if (occ >= kSaturatedOccupancy) {
      saturated += (saturated.empty() ? "" : ", ") + info.roles[r] + " occupancy " + percent(occ, 0);
    }
    if (occ > busiest) busiest = occ, busiest_role = r;
  }
  if (!saturated.empty()) return "Saturated: " + saturated + ".";
  if (busiest < 0) return "";
  return "No role saturated; the busiest, " + info.roles[busiest_role] + ", at occupancy " +
         percent(busiest, 0) + ".";
}

// The escalated parts offered in the interval and their average wait (ASA weighted by the
// parts answered).
std::string escalations_text(const RunInfo& info, const Summary& s, std::size_t i) {
  double offered = 0, answered = 0, waited = 0;
  for (std::size_t t = 0; t < info.call_types.size(); ++t) {
    if (!escalation_part(info, t)) continue;
    offered += std::max(0.0, mean_of(s.mean(i, t, CallMetric::offered)));
    const double a = mean_of(s.mean(i, t, CallMetric::answered));
    const double asa = mean_of(s.mean(i, t, CallMetric::asa_s));
    if (std::isfinite(a) && std::isfinite(asa) && a > 0) answered += a, waited += a * asa;
  }
  if (!(offered >= 0.5)) return "";
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.0f escalated part%s queued for a supervisor-capable agent", offered,
                std::lround(offered) == 1 ? "" : "s");
  std::string out = buf;
  if (answered > 0) out += " and waited " + wait_text(waited / answered) + " on average";
  return out + ".";
}

}  // namespace

IntervalVerdict verdict(const RunInfo& info, const Summary& s, std::size_t i) {
  const std::size_t all = info.call_types.size();
  IntervalVerdict v;
  v.interval = i;
  v.service_level = mean_of(s.mean(i, all, CallMetric::service_level));
  v.abandonment = mean_of(s.mean(i, all, CallMetric::abandonment_rate));
  v.sl_below = v.service_level < info.goals.service_level;  // false for NaN
  v.abandonment_above = v.abandonment > info.goals.abandonment_rate;
  return v;
}

std::vector<IntervalVerdict> intervals_below_goals(const RunInfo& info, const Summary& s) {
  std::vector<IntervalVerdict> out;
  for (std::size_t i = 0; i < info.intervals; ++i) {
    const IntervalVerdict v = verdict(info, s, i);
    if (v.sl_below || v.abandonment_above) out.push_back(v);
  }
  return out;
}

std::vector<std::size_t> worst_intervals(const RunInfo& info, const Summary& s, std::size_t k) {
  std::vector<IntervalVerdict> v;
  for (std::size_t i = 0; i < info.intervals; ++i) {
    const IntervalVerdict x = verdict(info, s, i);
    if (std::isfinite(x.service_level)) v.push_back(x);
  }
  const auto ab = [](double a) { return std::isfinite(a) ? a : 0.0; };
  std::stable_sort(v.begin(), v.end(), [&](const IntervalVerdict& a, const IntervalVerdict& b) {
    if (a.service_level != b.service_level) return a.service_level < b.service_level;
    return ab(a.abandonment) > ab(b.abandonment);
  });
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < std::min(k, v.size()); ++j) out.push_back(v[j].interval);
  return out;
}

std::string what_happened(const RunInfo& info, const Summary& s, std::size_t i) {
  const IntervalVerdict v = verdict(info, s, i);
  std::string out = span_of(info, i) + ": service level " + percent(v.service_level) +
                    " (goal " + percent(info.goals.service_level, 0) + ")";
  if (std::isfinite(v.abandonment)) {
    out += ", abandonment " + percent(v.abandonment) + " (goal at most " +
           percent(info.goals.abandonment_rate, 0) + ")";
  }
  out += ".";
  if (const auto e = events_in_force(info, i); !e.empty()) out += " In force: " + e + ".";
  if (const auto q = queued_most(info, s, i); !q.empty()) out += " Queued most: " + q + ".";
  if (const auto r = roles_text(info, s, i); !r.empty()) out += " " + r;
  if (const auto e = escalations_text(info, s, i); !e.empty()) out += " " + e;
  return out;
}

void print_below_goals(std::ostream& os, const RunInfo& info, const Summary& s,
                       std::size_t max_lines) {
  const auto below = intervals_below_goals(info, s);
  if (below.empty()) return;
  os << "\n  intervals below the goals (" << goals_text(info.goals) << "):\n";
  for (std::size_t k = 0; k < std::min(max_lines, below.size()); ++k) {
    const IntervalVerdict& v = below[k];
    std::string line = "    " + sim::text::hhmm(info.open_s + static_cast<double>(v.interval) *
                                                                  info.interval_s);
    if (v.sl_below) line += "  SL " + percent(v.service_level);
    if (v.abandonment_above) line += std::string(v.sl_below ? " /" : " ") + " abandonment " + percent(v.abandonment);
    os << line << "\n";
  }
  if (below.size() > max_lines) {
    os << "    and " << below.size() - max_lines << " more (report.html lists every interval)\n";
  }
}

}  // namespace report
