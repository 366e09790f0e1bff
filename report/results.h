// The output boundary: turns simulated days into the files of an output folder (tidy CSVs,
// a JSON summary, the optional per-call trace) and the one-screen summary. Nothing beyond
// this folder and sim/scenario knows a file format. scenarios/README.md documents every
// column.
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
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/metrics/trace.h"
#include "sim/model/config.h"

namespace report {

struct RunInfo {
  std::string scenario_name;
  std::string scenario_file;
  std::uint64_t seed = 1;
  std::size_t replications = 1;
  double sl_threshold_s = 30.0;
  std::vector<std::string> call_types, roles, agents;
  double open_s = 0, close_s = 0, interval_s = 1800;
  std::size_t intervals = 0;
  std::vector<std::string> overrides;  // --set values, recorded in summary.json

  static RunInfo from(const sim::model::Center& c);  // fills the center's part
};

// The per-row metric columns of calls.csv and agents.csv, in order.
const std::vector<std::string>& call_metric_names();
const std::vector<std::string>& agent_metric_names();

struct ReplicationOutput {
  std::string call_rows, agent_rows;  // CSV lines for calls.csv and agents.csv
  std::vector<double> values;         // every metric of every row; NaN where undefined
};
ReplicationOutput reduce_replication(const RunInfo& info, std::uint64_t replication,
                                     const sim::metrics::DayResults& day);

// Mean, standard deviation and 95 % confidence half-width (Student t) of every value
// across replications, accumulated in the order given (Welford).
class Summary {
 public:
  explicit Summary(const RunInfo& info);
  void add(const std::vector<double>& values);
  std::size_t replications() const { return replications_; }

  struct Stat {
    double mean = 0, sd = 0, ci95 = 0;
    std::size_t n = 0;  // replications where the value is defined
  };
  Stat call(std::size_t scope, std::size_t type, std::size_t metric) const;
  Stat agent(std::size_t scope, std::size_t role, std::size_t metric) const;

  // scope: 0..intervals-1, or intervals for the whole day; type/role: index, or the count
  // for "all".
  std::size_t call_index(std::size_t scope, std::size_t type, std::size_t metric) const;
  std::size_t agent_index(std::size_t scope, std::size_t role, std::size_t metric) const;

 private:
  Stat stat(std::size_t index) const;
  const RunInfo& info_;
  std::size_t replications_ = 0;
  std::vector<double> mean_, m2_;
  std::vector<std::uint32_t> n_;
};

// Column headers of the CSV files.
std::string calls_header();
std::string agents_header();
// calls_summary.csv and agents_summary.csv.
void write_summary_csvs(std::ostream& calls, std::ostream& agents, const RunInfo& info,
                        const Summary& s);
void write_summary_json(std::ostream& os, const RunInfo& info, const Summary& s);
void write_trace(std::ostream& os, const RunInfo& info, std::uint64_t replication,
                 const std::vector<sim::metrics::TraceRecord>& records);
// The one-screen summary: day figures with CIs, then by call type and by role.
void print_summary(std::ostream& os, const RunInfo& info, const Summary& s);

}  // namespace report
