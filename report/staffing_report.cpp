#include "report/staffing_report.h"

#include <cmath>
#include <cstdio>
#include <ostream>

#include "report/html.h"
#include "sim/scenario/format.h"

namespace report {

using namespace analysis;  // the figures this file reports

using sim::text::csv_field;
using sim::text::hms;
using sim::text::json_number;
using sim::text::json_string;
using sim::text::number;

namespace {

// The day's totals. Staff adds up as agent-hours: heads do not add across intervals.
struct DayTotals {
  double offered = 0, load_h = 0, erlang_h = 0, simulated_h = 0, scheduled_h = 0, cost = 0;
  std::vector<double> role_h;
};
DayTotals day_totals(const sim::model::Center& c, const StaffingResult& r) {
  DayTotals d;
  d.role_h.assign(c.roles.size(), 0.0);
  const double hours = c.interval_s / 3600.0;
  for (const auto& iv : r.intervals) {
    d.offered += iv.offered;
    d.load_h += iv.load_erlangs * hours;
    d.erlang_h += iv.erlang * hours;
    d.simulated_h += iv.simulated * hours;
    d.scheduled_h += iv.scheduled * hours;
    d.cost += iv.cost;
    for (std::size_t k = 0; k < iv.per_role.size(); ++k) d.role_h[k] += iv.per_role[k] * hours;
  }
  return d;
}

}  // namespace

void write_staffing_csv(std::ostream& os, const sim::model::Center& c, const StaffingResult& r) {
  std::string out =
      "interval_start,interval_end,offered,load_erlangs,erlang_agents,simulated_agents,"
      "difference,scheduled";
  for (const auto& role : c.roles) out += "," + csv_field(role.name + "_agents");
  out +=
      ",service_level,service_level_ci95,abandonment,abandonment_ci95,asa_s,asa_ci95,"
      "p_days_met,met,cost\n";
  const auto cells = [&](const MeanCi& m) {
    return "," + number(m.mean) + "," + (m.n > 1 ? number(m.half_width) : std::string());
  };
  for (const auto& iv : r.intervals) {
    out += hms(iv.start_s) + "," + hms(iv.start_s + c.interval_s) + "," + number(iv.offered) + "," +
           number(iv.load_erlangs) + "," + number(iv.erlang) + "," + number(iv.simulated) + "," +
           number(iv.simulated - iv.erlang) + "," + number(iv.scheduled);
    for (int x : iv.per_role) out += "," + number(x);
    out += cells(iv.sl) + cells(iv.abandon) + cells(iv.asa) + "," + number(iv.p_met) + "," +
           (iv.met ? "true" : "false") + "," + number(iv.cost) + "\n";
  }
  const DayTotals d = day_totals(c, r);
  out += "day," + hms(c.open_s + c.interval_s * static_cast<double>(r.intervals.size())) + "," +
         number(d.offered) + "," + number(d.load_h) + "," + number(d.erlang_h) + "," +
         number(d.simulated_h) + "," + number(d.simulated_h - d.erlang_h) + "," +
         number(d.scheduled_h);
  for (double h : d.role_h) out += "," + number(h);
  out += ",,,,,,,,," + number(d.cost) + "\n";
  os << out;
}

void write_staffing_roster(std::ostream& os, const sim::model::Center& c, const StaffingResult& r) {
  const sim::model::Center staffed = with_staffing(c, r.staff);
  std::string out = "agent,role,shift_start,shift_end,breaks,levels\n";
  for (const auto& a : staffed.agents) {
    out += csv_field(a.name) + "," + csv_field(c.roles[static_cast<std::size_t>(a.role)].name) +
           "," + hms(a.shift_start_s).substr(0, 5) + "," + hms(a.shift_end_s).substr(0, 5) + ",,\n";
  }
  os << out;
}

void write_staffing_json(std::ostream& os, const std::string& scenario_name,
                         const sim::model::Center& c, const StaffingResult& r,
                         const StaffingOptions& o) {
  std::string j = "{\n  \"command\": \"staff\",\n  \"scenario\": " + json_string(scenario_name) +
                  ",\n  \"seed\": " + std::to_string(o.seed) +
                  ",\n  \"replications\": " + std::to_string(o.replications) +
                  ",\n  \"confidence\": " + json_number(o.confidence) + ",\n  \"criterion\": " +
                  json_string(o.criterion == Criterion::mean ? "mean" : "days") +
                  ",\n  \"shrinkage\": " + json_number(o.shrinkage) + ",\n  \"targets\": [";
  for (std::size_t i = 0; i < o.targets.size(); ++i) {
    j += (i ? ", " : "") + json_string(o.targets[i].text);
  }
  j += "],\n  \"evaluations\": " + std::to_string(r.evaluations) +
       ",\n  \"converged\": " + (r.converged ? "true" : "false") + ",\n  \"intervals\": [\n";
  for (std::size_t k = 0; k < r.intervals.size(); ++k) {
    const auto& iv = r.intervals[k];
    j += "    {\"start\": " + json_string(hms(iv.start_s)) +
         ", \"offered\": " + json_number(iv.offered) +
         ", \"erlang_agents\": " + std::to_string(iv.erlang) +
         ", \"simulated_agents\": " + std::to_string(iv.simulated) +
         ", \"scheduled\": " + std::to_string(iv.scheduled) +
         ", \"service_level\": " + json_number(iv.sl.mean) +
         ", \"abandonment\": " + json_number(iv.abandon.mean) +
         ", \"asa_s\": " + json_number(iv.asa.mean) + ", \"met\": " + (iv.met ? "true" : "false") +
         "}" + (k + 1 < r.intervals.size() ? "," : "") + "\n";
  }
  j += "  ],\n  \"interval_min\": " + json_number(c.interval_s / 60) + "\n}\n";
  os << j;
}

void print_staffing(std::ostream& os, const sim::model::Center& c, const StaffingResult& r,
                    const StaffingOptions& o) {
  char buf[256];
  std::string targets;
  for (const auto& t : o.targets) targets += (targets.empty() ? "" : ", ") + t.text;
  std::snprintf(buf, sizeof buf,
                "Staffing for %s with %.0f %% confidence (%s), %zu replications per candidate, "
                "%d whole-day batches%s\n\n",
                targets.c_str(), 100 * o.confidence,
                o.criterion == Criterion::mean ? "expected figure" : "share of days",
                o.replications, r.evaluations, r.converged ? "" : " (did not converge)");
  os << buf;
  std::snprintf(buf, sizeof buf, "  %-8s %8s %7s %7s %7s %6s  %-14s %-12s %7s\n", "interval",
                "offered", "Erlang", "sim", "sched", "diff", "SL", "abandon", "ASA s");
  os << buf;
  for (const auto& iv : r.intervals) {
    char sl[32], ab[32];
    std::snprintf(sl, sizeof sl, "%5.1f ± %4.1f %%", 100 * iv.sl.mean, 100 * iv.sl.half_width);
    std::snprintf(ab, sizeof ab, "%4.1f ± %3.1f %%", 100 * iv.abandon.mean,
                  100 * iv.abandon.half_width);
    std::snprintf(buf, sizeof buf, "  %-8s %8.0f %7d %7d %7d %+6d  %-14s %-12s %7.1f%s\n",
                  hms(iv.start_s).substr(0, 5).c_str(), iv.offered, iv.erlang, iv.simulated,
                  iv.scheduled, iv.simulated - iv.erlang, iv.offered > 0 ? sl : "",
                  iv.offered > 0 ? ab : "", iv.asa.mean, iv.met ? "" : "  target missed");
    os << buf;
  }
  const DayTotals d = day_totals(c, r);
  std::snprintf(buf, sizeof buf,
                "\n  agent-hours on the phones: Erlang %.1f, simulated %.1f (%+.1f); cost of the "
                "simulated staff %.0f\n",
                d.erlang_h, d.simulated_h, d.simulated_h - d.erlang_h, d.cost);
  os << buf;
}

void write_staffing_html(std::ostream& os, const std::string& scenario_name,
                         const sim::model::Center& c, const StaffingResult& r,
                         const StaffingOptions& o) {
  namespace h = report::html;
  constexpr double kNaN = h::kNaN;
  std::string targets;
  for (const auto& t : o.targets) targets += (targets.empty() ? "" : ", ") + t.text;
  h::Page page("Staffing by interval");
  page.subtitle(scenario_name)
      .meta("targets", targets)
      .meta("confidence",
            h::num(100 * o.confidence, 0) + " % (" +
                (o.criterion == Criterion::mean ? "expected figure" : "share of days") + ")")
      .meta("replications per candidate", std::to_string(o.replications))
      .meta("seed", std::to_string(o.seed))
      .meta("whole-day batches",
            std::to_string(r.evaluations) + (r.converged ? "" : " (did not converge)"));
  const DayTotals d = day_totals(c, r);
  const double erl = d.erlang_h, sim = d.simulated_h, sched = d.scheduled_h, cost = d.cost;
  int missed = 0;
  std::vector<std::string> cats;
  h::Series s_erl{"Erlang (on phones)", {}, {}, {}, "", true, false};
  h::Series s_sim{"simulated (on phones)", {}, {}, {}, "", false, false};
  h::Series s_sched{
      "scheduled (shrinkage " + h::num(100 * o.shrinkage, 0) + " %)", {}, {}, {}, "", true, false};
  h::Series s_off{"offered calls", {}, {}, {}, "#999999", false, true};
  h::Series s_sl{"service level", {}, {}, {}, "", false, false};
  h::Series s_ab{"abandonment", {}, {}, {}, "", false, false};
  h::Table t;
  t.header = {"interval", "offered", "Erlang", "simulated", "difference", "scheduled"};
  for (const auto& role : c.roles) t.header.push_back(role.name);
  t.header.insert(t.header.end(), {"SL %", "abandon %", "ASA s", "days met %", "cost"});
  for (const auto& iv : r.intervals) {
    const std::string at = hms(iv.start_s).substr(0, 5);
    cats.push_back(at);
    s_erl.y.push_back(iv.erlang);
    s_sim.y.push_back(iv.simulated);
    s_sched.y.push_back(iv.scheduled);
    s_off.y.push_back(iv.offered);
    s_sl.y.push_back(100 * iv.sl.mean);
    s_sl.ci.push_back(100 * iv.sl.half_width);
    s_ab.y.push_back(100 * iv.abandon.mean);
    s_ab.ci.push_back(100 * iv.abandon.half_width);
    missed += iv.offered > 0 && !iv.met;
    std::vector<std::string> row = {
        at,
        h::num(iv.offered, 0),
        std::to_string(iv.erlang),
        std::to_string(iv.simulated),
        (iv.simulated >= iv.erlang ? "+" : "") + std::to_string(iv.simulated - iv.erlang),
        std::to_string(iv.scheduled)};
    for (int x : iv.per_role) row.push_back(std::to_string(x));
    row.insert(row.end(),
               {h::num_ci(100 * iv.sl.mean, 100 * iv.sl.half_width, 1),
                h::num_ci(100 * iv.abandon.mean, 100 * iv.abandon.half_width, 1),
                h::num(iv.asa.mean, 1), h::num(100 * iv.p_met, 0), h::num(iv.cost, 0, true)});
    t.rows.push_back(std::move(row));
  }
  page.add(h::tiles({
      {"agent-hours on the phones", h::num(sim, 1, true), "Erlang alone: " + h::num(erl, 1, true),
       h::Tile::Status::none},
      {"scheduled agent-hours", h::num(sched, 1, true),
       "with " + h::num(100 * o.shrinkage, 0) + " % shrinkage", h::Tile::Status::none},
      {"cost of the staff on the phones", h::num(cost, 0, true), "wages x paid hours",
       h::Tile::Status::none},
      {"intervals meeting every target",
       std::to_string(r.intervals.size() - static_cast<std::size_t>(missed)) + " of " +
           std::to_string(r.intervals.size()),
       r.converged ? "search converged" : "search did not converge",
       missed == 0 && r.converged ? h::Tile::Status::good : h::Tile::Status::bad},
  }));

  page.section("Agents needed by interval", "staff");
  h::LineChart staff;
  staff.title = "Agents on the phones: Erlang against simulation";
  staff.categories = cats;
  staff.series = {s_erl, s_sim, s_sched, s_off};
  staff.y_axis = {"agents", kNaN, kNaN, true, 0};
  staff.y2_axis = {"offered calls", kNaN, kNaN, true, 0};
  staff.step = true;
  page.add(h::line_chart(staff));
  page.note(
      "Erlang is the stationary single-skill answer for each interval alone (Erlang A with the "
      "call mix's mean journey-level handle time and patience). The simulated answer is the "
      "smallest staff in the roster's role mix that meets every target when the whole day is "
      "simulated: slower entry-level agents, supervisors kept for escalations, redials and "
      "repeat calls, and the backlog an interval hands to the next all count. The first "
      "interval starts with an empty queue and can need fewer than Erlang.");

  page.section("Service achieved with the simulated staff", "service");
  h::LineChart sl;
  sl.title = "Service level by interval (95 % interval)";
  sl.categories = cats;
  sl.series = {s_sl};
  sl.y_axis = {"service level (%)", kNaN, 100, false, 0};
  h::LineChart ab;
  ab.title = "Abandonment by interval (95 % interval)";
  ab.categories = cats;
  ab.series = {s_ab};
  ab.y_axis = {"abandoned (%)", 0, kNaN, true, 1};
  for (const auto& tg : o.targets) {
    if (tg.metric == Target::Metric::service_level) {
      sl.lines.push_back({100 * tg.value, "target " + tg.text, false});
    } else if (tg.metric == Target::Metric::abandonment) {
      ab.lines.push_back({100 * tg.value, "target " + tg.text, false});
    }
  }
  sl.height = ab.height = 240;
  page.add(h::line_chart(sl));
  page.add(h::line_chart(ab));

  page.section("Staffing table", "table");
  t.footer.push_back({"day (agent-hours)", "", h::num(erl, 1), h::num(sim, 1), h::num(sim - erl, 1),
                      h::num(sched, 1)});
  for (std::size_t k = 0; k < c.roles.size(); ++k) t.footer.back().push_back("");
  t.footer.back().insert(t.footer.back().end(), {"", "", "", "", h::num(cost, 0, true)});
  page.add(h::table(t));
  page.note(
      "How intervals interact: every candidate is simulated as a whole day from opening, and an "
      "interval's figures are those of the calls offered in it, wherever they end. When "
      "trimming one interval makes a later one miss, the later one is searched again, so the "
      "staff meets every target together. staffing_roster.csv holds this answer as a roster "
      "that ccsim run accepts.");
  os << page.str();
}

}  // namespace report
