// A process-wide stop request (Ctrl-C). The command line's signal handler sets it; the
// run loop polls it every few thousand events and long loops outside the engine poll it
// between steps, and all of them throw Interrupted, so a stop unwinds through the same
// path as an error: every temporary output is removed by its owner's destructor.
//
// One flag for the process rather than a token passed down: a signal is process-wide, and
// a token would have to cross every layer (analysis searches, thread pools) to reach the
// loop that must see it.
#pragma once

#include <atomic>
#include <exception>

namespace sim::engine {

struct Interrupted : std::exception {
  const char* what() const noexcept override { return "interrupted"; }
};

// Lock-free and constant-initialized: safe to set from a signal handler.
inline std::atomic<bool> g_stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

inline void request_stop() noexcept { g_stop_requested.store(true, std::memory_order_relaxed); }
inline void clear_stop() noexcept { g_stop_requested.store(false, std::memory_order_relaxed); }
inline bool stop_requested() noexcept {
  return g_stop_requested.load(std::memory_order_relaxed);
}
inline void throw_if_stop_requested() {
  if (stop_requested()) throw Interrupted();
}

}  // namespace sim::engine
