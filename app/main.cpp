// ccsim: the command-line entry point. Subcommands are dispatched here; each one parses its
// own options with Boost.Program_options and returns a sysexits-style code.
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/demo.h"
#include "analysis/cluster.h"
#include "app/run.h"
#include "sim/engine/interrupt.h"
#include "report/output_folder.h"

namespace po = boost::program_options;

namespace app {

using app::kExitUsage;

int parse_command(const CommandHelp& help, const std::vector<std::string>& args,
                  const po::options_description& desc, po::variables_map& vm,
                  const po::options_description& hidden,
                  const po::positional_options_description& pos) {
  po::options_description all;
  all.add(desc).add(hidden);
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "ccsim " << help.command << ": " << e.what() << "\n\n"
              << help.synopsis << desc << help.epilogue;
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << help.synopsis << desc << help.epilogue;
    return kExitOk;
  }
  return -1;
}

int parse_scenario_command(const char* command, const std::vector<std::string>& args,
                           po::options_description& desc, sim::scenario::Limits& limits,
                           po::variables_map& vm, const char* synopsis) {
  desc.add_options()(
      "max-calls-per-day",
      po::value(&limits.max_calls_per_day)->default_value(limits.max_calls_per_day, "1000000"),
      "refuse a scenario expecting more calls per replication (each is held in memory)")(
      "max-agents", po::value(&limits.max_agents)->default_value(limits.max_agents),
      "refuse a scenario with more agents (roster plus staff events)");
  po::options_description hidden;
  // Not "scenario": compare has a --scenario option of its own (a variant).
  hidden.add_options()("scenario-positional", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("scenario-positional", 1);
  const CommandHelp help{command, synopsis, ""};
  if (const int rc = parse_command(help, args, desc, vm, hidden, pos); rc >= 0) return rc;
  const auto usage_error = [&](const std::string& why, bool show_options) {
    std::cerr << "ccsim " << command << ": " << why << "\n";
    if (show_options) std::cerr << "\n" << synopsis << desc;
    return kExitUsage;
  };
  if (!vm.count("scenario-positional")) return usage_error("no SCENARIO given", true);
  if (!(limits.max_calls_per_day >= 1 && limits.max_calls_per_day <= 1e9)) {
    return usage_error("--max-calls-per-day must be between 1 and 1e9", false);
  }
  if (limits.max_agents < 1 || limits.max_agents > 10'000'000) {
    return usage_error("--max-agents must be between 1 and 10000000", false);
  }
  return -1;
}

void add_output_options(po::options_description& desc, OutputOptions& o,
                        const std::string& default_suffix, const char* set_help) {
  desc.add_options()("out,o", po::value(&o.out),
                     ("output folder (default: results/<scenario folder>" + default_suffix + ")").c_str())(
      "set", po::value(&o.overrides)->composing(), set_help)(
      "force", po::bool_switch(&o.force),
      "write to an --out that holds files ccsim did not write (moved aside to OUT.old-N)")(
      "quiet,q", po::bool_switch(&o.quiet), "print nothing but errors");
}

std::string results_line(const std::string& out, const std::string& files, double seconds) {
  char took[32];
  std::snprintf(took, sizeof took, "%.1f s", seconds);
  return "\nResults in " + out + "/ (" + files + "); " + took + "\n";
}

int usage_error(const char* command, const std::string& what) {
  std::cerr << "ccsim " << command << ": " << what << "\n";
  return kExitUsage;
}

std::string scenario_file(const po::variables_map& vm) {
  return scenario_file(vm["scenario-positional"].as<std::string>());
}

int cmd_demo(const std::vector<std::string>& args) {
  app::DemoOptions o;
  po::options_description desc("ccsim demo: an M/M/n queue on the engine next to Erlang C");
  desc.add_options()("help,h", "show this help")(
      "agents", po::value(&o.agents)->default_value(o.agents), "number of agents n")(
      "load", po::value(&o.load_erlangs)->default_value(o.load_erlangs),
      "offered load A in Erlangs (must be < agents)")(
      "handle", po::value(&o.mean_handle_s)->default_value(o.mean_handle_s),
      "mean handle time in seconds")(
      "target", po::value(&o.target_s)->default_value(o.target_s),
      "service-level threshold T in seconds")(
      "calls", po::value(&o.calls)->default_value(o.calls), "number of calls to simulate")(
      "seed", po::value(&o.seed)->default_value(o.seed), "master random seed");
  po::variables_map vm;
  if (const int rc = parse_command({"demo", "", ""}, args, desc, vm); rc >= 0) return rc;
  if (o.agents < 1 || !(o.load_erlangs > 0.0) || o.load_erlangs >= o.agents ||
      !(o.mean_handle_s > 0.0) || o.calls < 1 || !(o.target_s >= 0.0)) {
    std::cerr << "ccsim demo: need agents >= 1, 0 < load < agents, handle > 0, target >= 0 "
                 "and calls >= 1\n";
    return kExitUsage;
  }
  return app::run_demo(o, std::cout);
}

const char* const kRunSynopsis =
    "usage: ccsim run SCENARIO [options]\n"
    "\n"
    "Simulates SCENARIO (a scenario.toml, or a folder holding one) for N independent\n"
    "replications and writes, to a folder replaced only when the run completes:\n"
    "  calls.csv, agents.csv     one row per replication x interval (and day) x call type\n"
    "                            or role; calls_summary.csv, agents_summary.csv: mean and\n"
    "                            95 % confidence half-width across replications (and the\n"
    "                            pooled ratio of sums for rates such as service_level);\n"
    "  summary.json              the day's figures; trace.csv with --trace;\n"
    "  report.html               charts and tables for a browser (self-contained, offline).\n"
    "Same scenario and seed give byte-identical files whatever --threads is. OUT is\n"
    "replaced only if an earlier ccsim run wrote it and it holds nothing else (see\n"
    "scenarios/README.md, \"Output folders\"); --force keeps a foreign one as OUT.old-N.\n"
    "Exit codes: 0 done, 64 bad command line, 65 bad scenario, 74 cannot write output,\n"
    "130 interrupted (Ctrl-C; nothing is left behind).\n"
    "\n";

int cmd_run(const std::vector<std::string>& args) {
  app::RunOptions o;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "replications,n", po::value(&o.replications)->default_value(o.replications),
      "independent replications (days) to simulate")(
      "seed,s", po::value(&o.seed)->default_value(o.seed),
      "master random seed; replication k uses its own streams of it")(
      "threads,j", po::value(&o.threads)->default_value(0),
      "worker threads (0: one per core)")(
      "out,o", po::value(&o.out),
      "output folder (default: results/<scenario folder name>)")(
      "set", po::value(&o.overrides)->composing(),
      "override a scenario value, e.g. --set center.absenteeism=0.1 or --set "
      "call_types.outage.priority=9 (repeatable)")(
      "trace", po::bool_switch(&o.trace), "also write trace.csv: every call of replication 1")(
      "summary-only", po::bool_switch(&o.summary_only),
      "write the summaries only, not calls.csv and agents.csv (for large -n: their rows "
      "take about 60 kB per replication of the default day)")(
      "force", po::bool_switch(&o.force),
      "write to an --out that holds files ccsim did not write: the old folder is moved "
      "aside to OUT.old-N (kept)")(
      "max-output-gb", po::value(&o.max_output_gb)->default_value(o.max_output_gb, "4"),
      "refuse a run whose files would be larger (checked before simulating)")(
      "max-trace-calls", po::value(&o.max_trace_calls)->default_value(o.max_trace_calls, "1000000"),
      "refuse --trace on a day with more expected calls (about 400 bytes of trace.csv "
      "each; it is streamed, not held in memory)")(
      "quiet,q", po::bool_switch(&o.quiet), "print nothing but errors")(
      "no-progress", "no progress bar (it is shown only on a terminal anyway)");
  po::variables_map vm;
  if (const int rc = parse_scenario_command("run", args, desc, o.limits, vm, kRunSynopsis); rc >= 0) {
    return rc;
  }
  o.scenario = scenario_file(vm);
  o.progress = !vm.count("no-progress") && !o.quiet;
  if (o.replications < 1 || o.replications > 1'000'000) {
    std::cerr << "ccsim run: --replications must be between 1 and 1000000, got "
              << o.replications << "\n";
    return kExitUsage;
  }
  if (o.threads > 1024) {
    std::cerr << "ccsim run: --threads must be between 0 and 1024, got " << o.threads << "\n";
    return kExitUsage;
  }
  if (!(o.max_output_gb > 0 && o.max_output_gb <= 1e6) ||
      !(o.max_trace_calls >= 1 && o.max_trace_calls <= 1e10)) {
    std::cerr << "ccsim run: --max-output-gb must be in (0, 1e6] and --max-trace-calls in "
                 "[1, 1e10]\n";
    return kExitUsage;
  }
  return app::run_scenario(o, std::cout, std::cerr);
}

const char* const kCheckSynopsis =
    "usage: ccsim check SCENARIO [--set key=value ...]\n"
    "\n"
    "Validates SCENARIO and the tables it names without simulating. Prints every problem as\n"
    "file:line:column: field: what is wrong, and exits 65 if there is any, 0 otherwise.\n"
    "\n";

int cmd_check(const std::vector<std::string>& args) {
  std::vector<std::string> overrides;
  sim::scenario::Limits limits;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "set", po::value(&overrides)->composing(), "override a scenario value (repeatable)");
  po::variables_map vm;
  if (const int rc = parse_scenario_command("check", args, desc, limits, vm, kCheckSynopsis); rc >= 0) {
    return rc;
  }
  return app::check_scenario(scenario_file(vm), overrides, limits, std::cout, std::cerr);
}

}  // namespace app

namespace {

// Every subcommand, in the order `ccsim --help` lists them. Each lives in its own file
// under app/ and is declared in commands.h.
struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
  const char* summary;
};
const Command kCommands[] = {
    {"run", app::cmd_run, "simulate a scenario's replications and write results (CSV, JSON)"},
    {"check", app::cmd_check, "validate a scenario and its tables without simulating"},
    {"staff", app::cmd_staff, "find the smallest staff per interval that meets service targets"},
    {"schedule", app::cmd_schedule,
     "write a roster of real shifts that meets the targets, at least payroll"},
    {"fit", app::cmd_fit, "fit a scenario to a call-by-call log (ACD export) and validate it"},
    {"compare", app::cmd_compare, "compare rosters and competency mixes on the same customers"},
    {"erlang", app::cmd_erlang, "Erlang C/A calculator: agents needed, SL, ASA, abandonment"},
    {"live", app::cmd_live, "watch and steer one simulated day in a browser, paced"},
    {"demo", app::cmd_demo, "simulate an M/M/n queue and compare it with Erlang C"},
};

std::string usage() {
  std::string u = "usage: ccsim <command> [options]\n\ncommands:\n";
  for (const auto& c : kCommands) {
    u += "  " + std::string(c.name) + std::string(9 - std::string(c.name).size(), ' ') +
         c.summary + "\n";
  }
  return u + "\nRun 'ccsim <command> --help' for the options of a command.\n";
}

}  // namespace

// Ctrl-C (or SIGTERM): ask every loop to stop (sim/engine/interrupt.h); the command then
// unwinds, removes its temporary output and exits 130. A second one ends the process at
// once; the temporary folder it leaves is removed by the next command writing beside it.
extern "C" void on_stop_signal(int sig) {
  if (sim::engine::stop_requested()) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  sim::engine::request_stop();
}

namespace {

int run_command(int argc, char** argv) {
  const std::vector<std::string> args(argv + (argc > 1 ? 2 : 1), argv + argc);
  const std::string command = argc > 1 ? argv[1] : "";
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  try {
    for (const auto& c : kCommands) {
      if (command == c.name) return c.run(args);
    }
  } catch (const sim::engine::Interrupted&) {
    std::cerr << "ccsim " << command << ": interrupted; nothing written\n";
    return app::kExitInterrupted;
  } catch (const report::OutputError& e) {
    std::cerr << "ccsim " << command << ": " << e.what() << "\n";
    return app::kExitIo;
  } catch (const std::exception& e) {
    std::cerr << "ccsim " << command << ": internal error: " << e.what() << "\n";
    return app::kExitSoftware;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << usage();
    return 0;
  }
  std::cerr << (command.empty() ? "ccsim: no command given\n"
                                : "ccsim: unknown command '" + command + "'\n")
            << usage();
  return app::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun or srun, one rank of a job (analysis/cluster.h); otherwise on its own.
  analysis::cluster::Session session(argc, argv);
  return session.finish(run_command(argc, argv));
}
