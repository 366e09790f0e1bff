// The [schedule] table (scenarios/README.md) reads into sim::model::ShiftRules value for
// value; without it the defaults of sim/model/shift_rules.h come back, with one RoleLimits
// per role. What it refuses is in tests/data/bad/schedule_*.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/model/shift_rules.h"
#include "sim/scenario/scenario.h"

namespace sim::scenario {
namespace {

using model::BreakRule;
using model::RoleLimits;
using model::ShiftKind;
using model::ShiftRules;

const std::string kRoot = CCSIM_SOURCE_DIR;

ShiftRules rules_of(const std::string& file, const std::vector<std::string>& overrides = {}) {
  const auto r = load_scenario(kRoot + "/" + file, overrides);
  EXPECT_TRUE(r.errors.empty()) << r.errors.to_string();
  return r.scenario ? r.scenario->schedule : ShiftRules{};
}

// Field by field, so that a failure names the field (the structs have no operator==).
void expect_break(const BreakRule& got, const BreakRule& want, const std::string& where) {
  SCOPED_TRACE(where + " break " + want.name);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.duration_s, want.duration_s);
  EXPECT_EQ(got.paid, want.paid);
  EXPECT_EQ(got.earliest_s, want.earliest_s);
  EXPECT_EQ(got.latest_s, want.latest_s);
}
void expect_kind(const ShiftKind& got, const ShiftKind& want) {
  SCOPED_TRACE("shift kind " + want.name);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.length_s, want.length_s);
  EXPECT_EQ(got.part_time, want.part_time);
  EXPECT_EQ(got.roles, want.roles);
  ASSERT_EQ(got.breaks.size(), want.breaks.size());
  for (std::size_t i = 0; i < want.breaks.size(); ++i) {
    expect_break(got.breaks[i], want.breaks[i], want.name);
  }
}
void expect_limits(const RoleLimits& got, const RoleLimits& want, const std::string& role) {
  SCOPED_TRACE("role " + role);
  EXPECT_EQ(got.min_heads, want.min_heads);
  EXPECT_EQ(got.max_heads, want.max_heads);
  EXPECT_EQ(got.min_on_duty, want.min_on_duty);
}

TEST(ScheduleRules, EveryKeyReadsIntoTheStructExactly) {
  const ShiftRules r = rules_of("tests/data/schedule/scenario.toml");
  EXPECT_EQ(r.earliest_start_s, 7.5 * 3600);
  EXPECT_EQ(r.latest_end_s, 10.5 * 3600);
  EXPECT_EQ(r.start_grid_s, 15 * 60.0);
  EXPECT_EQ(r.break_grid_s, 5 * 60.0);
  EXPECT_EQ(r.max_part_time_share, 0.4);
  EXPECT_EQ(r.overtime_after_s, 7.5 * 3600);
  EXPECT_EQ(r.overtime_rate, 2.0);
  ASSERT_EQ(r.shifts.size(), 2u);
  // Roles are bits in the order of [[roles]]: rep is bit 0.
  expect_kind(r.shifts[0], {"full",
                            2.5 * 3600,
                            false,
                            {{"rest", 600, true, 1800, 3600}, {"meal", 1200, false, 3600, 7200}},
                            model::RoleMask{1}});
  expect_kind(r.shifts[1], {"short", 3600, true, {}, ~model::RoleMask{0}});
  ASSERT_EQ(r.roles.size(), 2u);
  expect_limits(r.roles[0], RoleLimits{}, "rep");  // no entry: the defaults
  expect_limits(r.roles[1], {1, 3, 1}, "supervisor");
}

TEST(ScheduleRules, WithoutTheTableTheDefaultsComeBackWithOneLimitPerRole) {
  const ShiftRules r = rules_of("tests/data/tiny/scenario.toml");
  const ShiftRules d;
  EXPECT_EQ(r.earliest_start_s, d.earliest_start_s);
  EXPECT_EQ(r.latest_end_s, d.latest_end_s);
  EXPECT_EQ(r.start_grid_s, d.start_grid_s);
  EXPECT_EQ(r.break_grid_s, d.break_grid_s);
  EXPECT_EQ(r.max_part_time_share, d.max_part_time_share);
  EXPECT_EQ(r.overtime_after_s, d.overtime_after_s);
  EXPECT_EQ(r.overtime_rate, d.overtime_rate);
  const auto kinds = model::default_shift_kinds();
  ASSERT_EQ(r.shifts.size(), kinds.size());
  for (std::size_t i = 0; i < kinds.size(); ++i) expect_kind(r.shifts[i], kinds[i]);
  ASSERT_EQ(r.roles.size(), 2u);
  for (const auto& l : r.roles) expect_limits(l, RoleLimits{}, "any");
  // The default hours are the center's.
  EXPECT_EQ(r.earliest_start(8 * 3600), 8 * 3600);
  EXPECT_EQ(r.latest_end(10 * 3600), 10 * 3600);
}

// --set reaches a shift kind by its name, as it reaches call types and roles.
TEST(ScheduleRules, SetOverridesAShiftKindByName) {
  const ShiftRules r =
      rules_of("tests/data/schedule/scenario.toml",
               {"schedule.shifts.short.length_h=1.5", "schedule.overtime_rate=1.25"});
  ASSERT_EQ(r.shifts.size(), 2u);
  EXPECT_EQ(r.shifts[1].length_s, 1.5 * 3600);
  EXPECT_EQ(r.overtime_rate, 1.25);
}

// The shipped day writes its rules out (scenarios/default/scenario.toml): the full-time
// kinds are shift_rules.h's defaults, part-time is for the reps only, and a supervisor and
// an assistant manager are on the phones in every interval.
TEST(ScheduleRules, TheDefaultDayStatesTheDefaultKindsWithPartTimeForRepsOnly) {
  const auto loaded = load_scenario(kRoot + "/scenarios/default/scenario.toml");
  ASSERT_TRUE(loaded.scenario) << loaded.errors.to_string();
  const Scenario& s = *loaded.scenario;
  const ShiftRules& r = s.schedule;
  const ShiftRules d;
  EXPECT_EQ(r.earliest_start(s.center.open_s), s.center.open_s);
  EXPECT_EQ(r.latest_end(s.center.close_s), s.center.close_s);
  EXPECT_EQ(r.start_grid_s, d.start_grid_s);
  EXPECT_EQ(r.break_grid_s, d.break_grid_s);
  EXPECT_EQ(r.max_part_time_share, d.max_part_time_share);
  EXPECT_EQ(r.overtime_after_s, d.overtime_after_s);
  EXPECT_EQ(r.overtime_rate, d.overtime_rate);
  auto kinds = model::default_shift_kinds();
  ASSERT_EQ(kinds.back().name, "part_4h");
  kinds.back().roles = model::RoleMask{0b11};  // rep_1, rep_2
  ASSERT_EQ(r.shifts.size(), kinds.size());
  for (std::size_t i = 0; i < kinds.size(); ++i) expect_kind(r.shifts[i], kinds[i]);
  const auto roles = s.role_names();
  ASSERT_EQ(r.roles.size(), roles.size());
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const bool on_duty = roles[i] == "supervisor" || roles[i] == "assistant_manager";
    expect_limits(r.roles[i], {0, -1, on_duty ? 1 : 0}, roles[i]);
  }
}

}  // namespace
}  // namespace sim::scenario
