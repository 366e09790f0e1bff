#include "tests/support/centers.h"

#include <stdexcept>

#include "sim/scenario/scenario.h"

namespace sim::fixtures {

model::Center default_center(const std::vector<std::string>& overrides) {
  const auto r = scenario::load_scenario(
      std::string(CCSIM_SOURCE_DIR) + "/scenarios/default/scenario.toml", overrides);
  if (!r.scenario) throw std::runtime_error("scenarios/default:\n" + r.errors.to_string());
  return r.scenario->center;
}

model::Center default_day(double daily_calls, const std::vector<int>& counts) {
  model::Center c = default_center({"forecast.daily_calls=" + std::to_string(daily_calls)});
  std::vector<int> left = counts;
  left.resize(c.roles.size(), 0);
  std::vector<model::Agent> kept;
  for (model::Agent& a : c.agents) {
    int& n = left[static_cast<std::size_t>(a.role)];
    if (n > 0) {
      --n;
      kept.push_back(std::move(a));
    }
  }
  for (std::size_t r = 0; r < left.size(); ++r) {
    if (left[r] > 0) {
      throw std::runtime_error("the roster has too few " + c.roles[r].name + " agents");
    }
  }
  c.agents = std::move(kept);
  return c;
}

namespace {
template <class Items>
int index_of(const Items& items, std::string_view name, const char* what) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].name == name) return static_cast<int>(i);
  }
  throw std::runtime_error("no " + std::string(what) + " named " + std::string(name));
}
}  // namespace

int role_index(const model::Center& c, std::string_view name) {
  return index_of(c.roles, name, "role");
}
int type_index(const model::Center& c, std::string_view name) {
  return index_of(c.call_types, name, "call type");
}

model::Center single_skill(int agents, double rate_per_s, double mean_handle_s,
                           std::optional<double> mean_patience_s, double horizon_s,
                           std::size_t trunks, double interval_s) {
  model::Center c;
  c.open_s = 0.0;
  c.close_s = horizon_s;
  c.interval_s = interval_s;
  c.roles = {model::Role{"agent", {2, 2, 2, 2, 2, 2, 2, 2, 1}, model::Authority::none, 30.0, 0, {}}};
  model::CallType t;
  t.name = "call";
  t.work_s = engine::Exponential(mean_handle_s);
  t.wrap_s = engine::Deterministic(0.0);
  if (mean_patience_s) {
    t.patience_s = engine::Exponential(*mean_patience_s);
  } else {
    t.patience_s.reset();
  }
  t.eligible = 1;
  c.call_types = {t};
  c.arrivals = {std::vector<double>(c.intervals(), rate_per_s * interval_s)};
  for (int i = 0; i < agents; ++i) {
    model::Agent a;
    a.name = "agent_" + std::to_string(i + 1);
    a.role = 0;
    a.shift_start_s = 0.0;
    a.shift_end_s = horizon_s;
    c.agents.push_back(std::move(a));
  }
  c.trunks = trunks;
  c.customers.short_abandon_s = 0.0;
  c.customers.redial_probability = 0.0;
  return c;
}

}  // namespace sim::fixtures
