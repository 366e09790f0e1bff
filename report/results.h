// The output boundary: turns simulated days into the files of an output folder (tidy CSVs,
// a JSON summary, the optional per-call trace) and the one-screen summary. Nothing beyond
// this folder and sim/scenario knows a file format. Every figure and column name is the
// metric catalogue's (sim/metrics/catalogue.h); scenarios/README.md documents them.
//
// Determinism: each replication is reduced on the thread that simulated it to a
// ReplicationOutput (its CSV rows and the figures the summary averages); the caller feeds
// them to Summary and to the files strictly in replication order, so the bytes written do
// not depend on the thread count.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iosfwd>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/channels.h"
#include "sim/metrics/catalogue.h"
#include "sim/metrics/day_metrics.h"
#include "sim/metrics/horizon.h"
#include "sim/metrics/statistics.h"
#include "sim/metrics/trace.h"
#include "sim/model/config.h"
#include "sim/scenario/scenario.h"

namespace report {

struct RunInfo {
  std::string scenario_name;
  std::string scenario_file;
  std::uint64_t seed = 1;
  std::size_t replications = 1;
  double sl_threshold_s = 30.0;
  std::vector<std::string> call_types, roles, agents;
  // Per call type, its own service-level threshold (issue 19); nullopt: sl_threshold_s.
  std::vector<std::optional<double>> own_sl_threshold_s;
  double open_s = 0, close_s = 0, interval_s = 1800;
  std::size_t intervals = 0;
  std::vector<std::string> overrides;  // --set values, recorded in summary.json
  bool row_files = true;               // calls.csv and agents.csv written (not --summary-only)
  std::vector<bool> escalation_part;   // per call type: escalated parts queue as it
  ChannelsUsed channels;               // IVR, callbacks, chat, written: what the block shows
  // The scenario's words and goals, for the run's report and summaries.
  std::string description;
  std::vector<sim::scenario::EventNote> events;
  sim::scenario::Goals goals;

  // A multi-day horizon's open days, in order (closed days have no rows); empty for a
  // single day. Every table then has a day column, and each day its interval and day rows,
  // then one horizon row (day "all") for the whole horizon.
  std::vector<std::string> days;
  std::vector<std::string> closed_days;  // named in the report only

  static RunInfo from(const sim::model::Center& c);  // fills the center's part
  static RunInfo from(const sim::scenario::Scenario& s);  // and the scenario's

  double sl_threshold_of(std::size_t type) const {
    return type < own_sl_threshold_s.size() ? own_sl_threshold_s[type].value_or(sl_threshold_s)
                                            : sl_threshold_s;
  }
  // Whether some call type's threshold is not sl_threshold_s: the outputs then name each.
  bool per_type_sl() const;
  // The threshold in whole seconds for labels: "30", or "20-60" when types differ.
  std::string sl_threshold_text() const;

  bool horizon() const { return !days.empty(); }
  // Rows per name: each day's intervals and day, then the horizon's (horizon only).
  std::size_t scopes() const;
  // The scope of the whole run: the day, or the horizon.
  std::size_t total_scope() const { return scopes() - 1; }
  // The scope of day d's day row (d = 0 for a single day).
  std::size_t day_scope(std::size_t d) const { return d * (intervals + 1) + intervals; }
};

// A replication reduced on the thread that simulated it: its CSV rows, and every figure
// of every row as num / den (sim/metrics/catalogue.h) in Summary's index order.
struct ReplicationOutput {
  std::string call_rows, agent_rows;  // CSV lines for calls.csv and agents.csv
  std::vector<sim::metrics::Ratio> figures;
  template <class F>
  void fields(F&& f) {  // to cross MPI ranks (analysis/wire.h)
    f(call_rows, agent_rows, figures);
  }
};
ReplicationOutput reduce_replication(const RunInfo& info, std::uint64_t replication,
                                     const sim::metrics::DayResults& day);
// A horizon's replication: its open days in order (info.days), and their totals.
ReplicationOutput reduce_replication(const RunInfo& info, std::uint64_t replication,
                                     const std::vector<const sim::metrics::DayResults*>& days,
                                     const sim::metrics::HorizonTotals& totals);
// Replication `replication` (1-based) of the scenario's day, or of its horizon's open days,
// simulated and reduced: what `ccsim run` and the Python module's run() write.
ReplicationOutput simulate_replication(const sim::scenario::Scenario& sc, const RunInfo& info,
                                       std::uint64_t seed, std::uint64_t replication);

// Every figure of every row across replications, fed in replication order: the mean of
// the daily figures with its 95 % interval, and for the catalogue's pooled figures also
// the pooled ratio of sums (both from the statistics kernel, sim/metrics/statistics.h).
class Summary {
 public:
  explicit Summary(const RunInfo& info);
  void add(const std::vector<sim::metrics::Ratio>& figures);
  std::size_t replications() const { return replications_; }

  // scope: 0..intervals-1, or intervals for the whole day; type/role: index, or the count
  // for "all".
  // The mean of the daily figures of a call type's (or role's) row.
  sim::metrics::MeanCi mean(std::size_t scope, std::size_t type, sim::metrics::CallMetric m) const;
  sim::metrics::MeanCi mean(std::size_t scope, std::size_t role, sim::metrics::AgentMetric m) const;
  // A figure of the whole day: all call types, or all roles.
  sim::metrics::MeanCi day(sim::metrics::DayFigure f) const;
  // The pooled estimator (sum num / sum den over replications); only for figures whose
  // definition is `pooled`, undefined for the others.
  sim::metrics::MeanCi pooled(std::size_t scope, std::size_t type,
                              sim::metrics::CallMetric m) const;
  sim::metrics::MeanCi pooled(std::size_t scope, std::size_t role,
                              sim::metrics::AgentMetric m) const;

  // A mechanism figure (kMechanismFigures, whole run) of a role x call type; role and
  // type: index, or the count for "all".
  sim::metrics::MeanCi mechanism(std::size_t role, std::size_t type, std::size_t figure) const;
  sim::metrics::MeanCi mechanism(std::size_t role, std::size_t type,
                                 sim::metrics::CallMetric m) const {
    return mechanism(role, type, sim::metrics::mechanism_position(m));
  }
  sim::metrics::MeanCi mechanism_pooled(std::size_t role, std::size_t type,
                                        std::size_t figure) const;
  // Issue 19: an outbound figure of the whole run, of a type (or the count for all);
  // only for a center with an outbound type (ChannelsUsed::outbound()).
  sim::metrics::MeanCi outbound(std::size_t type, sim::metrics::OutboundMetric m) const;
  sim::metrics::MeanCi outbound_pooled(std::size_t type, sim::metrics::OutboundMetric m) const;
  std::size_t outbound_index(std::size_t type, sim::metrics::OutboundMetric m) const;
  // Whether any agent of the role answered any call of the type in any replication: the
  // pairs the mechanism tables show.
  bool met(std::size_t role, std::size_t type) const;

  std::size_t call_index(std::size_t scope, std::size_t type, sim::metrics::CallMetric m) const;
  std::size_t agent_index(std::size_t scope, std::size_t role, sim::metrics::AgentMetric m) const;
  std::size_t mechanism_index(std::size_t role, std::size_t type, std::size_t figure) const;
  std::size_t size() const { return mean_.size(); }  // figures per replication

 private:
  const RunInfo& info_;
  std::size_t replications_ = 0;
  std::vector<sim::metrics::Welford> mean_;
  std::vector<sim::metrics::RatioEstimator> pooled_;
  std::vector<bool> is_pooled_;
};

// Column headers of the CSV files (a horizon's have the day column).
std::string calls_header(const RunInfo& info);
std::string agents_header(const RunInfo& info);
// calls_summary.csv and agents_summary.csv.
void write_summary_csvs(std::ostream& calls, std::ostream& agents, const RunInfo& info,
                        const Summary& s);
void write_summary_json(std::ostream& os, const RunInfo& info, const Summary& s);
// mechanisms.csv: per role x call type (pairs that met) and their "all" margins, every
// mechanism figure over the whole run, as calls_summary.csv's rows.
void write_mechanisms_csv(std::ostream& os, const RunInfo& info, const Summary& s);
// trace.csv: its header, then the rows of `records` appended to `out`, batch after batch as
// sim::metrics::TraceLog hands them on (the file never needs the whole day in memory).
std::string trace_header();
void append_trace_rows(std::string& out, const RunInfo& info, std::uint64_t replication,
                       std::span<const sim::metrics::TraceRecord> records);
// A figure's label for people (the catalogue's); the service level names its threshold:
// "service level (30 s)".
std::string figure_label(sim::metrics::DayFigure f, double sl_threshold_s);
// The same, with the run's threshold text (each type's own when they differ, issue 19).
std::string figure_label(sim::metrics::DayFigure f, const RunInfo& info);
// "92.3 ± 1.0": a figure's mean in its display unit (times `scale`), with its 95 %
// half-width when with_ci and there are two replications or more; "-" when undefined.
std::string mean_text(const sim::metrics::MeanCi& st, int decimals, double scale, bool with_ci);
// The one-screen summary: day figures with CIs, then by call type and by role, then the
// channels when the scenario uses one (report/channels.h).
void print_summary(std::ostream& os, const RunInfo& info, const Summary& s);
// Whether any hours were lost to random shrinkage (then the summaries show planned and
// lost hours per role).
bool lost_any_hours(const Summary& s);

}  // namespace report
