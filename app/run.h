// `ccsim run` and `ccsim check`: load a scenario, simulate its replications on a thread
// pool, write the output folder. Exit codes follow sysexits.h.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "report/output_folder.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario.h"

namespace app {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 64;     // EX_USAGE: bad command line
constexpr int kExitData = 65;      // EX_DATAERR: bad scenario or table
constexpr int kExitSoftware = 70;  // EX_SOFTWARE: a bug; please report it
constexpr int kExitIo = 74;        // EX_IOERR: cannot write the output folder
constexpr int kExitInterrupted = 130;

struct RunOptions {
  std::string scenario;  // a scenario.toml, or a folder holding one
  std::size_t replications = 30;
  std::uint64_t seed = 1;
  std::size_t threads = 0;  // 0: one per core
  std::string out;          // "": results/<scenario name>
  std::vector<std::string> overrides;
  bool trace = false;     // write trace.csv for replication 1
  bool summary_only = false;  // no calls.csv, agents.csv: the summaries only
  bool progress = true;   // a progress bar, when stderr is a terminal
  bool quiet = false;     // no summary on stdout
  bool force = false;     // replace an --out ccsim did not write (moved aside, kept)
  double max_output_gb = 4;              // refuse a run whose files would be larger
  double max_trace_calls = 1'000'000;    // refuse --trace on a larger day (disk)
  sim::scenario::Limits limits;          // --max-calls-per-day, --max-agents
};

int run_scenario(const RunOptions& o, std::ostream& out, std::ostream& err);
int check_scenario(const std::string& scenario, const std::vector<std::string>& overrides,
                   const sim::scenario::Limits& limits,
                   std::ostream& out, std::ostream& err);

// scenario.toml inside a folder, or the file itself.
std::string scenario_file(const std::string& argument);

// Where a command writes when --out is not given: results/<scenario folder name, or the
// file's stem for a file not named scenario.toml><suffix>.
std::string default_out(const std::string& scenario_file, const std::string& suffix = "");

// The line closing an input-error report: "1 error in FILE", "3 errors in FILE".
std::string errors_in(std::size_t count, const std::string& file);

// `file` loaded with `overrides` and `limits`, or nullopt after printing every error and
// "N errors in FILE" + `tail` to `err`: how every command reports a bad scenario.
std::optional<sim::scenario::Scenario> load_or_report(const std::string& file,
                                                      const std::vector<std::string>& overrides,
                                                      const sim::scenario::Limits& limits,
                                                      std::ostream& err,
                                                      const std::string& tail = "");

// For the commands that plan one day (staff, schedule, compare): a note on
// `err` that a horizon's first open day is the day they work on; nothing for one day.
void note_first_day(const char* command, const sim::scenario::Scenario& s, std::ostream& err);

// Opens the output folder `out` into `folder` before the work starts, so that a refused
// --out is said at once; false after printing why ("ccsim <command>: ...").
bool open_output(const char* command, const std::string& out, report::OutputPlan plan,
                 std::optional<report::OutputFolder>& folder);
// Writes the command's files with `write`, puts the folder in place and says where an
// older one went: kExitOk, or kExitIo after printing why. In an MPI job only rank 0 opens
// and writes the folder (analysis/cluster.h): on the other ranks both do nothing.
int write_output(const char* command, std::optional<report::OutputFolder>& folder, const std::string& out,
                 const std::function<void()>& write, std::ostream& err);

}  // namespace app
