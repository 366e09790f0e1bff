// The input boundary: a scenario is a TOML file (scenarios/README.md documents every
// field) that points at CSV tables for the bulky parts. load_scenario() turns them into the
// model's plain configuration, or into every InputError it can find. Nothing beyond this
// folder knows a file format.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/config.h"
#include "sim/model/shift_rules.h"
#include "sim/scenario/input_error.h"
#include "sim/scenario/limits.h"

namespace sim::scenario {

// The [goals] table: what the reports judge the day and each interval by (the simulation
// never reads it). The defaults are the industry's common "80 % answered within the
// service-level threshold, under 5 % abandoning" (shared/DESIGN.md).
struct Goals {
  double service_level = 0.80;     // a share, at center.service_level_threshold_s
  double abandonment_rate = 0.05;  // a share: at most this many abandon
};

// An [[events]] entry for the reports: its kind ("surge", "slowdown", "staff", "routing"),
// its window in seconds since midnight (a routing change: end_s = start_s) and what it
// does in words ("outage calls x8").
struct EventNote {
  std::string kind;
  double start_s = 0, end_s = 0;
  std::string what;
};

// "09:30-12:00  surge: outage calls x8" (a routing change has one time): how `ccsim check`
// and the reports list an event.
std::string in_words(const EventNote& e);

// "busyness: day CV 0.2; intervals CV 0.1, lag-1 correlation 0.6; outage CV 0.4", or ""
// without busyness: how `ccsim check` says the arrival rates vary from day to day.
std::string busyness_in_words(const model::Center& c);

struct Scenario {
  std::string name;
  std::string description;
  std::filesystem::path file;
  model::Center center;
  double sl_threshold_s = 30.0;
  // The [schedule] table: the rules `ccsim schedule` writes a roster by. Without one, the
  // defaults of sim/model/shift_rules.h (default_shift_kinds for every role).
  model::ShiftRules schedule;
  // Each [[events]] entry in words, in the order applied (a base's first), e.g.
  // "09:30-12:00  surge: outage calls x8": `ccsim check` lists them so that a wrong sign or
  // window shows before a run.
  std::vector<std::string> events;
  std::vector<EventNote> event_notes;  // the same events, structured, for the reports
  Goals goals;
  // [[days]] and [horizon]: a multi-day horizon; empty days for a single day. `center` is
  // then the first open day's (what staff, schedule and compare plan for).
  model::Horizon horizon;
  // Per horizon day, its [[events]] (those of event_notes for the first open day; none for
  // a closed one): what the live view's log tells on each day.
  std::vector<std::vector<EventNote>> day_event_notes;
  std::vector<std::string> role_names() const;
  std::vector<std::string> call_type_names() const;
};

struct LoadResult {
  std::optional<Scenario> scenario;  // set when errors is empty
  InputErrors errors;
};

// Loads `file`, applying `overrides` ("key.path=value", TOML values, e.g.
// "center.absenteeism=0.1" or "call_types.outage.priority=9") before validation. What
// exceeds `limits` is an input error like any other.
LoadResult load_scenario(const std::filesystem::path& file,
                         const std::vector<std::string>& overrides = {},
                         const Limits& limits = {});

// "8:30", "08:30" or "08:30:15" -> seconds since midnight; nullopt for anything else (a
// sign, a space, a third digit) or a time past 47:59:59. sim::text::hms (format.h) writes
// them.
std::optional<double> parse_time_of_day(const std::string& text);

}  // namespace sim::scenario
