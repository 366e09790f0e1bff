#include "report/run_report.h"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include "report/channels.h"
#include "report/html.h"
#include "report/what_happened.h"

namespace report {

namespace {

namespace h = report::html;
using sim::metrics::AgentMetric;
using sim::metrics::CallMetric;
using sim::metrics::MeanCi;

std::string hhmm(double seconds) {
  const long t = std::lround(seconds);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02ld:%02ld", t / 3600, t / 60 % 60);
  return buf;
}

// A table cell of a figure, scaled for display (percentages); "–" when undefined.
std::string cell(const MeanCi& s, int decimals, double scale = 1, bool ci = false) {
  return ci ? h::num_ci(s.mean * scale, s.half_width * scale, decimals, true)
            : h::num(s.mean * scale, decimals, true);
}

// What every section of the report reads: the run, its summary, and the names it repeats.
struct Context {
  const RunInfo& info;
  const Summary& s;
  std::size_t day, T, R, n;  // the day's scope index, call types, roles, intervals
  std::string thr, sl_name, sl_short, per;
  std::vector<std::string> starts;  // "08:00" per interval
  std::vector<h::RefLine> events;    // the scenario's events, marked on every timeline

  double sl_goal() const { return info.goals.service_level * 100; }
  double ab_goal() const { return info.goals.abandonment_rate * 100; }
};

// An event as a marker over the interval categories. Category i is drawn at the tick
// labelled with interval i's start, so the axis reads as time of day: a time maps to its
// position between those ticks (an event at 09:30 sits on the 09:30 point, one at 09:45
// halfway to 10:00), as a reader of the axis expects.
std::vector<h::RefLine> event_markers(const RunInfo& info) {
  std::vector<h::RefLine> out;
  const auto x = [&](double t) { return (t - info.open_s) / info.interval_s; };
  for (const auto& e : info.events) {
    h::RefLine l{x(e.start_s), hhmm(e.start_s) + " " + e.kind, true, true,
                 e.end_s > e.start_s ? x(std::min(e.end_s, info.close_s)) : h::kNaN,
                 sim::scenario::in_words(e)};
    out.push_back(std::move(l));
  }
  return out;
}

Context context_of(const RunInfo& info, const Summary& s) {
  Context c{info, s, info.total_scope(), info.call_types.size(), info.roles.size(),
            info.intervals, "", "", "", "", {}, event_markers(info)};
  // A range when call types have their own thresholds (issue 19).
  c.thr = info.per_type_sl() ? info.sl_threshold_text() : h::num(info.sl_threshold_s, 0);
  c.sl_name = figure_label(CallMetric::service_level, info);
  c.sl_short = "SL (" + c.thr + " s)";
  c.per = "per " + h::num(info.interval_s / 60, 0) + "-min interval";
  for (std::size_t i = 0; i < c.n; ++i) {
    c.starts.push_back(hhmm(info.open_s + static_cast<double>(i) * info.interval_s));
  }
  return c;
}

void add_header(h::Page& page, const Context& c) {
  const RunInfo& info = c.info;
  const std::size_t reps = c.s.replications();
  page.subtitle("ccsim run: " + std::to_string(reps) + " replication" + (reps == 1 ? "" : "s") +
                ", seed " + std::to_string(info.seed) +
                ". Figures are means across replications \u00b1 the 95 % confidence "
                "half-width (Student t).");
  page.meta("scenario file", info.scenario_file)
      .meta("seed", std::to_string(info.seed))
      .meta("replications", std::to_string(reps))
      .meta("opening hours", hhmm(info.open_s) + "\u2013" + hhmm(info.close_s) + " in " +
                                 std::to_string(c.n) + " intervals of " +
                                 h::num(info.interval_s / 60, 0) + " min")
      .meta("service level", "answered within " + c.thr +
                                 " s / (offered \u2212 short abandons)" +
                                 (info.per_type_sl() ? ", each call type at its own threshold"
                                                     : ""));
  std::string overrides;
  for (const auto& o : info.overrides) overrides += (overrides.empty() ? "" : ", ") + o;
  page.meta("overrides (--set)", overrides.empty() ? "none" : overrides);
}

// The day's headline figures as tiles, service level and abandonment judged against the
// reference goals.
void add_headline(h::Page& page, const Context& c) {
  const auto judge = [](double v, double goal, bool higher_is_better) {
    if (!std::isfinite(v)) return h::Tile::Status::none;
    return (higher_is_better ? v >= goal : v <= goal) ? h::Tile::Status::good
                                                      : h::Tile::Status::bad;
  };
  const auto tile = [&](sim::metrics::DayFigure f, int dec, std::string extra = "",
                        h::Tile::Status status = h::Tile::Status::none) {
    const auto& d = sim::metrics::def(f);
    const MeanCi st = c.s.day(f);
    const double scale = sim::metrics::display_scale(d.unit);
    const std::string unit(sim::metrics::display_suffix(d.unit));
    std::string detail;
    if (std::isfinite(st.half_width)) {
      detail = "\u00b1 " + h::num(st.half_width * scale, dec, true) + unit;
    }
    if (!extra.empty()) detail += (detail.empty() ? "" : " \u00b7 ") + extra;
    return h::Tile{figure_label(f, c.info.sl_threshold_s), h::num(st.mean * scale, dec, true) + unit,
                   detail, status};
  };
  const double sl = 100 * c.s.day(CallMetric::service_level).mean;
  const double ab = 100 * c.s.day(CallMetric::abandonment_rate).mean;
  std::vector<h::Tile> tiles{
      tile(CallMetric::offered, 0),
      tile(CallMetric::answered, 0),
      tile(CallMetric::service_level, 1, "goal " + h::num(c.sl_goal(), 0) + " %",
           judge(sl, c.sl_goal(), true)),
      tile(CallMetric::asa_s, 1),
      tile(CallMetric::abandonment_rate, 1, "goal \u2264 " + h::num(c.ab_goal(), 0) + " %",
           judge(ab, c.ab_goal(), false)),
      tile(CallMetric::fcr_rate, 1),
      tile(AgentMetric::occupancy, 1),
      tile(AgentMetric::cost, 0),
      tile(AgentMetric::cost_per_handled, 2),
  };
  // With callbacks, service_level counts each after its time to the callback: the live
  // queue's own service level next to it reads the queue with and without them.
  if (c.s.day(CallMetric::callbacks_accepted).mean > 0) {
    tiles.push_back(tile(CallMetric::live_service_level, 1));
  }
  page.add(h::tiles(tiles));
}

// What the trainer set up: the scenario's description and its timed events.
void add_scenario(h::Page& page, const Context& c) {
  page.section("The scenario", "scenario");
  page.note(c.info.description.empty() ? "The scenario has no description." : c.info.description);
  if (c.info.events.empty()) {
    page.note("No timed events ([[events]]): the day runs as planned.");
    return;
  }
  h::Table t;
  t.caption = "Timed events, as applied; each is marked on the timelines below";
  t.header = {"when", "kind", "what"};
  t.numeric = {false, false, false};
  for (const auto& e : c.info.events) {
    const std::string when = sim::scenario::in_words(e);
    t.rows.push_back({when.substr(0, when.find("  ")), e.kind, e.what});
  }
  page.add(h::table(t));
}

// The three worst intervals and why, in sentences written from the figures.
void add_what_happened(h::Page& page, const Context& c) {
  page.section("What happened", "what-happened");
  const auto below = intervals_below_goals(c.info, c.s);
  page.note(std::to_string(below.size()) + " of " + std::to_string(c.n) +
            " intervals missed a goal (service level " + h::num(c.sl_goal(), 0) +
            " %, abandonment at most " + h::num(c.ab_goal(), 0) +
            " %). The three worst, by service level, ties by abandonment:");
  std::string list = "<ul class=\"what-happened\">\n";
  for (std::size_t i : worst_intervals(c.info, c.s)) {
    list += "<li>" + h::escape(what_happened(c.info, c.s, i)) + "</li>\n";
  }
  page.add(list + "</ul>\n");
  page.note("Queued most: the customer call types with the longest mean queue, with their "
            "average speed of answer. Saturated: occupancy of " +
            h::num(kSaturatedOccupancy * 100, 0) + " % or more. Means across replications.");
}

// A timeline series of an all-types (call) or all-roles (agent) figure, one value per
// interval, with its 95 % band.
template <class Metric>
h::Series timeline(const Context& c, std::string name, Metric m, double scale, std::string color) {
  h::Series out;
  out.name = std::move(name);
  out.color = std::move(color);
  for (std::size_t i = 0; i < c.n; ++i) {
    const MeanCi st = c.s.mean(i, std::is_same_v<Metric, CallMetric> ? c.T : c.R, m);
    out.y.push_back(st.mean * scale);
    out.ci.push_back(st.half_width * scale);
  }
  return out;
}

h::LineChart timeline_chart(const Context& c, std::string title) {
  h::LineChart ch;
  ch.title = std::move(title);
  ch.categories = c.starts;
  ch.x_axis.label = "interval start";
  ch.lines = c.events;
  return ch;
}

// One line per call type of a per-type figure, interval by interval.
h::LineChart per_call_type_chart(const Context& c, std::string title, CallMetric m, double scale) {
  h::LineChart ch = timeline_chart(c, std::move(title));
  for (std::size_t t = 0; t < c.T; ++t) {
    h::Series s;
    s.name = c.info.call_types[t];
    for (std::size_t i = 0; i < c.n; ++i) s.y.push_back(c.s.mean(i, t, m).mean * scale);
    ch.series.push_back(std::move(s));
  }
  ch.markers = false;
  return ch;
}

void add_timeline(h::Page& page, const Context& c) {
  page.section("The day, interval by interval", "timeline");
  h::LineChart calls = timeline_chart(c, "Calls " + c.per);
  calls.series = {timeline(c, "offered", CallMetric::offered, 1, "#0072B2"),
                  timeline(c, "answered", CallMetric::answered, 1, "#009E73"),
                  timeline(c, "abandoned", CallMetric::abandoned, 1, "#D55E00")};
  calls.y_axis = {"calls", 0, h::kNaN, true, -1};
  calls.note = "Shaded: 95 % confidence band of the mean across replications. A call counts "
               "in the interval it arrived in.";
  page.add(h::line_chart(calls));

  h::LineChart service = timeline_chart(c, "Service level and abandonment " + c.per);
  service.series = {timeline(c, c.sl_name + ", %", CallMetric::service_level, 100, "#0072B2"),
                    timeline(c, "abandoned, %", CallMetric::abandonment_rate, 100, "#D55E00")};
  service.y_axis = {"% of calls", 0, 100, false, 0};
  service.lines.push_back({c.sl_goal(), "service-level goal " + h::num(c.sl_goal(), 0) + " %"});
  service.note = "An interval with no calls has no service level and is left blank.";
  page.add(h::line_chart(service));

  h::LineChart waiting = timeline_chart(c, "Waiting " + c.per);
  waiting.series = {timeline(c, "average speed of answer, s", CallMetric::asa_s, 1, ""),
                    timeline(c, "mean calls in queue", CallMetric::mean_queue, 1, "")};
  waiting.series[1].right_axis = true;
  waiting.series[1].dashed = true;
  waiting.y_axis = {"seconds", 0, h::kNaN, true, -1};
  waiting.y2_axis = {"calls in queue", 0, h::kNaN, true, -1};
  page.add(h::line_chart(waiting));

  h::LineChart staff = timeline_chart(c, "Staff on the phones and their occupancy " + c.per);
  staff.series = {timeline(c, "agents on the phones (mean)", AgentMetric::on_phones, 1, "#555555"),
                  timeline(c, "occupancy, %", AgentMetric::occupancy, 100, "#CC79A7")};
  staff.series[1].right_axis = true;
  staff.y_axis = {"agents", 0, h::kNaN, true, -1};
  staff.y2_axis = {"occupancy (%)", 0, 100, false, 0};
  staff.note = "Agents on the phones: logged-in time outside breaks over the interval's "
               "length. Occupancy: talk and wrap-up time over that time.";
  page.add(h::line_chart(staff));

  h::LineChart queue = per_call_type_chart(c, "Calls in queue by call type " + c.per,
                                           CallMetric::mean_queue, 1);
  queue.y_axis = {"mean calls in queue", 0, h::kNaN, true, -1};
  queue.note = "One line per call type (escalated parts queue as their own type); "
               "the shaded bands are the scenario's events.";
  page.add(h::line_chart(queue));
}

// A column of a table of the day's figures: a catalogue figure, shown in its display unit.
template <class Metric>
struct Column {
  std::string head;
  Metric metric;
  int decimals;
  bool ci = false;  // with its 95 % half-width
  double scale = 0;  // display scale; 0: the unit's
};

// One row per call type (or role) and a footer row "all", of the day's figures.
template <class Metric>
h::Table day_table(const Context& c, std::string first, const std::vector<std::string>& names,
                   const std::vector<Column<Metric>>& columns) {
  h::Table t;
  t.header = {std::move(first)};
  for (const auto& col : columns) t.header.push_back(col.head);
  const auto row = [&](std::size_t k, const std::string& name) {
    std::vector<std::string> cells = {name};
    for (const auto& col : columns) {
      const MeanCi st = c.s.mean(c.day, k, col.metric);
      const double scale = col.scale > 0 ? col.scale
                                         : sim::metrics::display_scale(sim::metrics::def(col.metric).unit);
      cells.push_back(cell(st, col.decimals, scale, col.ci));
    }
    return cells;
  };
  for (std::size_t k = 0; k < names.size(); ++k) t.rows.push_back(row(k, names[k]));
  t.footer.push_back(row(names.size(), "all"));
  return t;
}

void add_call_types(h::Page& page, const Context& c) {
  page.section("By call type", "call-types");
  h::BarChart ch;
  ch.title = "Service level (" + c.thr + " s) by call type";
  ch.horizontal = true;
  h::Series sls;
  sls.name = c.sl_name;
  for (std::size_t t = 0; t < c.T; ++t) {
    ch.categories.push_back(c.info.call_types[t] +
                            (c.info.per_type_sl() ? " (" + h::num(c.info.sl_threshold_of(t), 0) + " s)" : ""));
    const auto st = c.s.mean(c.day, t, CallMetric::service_level);
    sls.y.push_back(st.mean * 100);
    sls.ci.push_back(st.half_width * 100);
  }
  ch.series = {sls};
  ch.value_axis = {"% answered within " + c.thr + " s", 0, 100, false, 0};
  ch.lines = {{c.sl_goal(), "goal " + h::num(c.sl_goal(), 0) + " %"}};
  ch.note = "Whiskers: 95 % confidence interval. Call types with no calls have no bar.";
  page.add(h::bar_chart(ch));

  using M = CallMetric;
  page.add(h::table(day_table<M>(
      c, "call type", c.info.call_types,
      {{"offered", M::offered, 0}, {"answered", M::answered, 0},
       {c.sl_short + " %", M::service_level, 1, true}, {"ASA s", M::asa_s, 1, true},
       {"wait p90 s", M::wait_p90_s, 1}, {"abandoned %", M::abandonment_rate, 1},
       {"handle time s", M::aht_s, 0}, {"resolved first time %", M::fcr_rate, 1},
       {"escalated %", M::escalation_rate, 1}})));
  page.note("Handle time: talk, hold and after-call work. Resolved first time: of the calls "
            "handled. Escalated: of the calls answered. \u2013: undefined (no calls).");
}

void add_roles(h::Page& page, const Context& c) {
  page.section("By role", "roles");
  using M = AgentMetric;
  page.add(h::table(day_table<M>(
      c, "role", c.info.roles,
      {{"agents present", M::agents_present, 1}, {"occupancy %", M::occupancy, 1, true},
       {"calls handled", M::handled, 0}, {"paid hours", M::paid_h, 1},
       {"overtime min", M::overtime_h, 0, false, 60.0}, {"overtime cost", M::overtime_cost, 0},
       {"cost", M::cost, 0}, {"cost per handled call", M::cost_per_handled, 2}})));
  page.note("Agents present: on the roster and not absent. Occupancy: talk and wrap-up time "
            "over logged-in time outside breaks. Cost: paid hours \u00d7 the role's wage, "
            "overtime at the overtime premium.");
  if (!lost_any_hours(c.s)) return;
  page.add(h::table(day_table<M>(
      c, "role", c.info.roles,
      {{"planned hours", M::planned_h, 1}, {"lost late", M::lost_late_h, 1},
       {"lost unplanned", M::lost_unplanned_h, 1}, {"lost early", M::lost_early_h, 1}})));
  page.note("Random shrinkage, in agent-hours: planned is the scheduled time outside planned "
            "breaks; lost, the time of it lost to late log-in, unplanned time off the phones "
            "and leaving early (still paid).");
}

// How competency acts: per role, each call type its agents answered, the mechanism figures
// (kMechanismFigures); the role's "all" row under its types.
void add_mechanisms(h::Page& page, const Context& c) {
  page.section("Mechanisms", "mechanisms");
  using M = CallMetric;
  struct Col {
    const char* head;
    M metric;
    int decimals;
  };
  constexpr Col kCols[] = {
      {"answered", M::answered, 0},        {"handled", M::handled, 0},
      {"talk s", M::talk_s, 0},            {"wrap-up s", M::wrap_s, 0},
      {"resolved first time %", M::fcr_rate, 1}, {"escalated %", M::escalation_rate, 1},
      {"escalations received", M::escalations_received, 0},
      {"transferred %", M::transfer_rate, 1}, {"errors %", M::error_rate, 2},
      {"repeats generated", M::repeats_caused, 0}};
  h::Table t;
  t.header = {"role", "call type"};
  t.numeric = {false, false};
  for (const Col& col : kCols) {
    t.header.push_back(col.head);
    t.numeric.push_back(true);
  }
  const auto row = [&](std::size_t r, std::size_t k) {
    std::vector<std::string> cells = {r < c.R ? c.info.roles[r] : "all",
                                      k < c.T ? c.info.call_types[k] : "all"};
    for (const Col& col : kCols) {
      const double scale = sim::metrics::display_scale(sim::metrics::def(col.metric).unit);
      cells.push_back(cell(c.s.mechanism(r, k, col.metric), col.decimals, scale));
    }
    return cells;
  };
  for (std::size_t r = 0; r < c.R; ++r) {
    for (std::size_t k = 0; k <= c.T; ++k) {
      if (c.s.met(r, k)) t.rows.push_back(row(r, k));
    }
  }
  t.footer.push_back(row(c.R, c.T));
  page.add(h::table(t));
  page.note("Each row counts the answering agent's work: a call escalated for authority "
            "counts in its first agent's row (escalated, of the calls answered) and the "
            "escalated part in the row of the agent who takes it (escalations received, "
            "handled). Talk and wrap-up: means per handled call. Repeats generated: handled "
            "calls that will come back. Means across replications; mechanisms.csv has their "
            "95 % half-widths.");
}

// The channels beyond the phone queue, when the scenario uses one: the terminal's block
// (report/channels.h), a small table per call type and one for the roles' chats.
void add_channels(h::Page& page, const Context& c) {
  const auto groups = channel_groups(c.info, c.s);
  if (groups.empty()) return;
  page.section("Channels", "channels");
  std::vector<std::string> tables;
  for (const ChannelGroup& g : groups) {
    h::Table t;
    t.caption = g.heading;
    t.header = {g.rows, "mean \u00b1 95 % half-width"};
    for (const ChannelLine& l : g.lines) {
      const double scale = sim::metrics::display_scale(l.unit);
      std::string v = h::num_ci(l.value.mean * scale, l.value.half_width * scale, l.decimals, true);
      if (std::isfinite(l.value.mean)) v += std::string(sim::metrics::display_suffix(l.unit));
      t.rows.push_back({l.label, l.after.empty() ? v : v + " " + l.after});
    }
    tables.push_back(h::table(t));
  }
  page.add(h::columns(tables));
  page.note("Day figures of each call type that uses an IVR, callbacks, chat or written work; "
            "every figure is defined in the metric catalogue (sim/metrics/catalogue.h). With "
            "callbacks, the service level counts a completed callback as answered after its "
            "time to the callback; that of live calls leaves callbacks out. Chats held at "
            "once: the time-average while an agent holds at least one.");
}

// A horizon's days side by side (the day rows), and what carried from one to the next.
void add_days(h::Page& page, const Context& c) {
  page.section("By day", "days");
  h::Table t;
  t.header = {"day", "offered", "carried in", "carried out", c.sl_short + " %", "ASA s",
              "abandoned %", "overtime hours", "cost"};
  for (std::size_t d = 0; d < c.info.days.size(); ++d) {
    const std::size_t sc = c.info.day_scope(d);
    const auto f = [&](CallMetric m) { return c.s.mean(sc, c.T, m); };
    t.rows.push_back({c.info.days[d], cell(f(CallMetric::offered), 0),
                      cell(f(CallMetric::carried_in), 0), cell(f(CallMetric::carried_out), 0),
                      cell(f(CallMetric::service_level), 1, 100, true),
                      cell(f(CallMetric::asa_s), 1), cell(f(CallMetric::abandonment_rate), 1, 100),
                      cell(c.s.mean(sc, c.R, AgentMetric::overtime_h), 1),
                      cell(c.s.mean(sc, c.R, AgentMetric::cost), 0)});
  }
  page.add(h::table(t));
  std::string closed;
  for (const auto& d : c.info.closed_days) closed += (closed.empty() ? "" : ", ") + d;
  page.note("Carried in: repeat contacts, redials and callers told to call back, from earlier "
            "days. Carried out: those that will come back after the day's close. The headline "
            "figures are the whole horizon's; the timeline, the interval table and the goals "
            "above are the first day's (" + c.info.days.front() + ")." +
            (closed.empty() ? "" : " Closed: " + closed + "."));
}

// The timeline's figures, for reading off or copying into a staffing sheet.
void add_interval_table(h::Page& page, const Context& c) {
  page.section("Interval table", "intervals");
  h::Table t;
  t.header = {"interval start", "offered", "answered", "abandoned", c.sl_short + " %", "ASA s",
              "abandoned %", "mean queue", "agents on phones", "occupancy %"};
  for (std::size_t i = 0; i < c.n; ++i) {
    const auto f = [&](CallMetric m) { return c.s.mean(i, c.T, m); };
    t.rows.push_back({c.starts[i], cell(f(CallMetric::offered), 0),
                      cell(f(CallMetric::answered), 0), cell(f(CallMetric::abandoned), 1),
                      cell(f(CallMetric::service_level), 1, 100, true),
                      cell(f(CallMetric::asa_s), 1),
                      cell(f(CallMetric::abandonment_rate), 1, 100),
                      cell(f(CallMetric::mean_queue), 2),
                      cell(c.s.mean(i, c.R, AgentMetric::on_phones), 1),
                      cell(c.s.mean(i, c.R, AgentMetric::occupancy), 1, 100)});
  }
  page.add(h::table(t));
  page.note("All call types; means across replications (service level with its 95 % "
            "confidence half-width). Agents on phones: mean logged in outside breaks.");
}

}  // namespace

void write_run_report(std::ostream& os, const RunInfo& info, const Summary& s) {
  const Context c = context_of(info, s);
  h::Page page(info.scenario_name.empty() ? "ccsim run" : info.scenario_name);
  add_header(page, c);
  add_headline(page, c);
  if (info.horizon()) add_days(page, c);
  add_scenario(page, c);
  add_timeline(page, c);
  add_what_happened(page, c);
  add_call_types(page, c);
  add_roles(page, c);
  add_mechanisms(page, c);
  add_channels(page, c);
  add_interval_table(page, c);
  page.add("<footer>Written by ccsim run. The same figures are in summary.json and "
           "calls_summary.csv / agents_summary.csv / mechanisms.csv next to this file; every metric is defined "
           "in sim/metrics/catalogue.h.</footer>\n");
  os << page.str();
}

}  // namespace report
