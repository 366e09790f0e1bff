#include "sim/engine/event_queue.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace sim::engine {
namespace {
// std heaps keep the largest first: "later" makes a min-heap.
constexpr auto later = [](const Event& a, const Event& b) { return EventQueue::earlier(b, a); };
}  // namespace

void EventQueue::push_late(const Event& e) {
  late_.push_back(e);
  std::push_heap(late_.begin(), late_.end(), later);
  if (front_index_ >= 0 && late_.size() > kLateMax) dissolve_front();
}

void EventQueue::dissolve_front() {
  // Every front event differs from the base at or below front_index_, where the buckets are
  // empty, so the buckets can take them back; only those at the base time stay in front.
  // Each late event is given back at most once, so this costs O(1) per push amortised.
  front_index_ = -1;
  late_.insert(late_.end(), run_.begin(), run_.end());
  run_.clear();
  for (const Event& e : late_) rebucket(e);
  late_.clear();
  sort_run();
}
void EventQueue::insert_into_run(const Event& e) {
  std::size_t j = run_.size();
  while (j > 0 && earlier(run_[j - 1], e)) --j;
  run_.insert(run_.begin() + static_cast<std::ptrdiff_t>(j), e);
}
void EventQueue::pop_late() {
  std::pop_heap(late_.begin(), late_.end(), later);
  late_.pop_back();
}

void EventQueue::refill_front() {
  // The lowest non-empty bucket holds the earliest events. Making its minimum the new base
  // leaves every higher bucket valid (their events differ from the new base first at the
  // same bit as from the old one), and every event of this bucket now differs from the base
  // below this bucket's bit.
  const auto index = static_cast<std::size_t>(std::countr_zero(nonempty_));
  Bucket& b = buckets_[index];
  const bool take_all = b.size() <= kFrontTake;
  base_bits_ = std::bit_cast<std::uint64_t>(b.min_time);
  // Small bucket: the front takes its whole range. Large: one radix step splits it, and
  // only the events at the base time itself go to the front.
  front_index_ = take_all ? static_cast<int>(index) : -1;

  scratch_.swap(b.blocks);  // b.blocks takes scratch_'s empty list (and its capacity)
  Event* const last_end = b.tail;
  b.tail = b.tail_end = nullptr;
  b.min_time = std::numeric_limits<double>::infinity();
  nonempty_ &= ~(std::uint64_t{1} << index);

  for (std::size_t k = 0; k < scratch_.size(); ++k) {
    Event* const block = scratch_[k];
    Event* const end = (k + 1 == scratch_.size()) ? last_end : block + kBlockEvents;
    if (take_all) {
      run_.insert(run_.end(), block, end);
    } else {
      for (const Event* e = block; e != end; ++e) rebucket(*e);  // below this bucket
    }
    free_blocks_.push_back(block);  // reused right away by the buckets below, still cached
  }
  scratch_.clear();
  sort_run();
}

void EventQueue::sort_run() {
  // Latest first, so that pop() takes the back. Runs are mostly a handful of events, where
  // a plain insertion sort beats std::sort's set-up; a split can leave a long run of equal
  // times (bursts), which std::sort handles.
  if (run_.size() <= 2 * kFrontTake) {
    for (std::size_t i = 1; i < run_.size(); ++i) {
      const Event e = run_[i];
      std::size_t j = i;
      for (; j > 0 && earlier(run_[j - 1], e); --j) run_[j] = run_[j - 1];
      run_[j] = e;
    }
  } else {
    std::sort(run_.begin(), run_.end(), later);
  }
}

void EventQueue::new_block(Bucket& b) {
  if (free_blocks_.empty()) {
    slabs_.push_back(std::make_unique_for_overwrite<Event[]>(kBlockEvents * kSlabBlocks));
    Event* const slab = slabs_.back().get();
    for (std::size_t i = kSlabBlocks; i-- > 0;) free_blocks_.push_back(slab + i * kBlockEvents);
  }
  Event* const block = free_blocks_.back();
  free_blocks_.pop_back();
  b.blocks.push_back(block);
  b.tail = block;
  b.tail_end = block + kBlockEvents;
}

std::size_t EventQueue::memory_bytes() const {
  std::size_t bytes = slabs_.size() * kSlabBlocks * kBlockEvents * sizeof(Event);
  bytes += slabs_.capacity() * sizeof(slabs_[0]);
  bytes += (run_.capacity() + late_.capacity()) * sizeof(Event);
  bytes += (free_blocks_.capacity() + scratch_.capacity()) * sizeof(Event*);
  for (const Bucket& b : buckets_) bytes += b.blocks.capacity() * sizeof(Event*);
  return bytes + sizeof(*this);
}

void EventQueue::clear() {
  for (Bucket& b : buckets_) {
    free_blocks_.insert(free_blocks_.end(), b.blocks.begin(), b.blocks.end());
    b.blocks.clear();
    b.tail = b.tail_end = nullptr;
    b.min_time = std::numeric_limits<double>::infinity();
  }
  nonempty_ = 0;
  base_bits_ = 0;
  front_index_ = -1;
  floor_time_ = 0.0;
  run_.clear();
  late_.clear();
  next_sequence_ = 0;
  size_ = 0;
}

void EventQueue::throw_bad_time(double time) const {
  char text[160];
  std::snprintf(text, sizeof text,
                "EventQueue::push: time %.17g is not a finite time at or after the floor %.17g",
                time, floor_time_);
  throw std::logic_error(text);
}

}  // namespace sim::engine
