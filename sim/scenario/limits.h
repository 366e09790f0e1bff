// Bounds on what a scenario may ask for, so that a typo or a hostile file gets a clear
// error instead of exhausting memory, time or the stack. Each is documented in
// scenarios/README.md (#limits); the command line may raise the ones that a real center
// could reach.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sim::scenario {

struct Limits {
  // Expected calls of one replication (the forecast after surges), and of one interval of
  // one call type. A replication holds every call in memory (about 150 bytes each): a
  // 12.6 KB scenario asked for 256 million calls a day and died of bad_alloc.
  double max_calls_per_day = 1'000'000;
  // Agents on the roster plus those added by staff events.
  std::size_t max_agents = 100'000;
  // Call type, role and agent names and the scenario's name, in characters: every output
  // row repeats them (a 10 MB name gave 1.2 GB of output).
  std::size_t max_name_chars = 100;
  // Each file read: scenario, base, forecast, profile, roster. They are read whole.
  std::uintmax_t max_file_bytes = 64u << 20;
  // toml++ (3.3.0 in Debian) recurses per part of a dotted key and per nested array or
  // inline table: a 100 KB line with a 50,000-part key overflowed the stack. The text is
  // checked against these before the parser sees it.
  std::size_t max_toml_line_chars = 10'000;
  std::size_t max_toml_depth = 16;  // nested arrays and inline tables; parts of a key
};

// Every duration a scenario gives (a distribution's parameters, thresholds, break lengths)
// is at most this: 30 days, far beyond one simulated day, small enough that every time the
// model computes from it stays finite.
inline constexpr double kMaxDurationS = 30 * 86400.0;
// A busyness CV ([busyness], call_types busyness_cv): a day often half or twice the
// forecast is CV ~0.5; 2 is far beyond any center, and keeps the gamma shape >= 1/4.
inline constexpr double kMaxBusynessCv = 2;

// [schedule]: each shift kind and each of its breaks multiplies the shift patterns that
// `ccsim schedule` enumerates (a start on the grid times each break's place in its window),
// and with them the integer program's columns.
// A roster's shifts may start up to this long before opening and end this long after
// closing (setting up, clearing the queue); a [schedule] may not reach further.
inline constexpr double kShiftMarginS = 3600.0;
inline constexpr std::size_t kMaxShiftKinds = 64;
// A horizon's days, and its warm-up days: the model numbers a run's days in one byte of its
// customer ids (contact_center.h), so the two together stay under 256.
inline constexpr std::size_t kMaxHorizonDays = 200;
inline constexpr std::size_t kMaxWarmUpDays = 50;
inline constexpr std::size_t kMaxBreaksPerShift = 8;
// Issue 17's learning curve: a roster agent's tenure_weeks, and the time constant
// ([competency_effects] learning_weeks); 10 years is a career, past any learning curve.
inline constexpr double kMaxTenureWeeks = 520;

}  // namespace sim::scenario
