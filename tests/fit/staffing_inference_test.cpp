// The fit's staffing inference on a log whose agents' sessions are known by construction:
// every figure below is worked out by hand from the rule in analysis/fit.h (present while
// serving, in gaps of at most session_gap_s, and at a session's edges for up to
// session_gap_s while nobody of the role's types waits), not taken from a run.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "analysis/fit.h"

namespace analysis {
namespace {

using sim::scenario::CallRecord;

constexpr double at(int h, int m) { return h * 3600.0 + m * 60.0; }
constexpr std::uint16_t A = 0, B = 1;  // A is the main type (most calls)
constexpr int ann = 0, bob = 1, cat = 2;

CallRecord served(std::int32_t day, std::uint16_t type, int agent, double start, double minutes,
                  double wait_s = 0) {
  CallRecord r;
  r.day = day;
  r.type = type;
  r.agent = agent;
  r.answered = true;
  r.service_known = true;
  r.arrival_s = start - wait_s;
  r.wait_s = wait_s;
  r.service_start_s = start;
  r.service_s = minutes * 60;
  return r;
}
CallRecord abandoned(std::int32_t day, std::uint16_t type, double arrival, double wait_s) {
  CallRecord r;
  r.day = day;
  r.type = type;
  r.arrival_s = arrival;
  r.wait_s = wait_s;
  return r;
}

// Two days from 09:00 to 11:00 in half hours; sessions end after a 10-minute gap.
//
// Day 1: ann serves A back to back 09:00-10:00. cat serves A 09:00-09:20 and 09:25-09:40
// (an A caller waited 09:18-09:24, so the 5-minute gap is after-call work), then a B call
// that waited 2 minutes, 09:42-09:50. bob serves B 10:00-10:30; a B caller waited
// 09:52-09:58, which cuts bob's idle time before his session to 09:58.
// Day 2: ann serves A 09:30-10:30, bob B 10:00-10:30 with nobody waiting, and cat serves a
// call of a type the fit left out, 10:40-10:50, which counts for presence only.
//
// Presence in agent-minutes per interval (09:00, 09:30, 10:00, 10:30):
//   day 1, role agents:   ann 09:00-10:10 (30, 30, 10, 0) + cat 09:00-10:00 (30, 30, 0, 0)
//   day 1, role B_agents: bob 09:58-10:40 (0, 2, 30, 10)
//   day 2, role agents:   ann 09:20-10:40 (10, 30, 30, 10) + cat 10:30-11:00 (0, 0, 0, 30)
//   day 2, role B_agents: bob 09:50-10:40 (0, 10, 30, 10)
struct KnownLog {
  std::vector<CallRecord> records;
  DayGrid grid;
  FitOptions options;
  std::vector<std::string> agents = {"ann", "bob", "cat"}, types = {"A", "B"};

  KnownLog() {
    grid.days = {100, 101};
    grid.open_s = at(9, 0);
    grid.interval_s = 1800;
    grid.intervals = 4;
    options.session_gap_s = 600;
    options.min_agent_calls = 4;  // bob's four services make him a specialist
    for (int i = 0; i < 6; ++i) records.push_back(served(100, A, ann, at(9, 10 * i), 10));
    records.push_back(served(100, A, cat, at(9, 0), 20));
    records.push_back(abandoned(100, A, at(9, 18), 360));
    records.push_back(served(100, A, cat, at(9, 25), 15));
    records.push_back(served(100, B, cat, at(9, 42), 8, 120));
    records.push_back(abandoned(100, B, at(9, 52), 360));
    records.push_back(served(100, B, bob, at(10, 0), 15));
    records.push_back(served(100, B, bob, at(10, 15), 15));
    for (int i = 0; i < 6; ++i) records.push_back(served(101, A, ann, at(9, 30 + 10 * i), 10));
    records.push_back(served(101, B, bob, at(10, 0), 15));
    records.push_back(served(101, B, bob, at(10, 15), 15));
    records.push_back(served(101, kOtherType, cat, at(10, 40), 10));
  }
};

std::vector<double> agents_of(std::vector<double> minutes) {
  for (double& m : minutes) m /= 30;
  return minutes;
}

void expect_presence(const std::vector<double>& got, const std::vector<double>& minutes,
                     const char* what) {
  const std::vector<double> want = agents_of(minutes);
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t k = 0; k < want.size(); ++k) {
    EXPECT_DOUBLE_EQ(got[k], want[k]) << what << ", interval " << k;
  }
}

TEST(StaffingInference, CountsServicesOfKeptTypesWithAKnownTime) {
  const KnownLog log;
  const ServiceCounts served = count_services(log.records, 3, 2);
  EXPECT_EQ(served, (ServiceCounts{{12, 0}, {0, 4}, {2, 1}}));  // cat's other type: not counted
}

TEST(StaffingInference, AnAgentServingOneSideTypeIsItsSpecialist) {
  const KnownLog log;
  const Roles roles = infer_roles(count_services(log.records, 3, 2), log.types, log.options);
  EXPECT_EQ(roles.names, (std::vector<std::string>{"agents", "B_agents"}));
  EXPECT_EQ(roles.of_agent, (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(roles.of_type, (std::vector<int>{-1, 1}));
  // cat served B once in three, and three is under min_agent_calls anyway; with a higher
  // bar bob is no specialist either, and everyone is in "agents".
  FitOptions strict = log.options;
  strict.min_agent_calls = 5;
  const Roles one = infer_roles(count_services(log.records, 3, 2), log.types, strict);
  EXPECT_EQ(one.names, (std::vector<std::string>{"agents"}));
  EXPECT_EQ(one.of_agent, (std::vector<int>{0, 0, 0}));
}

TEST(StaffingInference, TheMainRoleTakesAnotherTypeAfterTheMedianWaitOfItsShare) {
  const KnownLog log;
  const ServiceCounts served = count_services(log.records, 3, 2);
  const Roles roles = infer_roles(served, log.types, log.options);
  const RoutingFit r = infer_routing(roles, served, log.records, log.options);
  // A: only "agents" served it. B: B_agents served 4 of 5, "agents" 1 of 5 (20 % >= 5 %),
  // after a wait of 120 s, the median of the one B call it answered.
  EXPECT_EQ(r.eligible, (std::vector<std::uint32_t>{0b01, 0b10}));
  EXPECT_EQ(r.overflow, (std::vector<std::uint32_t>{0b00, 0b01}));
  EXPECT_EQ(r.overflow_after_s[0], std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.overflow_after_s[1], 120);
  // Above the share "agents" served, B is B_agents' alone.
  FitOptions picky = log.options;
  picky.eligible_share = 0.25;
  const RoutingFit alone = infer_routing(roles, served, log.records, picky);
  EXPECT_EQ(alone.overflow, (std::vector<std::uint32_t>{0, 0}));
}

TEST(StaffingInference, AgentsPerRoleAndIntervalAreTheSessionsOfTheLog) {
  const KnownLog log;
  const StaffingInference s =
      infer_staffing(log.records, log.agents, log.types, log.grid, log.options);
  EXPECT_EQ(s.staffing.roles, (std::vector<std::string>{"agents", "B_agents"}));
  EXPECT_EQ(s.staffing.agents,
            (std::vector<std::vector<std::string>>{{"ann", "cat"}, {"bob"}}));
  const auto& day = s.presence.per_day;
  ASSERT_EQ(day.size(), 2u);
  expect_presence(day[0][0], {60, 60, 10, 0}, "day 1, agents");
  expect_presence(day[0][1], {0, 2, 30, 10}, "day 1, B_agents");
  expect_presence(day[1][0], {10, 30, 30, 40}, "day 2, agents");
  expect_presence(day[1][1], {0, 10, 30, 10}, "day 2, B_agents");
  expect_presence(s.staffing.mean[0], {35, 45, 20, 20}, "mean, agents");
  expect_presence(s.staffing.mean[1], {0, 6, 30, 10}, "mean, B_agents");
  // cat's 5-minute gap began while an A caller waited: after-call work of her A call. Her
  // 2-minute gap before the B call began while only a B caller waited, whom her role does
  // not take: no sample.
  EXPECT_EQ(s.presence.wrap, (std::vector<std::vector<double>>{{300}, {}}));
}

// Calls 09:00-09:10 and 09:40-09:50 with sessions ending after 10 minutes: two sessions,
// each with 10 idle minutes on either side that fall in the day; the 30-minute gap between
// them counts only as those edges (09:10-09:20 and 09:30-09:40).
TEST(StaffingInference, AGapLongerThanTheSessionGapEndsTheSession) {
  KnownLog log;
  log.records = {served(100, A, ann, at(9, 0), 10), served(100, A, ann, at(9, 40), 10)};
  log.grid.days = {100};
  const StaffingInference s =
      infer_staffing(log.records, log.agents, log.types, log.grid, log.options);
  expect_presence(s.staffing.mean[0], {20, 30, 0, 0}, "ann");
  // A session gap of an hour joins them, and the idle hour after the session reaches to
  // 10:50: present 09:00-10:50.
  log.options.session_gap_s = 3600;
  const StaffingInference joined =
      infer_staffing(log.records, log.agents, log.types, log.grid, log.options);
  expect_presence(joined.staffing.mean[0], {30, 30, 30, 20}, "ann, one session");
}

}  // namespace
}  // namespace analysis
