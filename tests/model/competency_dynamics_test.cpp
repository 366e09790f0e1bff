// Issue 17's competency dynamics: floor support, escalation by skill, the assistant
// manager's own authority, learning curves. Each mechanism must respond to its competency
// on common random numbers (same seed, same customers), and be a no-op at its neutral value.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/model/competency.h"
#include "sim/model/contact_center.h"
#include "tests/support/centers.h"

namespace sim::model {
namespace {

using fixtures::default_day;
using fixtures::role_index;
using fixtures::type_index;

constexpr std::uint64_t kSeed = 17;
constexpr int kReplications = 4;

// Floor support on: a skill-1 agent asks on 30 % of calls, skill 2 on 10 %, skill 3 on 2 %;
// an assist lasts 3 minutes on average. Rates are illustrative, not from the seeds.
Center with_floor_support(Center c) {
  c.effects.assist_probability = {0.30, 0.10, 0.02};
  c.floor_support.assist_s = engine::Exponential(180.0);
  return c;
}

// Sums of the day figures over kReplications replications on the same seed.
struct Totals {
  double assist_s = 0;  // of `role`
  std::uint64_t escalated = 0, handled = 0;
};
Totals run(const Center& c, int role) {
  Totals t;
  for (int r = 0; r < kReplications; ++r) {
    const metrics::DayResults d = metrics::simulate_day(c, kSeed, static_cast<std::uint64_t>(r), 30);
    t.assist_s += d.role[static_cast<std::size_t>(role)].assist_s;
    t.escalated += d.day.escalated;
    t.handled += d.day.handled;
  }
  return t;
}

// Roles of the default day: rep_1, rep_2, senior_specialist, supervisor, assistant_manager.
TEST(FloorSupport, ASupervisorsAssistTimeRisesAsRepIReplaceRepII) {
  const Center journey = with_floor_support(default_day(3000, {10, 100, 25, 16, 4}));
  const Center entry = with_floor_support(default_day(3000, {40, 70, 25, 16, 4}));
  const int sup = role_index(journey, "supervisor");
  const Totals a = run(journey, sup), b = run(entry, sup);
  // 30 Rep I ask three times as often as the 30 Rep II they replace: by heads, 46 % more
  // asks (10 x 0.3 + 100 x 0.1 = 13 against 40 x 0.3 + 70 x 0.1 = 19), fewer in fact
  // since a Rep I takes fewer calls, and an assist is given only when a supervisor is
  // idle. Seeds 17-21 all passed at 1.3 x on this light day (at 6,000 calls supervisors
  // are busier and the rise is about 1.2 x).
  EXPECT_GT(a.assist_s, 0.0);
  EXPECT_GT(b.assist_s, 1.3 * a.assist_s) << a.assist_s << " " << b.assist_s;
  // Nobody gives floor support in a role without supervision 2.
  EXPECT_EQ(run(entry, role_index(entry, "rep_2")).assist_s, 0.0);
}

TEST(FloorSupport, OffDrawsNothingAndChangesNothing) {
  Center plain = default_day(3000, {20, 40, 10, 6, 2});
  Center off = plain;
  off.floor_support.assist_s = engine::Exponential(180.0);  // no one asks: never drawn
  const metrics::DayResults a = metrics::simulate_day(plain, kSeed, 0, 30);
  const metrics::DayResults b = metrics::simulate_day(off, kSeed, 0, 30);
  EXPECT_EQ(a.day.handled, b.day.handled);
  EXPECT_EQ(a.day.talk_s, b.day.talk_s);  // bit for bit
  EXPECT_EQ(a.total_wait_s, b.total_wait_s);
}

TEST(FloorSupport, WithoutAnIdleHelperTheRepGoesOnAlone) {
  Center c = with_floor_support(default_day(3000, {20, 40, 10, 0, 0}));  // no supervisors
  c.effects.assist_probability = {1.0, 1.0, 1.0};
  Center off = default_day(3000, {20, 40, 10, 0, 0});
  const metrics::DayResults a = metrics::simulate_day(c, kSeed, 0, 30);
  const metrics::DayResults b = metrics::simulate_day(off, kSeed, 0, 30);
  EXPECT_EQ(a.day_agents.assist_s, 0.0);
  EXPECT_EQ(a.day.talk_s, b.day.talk_s);  // no talk time added when nobody helps
}

TEST(Escalation, FallsWithJudgmentAndJobKnowledge) {
  Center weak = default_day(4000, {40, 0, 0, 16, 4});
  weak.effects.escalation_multiplier = {2.0, 1.0, 0.6};
  Center taught = weak;  // the same Rep I, at journey level in judgment and job knowledge
  const int rep1 = role_index(weak, "rep_1");
  for (Agent& a : taught.agents) {
    if (a.role != rep1) continue;
    Levels l = taught.roles[static_cast<std::size_t>(rep1)].levels;
    l[static_cast<std::size_t>(Competency::judgment)] = 2;
    l[static_cast<std::size_t>(Competency::job_knowledge)] = 2;
    a.levels = l;
  }
  const Totals w = run(weak, rep1), t = run(taught, rep1);
  // Same customers: the skill-2 multiplier is half the skill-1 one, so about half the
  // escalations per call; 0.7 x leaves room for the calls each roster handles.
  const double w_rate = static_cast<double>(w.escalated) / static_cast<double>(w.handled);
  const double t_rate = static_cast<double>(t.escalated) / static_cast<double>(t.handled);
  EXPECT_LT(t_rate, 0.7 * w_rate) << w_rate << " " << t_rate;
}

// Who answers and who hands on the escalated_official calls of the default day.
struct OfficialLog : NullObserver {
  int official = -1, manager_part = -1;
  std::vector<int> answered_manager_part_by, handed_on_by;
  void answered(const CallFact& c, double, double, int, int role) {
    if (c.type == manager_part) answered_manager_part_by.push_back(role);
  }
  void transferred(const CallFact& c, double, int, int role, TransferReason) {
    if (c.type == official) handed_on_by.push_back(role);
  }
};

TEST(ManagerAuthority, OnlyTheAssistantManagerDecidesWhatNeedsTheManager) {
  const Center c = fixtures::default_center();
  OfficialLog log;
  log.official = type_index(c, "escalated_official");
  log.manager_part = type_index(c, "escalated_manager");
  ContactCenter<OfficialLog> m(c, kSeed, 0, log);
  m.run();
  const int sup = role_index(c, "supervisor"), am = role_index(c, "assistant_manager");
  ASSERT_FALSE(log.handed_on_by.empty());
  for (int r : log.handed_on_by) EXPECT_EQ(r, sup);  // an assistant manager never hands on
  ASSERT_FALSE(log.answered_manager_part_by.empty());
  for (int r : log.answered_manager_part_by) EXPECT_EQ(r, am);
}

TEST(LearningCurve, TenureMovesTheEffectsTowardJourneyLevelExponentially) {
  Center c = default_day(1000, {2, 1, 0, 1, 1});
  c.effects.learning_weeks = 12.0;
  const Levels rep1 = c.roles[static_cast<std::size_t>(c.agents[0].role)].levels;
  const Levels journey = journey_levels(rep1);
  const double m1 = talk_multiplier(c.effects, rep1, c.call_types[0]);
  const double m2 = talk_multiplier(c.effects, journey, c.call_types[0]);
  ASSERT_GT(m1, m2);
  c.agents[1].tenure_weeks = 0.0;
  EffectTables fresh(c);
  EXPECT_DOUBLE_EQ(fresh.talk_multiplier(0, 0), m1);  // no tenure: its levels, for good
  EXPECT_DOUBLE_EQ(fresh.talk_multiplier(1, 0), m1);  // a first day: not learnt yet
  c.agents[1].tenure_weeks = 12.0;
  EffectTables learnt(c);
  EXPECT_NEAR(learnt.talk_multiplier(1, 0), m2 + (m1 - m2) * std::exp(-1.0), 1e-12);
  EXPECT_GT(learnt.fcr(1, 0), fresh.fcr(1, 0));
  EXPECT_LT(learnt.error(1, 0), fresh.error(1, 0));
  // Over a horizon the tenure grows a week every 7 days: day 84 at tenure 0 is tenure 12.
  c.agents[1].tenure_weeks = 0.0;
  EffectTables later(c, 84);
  EXPECT_NEAR(later.talk_multiplier(1, 0), learnt.talk_multiplier(1, 0), 1e-12);
  EXPECT_DOUBLE_EQ(later.talk_multiplier(0, 0), m1);  // without a tenure, days change nothing
}

}  // namespace
}  // namespace sim::model
