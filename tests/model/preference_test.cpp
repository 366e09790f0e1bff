// Issue 19 in the whole model: group preference (CallType::role_ranks), random selection
// among free agents and per-type service-level thresholds, each reduced to today's model
// on the same streams, and each shown to act.
#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/model/contact_center.h"
#include "tests/support/centers.h"
#include "tests/support/same_day.h"

namespace sim::model {
namespace {

using fixtures::default_center;
using fixtures::same_day;
using metrics::simulate_day;

const Center& base() {
  static const Center c = default_center();
  return c;
}

TEST(Preference, EqualRanksEverywhereGiveTodaysDay) {
  Center ranked = base();
  for (CallType& t : ranked.call_types) t.role_ranks.assign(ranked.roles.size(), 7);
  for (std::uint64_t rep : {0, 1}) {
    EXPECT_TRUE(same_day(simulate_day(base(), 11, rep, 30.0), simulate_day(ranked, 11, rep, 30.0)));
  }
}

TEST(Preference, OneGroupAndOneTypeRankedIsTodaysSingleSkillQueue) {
  const Center plain = fixtures::single_skill(6, 1.0 / 60, 300, 180.0, 4 * 3600.0);
  Center ranked = plain;
  ranked.call_types[0].role_ranks = {1};
  EXPECT_TRUE(same_day(simulate_day(plain, 3, 0, 20.0), simulate_day(ranked, 3, 0, 20.0)));
}

// The default day's rep_2 agents rank one type above the others: they answer more of it
// and fewer of the rest than without ranks, with the same customers.
TEST(Preference, ARoleAnswersMoreOfTheTypeItRanksFirst) {
  Center ranked = base();
  const int rep2 = fixtures::role_index(ranked, "rep_2");
  const std::size_t own = static_cast<std::size_t>(fixtures::type_index(ranked, "high_usage"));
  for (std::size_t t = 0; t < ranked.call_types.size(); ++t) {
    ranked.call_types[t].role_ranks.assign(ranked.roles.size(), 1);
    ranked.call_types[t].role_ranks[static_cast<std::size_t>(rep2)] = t == own ? 1 : 2;
  }
  const auto a = simulate_day(base(), 5, 0, 30.0), b = simulate_day(ranked, 5, 0, 30.0);
  const auto share = [&](const metrics::DayResults& r) {
    double mine = 0, all = 0;
    for (std::size_t t = 0; t < r.type.size(); ++t) {
      const double n = static_cast<double>(r.mechanism(static_cast<std::size_t>(rep2), t).answered);
      all += n;
      mine += t == own ? n : 0.0;
    }
    return mine / all;
  };
  EXPECT_GT(share(b), share(a) * 1.05) << share(a) << " -> " << share(b);
}

TEST(ServiceLevelThreshold, EveryTypeAtTheScenariosThresholdGivesTodaysDay) {
  Center own = base();
  for (CallType& t : own.call_types) t.sl_threshold_s = 30.0;
  EXPECT_TRUE(same_day(simulate_day(base(), 9, 0, 30.0), simulate_day(own, 9, 0, 30.0)));
}

// Every type at its own 45 s is the day measured at one threshold of 45 s.
TEST(ServiceLevelThreshold, EachTypesOwnThresholdIsTheOneItsCallsAreCountedAt) {
  Center own = base();
  for (CallType& t : own.call_types) t.sl_threshold_s = 45.0;
  EXPECT_TRUE(same_day(simulate_day(base(), 9, 0, 45.0), simulate_day(own, 9, 0, 30.0)));
}

// One type with a threshold no wait reaches: its calls are all within, the other types'
// rows do not move, and the all-types row gains exactly that type's calls beyond 30 s.
TEST(ServiceLevelThreshold, OneTypesThresholdMovesItsRowAndTheAllTypesRowOnly) {
  Center own = base();
  const auto k = static_cast<std::size_t>(fixtures::type_index(own, "bill_explanation"));
  own.call_types[k].sl_threshold_s = 1e9;
  const auto a = simulate_day(base(), 9, 0, 30.0), b = simulate_day(own, 9, 0, 30.0);
  for (std::size_t t = 0; t < a.type.size(); ++t) {
    if (t == k) {
      EXPECT_EQ(b.type[t].answered_within, b.type[t].answered);
    } else {
      EXPECT_EQ(b.type[t].answered_within, a.type[t].answered_within) << t;
    }
  }
  const std::uint64_t late = a.type[k].answered - a.type[k].answered_within;
  ASSERT_GT(late, 0u);
  EXPECT_EQ(b.day.answered_within, a.day.answered_within + late);
}

}  // namespace
}  // namespace sim::model
