// Whether two simulated days gave the same figures, bit for bit: the reductions the tests
// check ("feature switched off equals feature absent") and determinism compare with this.
#pragma once

#include <cstring>

#include "sim/metrics/day_metrics.h"

namespace sim::fixtures {

inline bool same_day(const metrics::DayResults& a, const metrics::DayResults& b) {
  auto eq_calls = [](const metrics::CallStats& x, const metrics::CallStats& y) {
    return std::memcmp(&x, &y, sizeof x) == 0;
  };
  auto eq_agents = [](const metrics::AgentStats& x, const metrics::AgentStats& y) {
    return std::memcmp(&x, &y, sizeof x) == 0;
  };
  if (!eq_calls(a.day, b.day) || !eq_agents(a.day_agents, b.day_agents)) return false;
  if (a.interval_type.size() != b.interval_type.size() ||
      a.interval_role.size() != b.interval_role.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.interval_type.size(); ++i) {
    if (!eq_calls(a.interval_type[i], b.interval_type[i])) return false;
  }
  if (a.role_type.size() != b.role_type.size()) return false;
  for (std::size_t i = 0; i < a.role_type.size(); ++i) {
    if (!eq_calls(a.role_type[i], b.role_type[i])) return false;
  }
  for (std::size_t i = 0; i < a.interval_role.size(); ++i) {
    if (!eq_agents(a.interval_role[i], b.interval_role[i])) return false;
  }
  return a.total_wait_s == b.total_wait_s && a.last_event_s == b.last_event_s;
}

}  // namespace sim::fixtures
