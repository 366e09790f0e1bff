// `ccsim staff`: the smallest staff per interval that meets the targets, Erlang against
// simulation (analysis/staffing.h), written as a table, summary.json and the HTML report.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include "analysis/erlang.h"
#include "analysis/staffing.h"
#include "report/staffing_report.h"
#include "app/commands.h"
#include "app/run.h"
#include "app/search_options.h"
#include "sim/scenario/format.h"
#include "report/output_folder.h"
#include "sim/scenario/scenario.h"

namespace app {

namespace po = boost::program_options;

namespace {

const char* const kStaffSynopsis =
    "usage: ccsim staff SCENARIO [--target T ...] [options]\n"
    "\n"
    "Finds, for every interval of SCENARIO's day, the smallest number of agents on the\n"
    "phones that meets every target with the stated confidence. It starts from the Erlang A\n"
    "answer (Erlang C where callers never abandon) for each interval and refines it by\n"
    "simulating the whole day with common random numbers, so calls waiting across an\n"
    "interval's end, the competency mix, escalations and redials all count. Roles keep the\n"
    "scenario roster's mix in each interval, or only --role varies.\n"
    "\n";

// After the targets' help.
const char* const kStaffOutputs =
    "\n"
    "Writes to the output folder: staffing.csv (per interval, in agents: Erlang and\n"
    "simulated agents on the phones, scheduled heads with --shrinkage, agents by role; the\n"
    "achieved service_level, abandonment_rate and asa_s with their 95 % half-widths, the\n"
    "share of days meeting the targets, and the cost of the interval's wages),\n"
    "summary.json (the same, and the day's totals in agent-hours), report.html. These are\n"
    "agents on the phones, not a roster: `ccsim schedule` turns them into shifts with breaks\n"
    "that allow for absence and meet the targets when simulated.\n"
    "Exit codes: 0 done, 64 bad command line, 65 bad scenario, 74 cannot write output,\n"
    "130 interrupted.\n"
    "\n";

// --role as the index of one of the scenario's roles; "" or what is wrong with it.
std::string set_only_role(const std::string& role, const std::vector<std::string>& names,
                          analysis::StaffingOptions& o) {
  for (std::size_t r = 0; r < names.size(); ++r) {
    if (names[r] == role) o.only_role = static_cast<int>(r);
  }
  if (o.only_role >= 0) return "";
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  return "--role: unknown role '" + role + "'; the scenario has " + known;
}

}  // namespace

int cmd_staff(const std::vector<std::string>& args) {
  OutputOptions output;
  SearchOptions search;
  search.criterion = "mean";
  auto& o = search.o;
  std::string role;
  sim::scenario::Limits limits;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help");
  add_search_options(desc, search);
  desc.add_options()("role", po::value(&role), "vary only this role; the others stay as rostered")(
      "shrinkage",
      po::value(&o.shrinkage)->default_value(o.shrinkage, sim::text::number(o.shrinkage)),
      "share of paid time off the phones (breaks, absence, training): scheduled = on phones "
      "/ (1 - shrinkage)");
  add_output_options(desc, output, "_staffing");
  po::variables_map vm;
  const std::string synopsis = std::string(kStaffSynopsis) + kTargetHelp + kStaffOutputs;
  if (const int rc = parse_scenario_command("staff", args, desc, limits, vm, synopsis.c_str());
      rc >= 0) {
    return rc;
  }
  const auto usage_error = [](const std::string& what) { return app::usage_error("staff", what); };
  if (const auto why = check_search_options(search, vm); !why.empty()) return usage_error(why);
  if (!(o.shrinkage >= 0.0 && o.shrinkage < analysis::kMaxShrinkage)) {
    return usage_error("--shrinkage must be in [0, " + sim::text::number(analysis::kMaxShrinkage) +
                       "), got " + sim::text::number(o.shrinkage));
  }

  const std::string file = scenario_file(vm);
  const auto loaded = load_or_report(file, output.overrides, limits, std::cerr);
  if (!loaded) return kExitData;
  const auto& sc = *loaded;
  note_first_day("staff", sc, std::cerr);
  if (const auto why = add_targets(search, sc.sl_threshold_s); !why.empty()) {
    return usage_error(why);
  }
  if (vm.count("role")) {
    if (const auto why = set_only_role(role, sc.role_names(), o); !why.empty()) return usage_error(why);
  }
  if (output.out.empty()) output.out = default_out(file, "_staffing");
  // Before the search: a refused --out is said at once, not after minutes of simulating.
  std::optional<report::OutputFolder> folder;
  if (!open_output("staff", output.out, {"staff", output.force, 1'000'000, {file}}, folder)) return kExitIo;

  const bool show = !output.quiet && ::isatty(STDERR_FILENO) == 1;
  if (show) {
    o.progress = [](int batch, int failing) {
      std::fprintf(stderr, "\r  batch %d: %d interval%s short of a target   ", batch, failing,
                   failing == 1 ? "" : "s");
      std::fflush(stderr);
    };
  }
  const auto t0 = std::chrono::steady_clock::now();
  const analysis::StaffingResult r = analysis::search_staffing(sc.center, o);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (show) std::fprintf(stderr, "\r%60s\r", "");

  const int written = write_output("staff", folder, output.out, [&] {
    folder->write("staffing.csv",
                  [&](std::ostream& f) { report::write_staffing_csv(f, sc.center, r); });
    folder->write("report.html", [&](std::ostream& f) {
      report::write_staffing_html(f, sc.name, sc.center, r, o);
    });
    folder->write("summary.json", [&](std::ostream& f) {
      report::write_staffing_json(f, sc.name, sc.center, r, o);
    });
  }, std::cerr);
  if (written != kExitOk) return written;
  if (!output.quiet) {
    std::cout << sc.name << "\n";
    report::print_staffing(std::cout, sc.center, r, o);
    std::cout << results_line(output.out, "staffing.csv, summary.json, report.html", secs)
              << "For a roster of shifts with breaks that allows for absence: ccsim schedule "
              << file << "\n";
  }
  return kExitOk;
}

}  // namespace app
