// The outputs of `ccsim schedule` (report/schedule_report.h) on a schedule built by hand:
// two roles, three patterns, four half-hour intervals. The roster must read back through
// the scenario layer's own reader with every shift and break exactly as scheduled, and
// coverage.csv must have one row per interval with every column.
#include "report/schedule_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "sim/scenario/tables.h"

namespace {

using analysis::Pattern;
using analysis::ScheduleResult;

constexpr double kH = 3600, kMin = 60;

sim::model::Center small_center() {
  sim::model::Center c;
  c.open_s = 8 * kH;
  c.close_s = 10 * kH;
  c.interval_s = 1800;
  c.absenteeism = 0.05;
  c.roles.resize(2);
  c.roles[0].name = "rep";
  c.roles[1].name = "lead";
  c.roles[1].wage_per_hour = 45;
  return c;
}

// Two kinds: a 2 h shift with a 7.5-minute paid rest and a 15-minute unpaid one, and a
// 1.5 h shift with none. The odd length checks that minutes are written exactly.
sim::model::ShiftRules small_rules() {
  sim::model::ShiftRules rules;
  rules.shifts = {{"short_2h", 2 * kH, false,
                   {{"rest", 7.5 * kMin, true, 0.5 * kH, 1 * kH},
                    {"meal", 15 * kMin, false, 1 * kH, 1.5 * kH}}},
                  {"tiny", 1.5 * kH, true, {}}};
  return rules;
}

Pattern pattern(int role, int kind, double start_s, double end_s, std::vector<double> breaks,
                double pay) {
  Pattern p;
  p.role = role, p.kind = kind, p.start_s = start_s, p.end_s = end_s;
  p.break_start_s = std::move(breaks);
  p.paid_s = end_s - start_s, p.pay = pay;
  return p;
}

ScheduleResult small_schedule() {
  ScheduleResult r;
  r.rules = small_rules();
  r.patterns = {pattern(0, 0, 8 * kH, 10 * kH, {8.5 * kH, 9.25 * kH}, 60),
                pattern(0, 1, 8.5 * kH, 10 * kH, {}, 45),
                pattern(1, 0, 8 * kH, 10 * kH, {8.75 * kH, 9 * kH}, 90),
                pattern(1, 1, 8 * kH, 9.5 * kH, {}, 67.5)};  // not used by any agent
  r.agents = {{"rep_001", 0}, {"rep_002", 0}, {"rep_003", 1}, {"lead_001", 2}};
  for (int k = 0; k < 4; ++k) {
    analysis::CoverageInterval iv;
    iv.start_s = 8 * kH + k * 1800.0;
    iv.on_phones_needed = {2, 1};
    iv.required = {2.1, 1.05};
    iv.scheduled = {k == 0 ? 2 : 3, 1};
    iv.on_phones = {1.9 + 0.1 * k, 0.95};
    iv.verified.start_s = iv.start_s;
    iv.verified.achieved[0] = {0.8 + 0.01 * k, 0, 0.02};
    iv.verified.achieved[1] = {0.03, 0, 0.01};
    // No call answered in the last interval: ASA undefined, an empty cell.
    iv.verified.achieved[2] = {k == 3 ? NAN : 20.0, 0, k == 3 ? NAN : 4.0};
    iv.verified.p_met = k == 1 ? 0.75 : 0.9;
    iv.verified.met = k != 1;
    r.intervals.push_back(iv);
  }
  r.rounds = {{1, 230, 200, 3, 1}, {2, 262.5, 250, 4, 0}};
  r.payroll = 262.5, r.overtime_pay = 0, r.paid_hours = 7.5, r.lp_bound = 250;
  r.met = false;
  r.unmet = {"08:30: the share of days meeting every target is 75 %, below 80 %"};
  return r;
}

analysis::ScheduleOptions small_options() {
  analysis::ScheduleOptions o;
  o.staffing.criterion = analysis::Criterion::days;
  o.staffing.confidence = 0.8;
  o.staffing.targets = {std::get<analysis::Target>(analysis::parse_target("sl(30s)>=0.80", 30))};
  return o;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  for (std::string f; std::getline(ss, f, ',');) out.push_back(f);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

TEST(ScheduleReport, RosterReadsBackWithEveryShiftAndBreakExactly) {
  const auto c = small_center();
  const auto rules = small_rules();
  const auto r = small_schedule();
  const auto file = std::filesystem::path(::testing::TempDir()) / "schedule_roster.csv";
  {
    std::ofstream f(file);
    report::write_schedule_roster(f, c, r);
  }
  sim::scenario::InputErrors errors;
  const auto agents =
      sim::scenario::read_roster(file.string(), c, {"rep", "lead"}, {}, errors);
  ASSERT_TRUE(agents.has_value()) << errors.to_string();
  ASSERT_EQ(agents->size(), r.agents.size());
  for (std::size_t i = 0; i < r.agents.size(); ++i) {
    const auto& got = (*agents)[i];
    const Pattern& p = r.patterns[r.agents[i].pattern];
    const auto& kind = rules.shifts[static_cast<std::size_t>(p.kind)];
    SCOPED_TRACE(r.agents[i].name);
    EXPECT_EQ(got.name, r.agents[i].name);
    EXPECT_EQ(got.role, p.role);
    EXPECT_EQ(got.shift_start_s, p.start_s);
    EXPECT_EQ(got.shift_end_s, p.end_s);
    EXPECT_FALSE(got.levels.has_value());
    ASSERT_EQ(got.breaks.size(), kind.breaks.size());
    for (std::size_t b = 0; b < kind.breaks.size(); ++b) {
      EXPECT_EQ(got.breaks[b].start_s, p.break_start_s[b]);
      EXPECT_EQ(got.breaks[b].duration_s, kind.breaks[b].duration_s);
    }
  }
}

TEST(ScheduleReport, PatternWithoutABreakStartPerBreakIsAnError) {
  auto r = small_schedule();
  r.patterns[0].break_start_s.pop_back();
  std::ostringstream os;
  EXPECT_THROW(report::write_schedule_roster(os, small_center(), r),
               std::logic_error);
}

TEST(ScheduleReport, CoverageHasOneRowPerIntervalWithEveryColumn) {
  const auto c = small_center();
  const auto r = small_schedule();
  std::ostringstream os;
  report::write_coverage_csv(os, c, r);
  std::stringstream in(os.str());
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const auto header = fields(line);
  // interval_start, interval_end; 4 per role; 4 totals; 3 figures with half-widths;
  // p_days_met, met.
  ASSERT_EQ(header.size(), 2 + 4 * c.roles.size() + 4 + 3 * 2 + 2);
  EXPECT_EQ(header[2], "rep_required");
  EXPECT_EQ(header[6], "lead_required");
  EXPECT_EQ(header[10], "required");
  EXPECT_EQ(header[14], "service_level");
  EXPECT_EQ(header.back(), "met");
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    const auto row = fields(line);
    EXPECT_EQ(row.size(), header.size()) << line;
    ++rows;
  }
  EXPECT_EQ(rows, r.intervals.size());
}

TEST(ScheduleReport, SummaryJsonHasThePayrollGapAndHeads) {
  std::ostringstream os;
  report::write_schedule_json(os, "small", small_center(), small_schedule(),
                              small_options());
  const auto j = nlohmann::json::parse(os.str());
  EXPECT_NEAR(j.at("gap").get<double>(), 262.5 / 250 - 1, 1e-7);  // 7 significant digits
  EXPECT_EQ(j.at("heads").get<int>(), 4);
  EXPECT_EQ(j.at("heads_by_role").at("rep").get<int>(), 3);
  EXPECT_EQ(j.at("heads_by_shift").at("short_2h").get<int>(), 3);
  EXPECT_EQ(j.at("rounds").size(), 2u);
  EXPECT_EQ(j.at("intervals").size(), 4u);
  EXPECT_TRUE(j.at("intervals")[3].at("asa_s").at("mean").is_null());
  EXPECT_EQ(j.at("criterion").get<std::string>(), "days");
}

TEST(ScheduleReport, HtmlDrawsEveryWorkedSpanAndNoNaN) {
  std::ostringstream os;
  report::write_schedule_html(os, "small", small_center(), small_schedule(),
                              small_options());
  const std::string html = os.str();
  // Three patterns in use: two with two breaks (three spans each), one with none.
  EXPECT_NE(html.find("data-marks=\"7\""), std::string::npos);
  EXPECT_NE(html.find("rep short_2h ×2"), std::string::npos);
  EXPECT_EQ(html.find("NaN"), std::string::npos);
  EXPECT_NE(html.find("08:30: the share of days"), std::string::npos);
  // For the browser check (CTest ScheduleReportRendersInChromium).
  if (const char* out = std::getenv("CCSIM_SCHEDULE_HTML")) std::ofstream(out) << html;
}

TEST(ScheduleReport, TerminalSummaryStatesTheCriterionAndTheWorstInterval) {
  std::ostringstream os;
  report::print_schedule(os, small_center(), small_schedule(), small_options());
  const std::string s = os.str();
  EXPECT_NE(s.find("criterion: every target met on >= 80 % of simulated days"),
            std::string::npos) << s;
  EXPECT_NE(s.find("worst interval 08:30: every target met on 75 % of simulated days"),
            std::string::npos) << s;
  EXPECT_NE(s.find("heads: 4 (rep 3, lead 1)"), std::string::npos) << s;
  EXPECT_NE(s.find("gap 5.0 %"), std::string::npos) << s;
}

}  // namespace
