#include "app/demo.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <iomanip>
#include <ostream>

#include "analysis/erlang.h"
#include "sim/engine/distributions.h"
#include "sim/engine/random.h"
#include "sim/engine/simulator.h"

namespace app {
namespace {

using sim::engine::Event;

// Same-instant order: a departure at t frees an agent for a call arriving at t.
enum OrderClass : std::uint8_t { kDeparture = 0, kArrival = 1 };

struct MmnQueue {
  sim::engine::Simulator& sim;
  sim::engine::RandomStream arrivals_rng, service_rng;
  sim::engine::Exponential interarrival, service;
  int agents;
  double target_s;
  std::uint64_t calls_left;

  int busy = 0;
  std::deque<double> waiting;  // arrival times, FIFO
  std::uint64_t answered = 0, waited = 0, within_target = 0;
  double total_wait = 0.0;

  void handle(const Event& e) {
    if (e.order_class() == kArrival) {
      if (--calls_left > 0) sim.schedule_in(interarrival.sample(arrivals_rng), kArrival, 0);
      if (busy < agents) {
        answer(0.0);
      } else {
        waiting.push_back(sim.now());
      }
    } else if (!waiting.empty()) {
      const double wait = sim.now() - waiting.front();
      waiting.pop_front();
      --busy;
      answer(wait);
    } else {
      --busy;
    }
  }

  void answer(double wait) {
    ++busy;
    ++answered;
    if (wait > 0.0) ++waited;
    if (wait <= target_s) ++within_target;
    total_wait += wait;
    sim.schedule_in(service.sample(service_rng), kDeparture, 0);
  }
};

}  // namespace

int run_demo(const DemoOptions& o, std::ostream& out) {
  sim::engine::Simulator sim;
  MmnQueue model{sim,
                 {o.seed, 0, "arrivals"},
                 {o.seed, 0, "work_content"},
                 sim::engine::Exponential(o.mean_handle_s / o.load_erlangs),
                 sim::engine::Exponential(o.mean_handle_s),
                 o.agents,
                 o.target_s,
                 o.calls,
                 0,
                 {},
                 0,
                 0,
                 0,
                 0.0};
  sim.schedule_at(0.0, kArrival, 0);
  const auto start = std::chrono::steady_clock::now();
  sim.run(model);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const double n = static_cast<double>(model.answered);
  const double pw = analysis::erlang_c(o.agents, o.load_erlangs);
  const double asa = analysis::erlang_c_asa(o.agents, o.load_erlangs, o.mean_handle_s);
  const double sl =
      analysis::erlang_c_service_level(o.agents, o.load_erlangs, o.mean_handle_s, o.target_s);
  out << "ccsim demo: M/M/" << o.agents << " queue, offered load " << o.load_erlangs
      << " Erlangs, mean handle " << o.mean_handle_s << " s, " << model.answered
      << " calls, seed " << o.seed << "\n\n";
  char sl_label[32];
  std::snprintf(sl_label, sizeof sl_label, "SL(%g s)", o.target_s);
  auto row = [&out](const char* label, double simulated, double theory) {
    out << "  " << std::left << std::setw(20) << label << std::right << std::setw(12)
        << simulated << std::setw(12) << theory << "\n";
  };
  out << std::fixed << std::setprecision(4);
  out << "  " << std::left << std::setw(20) << "metric" << std::right << std::setw(12)
      << "simulated" << std::setw(12) << "Erlang C" << "\n";
  row("P(wait > 0)", static_cast<double>(model.waited) / n, pw);
  row("ASA (s)", model.total_wait / n, asa);
  row(sl_label, static_cast<double>(model.within_target) / n, sl);
  out << "\n";
  out << std::setprecision(2) << "  " << sim.events_handled() << " events in " << seconds
      << " s (" << std::setprecision(1) << static_cast<double>(sim.events_handled()) / seconds / 1e6
      << " M events/s). The contact-center model replaces this demo as the default job.\n";
  return 0;
}

}  // namespace app
