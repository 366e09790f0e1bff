// The ccsim subcommands. Each takes the arguments after its name and returns a
// sysexits-style code (run.h). main.cpp lists them in its command table; a new command is
// a file under app/, a line here and a line in that table.
#pragma once

#include <boost/program_options.hpp>
#include "sim/scenario/limits.h"
#include <string>
#include <vector>

namespace app {

int cmd_run(const std::vector<std::string>& args);
int cmd_check(const std::vector<std::string>& args);
int cmd_demo(const std::vector<std::string>& args);
int cmd_fit(const std::vector<std::string>& args);
int cmd_staff(const std::vector<std::string>& args);
int cmd_compare(const std::vector<std::string>& args);
int cmd_erlang(const std::vector<std::string>& args);

// Parses `args` against `desc` plus one positional SCENARIO into `vm`. Prints --help
// (synopsis + desc) or a usage error itself; returns the exit code to stop with, or -1 to
// go on with vm["scenario"] set.
// --max-calls-per-day and --max-agents: the scenario limits a real center may need raised
// (sim/scenario/limits.h). check_limits() returns "" or a usage error.
void add_limit_options(boost::program_options::options_description& desc,
                       sim::scenario::Limits& limits);
std::string check_limits(const sim::scenario::Limits& limits);

int parse_scenario_command(const char* command, const std::vector<std::string>& args,
                           const boost::program_options::options_description& desc,
                           boost::program_options::variables_map& vm, const char* synopsis);

}  // namespace app
