#include "report/run_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "report/html.h"

namespace report {

namespace {

using report::Summary;

std::size_t call_metric(const char* name) {
  const auto& v = report::call_metric_names();
  return static_cast<std::size_t>(std::find(v.begin(), v.end(), name) - v.begin());
}
std::size_t agent_metric(const char* name) {
  const auto& v = report::agent_metric_names();
  return static_cast<std::size_t>(std::find(v.begin(), v.end(), name) - v.begin());
}

std::string hhmm(double seconds) {
  const long t = std::lround(seconds);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02ld:%02ld", t / 3600, t / 60 % 60);
  return buf;
}

// A figure with its CI, scaled (100 for percentages); undefined stays NaN.
struct Fig {
  double mean, ci;
};
Fig fig(const Summary::Stat& s, double scale = 1) { return {s.mean * scale, s.ci95 * scale}; }

std::string cell(const Summary::Stat& s, int decimals, double scale = 1, bool ci = false) {
  return ci ? html::num_ci(s.mean * scale, s.ci95 * scale, decimals, true)
            : html::num(s.mean * scale, decimals, true);
}

}  // namespace

void write_run_report(std::ostream& os, const report::RunInfo& info, const Summary& s,
                      const RunReportTargets& targets) {
  namespace h = report::html;
  const std::size_t day = info.intervals, T = info.call_types.size(), R = info.roles.size();
  const std::size_t n = info.intervals;
  const auto call = [&](std::size_t scope, std::size_t type, const char* m) {
    return s.call(scope, type, call_metric(m));
  };
  const auto agent = [&](std::size_t scope, std::size_t role, const char* m) {
    return s.agent(scope, role, agent_metric(m));
  };
  const std::string thr = h::num(info.sl_threshold_s, 0);
  const std::string sl_name = "service level (" + thr + " s)";
  const std::string sl_short = "SL (" + thr + " s)";
  const double sl_target = targets.service_level * 100, ab_target = targets.abandonment * 100;
  const std::string reps = std::to_string(s.replications()) + " replication" +
                           (s.replications() == 1 ? "" : "s");

  h::Page page(info.scenario_name.empty() ? "ccsim run" : info.scenario_name);
  page.subtitle("ccsim run: " + reps + ", seed " + std::to_string(info.seed) +
                ". Figures are means across replications \u00b1 the 95 % confidence "
                "half-width (Student t).");
  page.meta("scenario file", info.scenario_file)
      .meta("seed", std::to_string(info.seed))
      .meta("replications", std::to_string(s.replications()))
      .meta("opening hours", hhmm(info.open_s) + "\u2013" + hhmm(info.close_s) + " in " +
                                 std::to_string(n) + " intervals of " +
                                 h::num(info.interval_s / 60, 0) + " min")
      .meta("service level", "answered within " + thr +
                                 " s / (offered \u2212 short abandons)");
  std::string overrides;
  for (const auto& o : info.overrides) overrides += (overrides.empty() ? "" : ", ") + o;
  page.meta("overrides (--set)", overrides.empty() ? "none" : overrides);

  // Headline figures.
  const auto sl = fig(call(day, T, "service_level"), 100);
  const auto ab = fig(call(day, T, "abandonment_rate"), 100);
  const auto tile = [&](std::string label, const Summary::Stat& st, int dec, double scale,
                        const std::string& unit, std::string extra = "",
                        h::Tile::Status status = h::Tile::Status::none) {
    std::string detail;
    if (std::isfinite(st.ci95)) detail = "\u00b1 " + h::num(st.ci95 * scale, dec, true) + unit;
    if (!extra.empty()) detail += (detail.empty() ? "" : " \u00b7 ") + extra;
    return h::Tile{std::move(label), h::num(st.mean * scale, dec, true) + unit, detail, status};
  };
  const auto judge = [](double v, double goal, bool higher_is_better) {
    if (!std::isfinite(v)) return h::Tile::Status::none;
    return (higher_is_better ? v >= goal : v <= goal) ? h::Tile::Status::good
                                                      : h::Tile::Status::bad;
  };
  page.add(h::tiles({
      tile("calls offered", call(day, T, "offered"), 0, 1, ""),
      tile("calls answered", call(day, T, "answered"), 0, 1, ""),
      tile(sl_name, call(day, T, "service_level"), 1, 100, " %",
           "goal " + h::num(sl_target, 0) + " %", judge(sl.mean, sl_target, true)),
      tile("avg. speed of answer", call(day, T, "asa_s"), 1, 1, " s"),
      tile("abandonment", call(day, T, "abandonment_rate"), 1, 100, " %",
           "goal \u2264 " + h::num(ab_target, 0) + " %", judge(ab.mean, ab_target, false)),
      tile("resolved first time", call(day, T, "fcr_rate"), 1, 100, " %"),
      tile("occupancy", agent(day, R, "occupancy"), 1, 100, " %"),
      tile("cost", agent(day, R, "cost"), 0, 1, ""),
      tile("cost per handled call", agent(day, R, "cost_per_handled"), 2, 1, ""),
  }));

  // Timeline.
  std::vector<std::string> starts;
  for (std::size_t i = 0; i < n; ++i) {
    starts.push_back(hhmm(info.open_s + static_cast<double>(i) * info.interval_s));
  }
  const auto series = [&](std::string name, auto get, double scale, bool with_ci = true) {
    h::Series out;
    out.name = std::move(name);
    for (std::size_t i = 0; i < n; ++i) {
      const Summary::Stat st = get(i);
      out.y.push_back(st.mean * scale);
      if (with_ci) out.ci.push_back(st.ci95 * scale);
    }
    return out;
  };
  const auto calls_of = [&](const char* m) {
    return [&, m](std::size_t i) { return call(i, T, m); };
  };
  const auto agents_of = [&](const char* m) {
    return [&, m](std::size_t i) { return agent(i, R, m); };
  };
  const std::string per = "per " + h::num(info.interval_s / 60, 0) + "-min interval";
  page.section("The day, interval by interval", "timeline");
  {
    h::LineChart ch;
    ch.title = "Calls " + per;
    ch.categories = starts;
    ch.series = {series("offered", calls_of("offered"), 1),
                 series("answered", calls_of("answered"), 1),
                 series("abandoned", calls_of("abandoned"), 1)};
    ch.series[2].color = "#D55E00";
    ch.series[1].color = "#009E73";
    ch.series[0].color = "#0072B2";
    ch.y_axis = {"calls", 0, h::kNaN, true, -1};
    ch.x_axis.label = "interval start";
    ch.note = "Shaded: 95 % confidence band of the mean across replications. A call counts "
              "in the interval it arrived in.";
    page.add(h::line_chart(ch));
  }
  {
    h::LineChart ch;
    ch.title = "Service level and abandonment " + per;
    ch.categories = starts;
    ch.series = {series(sl_name + ", %", calls_of("service_level"), 100),
                 series("abandoned, %", calls_of("abandonment_rate"), 100)};
    ch.series[0].color = "#0072B2";
    ch.series[1].color = "#D55E00";
    ch.y_axis = {"% of calls", 0, 100, false, 0};
    ch.x_axis.label = "interval start";
    ch.lines = {{sl_target, "service-level goal " + h::num(sl_target, 0) + " %"}};
    ch.note = "An interval with no calls has no service level and is left blank.";
    page.add(h::line_chart(ch));
  }
  {
    h::LineChart ch;
    ch.title = "Waiting " + per;
    ch.categories = starts;
    ch.series = {series("average speed of answer, s", calls_of("asa_s"), 1),
                 series("mean calls in queue", calls_of("mean_queue"), 1)};
    ch.series[1].right_axis = true;
    ch.series[1].dashed = true;
    ch.y_axis = {"seconds", 0, h::kNaN, true, -1};
    ch.y2_axis = {"calls in queue", 0, h::kNaN, true, -1};
    ch.x_axis.label = "interval start";
    page.add(h::line_chart(ch));
  }
  {
    h::LineChart ch;
    ch.title = "Staff on the phones and their occupancy " + per;
    ch.categories = starts;
    ch.series = {series("agents on the phones (mean)", agents_of("on_phones"), 1),
                 series("occupancy, %", agents_of("occupancy"), 100)};
    ch.series[0].color = "#555555";
    ch.series[1].color = "#CC79A7";
    ch.series[1].right_axis = true;
    ch.y_axis = {"agents", 0, h::kNaN, true, -1};
    ch.y2_axis = {"occupancy (%)", 0, 100, false, 0};
    ch.x_axis.label = "interval start";
    ch.note = "Agents on the phones: logged-in time outside breaks over the interval's "
              "length. Occupancy: talk and wrap-up time over that time.";
    page.add(h::line_chart(ch));
  }
  // By call type.
  page.section("By call type", "call-types");
  {
    h::BarChart ch;
    ch.title = "Service level (" + thr + " s) by call type";
    ch.horizontal = true;
    h::Series sls;
    sls.name = sl_name;
    for (std::size_t t = 0; t < T; ++t) {
      ch.categories.push_back(info.call_types[t]);
      const auto st = call(day, t, "service_level");
      sls.y.push_back(st.mean * 100);
      sls.ci.push_back(st.ci95 * 100);
    }
    ch.series = {sls};
    ch.value_axis = {"% answered within " + thr + " s", 0, 100, false, 0};
    ch.lines = {{sl_target, "goal " + h::num(sl_target, 0) + " %"}};
    ch.note = "Whiskers: 95 % confidence interval. Call types with no calls have no bar.";
    page.add(h::bar_chart(ch));
  }
  {
    h::Table t;
    t.header = {"call type", "offered",     "answered",       sl_short + " %", "ASA s",
                "wait p90 s", "abandoned %", "handle time s", "resolved first time %",
                "escalated %"};
    const auto row = [&](std::size_t type, std::string name) {
      return std::vector<std::string>{
          std::move(name),
          cell(call(day, type, "offered"), 0),
          cell(call(day, type, "answered"), 0),
          cell(call(day, type, "service_level"), 1, 100, true),
          cell(call(day, type, "asa_s"), 1, 1, true),
          cell(call(day, type, "wait_p90_s"), 1),
          cell(call(day, type, "abandonment_rate"), 1, 100),
          cell(call(day, type, "aht_s"), 0),
          cell(call(day, type, "fcr_rate"), 1, 100),
          cell(call(day, type, "escalation_rate"), 1, 100)};
    };
    for (std::size_t type = 0; type < T; ++type) t.rows.push_back(row(type, info.call_types[type]));
    t.footer.push_back(row(T, "all"));
    page.add(h::table(t));
    page.note("Handle time: talk, hold and after-call work. Resolved first time: of the calls "
              "handled. Escalated: of the calls answered. \u2013: undefined (no calls).");
  }

  // By role.
  page.section("By role", "roles");
  {
    h::Table t;
    t.header = {"role", "agents present", "occupancy %", "calls handled", "paid hours",
                "overtime hours", "cost", "cost per handled call"};
    const auto row = [&](std::size_t role, std::string name) {
      return std::vector<std::string>{std::move(name),
                                      cell(agent(day, role, "agents_present"), 1),
                                      cell(agent(day, role, "occupancy"), 1, 100, true),
                                      cell(agent(day, role, "handled"), 0),
                                      cell(agent(day, role, "paid_h"), 1),
                                      cell(agent(day, role, "overtime_h"), 1),
                                      cell(agent(day, role, "cost"), 0),
                                      cell(agent(day, role, "cost_per_handled"), 2)};
    };
    for (std::size_t role = 0; role < R; ++role) t.rows.push_back(row(role, info.roles[role]));
    t.footer.push_back(row(R, "all"));
    page.add(h::table(t));
    page.note("Agents present: on the roster and not absent. Occupancy: talk and wrap-up time "
              "over logged-in time outside breaks. Cost: paid hours \u00d7 the role's wage.");
  }

  // The timeline's figures, for reading off or copying into a staffing sheet.
  page.section("Interval table", "intervals");
  {
    h::Table t;
    t.header = {"interval start", "offered", "answered", "abandoned", sl_short + " %", "ASA s",
                "abandoned %", "mean queue", "agents on phones", "occupancy %"};
    for (std::size_t i = 0; i < n; ++i) {
      t.rows.push_back({starts[i],
                        cell(call(i, T, "offered"), 0), cell(call(i, T, "answered"), 0),
                        cell(call(i, T, "abandoned"), 1),
                        cell(call(i, T, "service_level"), 1, 100, true),
                        cell(call(i, T, "asa_s"), 1), cell(call(i, T, "abandonment_rate"), 1, 100),
                        cell(call(i, T, "mean_queue"), 2), cell(agent(i, R, "on_phones"), 1),
                        cell(agent(i, R, "occupancy"), 1, 100)});
    }
    page.add(h::table(t));
    page.note("All call types; means across replications (service level with its 95 % "
              "confidence half-width). Agents on phones: mean logged in outside breaks.");
  }
  page.add("<footer>Written by ccsim run. The same figures are in summary.json and "
           "calls_summary.csv / agents_summary.csv next to this file; every metric is defined "
           "in sim/metrics/day_metrics.h.</footer>\n");
  os << page.str();
}

}  // namespace report
