// The collector's wait percentiles against the definition, computed the plain way from the
// trace: sort the answered waits, interpolate between order statistics (type 7 of Hyndman
// & Fan). The collector selects in place for few waits and by a radix step for many
// (day_metrics.cpp); both paths, and days with many waits of 0, must give the same bits.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
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

// The all-types (customer) rows are summed from the types' cells at the end of the day,
// the escalated parts' apart (day_metrics.h). Against the trace, interval by interval: a
// type's row counts every attempt and part of that type, the all-types row only the
// customers' own phone attempts, but every completion (a part's ends the customer's call).
// billing_dispute's parts are sent to escalated_official, which customers also call, so
// one type has both in its row.
TEST(AllTypesRows, AreTheCustomersOwnAttemptsWhileTypeRowsAlsoHoldTheirParts) {
  model::Center center = fixtures::default_center();
  const auto index = [&](const char* name) {
    for (std::size_t k = 0; k < center.call_types.size(); ++k) {
      if (center.call_types[k].name == name) return k;
    }
    throw std::runtime_error(name);
  };
  center.call_types[index("billing_dispute")].escalation_type =
      static_cast<int>(index("escalated_official"));
  TraceLog trace;
  const DayResults r = simulate_day(center, 5, 0, 30.0, trace);
  const std::size_t types = r.types, n = r.intervals;
  struct Row {
    std::uint64_t offered = 0, answered = 0, abandoned = 0, handled = 0, parts = 0;
    double wait_s = 0, talk_s = 0;
    std::vector<float> waits;
  };
  std::vector<Row> type_rows(n * types), all_rows(n);
  Row day;
  std::size_t both = 0;  // parts answered by escalated_official's type row
  for (const TraceRecord& x : trace.records()) {
    if (x.event == TraceEvent::answered && !x.call.escalated_part) {
      day.waits.push_back(static_cast<float>(x.wait_s));  // before opening and after too
    }
    const double at = x.call.offered_s - r.open_s;
    if (at < 0 || at >= r.interval_s * static_cast<double>(n)) continue;
    const auto k = static_cast<std::size_t>(at / r.interval_s);
    Row& t = type_rows[k * types + x.call.type];
    const bool own = !x.call.escalated_part;
    std::vector<Row*> rows{&t};
    if (own) rows.push_back(&all_rows[k]);
    switch (x.event) {
      case TraceEvent::offered:
        for (Row* w : rows) ++w->offered;
        break;
      case TraceEvent::abandoned:
        for (Row* w : rows) ++w->abandoned;
        break;
      case TraceEvent::answered:
        for (Row* w : rows) {
          ++w->answered;
          w->wait_s += x.wait_s;
          w->waits.push_back(static_cast<float>(x.wait_s));
        }
        t.parts += !own;
        both += !own && x.call.type == index("escalated_official");
        break;
      case TraceEvent::completed:
        for (Row* w : {&t, &all_rows[k]}) {
          ++w->handled;
          w->talk_s += x.talk_s;
        }
        break;
      default: break;
    }
  }
  ASSERT_GT(both, 0u);
  const auto check = [](const CallStats& s, const Row& w, const char* what, std::size_t k) {
    SCOPED_TRACE(testing::Message() << what << " " << k);
    EXPECT_EQ(s.offered, w.offered);
    EXPECT_EQ(s.answered, w.answered);
    EXPECT_EQ(s.abandoned, w.abandoned);
    EXPECT_EQ(s.handled, w.handled);
    EXPECT_NEAR(s.wait_answered_s, w.wait_s, 1e-9 * (1 + w.wait_s));
    EXPECT_NEAR(s.talk_s, w.talk_s, 1e-9 * (1 + w.talk_s));
    if (!w.waits.empty()) expect_percentiles(s, w.waits, what);
  };
  for (std::size_t k = 0; k < n; ++k) {
    check(r.interval[k], all_rows[k], "all types, interval", k);
    EXPECT_EQ(r.interval[k].parts_answered, 0u);
    for (std::size_t t = 0; t < types; ++t) {
      check(r.interval_type[k * types + t], type_rows[k * types + t], "type x interval",
            k * types + t);
      EXPECT_EQ(r.interval_type[k * types + t].parts_answered, type_rows[k * types + t].parts);
    }
  }
  expect_percentiles(r.day, day.waits, "day");
}

// A part carried at close counts in the carried_out of the type the customer called about,
// not in the all-types row; a customer's own attempt in both.
TEST(AllTypesRows, APartCarriedCountsInItsFirstTypesRowOnly) {
  const model::Center center = fixtures::default_center();
  std::uint16_t dispute = 0;
  while (center.call_types[dispute].name != "billing_dispute") ++dispute;
  const auto escalated = static_cast<std::uint16_t>(center.call_types[dispute].escalation_type);
  DayCollector collector(center, 30.0);
  const double t = center.open_s + 10.0;
  const model::CallFact own{1, t, t, dispute, dispute, 0, false, false, false};
  const model::CallFact part{2, t, t, escalated, dispute, 0, true, false, false};
  collector.carried(own, center.close_s, center.close_s + 3600);
  collector.carried(part, center.close_s, center.close_s + 3600);
  collector.carried(part, center.close_s, center.close_s + 3600);
  const DayResults r = collector.finish(center.close_s);
  EXPECT_EQ(r.interval_type[dispute].carried_out, 3u);
  EXPECT_EQ(r.interval_type[escalated].carried_out, 0u);
  EXPECT_EQ(r.interval[0].carried_out, 1u);
  EXPECT_EQ(r.type[dispute].carried_out, 3u);
  EXPECT_EQ(r.day.carried_out, 1u);
}

}  // namespace
}  // namespace sim::metrics
