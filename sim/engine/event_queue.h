// Pending-event set of the engine: a monotone radix heap on the bit pattern of the event
// time whose lowest bucket, once small, is taken out sorted (the "front").
//
// Order contract (total, written once here): events come out by time, then by order class
// (smaller first), then by insertion order (FIFO). The order class lets a model state that,
// say, an agent freed at t takes a call arriving at t.
//
// Monotone: a push must not be earlier than the time of the last popped event (the floor).
// That is what a discrete-event simulation does anyway; violating it throws
// std::logic_error instead of corrupting the heap. Times must be finite and >= 0.
//
// How: non-negative doubles order like their bit patterns. Bucket i holds the events whose
// time differs from the base (the earliest time when the front was last refilled) first at
// bit i. When the front runs dry, the lowest non-empty bucket is either taken whole into the
// front (at most kFrontTake events, sorted) or, if larger, split one radix step down.
// Events pushed into the front's range while it is in use wait in a small binary heap. A
// front taken from a few events (after a drain, or from a few events at t0 > 0) can span all
// later times; it gives its range up when it empties, or goes back to the buckets when its
// heap overflows, so that later events do not all end up in the heap.
// A pure radix heap would move each event once per bit level it descends (about ten times
// at N = 1000 on 52-bit mantissas); taking small buckets whole stops that descent early.
//
// | operation   | cost                                                                   |
// |-------------|------------------------------------------------------------------------|
// | push        | O(1) into a bucket (XOR, count-leading-zeros, append); O(log k) when it |
// |             | falls inside the front's range (k: such late events)                   |
// | pop         | O(1) from the sorted front, plus amortised O(log(N / kFrontTake)) radix |
// |             | moves and O(log kFrontTake) sorting work per event                     |
// | next_time   | O(1): each bucket keeps its minimum time                               |
// | memory      | 24 bytes per pending event in 1.5 KiB blocks shared by all buckets,    |
// |             | plus at most one partly filled block per bucket (64) and the front     |
//
// The hold-model benchmark (bench/README.md) measures it against std::priority_queue with a
// FIFO tie-break. Buckets are lists of fixed-size blocks from one pool rather than
// std::vectors, so a bucket that once held a million events does not keep that capacity
// while its events sit elsewhere: memory stays near 24 bytes per pending event (tested at
// N = 10^6).
//
// Cancellation is lazy and belongs to the model: push() returns the event's sequence
// number; a model that may cancel a timer remembers it (or a generation counter) and
// drops a popped event whose number is no longer current. A stale event costs its 24 bytes
// and one pop until it comes due; no search, no tombstone table.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

namespace sim::engine {

// One pending event: trivially copyable, no pointer, no allocation.
struct Event {
  double time;
  std::uint64_t order;    // order class in the top 8 bits, insertion sequence in the low 56
  std::uint64_t payload;  // opaque to the engine; the model decides what it means

  static constexpr int kClassShift = 56;
  static constexpr std::uint64_t kSequenceMask = (std::uint64_t{1} << kClassShift) - 1;

  std::uint8_t order_class() const { return static_cast<std::uint8_t>(order >> kClassShift); }
  std::uint64_t sequence() const { return order & kSequenceMask; }
};
static_assert(sizeof(Event) == 24);
static_assert(std::is_trivially_copyable_v<Event>);

class EventQueue {
 public:
  EventQueue() = default;
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;
  EventQueue(EventQueue&&) noexcept = default;
  EventQueue& operator=(EventQueue&&) noexcept = default;

  // Schedules an event and returns its sequence number (unique for this queue).
  // Throws std::logic_error if time is NaN, infinite, negative or before floor().
  std::uint64_t push(double time, std::uint8_t order_class, std::uint64_t payload) {
    time += 0.0;  // -0.0 becomes +0.0 so that the bit pattern orders like the value
    if (!(time >= floor_time_) || !(time <= std::numeric_limits<double>::max())) {
      throw_bad_time(time);
    }
    const std::uint64_t seq = next_sequence_++;
    const Event e{time, (std::uint64_t{order_class} << Event::kClassShift) | seq, payload};
    place(e);
    ++size_;
    return seq;
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // Time of the next event, +infinity when empty. Does not move the floor.
  double next_time() const {
    if (!run_.empty()) {
      return late_.empty() ? run_.back().time : std::min(run_.back().time, late_.front().time);
    }
    if (!late_.empty()) return late_.front().time;
    if (nonempty_ == 0) return std::numeric_limits<double>::infinity();
    return buckets_[static_cast<std::size_t>(std::countr_zero(nonempty_))].min_time;
  }

  // Removes and returns the first event in the order contract. Precondition: !empty().
  Event pop() {
    Event e;
    if (late_.empty()) {
      if (run_.empty()) refill_front();
      e = run_.back();
      run_.pop_back();
    } else if (run_.empty() || earlier(late_.front(), run_.back())) {
      e = late_.front();
      pop_late();
    } else {
      e = run_.back();
      run_.pop_back();
    }
    floor_time_ = e.time;
    --size_;
    return e;
  }

  // The order contract as a predicate: true if a comes out before b.
  static bool earlier(const Event& a, const Event& b) { return key(a) < key(b); }

  // Time of the last popped event: pushes earlier than this are rejected.
  double floor() const { return floor_time_; }

  // Pending events in the front's fallback heap (late events), for tests: the radix
  // buckets should hold almost all of a large queue, whatever its history.
  std::size_t fallback_size() const { return late_.size(); }

  // Bytes held by the queue (blocks, bucket lists, front), slack included.
  std::size_t memory_bytes() const;

  // Forgets every event and the floor; keeps allocated blocks for reuse.
  void clear();

 private:
  // (time, order) as one 128-bit number: one comparison, no dependent branches.
  __extension__ using Key = unsigned __int128;
  static Key key(const Event& e) {
    return (Key{std::bit_cast<std::uint64_t>(e.time)} << 64) | e.order;
  }

  static constexpr std::size_t kBlockEvents = 64;  // 1.5 KiB blocks
  static constexpr std::size_t kSlabBlocks = 64;   // blocks allocated together
  static constexpr std::size_t kFrontTake = 32;    // tuned with bench/hold_bench
  // A short run takes late events by sorted insertion (a short memmove); a long one (a
  // burst of equal times) would move too much, so late events then wait in a heap.
  static constexpr std::size_t kRunInsertMax = 64;
  // More late events than this while the front spans more than one instant means its range
  // draws most pushes (it was taken when few events were pending, e.g. growing from one
  // event): the front is then given back to the buckets, which split it again.
  static constexpr std::size_t kLateMax = 64;

  struct Bucket {
    std::vector<Event*> blocks;  // all full except the last
    Event* tail = nullptr;       // next free slot in the last block
    Event* tail_end = nullptr;
    double min_time = std::numeric_limits<double>::infinity();
    std::size_t size() const {
      return blocks.empty() ? 0
                            : (blocks.size() - 1) * kBlockEvents +
                                  static_cast<std::size_t>(tail - blocks.back());
    }
  };

  void place(const Event& e) {
    const std::uint64_t x = std::bit_cast<std::uint64_t>(e.time) ^ base_bits_;
    const int index = x == 0 ? -1 : 63 - std::countl_zero(x);
    if (index <= front_index_) {  // inside the front's range: earlier than every bucket
      if (index >= 0 && run_.empty() && late_.empty()) {
        // The front is empty (the queue drained, or its one event was popped): the range
        // it took at the last refill may span all later times, so it is given up and the
        // event goes to its bucket like any other.
        front_index_ = -1;
      } else {
        if (run_.size() < kRunInsertMax) {
          insert_into_run(e);
        } else {
          push_late(e);
        }
        return;
      }
    }
    append(static_cast<unsigned>(index), e);
  }

  // Below the base's own time: into the run, otherwise into the bucket of its highest bit
  // differing from the base.
  void rebucket(const Event& e) {
    const std::uint64_t x = std::bit_cast<std::uint64_t>(e.time) ^ base_bits_;
    if (x == 0) [[unlikely]] {
      run_.push_back(e);
    } else {
      append(static_cast<unsigned>(63 - std::countl_zero(x)), e);
    }
  }

  void append(unsigned index, const Event& e) {
    Bucket& b = buckets_[index];
    if (b.tail == b.tail_end) [[unlikely]] new_block(b);
    *b.tail++ = e;
    b.min_time = std::min(b.min_time, e.time);  // minsd: no branch to mispredict
    nonempty_ |= std::uint64_t{1} << index;
  }

  void refill_front();
  void sort_run();
  void dissolve_front();
  void new_block(Bucket& b);
  void push_late(const Event& e);
  void insert_into_run(const Event& e);
  void pop_late();
  [[noreturn]] void throw_bad_time(double time) const;

  std::array<Bucket, 64> buckets_{};  // bucket i: highest bit differing from the base is i
  std::uint64_t nonempty_ = 0;        // bit i set when bucket i holds events
  std::uint64_t base_bits_ = 0;       // radix reference: bit pattern of a time <= every event
  int front_index_ = -1;              // the front holds the range of buckets <= this index
  double floor_time_ = 0.0;           // time of the last popped event
  // The front: the run is the bucket taken at the last refill, sorted latest first so that
  // pop is pop_back; late is a min-heap for events pushed into the front's range while the
  // run was long.
  std::vector<Event> run_;
  std::vector<Event> late_;
  std::vector<Event*> free_blocks_;
  std::vector<Event*> scratch_;  // block list of the bucket being emptied
  std::vector<std::unique_ptr<Event[]>> slabs_;
  std::uint64_t next_sequence_ = 0;
  std::size_t size_ = 0;
};

}  // namespace sim::engine
