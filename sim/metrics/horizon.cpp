#include "sim/metrics/horizon.h"

#include <algorithm>
#include <limits>

#include "sim/engine/random.h"
#include "sim/model/contact_center.h"

namespace sim::metrics {

std::uint64_t day_seed(std::uint64_t seed, std::size_t j) {
  if (j == 0) return seed;
  std::uint64_t state = seed ^ (0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(j));
  return engine::splitmix64(state);
}

std::size_t horizon_day(const model::Horizon& h, std::size_t j) {
  const std::size_t n = h.days.size(), w = h.warm_up_days;
  return j < w ? (n - w % n + j) % n : j - w;
}

std::vector<model::CarriedContact> CarriedContacts::take_due(double close_s) {
  std::vector<model::CarriedContact> today, later;
  for (const auto& k : pending_) (k.due_s < close_s ? today : later).push_back(k);
  pending_ = std::move(later);
  return today;
}

void CarriedContacts::add(const std::vector<model::CarriedContact>& carried) {
  pending_.insert(pending_.end(), carried.begin(), carried.end());
}

void CarriedContacts::next_day() {
  for (auto& k : pending_) k.due_s -= kDaySeconds;
}

DayResults simulate_run_day(const model::Center& center, std::uint64_t seed, std::size_t j,
                            std::uint64_t replication, double sl_threshold_s,
                            const std::vector<model::CarriedContact>& due,
                            CarriedContacts* carried_out) {
  DayCollector collector(center, sl_threshold_s);
  model::ContactCenter<DayCollector> cc(center, day_seed(seed, j), replication, collector,
                                        static_cast<std::uint32_t>(j));
  cc.receive(due);
  cc.run();
  if (carried_out != nullptr) carried_out->add(cc.carried());
  return collector.finish(cc.simulator().now(), cc.center().agents);
}

HorizonResults simulate_horizon(const model::Horizon& h, std::uint64_t seed,
                                std::uint64_t replication, double sl_threshold_s) {
  HorizonResults out;
  out.days.resize(h.days.size());
  CarriedContacts carried;
  const std::size_t run_days = h.warm_up_days + h.days.size();
  for (std::size_t j = 0; j < run_days; ++j) {
    const model::Day& day = h.days[horizon_day(h, j)];
    if (day.open) {
      const auto due = carried.take_due(day.center.close_s);
      DayResults r = simulate_run_day(day.center, seed, j, replication, sl_threshold_s, due, &carried);
      if (j >= h.warm_up_days) out.days[j - h.warm_up_days] = std::move(r);
    }
    carried.next_day();
  }
  out.beyond = carried.size();
  return out;
}

HorizonTotals combine(const std::vector<DayResults>& days) {
  HorizonTotals out;
  DayResults& t = out.totals;
  bool first = true;
  for (const DayResults& d : days) {
    if (d.intervals == 0) continue;  // closed
    if (first) {
      t.types = d.types;
      t.roles = d.roles;
      t.open_s = d.open_s;
      t.interval_s = d.interval_s;
      t.type.resize(d.types);
      t.role.resize(d.roles);
      t.role_type.resize(d.role_type.size());
      first = false;
    }
    t.close_s = d.close_s;
    out.span_s += d.close_s - d.open_s;
    t.day.add(d.day);
    t.day_agents.add(d.day_agents);
    for (std::size_t k = 0; k < d.types; ++k) t.type[k].add(d.type[k]);
    for (std::size_t r = 0; r < d.roles; ++r) t.role[r].add(d.role[r]);
    for (std::size_t i = 0; i < d.role_type.size(); ++i) t.role_type[i].add(d.role_type[i]);
    t.total_wait_s += d.total_wait_s;
    // Outbound (issue 19): dials add up; the list left is the last open day's.
    t.outbound.resize(d.outbound.size());
    for (std::size_t k = 0; k < d.outbound.size(); ++k) {
      t.outbound[k].add(d.outbound[k]);
      t.outbound[k].list_left = d.outbound[k].list_left;
    }
    t.outbound_day.add(d.outbound_day);
    t.outbound_day.list_left = d.outbound_day.list_left;
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  t.day.wait_p50_s = t.day.wait_p90_s = t.day.wait_p99_s = nan;
  for (CallStats& s : t.type) s.wait_p50_s = s.wait_p90_s = s.wait_p99_s = nan;
  return out;
}

}  // namespace sim::metrics
