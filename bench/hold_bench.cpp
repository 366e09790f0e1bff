// Hold-model benchmark of the pending-event set (Jones 1986; Ronngren & Ayani 1997):
// fill the queue to N events, then repeat "pop the earliest, push it again at its time plus
// a random increment". Each case runs the project's EventQueue and the queue a user would
// write, std::priority_queue<std::pair<double, uint64_t>> with a FIFO tie-break, on the same
// increments in the same binary, so their ratio is measured under the same machine load.
//
// Two cases leave the hold model's bulk fill at t = 0 (issue 18): up/down fills the queue
// to N and drains it, again and again; grow starts from one event at t0 > 0 and grows to N
// by pushing two events per pop, then holds.
//
// Names: Hold/<impl>/<case>/<N>, impl in {event_queue, std_priority_queue}.
// bench/ratios.py turns the JSON output into the ratio table (see bench/README.md).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/event_queue.h"
#include "sim/engine/random.h"

namespace {

using sim::engine::EventQueue;
using sim::engine::RandomStream;

// ---- increment distributions (mean about 1) -------------------------------------------
enum class Case { exponential, uniform, bimodal, triangular, ties, cancel, updown, grow };

const char* name(Case c) {
  switch (c) {
    case Case::exponential: return "exponential";
    case Case::uniform: return "uniform";
    case Case::bimodal: return "bimodal";
    case Case::triangular: return "triangular";
    case Case::ties: return "ties";
    case Case::cancel: return "cancel";
    case Case::updown: return "updown";
    case Case::grow: return "grow";
  }
  return "?";
}

double draw(Case c, RandomStream& r) {
  switch (c) {
    case Case::exponential:
    case Case::cancel:
    case Case::updown:
    case Case::grow: return -std::log(r.uniform_open0());
    case Case::uniform: return 2.0 * r.uniform01();
    // 90 % short (U[0, 0.2)), 10 % long (U[9, 11)): a fast and a slow process mixed.
    case Case::bimodal:
      return r.uniform01() < 0.9 ? 0.2 * r.uniform01() : 9.0 + 2.0 * r.uniform01();
    case Case::triangular: return r.uniform01() + r.uniform01();  // on [0, 2], mode 1
    // Times on a 1/16 grid: every timestamp is shared by a burst of events, as shift starts
    // and interval ticks produce; increments of 0 (same-instant events) occur too.
    case Case::ties: return std::floor(-std::log(r.uniform_open0()) * 16.0) / 16.0;
  }
  return 1.0;
}

// A table of increments, cycled, so that drawing them costs the same for both queues and
// almost nothing compared with the queue operations.
class Increments {
 public:
  explicit Increments(Case c) {
    RandomStream r(42, 0, name(c));
    for (double& x : table_) x = draw(c, r);
  }
  double next() { return table_[k_++ & (kSize - 1)]; }

 private:
  static constexpr std::size_t kSize = std::size_t{1} << 16;
  std::vector<double> table_ = std::vector<double>(kSize);
  std::size_t k_ = 0;
};

// ---- the two implementations behind one interface ----------------------------------------
struct Popped {
  double time;
  std::uint32_t slot;
  std::uint64_t seq;
};

struct ProjectQueue {
  EventQueue q;
  std::uint64_t push(double t, std::uint32_t slot) { return q.push(t, 0, slot); }
  Popped pop() {
    const auto e = q.pop();
    return {e.time, static_cast<std::uint32_t>(e.payload), e.sequence()};
  }
  std::size_t size() const { return q.size(); }
  double bytes_per_event() const {
    return static_cast<double>(q.memory_bytes()) / static_cast<double>(q.size());
  }
};

// What a user would write: (time, sequence) pairs in a min-heap, the slot packed into the
// low 20 bits so that the sequence still decides ties.
struct StdQueue {
  using Item = std::pair<double, std::uint64_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> q;
  std::uint64_t next_seq = 0;
  std::uint64_t push(double t, std::uint32_t slot) {
    const std::uint64_t seq = next_seq++;
    q.emplace(t, (seq << 20) | slot);
    return seq;
  }
  Popped pop() {
    const Item top = q.top();
    q.pop();
    return {top.first, static_cast<std::uint32_t>(top.second & 0xFFFFF), top.second >> 20};
  }
  std::size_t size() const { return q.size(); }
  double bytes_per_event() const {
    // priority_queue hides its vector; a vector grown by push_back holds at most 2x.
    return static_cast<double>(sizeof(Item));
  }
};

// ---- the hold model -----------------------------------------------------------------------
template <class Queue>
void hold(benchmark::State& state, Case c) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  Increments inc(c);
  Queue queue;
  // Cancel case: each slot's live event is the one whose sequence number it remembers;
  // every third operation cancels a random slot's event (lazily) and reschedules the slot.
  std::vector<std::uint64_t> live(n);
  RandomStream pick(7, 0, "cancel_pick");
  for (std::uint32_t s = 0; s < n; ++s) live[s] = queue.push(inc.next(), s);

  std::uint64_t op = 0, stale = 0;
  const bool cancel = c == Case::cancel;
  auto step = [&] {
    if (!cancel) {  // the plain hold model: no bookkeeping beyond the queue itself
      const Popped p = queue.pop();
      queue.push(p.time + inc.next(), p.slot);
      return;
    }
    for (;;) {
      const Popped p = queue.pop();
      if (p.seq != live[p.slot]) {  // cancelled earlier: drop it
        ++stale;
        continue;
      }
      live[p.slot] = queue.push(p.time + inc.next(), p.slot);
      if (++op % 3 == 0) {
        const auto s = static_cast<std::uint32_t>(pick() % n);
        live[s] = queue.push(p.time + inc.next(), s);
      }
      return;
    }
  };
  for (std::uint32_t i = 0; i < n; ++i) step();  // warm up to the steady state

  for (auto _ : state) step();
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_per_event"] = queue.bytes_per_event();
  if (cancel) {
    state.counters["stale_share"] = static_cast<double>(stale) / static_cast<double>(op);
  }
}

// Up/down and grow: the queue's size changes, so its history is what is measured. Both
// start at t0 = 28,800 (08:00 in seconds); every push is at least the last popped time.
template <class Queue>
void changing_size(benchmark::State& state, Case c) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Increments inc(c);
  Queue queue;
  double now = 28'800.0;
  auto slot = [&] { return static_cast<std::uint32_t>(queue.size()); };  // < 2^20 up to N
  bool filling = true;
  auto up_down = [&] {  // one operation: a push while filling up to n, else a pop
    if (filling) {
      queue.push(now + inc.next(), slot());
      filling = queue.size() < n;
    } else {
      now = queue.pop().time;
      filling = queue.size() == 0;
    }
  };
  auto grow = [&] {  // pop, push it again, and push one more while below n
    const Popped p = queue.pop();
    queue.push(p.time + inc.next(), p.slot);
    if (queue.size() < n) queue.push(p.time + inc.next(), slot());
  };
  if (c == Case::updown) {
    for (std::size_t i = 0; i < 2 * n; ++i) up_down();  // one full cycle: time from a drain
    for (auto _ : state) up_down();
  } else {
    queue.push(now, 0);
    for (auto _ : state) grow();  // the growth is timed too: N - 1 of the operations
  }
  state.SetItemsProcessed(state.iterations());
}

void register_all() {
  const Case cases[] = {Case::exponential, Case::uniform, Case::bimodal, Case::triangular,
                        Case::ties,        Case::cancel,  Case::updown,  Case::grow};
  for (const Case c : cases) {
    for (const std::int64_t n : {100, 1'000, 10'000, 100'000, 1'000'000}) {
      // Fixed iteration counts: the setup (fill + warm-up) then runs once per benchmark.
      const std::int64_t iters = std::max<std::int64_t>(2'000'000, 2 * n);
      const std::string suffix = std::string("/") + name(c) + "/" + std::to_string(n);
      const bool sized = c == Case::updown || c == Case::grow;
      auto add = [&](const char* impl, auto run) {
        benchmark::RegisterBenchmark(("Hold/" + std::string(impl) + suffix).c_str(), run)
            ->Arg(n)
            ->Iterations(iters)
            ->Unit(benchmark::kNanosecond);
      };
      if (sized) {
        add("event_queue", [c](benchmark::State& s) { changing_size<ProjectQueue>(s, c); });
        add("std_priority_queue", [c](benchmark::State& s) { changing_size<StdQueue>(s, c); });
      } else {
        add("event_queue", [c](benchmark::State& s) { hold<ProjectQueue>(s, c); });
        add("std_priority_queue", [c](benchmark::State& s) { hold<StdQueue>(s, c); });
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
