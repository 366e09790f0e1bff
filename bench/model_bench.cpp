// Whole-model throughput: calls simulated per second, reported as items_per_second.
//
// Model/ccsim/erlang_a      the contact-center model with its day collector (monitoring on)
//                           on an Erlang-A center: c = 100 agents, lambda = 95/min, mean
//                           handle 1 min, mean patience 2 min, 10^6 calls, one thread.
// Model/hand_loop/erlang_a  the same queue as a minimal hand-written loop (the baseline a
//                           user would write: std::priority_queue, a FIFO, lazy abandonment
//                           timers, the same generator and inversion sampling).
// Model/ccsim/utility_day   the default day users run (scenarios/default): 13 call types,
//                           five roles, 230 agents with shifts and breaks, escalations,
//                           redials, a 10-hour day.
//
// bench/ratios.py reads the ccsim / hand_loop ratio off the JSON output.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <vector>

#include "sim/engine/random.h"
#include "sim/metrics/day_metrics.h"
#include "tests/support/centers.h"

namespace {

constexpr int kAgents = 100;
constexpr double kRatePerS = 95.0 / 60.0, kHandleS = 60.0, kPatienceS = 120.0;
constexpr double kCalls = 1'000'000;

// Simulates days of `center`, one replication per iteration; items are calls offered.
void simulate_days(benchmark::State& state, const sim::model::Center& center, double sl_s) {
  std::uint64_t calls = 0, rep = 0;
  for (auto _ : state) {
    const auto r = sim::metrics::simulate_day(center, 1, rep++, sl_s);
    calls += r.day.offered;
    benchmark::DoNotOptimize(r.day.answered);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(calls));
}

void ccsim_erlang_a(benchmark::State& state) {
  const double horizon = kCalls / kRatePerS;
  const auto center = sim::fixtures::single_skill(kAgents, kRatePerS, kHandleS, kPatienceS, horizon,
                                                  0, horizon / 100.0);
  simulate_days(state, center, 20.0);
}

// What a user would write for M/M/n+M.
struct HandLoopResult {
  std::uint64_t offered = 0, answered = 0, abandoned = 0;
  double wait = 0;
};
HandLoopResult hand_loop(std::uint64_t seed) {
  sim::engine::RandomStream arrivals(seed, 0, "arrivals"), service(seed, 0, "service"),
      patience(seed, 0, "patience");
  auto exp = [](sim::engine::RandomStream& r, double mean) {
    return -mean * std::log(r.uniform_open0());
  };
  enum : std::uint64_t { kArrival, kDeparture, kAbandon };
  using Ev = std::pair<double, std::uint64_t>;  // time, (seq << 24 | customer << 2 | kind)
  std::priority_queue<Ev, std::vector<Ev>, std::greater<Ev>> events;
  std::uint64_t seq = 0;
  auto schedule = [&](double t, std::uint64_t customer, std::uint64_t kind) {
    events.emplace(t, (seq++ << 24) | (customer & 0x3FFFFF) << 2 | kind);
  };
  std::deque<std::pair<double, std::uint64_t>> queue;  // arrival time, customer
  std::vector<std::uint8_t> waiting(1 << 22, 0);
  HandLoopResult r;
  int busy = 0;
  std::uint64_t next_customer = 0;
  const double end = kCalls / kRatePerS;
  schedule(exp(arrivals, 1.0 / kRatePerS), next_customer++, kArrival);
  while (!events.empty()) {
    const auto [t, code] = events.top();
    events.pop();
    const std::uint64_t kind = code & 3, customer = (code >> 2) & 0x3FFFFF;
    if (kind == kArrival) {
      ++r.offered;
      const double next = t + exp(arrivals, 1.0 / kRatePerS);
      if (next < end) schedule(next, next_customer++, kArrival);
      if (busy < kAgents) {
        ++busy;
        ++r.answered;
        schedule(t + exp(service, kHandleS), customer, kDeparture);
      } else {
        queue.emplace_back(t, customer);
        waiting[customer] = 1;
        schedule(t + exp(patience, kPatienceS), customer, kAbandon);
      }
    } else if (kind == kDeparture) {
      --busy;
      while (!queue.empty() && !waiting[queue.front().second]) queue.pop_front();
      if (!queue.empty()) {
        const auto [arrived, c] = queue.front();
        queue.pop_front();
        waiting[c] = 0;
        ++busy;
        ++r.answered;
        r.wait += t - arrived;
        schedule(t + exp(service, kHandleS), c, kDeparture);
      }
    } else if (waiting[customer]) {  // abandonment, unless answered meanwhile
      waiting[customer] = 0;
      ++r.abandoned;
    }
  }
  return r;
}

void hand_loop_erlang_a(benchmark::State& state) {
  std::uint64_t calls = 0, seed = 1;
  for (auto _ : state) {
    const auto r = hand_loop(seed++);
    calls += r.offered;
    benchmark::DoNotOptimize(r.answered);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(calls));
}

void ccsim_utility_day(benchmark::State& state) {
  const auto center = sim::fixtures::default_center();
  simulate_days(state, center, 30.0);
}

}  // namespace

BENCHMARK(ccsim_erlang_a)->Name("Model/ccsim/erlang_a")->Unit(benchmark::kMillisecond);
BENCHMARK(hand_loop_erlang_a)->Name("Model/hand_loop/erlang_a")->Unit(benchmark::kMillisecond);
BENCHMARK(ccsim_utility_day)->Name("Model/ccsim/utility_day")->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
