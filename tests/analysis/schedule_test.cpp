// Shift scheduling: the patterns obey the rules, the integer program is solved exactly on
// a textbook case, infeasible rules are named, and a scheduled day meets its targets.
#include "analysis/schedule.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analysis/integer_program.h"
#include "tests/support/centers.h"

namespace {

using analysis::Pattern;
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

TEST(Patterns, EveryPatternKeepsItsKindsRules) {
  const auto c = sim::fixtures::default_center();
  const ShiftRules rules = default_rules(c);
  const auto pats = analysis::enumerate_patterns(c, rules);
  ASSERT_FALSE(pats.empty());
  for (const Pattern& p : pats) {
    const auto& kind = rules.shifts[static_cast<std::size_t>(p.kind)];
    EXPECT_EQ(std::fmod(p.start_s, rules.start_grid_s), 0.0);
    EXPECT_GE(p.start_s, c.open_s);
    EXPECT_LE(p.end_s, c.close_s);
    EXPECT_DOUBLE_EQ(p.end_s - p.start_s, kind.length_s);
    ASSERT_EQ(p.break_start_s.size(), kind.breaks.size());
    double free_from = p.start_s, on_s = p.end_s - p.start_s;
    for (std::size_t b = 0; b < kind.breaks.size(); ++b) {
      const double at = p.break_start_s[b];
      EXPECT_EQ(std::fmod(at, rules.break_grid_s), 0.0);
      EXPECT_GE(at, p.start_s + kind.breaks[b].earliest_s);
      EXPECT_LE(at, p.start_s + kind.breaks[b].latest_s);
      EXPECT_GE(at, free_from) << "breaks overlap";
      free_from = at + kind.breaks[b].duration_s;
      on_s -= kind.breaks[b].duration_s;
    }
    EXPECT_LE(free_from, p.end_s);
    double covered_s = 0;
    for (double x : p.coverage) {
      EXPECT_GE(x, 0.0);
      EXPECT_LE(x, 1.0);
      covered_s += x * c.interval_s;
    }
    EXPECT_NEAR(covered_s, on_s, 1e-6);  // the default day's shifts lie inside opening hours
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
