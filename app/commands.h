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
int cmd_schedule(const std::vector<std::string>& args);
int cmd_compare(const std::vector<std::string>& args);
int cmd_erlang(const std::vector<std::string>& args);
int cmd_live(const std::vector<std::string>& args);

// What every command does first. Parses `args` against `desc` (and the positional
// arguments `pos`, declared in `hidden`) into `vm`; prints --help (synopsis, the options,
// epilogue) or a usage error itself. Returns the exit code to stop with, or -1 to go on.
struct CommandHelp {
  const char* command;   // "fit": errors read "ccsim fit: ..."
  std::string synopsis;  // printed before the options
  std::string epilogue;  // and after them
};
int parse_command(const CommandHelp& help, const std::vector<std::string>& args,
                  const boost::program_options::options_description& desc,
                  boost::program_options::variables_map& vm,
                  const boost::program_options::options_description& hidden = {},
                  const boost::program_options::positional_options_description& pos = {});

// The same for a command on one SCENARIO (run, check, staff, compare): `desc` gets the
// limit options (--max-calls-per-day, --max-agents: the scenario limits a real center may
// need raised, sim/scenario/limits.h), which are checked too. -1: go on with
// scenario_file(vm) and the limits set.
int parse_scenario_command(const char* command, const std::vector<std::string>& args,
                           boost::program_options::options_description& desc,
                           sim::scenario::Limits& limits,
                           boost::program_options::variables_map& vm, const char* synopsis);
// The options every command on a scenario that writes a folder takes: --out (default
// results/<scenario folder><suffix>), --set, --force and --quiet.
struct OutputOptions {
  std::string out;
  std::vector<std::string> overrides;
  bool force = false, quiet = false;
};
void add_output_options(boost::program_options::options_description& desc, OutputOptions& o,
                        const std::string& default_suffix,
                        const char* set_help = "override a scenario value (repeatable)");

// "\nResults in OUT/ (FILES); 12.3 s\n": the last line a command that wrote a folder prints.
std::string results_line(const std::string& out, const std::string& files, double seconds);

// Prints "ccsim COMMAND: what" and returns the usage error's exit code.
int usage_error(const char* command, const std::string& what);

// SCENARIO's scenario.toml (the argument, or the scenario.toml in the folder it names).
std::string scenario_file(const boost::program_options::variables_map& vm);

}  // namespace app
