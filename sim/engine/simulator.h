// Clock and run loop over an EventQueue. The loop is a template on the model, so each
// event reaches the model by a direct (inlinable) call: no virtual call, no std::function.
//
// A model is any type with `void handle(const Event&)`; it schedules through the
// Simulator it was given. Time is a double in whatever unit the model chooses (the
// contact-center model uses seconds).
#pragma once

#include <cstdint>
#include <stdexcept>

#include "sim/engine/event_queue.h"
#include "sim/engine/interrupt.h"

namespace sim::engine {

template <class M>
concept Model = requires(M& m, const Event& e) { m.handle(e); };

class Simulator {
 public:
  double now() const { return now_; }
  std::size_t pending() const { return queue_.size(); }
  std::uint64_t events_handled() const { return handled_; }

  // Schedules an event at absolute time `time` (>= now()); returns its sequence number,
  // which a model keeps if it may cancel the event later (see EventQueue: lazy cancel).
  std::uint64_t schedule_at(double time, std::uint8_t order_class, std::uint64_t payload) {
    if (time < now_) throw std::logic_error("Simulator::schedule_at: time is before now()");
    return queue_.push(time, order_class, payload);
  }
  std::uint64_t schedule_in(double delay, std::uint8_t order_class, std::uint64_t payload) {
    return schedule_at(now_ + delay, order_class, payload);
  }

  // Handles every event with time <= until, in the queue's order, then sets the clock to
  // `until` (so the next run starts there). Returns the number of events handled.
  template <Model M>
  std::uint64_t run_until(double until, M& model) {
    const std::uint64_t before = handled_;
    stop_requested_ = false;
    while (!queue_.empty() && queue_.next_time() <= until && !stop_requested_) {
      poll_interrupt();
      const Event e = queue_.pop();
      now_ = e.time;
      ++handled_;
      model.handle(e);
    }
    if (!stop_requested_ && until > now_) now_ = until;
    return handled_ - before;
  }

  // Handles events until none is left (or stop() is called); throws Interrupted on Ctrl-C.
  template <Model M>
  std::uint64_t run(M& model) {
    const std::uint64_t before = handled_;
    stop_requested_ = false;
    while (!queue_.empty() && !stop_requested_) {
      poll_interrupt();
      const Event e = queue_.pop();
      now_ = e.time;
      ++handled_;
      model.handle(e);
    }
    return handled_ - before;
  }

  // Handles the next event alone; false when none is left. Time moves to that event.
  template <Model M>
  bool step(M& model) {
    if (queue_.empty()) return false;
    poll_interrupt();
    const Event e = queue_.pop();
    now_ = e.time;
    ++handled_;
    model.handle(e);
    return true;
  }

  // Called from inside handle(): the loop returns after the current event.
  void stop() { stop_requested_ = true; }

  // Every 4096 events: throws Interrupted once a stop was requested (Ctrl-C), so a long
  // day stops within milliseconds, at the cost of one counter test per event.
  void poll_interrupt() const {
    if ((handled_ & 4095u) == 0) throw_if_stop_requested();
  }

  const EventQueue& queue() const { return queue_; }

 private:
  EventQueue queue_;
  double now_ = 0.0;
  std::uint64_t handled_ = 0;
  bool stop_requested_ = false;
};

}  // namespace sim::engine
