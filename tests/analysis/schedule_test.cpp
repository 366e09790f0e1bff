// Shift scheduling: the patterns obey the rules, the integer program is solved exactly on
// a textbook case, infeasible rules are named, and a scheduled day meets its targets.
#include "analysis/schedule.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analysis/integer_program.h"
#include "tests/support/centers.h"

namespace {

using sim::model::ShiftRules;

ShiftRules default_rules(const sim::model::Center& c) {
  ShiftRules r;
  r.shifts = sim::model::default_shift_kinds();
  r.roles.resize(c.roles.size());
  return r;
}

// Winston, Operations Research (4th ed.), section 3.5, the post office: each worker works
// five consecutive days a week; the requirements Monday..Sunday are 17, 13, 15, 19, 14,
// 16, 11. The LP optimum is 67/3 workers, the integer optimum 23.
TEST(IntegerProgram, PostOfficeHasItsTextbookOptimum) {
  const double need[7] = {17, 13, 15, 19, 14, 16, 11};
  analysis::IntegerProgram p;
  p.cost.assign(7, 1.0);
  p.upper.assign(7, analysis::kNoBound);
  for (int day = 0; day < 7; ++day) {
    analysis::IntegerProgram::Row row;
    for (int start = 0; start < 7; ++start) {
      if ((day - start + 7) % 7 < 5) row.terms.emplace_back(start, 1.0);
    }
    row.lower = need[day];
    p.rows.push_back(row);
  }
  const auto s = analysis::solve_integer_program(p, 0.0);
  ASSERT_EQ(s.status, analysis::IpSolution::Status::solved);
  EXPECT_DOUBLE_EQ(s.objective, 23.0);
  EXPECT_NEAR(s.lp_bound, 67.0 / 3.0, 1e-6);
  for (int day = 0; day < 7; ++day) {
    double on = 0;
    for (int start = 0; start < 7; ++start) {
      if ((day - start + 7) % 7 < 5) on += s.x[static_cast<std::size_t>(start)];
    }
    EXPECT_GE(on, need[day]) << "day " << day;
  }
}

TEST(IntegerProgram, ContradictoryRowsAreInfeasible) {
  analysis::IntegerProgram p;
  p.cost = {1.0};
  p.upper = {3.0};
  p.rows.push_back({{{0, 1.0}}, 4.0, analysis::kNoBound});
  EXPECT_EQ(analysis::solve_integer_program(p, 0.05).status,
            analysis::IpSolution::Status::infeasible);
}

TEST(Shifts, EveryShiftAndBreakStartKeepsItsKindsRules) {
  const auto c = sim::fixtures::default_center();
  const ShiftRules rules = default_rules(c);
  const auto shifts = analysis::enumerate_shifts(c, rules);
  ASSERT_FALSE(shifts.empty());
  for (const analysis::Shift& sh : shifts) {
    const auto& kind = rules.shifts[static_cast<std::size_t>(sh.kind)];
    EXPECT_EQ(std::fmod(sh.start_s, rules.start_grid_s), 0.0);
    EXPECT_GE(sh.start_s, c.open_s);
    EXPECT_LE(sh.end_s, c.close_s);
    EXPECT_DOUBLE_EQ(sh.end_s - sh.start_s, kind.length_s);
    ASSERT_EQ(sh.break_options.size(), kind.breaks.size());
    for (std::size_t b = 0; b < kind.breaks.size(); ++b) {
      ASSERT_FALSE(sh.break_options[b].empty());
      for (double at : sh.break_options[b]) {
        EXPECT_EQ(std::fmod(at, rules.break_grid_s), 0.0);
        EXPECT_GE(at, sh.start_s + kind.breaks[b].earliest_s);
        EXPECT_LE(at, sh.start_s + kind.breaks[b].latest_s);
        EXPECT_LE(at + kind.breaks[b].duration_s, sh.end_s);
      }
    }
    // Paid time and pay: unpaid breaks out, overtime at the premium.
    double paid = kind.length_s;
    for (const auto& br : kind.breaks) paid -= br.paid ? 0 : br.duration_s;
    EXPECT_DOUBLE_EQ(sh.paid_s, paid);
    const double wage = c.roles[static_cast<std::size_t>(sh.role)].wage_per_hour;
    const double over = std::max(0.0, paid - rules.overtime_after_s);
    EXPECT_NEAR(sh.pay, wage * (paid + 0.5 * over) / 3600.0, 1e-9);
  }
}

TEST(CheckRules, AnIntervalNoShiftCoversIsNamedWithItsRule) {
  const auto c = sim::fixtures::default_center();
  ShiftRules rules = default_rules(c);
  rules.earliest_start_s = 9 * 3600.0;
  EXPECT_EQ(analysis::check_rules(c, rules),
            "interval 08:00-08:30 expects calls but no allowed shift covers it: no shift may "
            "start before 09:00 (schedule.earliest_start)");
}

TEST(CheckRules, AMinimumAboveAMaximumIsNamed) {
  const auto c = sim::fixtures::default_center();
  ShiftRules rules = default_rules(c);
  rules.roles[3].min_heads = 5;
  rules.roles[3].max_heads = 2;
  EXPECT_EQ(analysis::check_rules(c, rules),
            "schedule.roles.supervisor: min_heads 5 is above max_heads 2");
}

TEST(Schedule, HeadsCappedBelowTheNeedAreNamed) {
  const auto c = sim::fixtures::default_center();
  ShiftRules rules = default_rules(c);
  rules.roles[1].max_heads = 10;  // rep_2
  analysis::ScheduleOptions o;
  o.staffing.targets = {std::get<analysis::Target>(analysis::parse_target("sl>=0.8", 30))};
  o.staffing.replications = 10;
  const auto r = analysis::schedule_shifts(c, rules, o);
  ASSERT_TRUE(std::holds_alternative<std::string>(r));
  EXPECT_NE(std::get<std::string>(r).find("above schedule.roles.rep_2.max_heads = 10"),
            std::string::npos)
      << std::get<std::string>(r);
}

}  // namespace
