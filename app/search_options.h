// The options `ccsim staff` and `ccsim schedule` share: the targets, how they are judged
// (criterion, confidence) and how much is simulated (replications, seed, threads), read
// into analysis::StaffingOptions.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "analysis/staffing.h"

namespace app {

struct SearchOptions {
  analysis::StaffingOptions o;
  std::vector<std::string> targets;  // as written; sl>=0.80 and abandon<=0.05 when none
  std::string criterion;             // "mean" or "days"
};

// Adds the shared options to desc, with s's current values as the defaults.
void add_search_options(boost::program_options::options_description& desc, SearchOptions& s);

// Checks what does not need the scenario: "" or the usage error.
std::string check_search_options(SearchOptions& s, const boost::program_options::variables_map& vm);

// Reads the targets at the scenario's SL threshold: "" or the usage error.
std::string add_targets(SearchOptions& s, double sl_threshold_s);

// The --target help: the forms a target takes, the same for every command.
extern const char* const kTargetHelp;

}  // namespace app
