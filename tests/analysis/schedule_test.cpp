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

TEST(CheckRules, AMinimumOnDutyAboveTheHeadsAllowedIsNamed) {
  const auto c = sim::fixtures::default_center();
  ShiftRules rules = default_rules(c);
  rules.roles[3].min_on_duty = 5;
  rules.roles[3].max_heads = 2;
  EXPECT_EQ(analysis::check_rules(c, rules),
            "schedule.roles.supervisor: min_on_duty 5 is above max_heads 2");
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
  EXPECT_NE(std::get<std::string>(r).find("rep_2 heads with the shifts that role may work, "
                                          "above schedule.roles.rep_2.max_heads = 10"),
            std::string::npos)
      << std::get<std::string>(r);
}

}  // namespace

namespace {

// The default day scheduled with a fixed and a free mix, a few replications each.
analysis::ScheduleResult scheduled(analysis::Mix mix) {
  const auto c = sim::fixtures::default_center();
  analysis::ScheduleOptions o;
  o.mix = mix;
  o.staffing.targets = {std::get<analysis::Target>(analysis::parse_target("sl>=0.8", 30)),
                        std::get<analysis::Target>(analysis::parse_target("abandon<=0.05", 30))};
  o.staffing.replications = 20;
  auto r = analysis::schedule_shifts(c, default_rules(c), o);
  return std::get<analysis::ScheduleResult>(std::move(r));
}

std::vector<int> heads_by_role(const analysis::ScheduleResult& r, std::size_t roles) {
  std::vector<int> h(roles, 0);
  for (const auto& a : r.agents) ++h[static_cast<std::size_t>(r.patterns[a.pattern].role)];
  return h;
}

// Senior specialists take exactly the calls Rep IIs take, at a higher wage: with stand-ins
// allowed the cheapest mix has none, and costs less than today's shares; Rep Is cannot
// stand in for Rep IIs (restoration, assistance programs, meter problems), so Rep IIs
// stay. Both rosters meet every interval when simulated.
TEST(Schedule, AFreeMixDropsTheDearerRoleThatOthersCanStandInFor) {
  const auto c = sim::fixtures::default_center();
  const auto fixed = scheduled(analysis::Mix::fixed), free = scheduled(analysis::Mix::free);
  ASSERT_TRUE(fixed.met);
  ASSERT_TRUE(free.met);
  const auto hf = heads_by_role(fixed, c.roles.size()), hm = heads_by_role(free, c.roles.size());
  const int senior = sim::fixtures::role_index(c, "senior_specialist");
  const int rep_2 = sim::fixtures::role_index(c, "rep_2");
  EXPECT_GT(hf[static_cast<std::size_t>(senior)], 0);
  EXPECT_EQ(hm[static_cast<std::size_t>(senior)], 0);
  EXPECT_GT(hm[static_cast<std::size_t>(rep_2)], hf[static_cast<std::size_t>(rep_2)]);
  EXPECT_LT(free.payroll, fixed.payroll);
  // The payroll is the agents' pay, and no roster costs less than the LP bound.
  double pay = 0;
  for (const auto& a : free.agents) pay += free.patterns[a.pattern].pay;
  EXPECT_NEAR(free.payroll, pay, 1e-6);
  EXPECT_GE(free.payroll, free.mip_bound - 1e-6);
  EXPECT_GE(free.mip_bound, free.lp_bound - 1e-6);
}

}  // namespace
