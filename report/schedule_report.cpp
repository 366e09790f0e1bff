#include "report/schedule_report.h"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <stdexcept>
#include <tuple>

#include "report/html.h"
#include "report/json.h"
#include "report/search_parts.h"
#include "sim/scenario/format.h"
#include "sim/scenario/scenario_writer.h"

namespace report {

using analysis::CoverageInterval;
using analysis::IntervalStaffing;
using analysis::kTargetFigures;
using analysis::Pattern;
using analysis::ScheduleOptions;
using analysis::ScheduleResult;
using sim::metrics::CallMetric;
using sim::model::Center;
using sim::model::ShiftRules;
using sim::text::csv_field;
using sim::text::hhmm;
using sim::text::hms;
using sim::text::number;

namespace {

const sim::model::ShiftKind& kind_of(const ShiftRules& rules, const Pattern& p) {
  return rules.shifts.at(static_cast<std::size_t>(p.kind));
}

// A pattern's breaks: each at its start in the pattern, as long as its kind says.
// Heads, paid hours and pay of one role on one shift kind, summed over its agents from
// their patterns (the pay is the schedule's, never worked out again here).
struct PayrollRow {
  int role = 0, kind = 0, heads = 0;
  double paid_h = 0, overtime_h = 0, pay = 0;
};
std::vector<PayrollRow> payroll_rows(const ScheduleResult& r) {
  std::vector<PayrollRow> rows;
  for (const auto& a : r.agents) {
    const Pattern& p = r.patterns.at(a.pattern);
    auto it = std::find_if(rows.begin(), rows.end(), [&](const PayrollRow& x) {
      return x.role == p.role && x.kind == p.kind;
    });
    if (it == rows.end()) it = rows.insert(rows.end(), PayrollRow{p.role, p.kind});
    ++it->heads;
    it->paid_h += p.paid_s / 3600;
    it->overtime_h += p.overtime_s / 3600;
    it->pay += p.pay;
  }
  std::sort(rows.begin(), rows.end(), [](const PayrollRow& x, const PayrollRow& y) {
    return std::tie(x.role, x.kind) < std::tie(y.role, y.kind);
  });
  return rows;
}

// Heads per role ([role]) and per shift kind ([kind]).
struct Heads {
  int total = 0;
  std::vector<int> role, kind;
};
Heads heads_of(const Center& c, const ShiftRules& rules, const ScheduleResult& r) {
  Heads h{static_cast<int>(r.agents.size()), std::vector<int>(c.roles.size(), 0),
          std::vector<int>(rules.shifts.size(), 0)};
  for (const auto& a : r.agents) {
    const Pattern& p = r.patterns.at(a.pattern);
    ++h.role.at(static_cast<std::size_t>(p.role));
    ++h.kind.at(static_cast<std::size_t>(p.kind));
  }
  return h;
}

// An interval's four staff figures over all roles.
struct Totals {
  double required = 0, on_phones = 0, needed = 0;
  int scheduled = 0;
};
template <class T>
T sum(const std::vector<T>& v) {
  T s{};
  for (const T& x : v) s += x;
  return s;
}
Totals totals(const CoverageInterval& iv) {
  return {sum(iv.required), sum(iv.on_phones), sum(iv.on_phones_needed), sum(iv.scheduled)};
}

double at(const std::vector<double>& v, std::size_t i) { return i < v.size() ? v[i] : html::kNaN; }

// payroll / lp_bound - 1; undefined without a bound.
double gap(double payroll, double lp_bound) {
  return lp_bound > 0 ? payroll / lp_bound - 1 : html::kNaN;
}

// The interval with the smallest share of days meeting every target (the first of ties).
const CoverageInterval* worst_interval(const ScheduleResult& r) {
  const CoverageInterval* worst = nullptr;
  for (const auto& iv : r.intervals) {
    if (worst == nullptr || iv.verified.p_met < worst->verified.p_met) worst = &iv;
  }
  return worst;
}

const char* mix_name(analysis::Mix m) { return m == analysis::Mix::fixed ? "fixed" : "free"; }
const char* requirements_name(analysis::Requirements q) {
  return q == analysis::Requirements::simulation ? "simulation" : "erlang";
}

// "rep_1 12, rep_2 40": names with their counts, those with none left out.
template <class Named>
std::string counts_text(const std::vector<Named>& named, const std::vector<int>& n) {
  std::string out;
  for (std::size_t i = 0; i < named.size(); ++i) {
    if (n[i] > 0) out += (out.empty() ? "" : ", ") + named[i].name + " " + std::to_string(n[i]);
  }
  return out;
}

}  // namespace

void write_schedule_roster(std::ostream& os, const Center& c, const ScheduleResult& r) {
  sim::scenario::write_roster_csv(os, analysis::with_roster(c, r));
}

void write_coverage_csv(std::ostream& os, const Center& c, const ScheduleResult& r) {
  static constexpr const char* kStaff[] = {"required", "scheduled", "on_phones",
                                           "on_phones_needed"};
  std::string out = "interval_start,interval_end";
  for (const auto& role : c.roles) {
    for (const char* s : kStaff) out += "," + csv_field(role.name + "_" + s);
  }
  for (const char* s : kStaff) out += std::string(",") + s;
  search::put_figure_header(out);
  out += "\n";
  for (const auto& iv : r.intervals) {
    out += hms(iv.start_s) + "," + hms(iv.start_s + c.interval_s);
    for (std::size_t k = 0; k < c.roles.size(); ++k) {
      out += "," + number(at(iv.required, k)) + "," +
             number(k < iv.scheduled.size() ? iv.scheduled[k] : html::kNaN) + "," +
             number(at(iv.on_phones, k)) + "," + number(at(iv.on_phones_needed, k));
    }
    const Totals t = totals(iv);
    out += "," + number(t.required) + "," + number(t.scheduled) + "," + number(t.on_phones) +
           "," + number(t.needed);
    search::put_figure_cells(out, iv.verified);
    out += "\n";
  }
  os << out;
}

namespace {

json::Json coverage_json(const Center& c, const ScheduleResult& r) {
  json::Json rows = json::Json::array();
  for (const auto& iv : r.intervals) {
    json::Json row = {{"start", hms(iv.start_s)}, {"end", hms(iv.start_s + c.interval_s)}};
    json::Json roles = json::Json::object();
    for (std::size_t k = 0; k < c.roles.size(); ++k) {
      roles[c.roles[k].name] = {
          {"required", json::number(at(iv.required, k))},
          {"scheduled", k < iv.scheduled.size() ? iv.scheduled[k] : 0},
          {"on_phones", json::number(at(iv.on_phones, k))},
          {"on_phones_needed", json::number(at(iv.on_phones_needed, k))}};
    }
    row["roles"] = std::move(roles);
    const Totals t = totals(iv);
    row["required"] = json::number(t.required);
    row["scheduled"] = t.scheduled;
    row["on_phones"] = json::number(t.on_phones);
    row["on_phones_needed"] = json::number(t.needed);
    for (CallMetric m : kTargetFigures) {
      row[std::string(sim::metrics::def(m).name)] = json::estimate(iv.verified.figure(m));
    }
    row["p_days_met"] = json::number(iv.verified.p_met);
    row["met"] = iv.verified.met;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

void write_schedule_json(std::ostream& os, const std::string& scenario_name, const Center& c,
                         const ScheduleResult& r, const ScheduleOptions& o) {
  const ShiftRules& rules = r.rules;
  json::Json j;
  j["command"] = "schedule";
  j["scenario"] = scenario_name;
  search::put_options(j, o.staffing);
  j["mix"] = mix_name(o.mix);
  j["requirements"] = requirements_name(o.requirements);
  j["payroll"] = json::number(r.payroll);
  j["overtime_pay"] = json::number(r.overtime_pay);
  j["paid_hours"] = json::number(r.paid_hours);
  j["lp_bound"] = json::number(r.lp_bound);
  j["gap"] = json::number(gap(r.payroll, r.lp_bound));
  j["mip_bound"] = json::number(r.mip_bound);
  j["mip_gap"] = json::number(gap(r.payroll, r.mip_bound));
  const Heads h = heads_of(c, rules, r);
  j["heads"] = h.total;
  j["heads_by_role"] = json::Json::object();
  for (std::size_t k = 0; k < c.roles.size(); ++k) j["heads_by_role"][c.roles[k].name] = h.role[k];
  j["heads_by_shift"] = json::Json::object();
  for (std::size_t k = 0; k < rules.shifts.size(); ++k) {
    j["heads_by_shift"][rules.shifts[k].name] = h.kind[k];
  }
  j["rounds"] = json::Json::array();
  for (const auto& rd : r.rounds) {
    j["rounds"].push_back({{"round", rd.round},
                           {"payroll", json::number(rd.payroll)},
                           {"lp_bound", json::number(rd.lp_bound)},
                           {"heads", rd.heads},
                           {"missed", rd.missed}});
  }
  j["met"] = r.met;
  j["unmet"] = r.unmet;
  j["interval_min"] = json::number(c.interval_s / 60);
  j["intervals"] = coverage_json(c, r);
  json::write(os, j);
}

void print_schedule(std::ostream& os, const Center& c, const ScheduleResult& r,
                    const ScheduleOptions& o) {
  const ShiftRules& rules = r.rules;
  const Heads h = heads_of(c, rules, r);
  std::string out = "Schedule for " + search::targets_text(o.staffing) + "\n  criterion: " +
                    search::criterion_text(o.staffing) + "\n\n";
  out += "  heads: " + std::to_string(h.total) + " (" + counts_text(c.roles, h.role) + ")\n";
  out += "  by shift: " + counts_text(rules.shifts, h.kind) + "\n";
  out += "  payroll " + html::num(r.payroll, 0) + " (overtime " + html::num(r.overtime_pay, 0) +
         ") for " + html::num(r.paid_hours, 1) + " paid hours; LP bound " +
         html::num(r.lp_bound, 0) + ", gap " + html::num(100 * gap(r.payroll, r.lp_bound), 1) +
         " %; the solver proved at least " + html::num(r.mip_bound, 0) + " (gap " +
         html::num(100 * gap(r.payroll, r.mip_bound), 1) + " %)\n";
  if (const CoverageInterval* w = worst_interval(r)) {
    out += "  worst interval " + hhmm(w->start_s) + ": every target met on " +
           html::num(100 * w->verified.p_met, 0) + " % of simulated days\n";
  }
  if (r.met) {
    out += "  every interval meets the targets\n";
  } else {
    out += "  not every interval meets the targets:\n";
    for (const auto& why : r.unmet) out += "    " + why + "\n";
  }
  os << out;
}

namespace {

namespace h = report::html;

// Required, scheduled and on-phone heads per interval, over all roles.
std::string coverage_chart(const Center& c, const ScheduleResult& r) {
  h::LineChart ch;
  ch.title = "Heads by interval: required against scheduled (all roles)";
  ch.step = true;
  h::Series req{"required heads", {}, {}, {}, "", false, false};
  h::Series sched{"scheduled heads", {}, {}, {}, "", false, false};
  h::Series phones{"on the phones (after breaks and absence)", {}, {}, {}, "", false, false};
  h::Series need{"on-phones need (the search)", {}, {}, {}, "", true, false};
  for (const auto& iv : r.intervals) {
    ch.categories.push_back(hhmm(iv.start_s));
    const Totals t = totals(iv);
    req.y.push_back(t.required);
    sched.y.push_back(t.scheduled);
    phones.y.push_back(t.on_phones);
    need.y.push_back(t.needed);
  }
  ch.series = {req, sched, phones, need};
  ch.y_axis = {"agents", h::kNaN, h::kNaN, true, 0};
  ch.note = "Scheduled heads are the agents on shift at each interval's midpoint; on the "
            "phones takes away the share of the interval they spend on breaks and the "
            "scenario's absenteeism (" + h::num(100 * c.absenteeism, 1) + " %).";
  return h::line_chart(ch);
}

// One row per pattern in use with its head count, its breaks as gaps, coloured by role.
std::string shifts_gantt(const Center& c, const ShiftRules& rules, const ScheduleResult& r) {
  std::vector<int> count(r.patterns.size(), 0);
  for (const auto& a : r.agents) ++count.at(a.pattern);
  h::GanttChart g;
  g.title = "Shifts by role (one row per shift pattern, breaks as gaps)";
  for (const auto& role : c.roles) g.groups.push_back(role.name);
  for (std::size_t i = 0; i < r.patterns.size(); ++i) {
    if (count[i] == 0) continue;
    const Pattern& p = r.patterns[i];
    const auto& kind = kind_of(rules, p);
    h::GanttRow row;
    row.label = c.roles[static_cast<std::size_t>(p.role)].name + " " + kind.name + " ×" +
                std::to_string(count[i]);
    row.group = static_cast<std::size_t>(p.role);
    row.tip = row.label;
    double from = p.start_s;
    for (const auto& b : analysis::breaks_of(rules, p)) {
      row.spans.emplace_back(from, b.start_s);
      from = b.start_s + b.duration_s;
    }
    row.spans.emplace_back(from, p.end_s);
    g.rows.push_back(std::move(row));
  }
  g.lines = {{c.open_s, "open", true}, {c.close_s, "close", true}};
  return h::gantt_chart(g);
}

h::Table payroll_table(const Center& c, const ShiftRules& rules, const ScheduleResult& r) {
  h::Table t;
  t.header = {"role", "shift", "heads", "wage / h", "paid hours", "overtime hours", "pay"};
  for (const PayrollRow& p : payroll_rows(r)) {
    const auto& role = c.roles[static_cast<std::size_t>(p.role)];
    t.rows.push_back({role.name, rules.shifts[static_cast<std::size_t>(p.kind)].name,
                      std::to_string(p.heads), h::num(role.wage_per_hour, 2),
                      h::num(p.paid_h, 1, true), h::num(p.overtime_h, 1, true),
                      h::num(p.pay, 0, true)});
  }
  t.footer.push_back({"day", "", std::to_string(r.agents.size()), "",
                      h::num(r.paid_hours, 1, true), "overtime pay " + h::num(r.overtime_pay, 0, true),
                      h::num(r.payroll, 0, true)});
  t.numeric = {false, false, true, true, true, true, true};
  return t;
}

h::Table coverage_table(const ScheduleResult& r) {
  h::Table t;
  t.header = {"interval", "required", "scheduled", "on phones", "need", "SL %",
              "abandon %", "ASA s", "days met %", "met"};
  for (const auto& iv : r.intervals) {
    const Totals tt = totals(iv);
    const IntervalStaffing& v = iv.verified;
    const auto& sl = v.figure(CallMetric::service_level);
    const auto& ab = v.figure(CallMetric::abandonment_rate);
    t.rows.push_back({hhmm(iv.start_s), h::num(tt.required, 1), std::to_string(tt.scheduled),
                      h::num(tt.on_phones, 1), h::num(tt.needed, 0),
                      h::num_ci(100 * sl.mean, 100 * sl.half_width, 1),
                      h::num_ci(100 * ab.mean, 100 * ab.half_width, 1),
                      h::num(v.figure(CallMetric::asa_s).mean, 1), h::num(100 * v.p_met, 0),
                      v.met ? "yes" : "no"});
  }
  return t;
}

h::Table rounds_table(const ScheduleResult& r) {
  h::Table t;
  t.header = {"round", "payroll", "LP bound", "gap %", "heads", "intervals missed"};
  for (const auto& rd : r.rounds) {
    t.rows.push_back({std::to_string(rd.round), h::num(rd.payroll, 0, true),
                      h::num(rd.lp_bound, 0, true), h::num(100 * gap(rd.payroll, rd.lp_bound), 1),
                      std::to_string(rd.heads), std::to_string(rd.missed)});
  }
  return t;
}

// The share of simulated days each interval met every target, against the criterion's.
std::string days_met_chart(const ScheduleResult& r, const analysis::StaffingOptions& o) {
  h::BarChart ch;
  ch.title = "Share of simulated days meeting every target";
  h::Series s{"days met", {}, {}, {}, "", false, false};
  for (const auto& iv : r.intervals) {
    ch.categories.push_back(hhmm(iv.start_s));
    s.y.push_back(100 * iv.verified.p_met);
  }
  ch.series = {s};
  ch.value_axis = {"days (%)", 0, 100, true, 0};
  if (o.criterion == analysis::Criterion::days) {
    ch.lines.push_back({100 * o.confidence, "criterion " + h::num(100 * o.confidence, 0) + " %"});
  }
  ch.height = 240;
  return h::bar_chart(ch);
}

std::vector<h::Tile> schedule_tiles(const Center& c, const ShiftRules& rules,
                                    const ScheduleResult& r) {
  const Heads hd = heads_of(c, rules, r);
  std::size_t met = 0;
  for (const auto& iv : r.intervals) met += iv.verified.met;
  const CoverageInterval* w = worst_interval(r);
  return {
      {"payroll", h::num(r.payroll, 0, true),
       "LP bound " + h::num(r.lp_bound, 0, true) + " · gap " +
           h::num(100 * gap(r.payroll, r.lp_bound), 1) + " %",
       h::Tile::Status::none},
      {"heads", std::to_string(hd.total), counts_text(c.roles, hd.role), h::Tile::Status::none},
      {"paid hours", h::num(r.paid_hours, 1, true),
       "overtime pay " + h::num(r.overtime_pay, 0, true), h::Tile::Status::none},
      {"intervals meeting every target",
       std::to_string(met) + " of " + std::to_string(r.intervals.size()),
       w ? "worst " + hhmm(w->start_s) + ": " + h::num(100 * w->verified.p_met, 0) +
               " % of days"
         : "",
       r.met ? h::Tile::Status::good : h::Tile::Status::bad},
  };
}

}  // namespace

void write_schedule_html(std::ostream& os, const std::string& scenario_name, const Center& c,
                         const ScheduleResult& r, const ScheduleOptions& o) {
  const ShiftRules& rules = r.rules;
  h::Page page("Shift schedule");
  page.subtitle(scenario_name)
      .meta("targets", search::targets_text(o.staffing))
      .meta("criterion", search::criterion_text(o.staffing))
      .meta("replications", std::to_string(o.staffing.replications))
      .meta("seed", std::to_string(o.staffing.seed))
      .meta("role mix", mix_name(o.mix))
      .meta("requirements", requirements_name(o.requirements));
  page.add(h::tiles(schedule_tiles(c, rules, r)));

  page.section("Required against scheduled", "coverage");
  page.add(coverage_chart(c, r));
  page.section("Shifts", "shifts");
  page.add(shifts_gantt(c, rules, r));
  page.note("roster.csv lists every agent with these shifts and breaks; ccsim run accepts it "
            "with --set roster.file=PATH.");
  page.section("Payroll", "payroll");
  page.add(h::table(payroll_table(c, rules, r)));

  page.section("Service with this roster", "service");
  std::vector<std::string> cats;
  std::vector<IntervalStaffing> verified;
  for (const auto& iv : r.intervals) {
    cats.push_back(hhmm(iv.start_s));
    verified.push_back(iv.verified);
  }
  search::add_service_charts(page, cats, verified, o.staffing);
  page.add(days_met_chart(r, o.staffing));
  page.add(h::table(coverage_table(r)));
  page.note("The roster simulated as a whole day with the scenario's absenteeism; criterion: " +
            search::criterion_text(o.staffing) + ".");

  page.section("Rounds", "rounds");
  page.add(h::table(rounds_table(r)));
  page.note("Each round solves the integer program, simulates its roster and raises the "
            "requirement of every interval that misses; the LP bound is the relaxation's cost, "
            "below which no schedule can be.");
  if (!r.unmet.empty()) {
    page.section("Intervals that do not meet the targets", "unmet");
    for (const auto& why : r.unmet) page.note(why);
  }
  os << page.str();
}

}  // namespace report
