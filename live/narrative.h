// The live page's log in plain words, written from the run as it goes: the scenario's
// events when they start ("09:30 surge: outage calls x8, until 12:00"), a queue passing
// 10, 20, 40, 80 ... callers ("10:47 billing queue over 40 callers, longest wait 6 min"),
// a role with nobody free while its calls wait, an interval that ends below the goals,
// and the day's end.
#pragma once

#include <string>
#include <vector>

#include "live/observer.h"
#include "sim/scenario/scenario.h"

namespace live {

// The goals the page draws the interval figures against. The one place they are read:
// the [goals] table (issue 14, trainer's report) replaces these defaults when it lands.
using sim::scenario::Goals;  // the scenario's [goals]

struct LogLine {
  double t;
  std::string text;  // starts with the time of day, "10:47 ..."
};

class Narrator {
 public:
  // Tells `events` at their start: the scenario's, or those of the horizon day shown
  // (Scenario::day_event_notes).
  Narrator(const sim::scenario::Scenario& sc, Goals goals,
           const std::vector<sim::scenario::EventNote>& events);
  Narrator(const sim::scenario::Scenario& sc, Goals goals) : Narrator(sc, goals, sc.event_notes) {}
  // Lines for what happened up to `now` since the last call.
  std::vector<LogLine> update(const LiveObserver& day, double now);
  // The closing line, once the day is over: "day over: ..." or, a day of a horizon's,
  // "Mon over: ...".
  LogLine day_over(const LiveObserver& day, double now, const std::string& name = "") const;
  // A day of a horizon starting at `t` ("08:00 Tue opens: 1,101 contacts carried in"), or
  // one skipped because the center is closed.
  static LogLine day_opens(const std::string& name, double t, std::size_t carried_in);
  static LogLine day_closed(const std::string& name, double t);

 private:
  struct Timed {
    double t;
    std::string text;
  };
  void queues(const LiveObserver& day, double now, std::vector<LogLine>& out);
  void saturation(const LiveObserver& day, double now, std::vector<LogLine>& out);
  void interval_end(const LiveObserver& day, double now, std::vector<LogLine>& out);

  const sim::scenario::Scenario& sc_;
  Goals goals_;
  std::vector<Timed> events_;  // the scenario's events, by start time
  std::size_t next_event_ = 0;
  std::vector<std::size_t> queue_level_;  // per type: the threshold last announced (0: none)
  std::vector<int> saturated_;            // per role: announced and not yet relieved
  std::size_t intervals_told_ = 0;
};

}  // namespace live
