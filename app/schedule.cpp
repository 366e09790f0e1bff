// `ccsim schedule`: a roster of real shifts (breaks placed, within the scenario's shift
// rules) at least payroll that meets the targets when simulated (analysis/schedule.h),
// written as a roster `ccsim run` accepts, a coverage table and the HTML report.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include "analysis/schedule.h"
#include "app/commands.h"
#include "app/run.h"
#include "app/search_options.h"
#include "report/output_folder.h"
#include "report/schedule_report.h"
#include "sim/scenario/format.h"
#include "sim/scenario/scenario.h"

namespace app {

namespace po = boost::program_options;

namespace {

const char* const kScheduleSynopsis =
    "usage: ccsim schedule SCENARIO [--target T ...] [options]\n"
    "\n"
    "Writes a roster of real shifts that meets every target in every interval, at least\n"
    "payroll, by simulation-optimization (Atlason, Epelman & Henderson 2004):\n"
    "  1. the staffing search (as ccsim staff) finds the agents each interval needs on\n"
    "     the phones, by role, allowing for absenteeism;\n"
    "  2. an integer program (COIN-OR CBC) chooses how many agents work each shift the\n"
    "     scenario's [schedule] rules allow (length, start, each break inside its window)\n"
    "     at least paid cost, covering every interval after breaks;\n"
    "  3. the roster is simulated as a whole day with the scenario's absenteeism; an\n"
    "     interval short of a target gets its requirement raised and step 2 runs again.\n"
    "The default criterion is days: every target met on at least 80 % of simulated days\n"
    "in every interval (--criterion mean: the expected figure, with --confidence).\n"
    "\n";

const char* const kScheduleOutputs =
    "\n"
    "Writes to the output folder: roster.csv (one row per agent: role, shift, breaks;\n"
    "`ccsim run SCENARIO --set roster.file=.../roster.csv` runs it), coverage.csv (per\n"
    "interval: required, scheduled and on-the-phones heads by role, achieved\n"
    "service_level and abandonment_rate with 95 % half-widths, share of days met),\n"
    "summary.json and report.html.\n"
    "Exit codes: 0 done (an interval still short of a target after --max-rounds is said on\n"
    "stderr and in summary.json), 64 bad command line, 65 bad scenario or shift rules no\n"
    "roster can meet, 74 cannot write output, 130 interrupted.\n";

}  // namespace

int cmd_schedule(const std::vector<std::string>& args) {
  OutputOptions output;
  SearchOptions search;
  search.criterion = "days";
  search.o.confidence = 0.8;
  search.o.replications = 100;
  analysis::ScheduleOptions so;
  std::string mix = "fixed", requirements = "simulation";
  sim::scenario::Limits limits;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help");
  add_search_options(desc, search);
  desc.add_options()(
      "mix", po::value(&mix)->default_value(mix),
      "fixed: each role's share of an interval's agents is the scenario roster's;\n"
      "free: a role able to take all of another's calls (with its authority) may stand in "
      "for it, and the program picks the cheapest mix")(
      "requirements", po::value(&requirements)->default_value(requirements),
      "simulation: the staffing search, then simulate and raise what misses;\n"
      "erlang: Erlang A per interval, simulated once (what an Erlang spreadsheet gives)")(
      "max-rounds", po::value(&so.max_rounds)->default_value(so.max_rounds),
      "solve-and-simulate rounds at most")(
      "gap", po::value(&so.gap)->default_value(so.gap, sim::text::number(so.gap)),
      "the solver stops within this relative gap of its lower bound");
  add_output_options(desc, output, "_schedule");
  po::variables_map vm;
  const std::string synopsis = std::string(kScheduleSynopsis) + kTargetHelp + kScheduleOutputs;
  if (const int rc = parse_scenario_command("schedule", args, desc, limits, vm, synopsis.c_str());
      rc >= 0) {
    return rc;
  }
  const auto usage_error = [](const std::string& what) { return app::usage_error("schedule", what); };
  if (const auto why = check_search_options(search, vm); !why.empty()) return usage_error(why);
  if (mix == "fixed") {
    so.mix = analysis::Mix::fixed;
  } else if (mix == "free") {
    so.mix = analysis::Mix::free;
  } else {
    return usage_error("--mix must be 'fixed' or 'free', got '" + mix + "'");
  }
  if (requirements == "simulation") {
    so.requirements = analysis::Requirements::simulation;
  } else if (requirements == "erlang") {
    so.requirements = analysis::Requirements::erlang;
  } else {
    return usage_error("--requirements must be 'simulation' or 'erlang', got '" + requirements + "'");
  }
  if (so.max_rounds < 1 || so.max_rounds > 100) {
    return usage_error("--max-rounds must be between 1 and 100, got " + std::to_string(so.max_rounds));
  }
  if (!(so.gap >= 0 && so.gap < 1)) {
    return usage_error("--gap must be in [0, 1), got " + sim::text::number(so.gap));
  }

  const std::string file = scenario_file(vm);
  const auto loaded = load_or_report(file, output.overrides, limits, std::cerr);
  if (!loaded) return kExitData;
  const auto& sc = *loaded;
  note_first_day("schedule", sc, std::cerr);
  if (const auto why = add_targets(search, sc.sl_threshold_s); !why.empty()) return usage_error(why);
  so.staffing = search.o;
  if (output.out.empty()) output.out = default_out(file, "_schedule");
  std::optional<report::OutputFolder> folder;
  if (!open_output("schedule", output.out, {"schedule", output.force, 1'000'000, {file}}, folder)) return kExitIo;

  const bool show = !output.quiet && ::isatty(STDERR_FILENO) == 1;
  if (show) {
    so.progress = [t0 = std::chrono::steady_clock::now()](const std::string& step) {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "\r  %5.0f s  %-62.62s", s, step.c_str());
      std::fflush(stderr);
    };
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto solved = analysis::schedule_shifts(sc.center, sc.schedule, so);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (show) std::fprintf(stderr, "\r%74s\r", "");
  if (const auto* why = std::get_if<std::string>(&solved)) {
    std::cerr << "ccsim schedule: " << file << ": the shift rules cannot cover this day: " << *why
              << "\n";
    return kExitData;
  }
  const auto& r = std::get<analysis::ScheduleResult>(solved);

  const int written = write_output("schedule", folder, output.out, [&] {
    folder->write("roster.csv", [&](std::ostream& f) { report::write_schedule_roster(f, sc.center, r); });
    folder->write("coverage.csv", [&](std::ostream& f) { report::write_coverage_csv(f, sc.center, r); });
    folder->write("report.html", [&](std::ostream& f) {
      report::write_schedule_html(f, sc.name, sc.center, r, so);
    });
    folder->write("summary.json", [&](std::ostream& f) {
      report::write_schedule_json(f, sc.name, sc.center, r, so);
    });
  }, std::cerr);
  if (written != kExitOk) return written;
  if (!output.quiet) {
    std::cout << sc.name << "\n";
    report::print_schedule(std::cout, sc.center, r, so);
    std::cout << results_line(output.out, "roster.csv, coverage.csv, summary.json, report.html", secs);
  }
  for (const auto& why : r.unmet) std::cerr << "ccsim schedule: short of a target: " << why << "\n";
  return kExitOk;
}

}  // namespace app
