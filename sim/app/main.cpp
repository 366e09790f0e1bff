// ccsim: the command-line entry point. Subcommands are dispatched here; each one parses its
// own options with Boost.Program_options and returns a sysexits-style code.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "sim/app/demo.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitUsage = 64;  // sysexits EX_USAGE

const char* const kUsage =
    "usage: ccsim <command> [options]\n"
    "\n"
    "commands:\n"
    "  demo     simulate an M/M/n queue and compare it with Erlang C (default job)\n"
    "\n"
    "Run 'ccsim <command> --help' for the options of a command.\n";

int demo(const std::vector<std::string>& args) {
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
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "ccsim demo: " << e.what() << "\n\n" << desc;
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << desc;
    return 0;
  }
  if (o.agents < 1 || !(o.load_erlangs > 0.0) || o.load_erlangs >= o.agents ||
      !(o.mean_handle_s > 0.0) || o.calls < 1 || !(o.target_s >= 0.0)) {
    std::cerr << "ccsim demo: need agents >= 1, 0 < load < agents, handle > 0, target >= 0 "
                 "and calls >= 1\n";
    return kExitUsage;
  }
  return app::run_demo(o, std::cout);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + (argc > 1 ? 2 : 1), argv + argc);
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "demo") return demo(args);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << (command.empty() ? "ccsim: no command given\n"
                                : "ccsim: unknown command '" + command + "'\n")
            << kUsage;
  return kExitUsage;
}
