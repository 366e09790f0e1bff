// `ccsim live SCENARIO`: one replication of the scenario's day (or days), paced against the wall
// clock, watched and steered in a browser (live/). Three threads: this one waits for
// Ctrl-C, one runs the network (live::Server), one the simulation (live::LiveRun).
#include <chrono>
#include <exception>
#include <iostream>
#include <thread>

#include "app/commands.h"
#include "app/run.h"
#include "live/live_run.h"
#include "live/server.h"
#include "sim/engine/interrupt.h"

namespace po = boost::program_options;

namespace app {
namespace {

const char* const kLiveSynopsis =
    "usage: ccsim live SCENARIO [--port N] [--speed X] [--seed S] [--host 127.0.0.1]\n"
    "\n"
    "Runs one replication of SCENARIO (replication 1 of --seed, the day `ccsim run -n 1`\n"
    "simulates; each of its [[days]] in turn) paced against the wall clock, and serves a page at http://HOST:PORT/ that\n"
    "shows it as it goes: queues, agents by state, each interval's service level and\n"
    "abandonment against the goals, a floor view and a log in words; with pause, step,\n"
    "speed, restart with another seed, inject an event now, and save (a scenario with the\n"
    "injected events, written to --out). Several browser tabs may watch one run.\n"
    "Exit codes: 64 bad command line, 65 bad scenario, 74 the port cannot be listened on\n"
    "(in use: the message names it), 130 stopped with Ctrl-C (the normal way to end).\n"
    "\n";

}  // namespace

int cmd_live(const std::vector<std::string>& args) {
  live::LiveOptions o;
  sim::scenario::Limits limits;
  std::string speed = "60", host = "127.0.0.1", out;
  unsigned port = 8765;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "port,p", po::value(&port)->default_value(port), "TCP port to serve on (0: any free one)")(
      "host", po::value(&host)->default_value(host),
      "address to listen on; the default lets only this machine connect")(
      "speed", po::value(&speed)->default_value(speed),
      "simulated seconds per wall second: 1 real time, 60 a minute a second, 0 or max as fast "
      "as it goes")(
      "seed,s", po::value(&o.seed)->default_value(o.seed), "master random seed")(
      "out,o", po::value(&out), "where save writes (default: results/<scenario folder>-live)");
  po::variables_map vm;
  if (const int rc = parse_scenario_command("live", args, desc, limits, vm, kLiveSynopsis); rc >= 0) {
    return rc;
  }
  const auto s = live::parse_speed(speed);
  if (!s) return usage_error("live", "--speed must be max, 0 or a number up to 100000, got " + speed);
  if (port > 65535) return usage_error("live", "--port must be between 0 and 65535");
  o.speed = *s;
  o.limits = limits;
  const std::string file = scenario_file(vm);
  o.out = out.empty() ? default_out(file, "-live") : out;
  auto sc = load_or_report(file, {}, limits, std::cerr);
  if (!sc) return kExitData;

  live::LiveRun* run_ptr = nullptr;  // the server's handlers run only once both exist
  std::optional<live::Server> server;
  try {
    server.emplace(host, static_cast<unsigned short>(port),
                   live::Server::Handlers{[&](std::uint64_t c) { run_ptr->hello(c); },
                                          [&](std::uint64_t c, live::Command cmd) {
                                            run_ptr->post(c, std::move(cmd));
                                          }});
  } catch (const live::BindError& e) {
    std::cerr << "ccsim live: " << e.what() << "\n";
    return kExitIo;
  }
  live::LiveRun run(std::move(*sc), o, *server);
  run_ptr = &run;
  std::thread net([&] { server->run(); });
  std::exception_ptr failed;  // a bug in the simulation: stop everything, then report it
  std::thread sim([&] {
    try {
      run.run();
    } catch (...) {
      failed = std::current_exception();
      sim::engine::request_stop();
    }
  });
  std::cout << "ccsim live: http://" << host << ":" << server->port() << "/  (Ctrl-C to stop)"
            << std::endl;
  while (!sim::engine::stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  run.stop();
  sim.join();
  server->stop();
  net.join();
  server.reset();  // the port is free from here
  if (failed) std::rethrow_exception(failed);
  std::cerr << "ccsim live: stopped\n";
  return kExitInterrupted;
}

}  // namespace app
