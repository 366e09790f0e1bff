// `ccsim demo`: an M/M/n queue on the engine, printed next to Erlang C. It is the default
// job until the contact-center model and scenario files land, and shows in one screen that
// the engine, the random streams and the queueing formulas agree.
#pragma once

#include <cstdint>
#include <iosfwd>

namespace app {

struct DemoOptions {
  int agents = 50;
  double load_erlangs = 45.0;   // offered load A = lambda x mean handle time
  double mean_handle_s = 300.0;
  double target_s = 20.0;       // service-level threshold
  std::uint64_t calls = 2'000'000;
  std::uint64_t seed = 1;
};

int run_demo(const DemoOptions& options, std::ostream& out);

}  // namespace app
