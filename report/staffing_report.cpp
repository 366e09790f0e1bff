#include "report/staffing_report.h"

#include <cmath>
#include <cstdio>
#include <ostream>

#include "report/html.h"
#include "report/json.h"
#include "report/search_parts.h"
#include "sim/scenario/format.h"
#include "sim/scenario/scenario_writer.h"

namespace report {

using namespace analysis;  // the figures this file reports

using sim::metrics::CallMetric;
using sim::text::csv_field;
using sim::text::hms;
using sim::text::number;

namespace {

std::string number_text(const char* format, double x) {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

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
  search::put_figure_header(out);
  out += ",cost\n";
  for (const auto& iv : r.intervals) {
    out += hms(iv.start_s) + "," + hms(iv.start_s + c.interval_s) + "," + number(iv.offered) + "," +
           number(iv.load_erlangs) + "," + number(iv.erlang) + "," + number(iv.simulated) + "," +
           number(iv.simulated - iv.erlang) + "," + number(iv.scheduled);
    for (int x : iv.per_role) out += "," + number(x);
    search::put_figure_cells(out, iv);
    out += "," + number(iv.cost) + "\n";
  }
  os << out;
}

void write_staffing_json(std::ostream& os, const std::string& scenario_name,
                         const sim::model::Center& c, const StaffingResult& r,
                         const StaffingOptions& o) {
  json::Json j;
  j["command"] = "staff";
  j["scenario"] = scenario_name;
  search::put_options(j, o);
  j["shrinkage"] = json::number(o.shrinkage);
  j["evaluations"] = r.evaluations;
  j["converged"] = r.converged;
  j["intervals"] = json::Json::array();
  for (const auto& iv : r.intervals) {
    json::Json row = {{"start", hms(iv.start_s)},
                      {"offered", json::number(iv.offered)},
                      {"erlang_agents", iv.erlang},
                      {"simulated_agents", iv.simulated},
                      {"scheduled", iv.scheduled}};
    for (CallMetric m : kTargetFigures) {
      row[std::string(sim::metrics::def(m).name)] = json::number(iv.figure(m).mean);
    }
    row["met"] = iv.met;
    j["intervals"].push_back(std::move(row));
  }
  // The day's totals: staff adds up as agent-hours (heads do not add across intervals).
  const DayTotals d = day_totals(c, r);
  json::Json day = {{"offered", json::number(d.offered)},
                    {"load_erlang_hours", json::number(d.load_h)},
                    {"erlang_agent_hours", json::number(d.erlang_h)},
                    {"simulated_agent_hours", json::number(d.simulated_h)},
                    {"scheduled_agent_hours", json::number(d.scheduled_h)}};
  for (std::size_t k = 0; k < c.roles.size(); ++k) {
    day[c.roles[k].name + "_agent_hours"] = json::number(d.role_h[k]);
  }
  day["cost"] = json::number(d.cost);
  j["day"] = std::move(day);
  j["interval_min"] = json::number(c.interval_s / 60);
  json::write(os, j);
}

namespace {

// "92.3 ± 1.2 %" of a share; without the "±" part when the half-width is undefined.
std::string share_ci(const MeanCi& m, const char* format, const char* bare) {
  char buf[48];
  if (std::isfinite(m.half_width)) {
    std::snprintf(buf, sizeof buf, format, 100 * m.mean, 100 * m.half_width);
  } else {
    std::snprintf(buf, sizeof buf, bare, 100 * m.mean);
  }
  return buf;
}

}  // namespace

void print_staffing(std::ostream& os, const sim::model::Center& c, const StaffingResult& r,
                    const StaffingOptions& o) {
  char buf[256];
  const std::string targets = search::targets_text(o);
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
    const MeanCi& asa = iv.figure(CallMetric::asa_s);
    const bool calls = iv.offered > 0;
    const std::string sl =
        calls ? share_ci(iv.figure(CallMetric::service_level), "%5.1f ± %4.1f %%", "%5.1f %%") : "";
    const std::string ab =
        calls ? share_ci(iv.figure(CallMetric::abandonment_rate), "%4.1f ± %3.1f %%", "%4.1f %%")
              : "";
    const std::string asa_text = std::isfinite(asa.mean) ? number_text("%7.1f", asa.mean) : "-";
    std::snprintf(buf, sizeof buf, "  %-8s %8.0f %7d %7d %7d %+6d  %-14s %-12s %7s%s\n",
                  hms(iv.start_s).substr(0, 5).c_str(), iv.offered, iv.erlang, iv.simulated,
                  iv.scheduled, iv.simulated - iv.erlang, sl.c_str(), ab.c_str(), asa_text.c_str(),
                  iv.met ? "" : "  target missed");
    os << buf;
  }
  const DayTotals d = day_totals(c, r);
  std::snprintf(buf, sizeof buf,
                "\n  agent-hours on the phones: Erlang %.1f, simulated %.1f (%+.1f); cost of the "
                "simulated staff for the day %.0f\n",
                d.erlang_h, d.simulated_h, d.simulated_h - d.erlang_h, d.cost);
  os << buf;
}

namespace {

// The report's table: one row per interval in agents, a footer of the day in agent-hours.
html::Table staffing_table(const sim::model::Center& c, const StaffingResult& r,
                           const DayTotals& d) {
  namespace h = report::html;
  h::Table t;
  t.header = {"interval", "offered", "Erlang", "simulated", "difference", "scheduled"};
  for (const auto& role : c.roles) t.header.push_back(role.name);
  t.header.insert(t.header.end(), {"SL %", "abandon %", "ASA s", "days met %", "cost"});
  for (const auto& iv : r.intervals) {
    const MeanCi& sl = iv.figure(CallMetric::service_level);
    const MeanCi& ab = iv.figure(CallMetric::abandonment_rate);
    std::vector<std::string> row = {
        hms(iv.start_s).substr(0, 5),
        h::num(iv.offered, 0),
        std::to_string(iv.erlang),
        std::to_string(iv.simulated),
        (iv.simulated >= iv.erlang ? "+" : "") + std::to_string(iv.simulated - iv.erlang),
        std::to_string(iv.scheduled)};
    for (int x : iv.per_role) row.push_back(std::to_string(x));
    row.insert(row.end(),
               {h::num_ci(100 * sl.mean, 100 * sl.half_width, 1),
                h::num_ci(100 * ab.mean, 100 * ab.half_width, 1),
                h::num(iv.figure(CallMetric::asa_s).mean, 1), h::num(100 * iv.p_met, 0),
                h::num(iv.cost, 0, true)});
    t.rows.push_back(std::move(row));
  }
  t.footer.push_back({"day (agent-hours)", "", h::num(d.erlang_h, 1), h::num(d.simulated_h, 1),
                      h::num(d.simulated_h - d.erlang_h, 1), h::num(d.scheduled_h, 1)});
  for (std::size_t k = 0; k < c.roles.size(); ++k) t.footer.back().push_back("");
  t.footer.back().insert(t.footer.back().end(), {"", "", "", "", h::num(d.cost, 0, true)});
  return t;
}

}  // namespace

void write_staffing_html(std::ostream& os, const std::string& scenario_name,
                         const sim::model::Center& c, const StaffingResult& r,
                         const StaffingOptions& o) {
  namespace h = report::html;
  constexpr double kNaN = h::kNaN;
  const std::string targets = search::targets_text(o);
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
  for (const auto& iv : r.intervals) {
    const std::string at = hms(iv.start_s).substr(0, 5);
    cats.push_back(at);
    s_erl.y.push_back(iv.erlang);
    s_sim.y.push_back(iv.simulated);
    s_sched.y.push_back(iv.scheduled);
    s_off.y.push_back(iv.offered);
    missed += iv.offered > 0 && !iv.met;
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
  search::add_service_charts(page, cats, r.intervals, o);

  page.section("Staffing table", "table");
  page.add(h::table(staffing_table(c, r, d)));
  page.note(
      "How intervals interact: every candidate is simulated as a whole day from opening, and an "
      "interval's figures are those of the calls offered in it, wherever they end. When "
      "trimming one interval makes a later one miss, the later one is searched again, so the "
      "staff meets every target together. These are agents on the phones, not a roster: "
      "ccsim schedule turns them into shifts with breaks that allow for absence.");
  os << page.str();
}

}  // namespace report
