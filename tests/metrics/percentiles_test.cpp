// The collector's wait percentiles against the definition, computed the plain way from the
// trace: sort the answered waits, interpolate between order statistics (type 7 of Hyndman
// & Fan). The collector selects in place for few waits and by a radix step for many
// (day_metrics.cpp); both paths, and days with many waits of 0, must give the same bits.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/metrics/trace.h"
#include "tests/support/centers.h"

namespace sim::metrics {
namespace {

double type7(std::vector<float> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  return a + (h - static_cast<double>(lo)) * (static_cast<double>(v[lo + 1]) - a);
}

void expect_percentiles(const CallStats& s, const std::vector<float>& waits, const char* what) {
  ASSERT_FALSE(waits.empty()) << what;
  EXPECT_EQ(s.wait_p50_s, type7(waits, 0.50)) << what << " p50, " << waits.size() << " waits";
  EXPECT_EQ(s.wait_p90_s, type7(waits, 0.90)) << what << " p90, " << waits.size() << " waits";
  EXPECT_EQ(s.wait_p99_s, type7(waits, 0.99)) << what << " p99, " << waits.size() << " waits";
}

// agents: few make most calls wait; many make most waits 0.
void check_day(int agents, double interval_s) {
  const double horizon = 8 * 3600.0;
  const auto center = fixtures::single_skill(agents, 1.0, 60.0, 120.0, horizon, 0, interval_s);
  TraceLog trace;
  const DayResults r = simulate_day(center, 17, 0, 20.0, trace);
  std::vector<float> day;
  std::vector<std::vector<float>> by_interval(r.intervals);
  for (const TraceRecord& x : trace.records()) {
    if (x.event != TraceEvent::answered) continue;
    day.push_back(static_cast<float>(x.wait_s));
    const auto k = static_cast<std::size_t>((x.call.offered_s - r.open_s) / r.interval_s);
    if (k < r.intervals) by_interval[k].push_back(static_cast<float>(x.wait_s));
  }
  const auto zeros = std::count(day.begin(), day.end(), 0.0f);
  SCOPED_TRACE(testing::Message() << agents << " agents, " << day.size() << " answered, "
                                  << zeros << " at once");
  expect_percentiles(r.type[0], day, "type");
  expect_percentiles(r.day, day, "day");
  for (std::size_t k = 0; k < r.intervals; ++k) {
    if (by_interval[k].empty()) continue;
    expect_percentiles(r.interval[k], by_interval[k], "interval");
    expect_percentiles(r.interval_type[k], by_interval[k], "interval x type");
  }
}

TEST(WaitPercentiles, EqualTheSortedDefinitionOnBothPathsBusyOrNot) {
  // About 28,800 calls: the day and type go by the radix step; 2-hour intervals (about
  // 7,200 calls) too, half-hour ones (about 1,800) by selection.
  for (const double interval_s : {1800.0, 7200.0}) {
    check_day(55, interval_s);  // overloaded: most calls wait, many abandon
    check_day(62, interval_s);  // about 1 erlang spare: a mix of 0 and positive waits
    check_day(80, interval_s);  // most answered at once: waits of 0 dominate
  }
}

}  // namespace
}  // namespace sim::metrics
