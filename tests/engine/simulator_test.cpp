#include "sim/engine/simulator.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace sim::engine {
namespace {

// A model that records what it saw and reschedules itself a fixed number of times.
struct Recorder {
  Simulator& sim;
  std::vector<std::pair<double, std::uint64_t>> seen;
  int repeats_left = 0;
  void handle(const Event& e) {
    seen.emplace_back(sim.now(), e.payload);
    if (repeats_left-- > 0) sim.schedule_in(1.0, 0, e.payload + 1);
  }
};

TEST(Simulator, RunUntilHandlesEventsUpToTheLimitThenSetsTheClockToIt) {
  Simulator sim;
  Recorder m{sim, {}, 10};
  sim.schedule_at(0.5, 0, 0);
  EXPECT_EQ(sim.run_until(3.5, m), 4u);  // t = 0.5, 1.5, 2.5, 3.5 (the limit is inclusive)
  EXPECT_EQ(sim.now(), 3.5);
  EXPECT_EQ(sim.pending(), 1u);
  EXPECT_EQ(sim.run_until(3.9, m), 0u);
  EXPECT_EQ(sim.now(), 3.9);
  // An event may be added between runs at any time not before now(), even before the next
  // pending one.
  sim.schedule_at(4.0, 0, 100);
  sim.run(m);
  ASSERT_GE(m.seen.size(), 6u);
  EXPECT_EQ(m.seen[4], (std::pair<double, std::uint64_t>{4.0, 100}));
  EXPECT_EQ(m.seen[5], (std::pair<double, std::uint64_t>{4.5, 4}));
}

TEST(Simulator, SchedulingInThePastIsAnError) {
  Simulator sim;
  Recorder m{sim, {}, 0};
  sim.schedule_at(2.0, 0, 0);
  sim.run(m);
  EXPECT_THROW(sim.schedule_at(1.0, 0, 0), std::logic_error);
  EXPECT_THROW(sim.schedule_in(-0.5, 0, 0), std::logic_error);
}

struct Stopper {
  Simulator& sim;
  int handled = 0;
  void handle(const Event&) {
    if (++handled == 3) sim.stop();
  }
};

TEST(Simulator, StopEndsTheRunAfterTheCurrentEvent) {
  Simulator sim;
  Stopper m{sim};
  for (int i = 0; i < 10; ++i) sim.schedule_at(i, 0, 0);
  EXPECT_EQ(sim.run(m), 3u);
  EXPECT_EQ(sim.now(), 2.0);
  EXPECT_EQ(sim.pending(), 7u);
}

}  // namespace
}  // namespace sim::engine
