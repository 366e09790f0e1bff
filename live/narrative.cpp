#include "live/narrative.h"

#include <algorithm>
#include <cmath>

#include "sim/scenario/format.h"

namespace live {
namespace {

using sim::text::hhmm;

std::string percent(double x) {
  return std::isnan(x) ? "-" : std::to_string(static_cast<int>(std::lround(100.0 * x))) + " %";
}

// "10:47 " + text.
LogLine line(double t, const std::string& text) { return {t, hhmm(t) + " " + text}; }

// The thresholds a queue is announced at: 10, 20, 40, 80 ... callers.
std::size_t threshold_at_or_below(std::size_t n) {
  std::size_t level = 0;
  for (std::size_t k = 10; k <= n; k *= 2) level = k;
  return level;
}

}  // namespace

Narrator::Narrator(const sim::scenario::Scenario& sc, Goals goals,
                   const std::vector<sim::scenario::EventNote>& events)
    : sc_(sc),
      goals_(goals),
      queue_level_(sc.center.call_types.size(), 0),
      saturated_(sc.center.roles.size(), 0) {
  for (const sim::scenario::EventNote& e : events) {
    std::string text = e.kind + ": " + e.what;
    if (e.end_s > e.start_s) text += ", until " + sim::text::hhmm(e.end_s);
    events_.push_back({e.start_s, text});
  }
  std::stable_sort(events_.begin(), events_.end(),
                   [](const Timed& a, const Timed& b) { return a.t < b.t; });
}

std::vector<LogLine> Narrator::update(const LiveObserver& day, double now) {
  std::vector<LogLine> out;
  for (; next_event_ < events_.size() && events_[next_event_].t <= now; ++next_event_) {
    out.push_back(line(events_[next_event_].t, events_[next_event_].text));
  }
  queues(day, now, out);
  saturation(day, now, out);
  interval_end(day, now, out);
  return out;
}

void Narrator::queues(const LiveObserver& day, double now, std::vector<LogLine>& out) {
  for (std::size_t t = 0; t < queue_level_.size(); ++t) {
    const std::size_t n = day.queue(t), level = threshold_at_or_below(n);
    if (level > queue_level_[t]) {
      const double wait_min = day.longest_wait_s(t, now) / 60.0;
      out.push_back(line(now, sc_.center.call_types[t].name + " queue over " +
                                  std::to_string(level) + " callers, longest wait " +
                                  std::to_string(static_cast<int>(std::lround(wait_min))) +
                                  " min"));
      queue_level_[t] = level;
    } else if (n < queue_level_[t] / 2) {  // re-armed once the queue has halved
      queue_level_[t] = level;
    }
  }
}

// A role whose agents on shift are all busy or away while a call type it serves waits.
void Narrator::saturation(const LiveObserver& day, double now, std::vector<LogLine>& out) {
  const auto counts = day.floor_counts();
  for (std::size_t r = 0; r < saturated_.size(); ++r) {
    const auto& n = counts[r];
    const int idle = n[static_cast<std::size_t>(Floor::idle)];
    const int working = idle + n[static_cast<std::size_t>(Floor::talking)] +
                        n[static_cast<std::size_t>(Floor::wrapping)];
    std::size_t waiting = 0;
    for (std::size_t t = 0; t < sc_.center.call_types.size(); ++t) {
      if (sc_.center.call_types[t].eligible >> r & 1u) waiting += day.queue(t);
    }
    if (!saturated_[r] && working > 0 && idle == 0 && waiting > 0) {
      saturated_[r] = 1;
      out.push_back(line(now, "every " + sc_.center.roles[r].name + " on the phones is busy (" +
                                  std::to_string(working) + "): " + std::to_string(waiting) +
                                  " of their calls wait"));
    } else if (saturated_[r] && idle >= 2) {
      saturated_[r] = 0;
    }
  }
}

void Narrator::interval_end(const LiveObserver& day, double now, std::vector<LogLine>& out) {
  const auto& c = sc_.center;
  std::size_t ended = 0;
  while (ended < c.intervals() && c.open_s + c.interval_s * static_cast<double>(ended + 1) <= now) {
    ++ended;
  }
  if (ended <= intervals_told_) return;
  const auto fig = day.figures(now);
  for (; intervals_told_ < ended; ++intervals_told_) {
    const auto& s = fig.interval[intervals_told_];
    const double sl = s.service_level(), ab = s.abandonment_rate();
    const bool low = sl < goals_.service_level, high = ab > goals_.abandonment_rate;
    if (!low && !high) continue;
    const double start = c.open_s + c.interval_s * static_cast<double>(intervals_told_);
    out.push_back(line(start + c.interval_s,
                       hhmm(start) + "-" + hhmm(start + c.interval_s) + " ends with service level " +
                           percent(sl) + " (goal " + percent(goals_.service_level) + "), " +
                           percent(ab) + " abandoned (goal at most " +
                           percent(goals_.abandonment_rate) + ")"));
  }
}

LogLine Narrator::day_over(const LiveObserver& day, double now, const std::string& name) const {
  const auto fig = day.figures(now);
  return line(now, (name.empty() ? "day" : name) + " over: " + std::to_string(fig.day.offered) + " calls offered, service level " +
                       percent(fig.day.service_level()) + ", " +
                       percent(fig.day.abandonment_rate()) + " abandoned");
}

LogLine Narrator::day_opens(const std::string& name, double t, std::size_t carried_in) {
  std::string n = std::to_string(carried_in);
  for (auto k = n.size(); k > 3; k -= 3) n.insert(k - 3, ",");
  return line(t, name + " opens: " + n + (carried_in == 1 ? " contact" : " contacts") +
                     " carried in");
}

LogLine Narrator::day_closed(const std::string& name, double t) {
  return line(t, name + ": the center is closed; its contacts wait for the next open day");
}

}  // namespace live
