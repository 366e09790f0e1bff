// A multi-day horizon (model::Horizon): consecutive days simulated one after the other,
// each a ContactCenter of its own, with the contacts that come back after one day's close
// handed to the day they fall on. What carries over is the model's CarriedContact; this
// file only decides which day receives it:
//   - a contact due while a day is open is offered at its due time;
//   - one due before a day's opening, or while the center is closed (overnight, a closed
//     day), is offered at the next opening;
//   - one due after the last day is beyond the horizon (HorizonResults::beyond).
// Day j of the run (warm-up days first) uses the seed day_seed(seed, j) and numbers its
// customers with j, so a one-day horizon without warm-up is the plain day, draw for draw.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/model/config.h"

namespace sim::metrics {

inline constexpr double kDaySeconds = 86400.0;

// The seed of day j of a run: the run's own for j = 0, else one derived from it.
std::uint64_t day_seed(std::uint64_t seed, std::size_t j);

struct HorizonResults {
  // One per day of the horizon (warm-up days not included); a closed day's is empty
  // (intervals = 0) and nothing in it happened.
  std::vector<DayResults> days;
  std::uint64_t beyond = 0;  // contacts due after the last day's close
};

// The horizon's day run as day j of the run (warm-up days first): warm-up days are the
// horizon's last ones, cyclically (the week before a week).
std::size_t horizon_day(const model::Horizon& h, std::size_t j);

// The contacts on their way between the days of a run, due times in the current day's
// clock. The one place that decides which of them a day receives (simulate_horizon and the
// live view both use it).
class CarriedContacts {
 public:
  // Those an open day that closes at close_s receives (due before its close), in order;
  // the rest stay for a later day.
  std::vector<model::CarriedContact> take_due(double close_s);
  // What a day carried out, after those still waiting.
  void add(const std::vector<model::CarriedContact>& carried);
  // At midnight: every due time into the next day's clock.
  void next_day();
  std::size_t size() const { return pending_.size(); }

 private:
  std::vector<model::CarriedContact> pending_;
};

// Day j of a run, `center` on the seed day_seed(seed, j) with customers numbered by j,
// receiving `due`; what it carries out is added to `carried_out` if given. The day
// simulate_horizon runs, and the live view's plan for it.
DayResults simulate_run_day(const model::Center& center, std::uint64_t seed, std::size_t j,
                            std::uint64_t replication, double sl_threshold_s,
                            const std::vector<model::CarriedContact>& due,
                            CarriedContacts* carried_out);

HorizonResults simulate_horizon(const model::Horizon& h, std::uint64_t seed,
                                std::uint64_t replication, double sl_threshold_s);

// The horizon's totals as one DayResults without intervals: every count and time summed
// over the open days (a head count becomes agent-days). Percentiles of waits are not
// additive: NaN. open_s/close_s are the first open day's opening and the last one's close
// in the run's clock; `span_s` is the open hours in all.
struct HorizonTotals {
  DayResults totals;
  double span_s = 0;
};
HorizonTotals combine(const std::vector<DayResults>& days);

}  // namespace sim::metrics
