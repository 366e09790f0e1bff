// `ccsim fit`: a call-by-call log in, a scenario out (analysis/fit.h does the estimating,
// sim/scenario/scenario_writer.h the writing), with a fit report and, with --validate, the
// fitted scenario simulated and compared with the log on the same figures.
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "analysis/fit.h"
#include "report/fit_report.h"
#include "app/commands.h"
#include "app/run.h"
#include "sim/engine/interrupt.h"
#include "report/output_folder.h"
#include "report/results.h"
#include "sim/scenario/scenario_writer.h"
#include "sim/scenario/call_log.h"
#include "sim/scenario/scenario.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace app {
namespace {

const char* const kFitSynopsis =
    "usage: ccsim fit LOG [LOG...] --out DIR [options]\n"
    "\n"
    "Fits a scenario to a call-by-call log (an ACD export) and writes to DIR, replaced only\n"
    "when everything is written:\n"
    "  scenario.toml, forecast.csv, roster.csv   the fitted scenario: the average kept day\n"
    "                                            (ccsim run DIR simulates it);\n"
    "  fit_report.html                           the data against the fitted distributions;\n"
    "  arrivals.csv, arrivals_by_weekday.csv, service.csv, patience.csv, patience_km.csv,\n"
    "  staffing.csv                              the estimates;\n"
    "  summary.json                              the log's figures (and the simulated ones).\n"
    "With --validate the month is also simulated day by day (each kept day's calls and\n"
    "agents, one scenario per day in DIR/days/) and as the average day, and the figures\n"
    "(offered per day, abandonment, service level, mean wait of answered calls, mean\n"
    "service time) are printed next to the log's, all computed by the same code\n"
    "(validation.csv).\n"
    "\n"
    "Estimators: arrivals per interval and call type (mean over the kept days, 95 % CI,\n"
    "dispersion across days); service time per type (lognormal by moments or gamma MLE,\n"
    "whichever is closer by Kolmogorov-Smirnov distance; both keep the mean); after-call\n"
    "work from the gaps between an agent's calls while callers waited; patience per type\n"
    "with censoring (answered after waiting w means patience > w): censored exponential\n"
    "MLE, Kaplan-Meier in the report; staffing per interval from the agents seen serving\n"
    "(an approximation). analysis/FIT.md explains each.\n"
    "\n"
    "The log is read by column name from its header row; fields are separated by blanks\n"
    "(spaces or tabs), or by commas when the header has commas and no tab. --columns maps\n"
    "the fields to another export's names, e.g.\n"
    "  --columns \"arrival=enter_q,wait=q_secs,answered=ANS|ANSWERED,priority=\"\n"
    "Keys (an empty value: the export has no such column):\n";

const char* const kFitExits =
    "\nExit codes: 0 done, 64 bad command line, 65 bad log (every malformed row is listed as\n"
    "file:line:field: column: what is wrong), 74 cannot write DIR, 130 interrupted.\n";

std::optional<std::pair<double, double>> parse_hours(const std::string& text) {
  const auto dash = text.find('-');
  if (dash == std::string::npos) return std::nullopt;
  const auto a = sim::scenario::parse_time_of_day(text.substr(0, dash));
  const auto b = sim::scenario::parse_time_of_day(text.substr(dash + 1));
  if (!a || !b || *b <= *a) return std::nullopt;
  return std::make_pair(*a, *b);
}

}  // namespace

int cmd_fit(const std::vector<std::string>& args) {
  std::vector<std::string> logs;
  std::string out, month, weekdays = "mon-fri", hours, columns, patience = "exponential";
  double interval_min = 30, sl = 20, gap_min = 60;
  std::size_t replications = 30, threads = 0;
  std::uint64_t seed = 1;
  bool validate = false, quiet = false, skip_bad = false, force = false;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "out,o", po::value(&out), "output folder (required)")(
      "month", po::value(&month), "keep only this month, YYYY-MM (default: every record)")(
      "weekdays", po::value(&weekdays)->default_value(weekdays),
      "days kept, e.g. mon-fri, sun-thu, mon,wed")(
      "hours", po::value(&hours),
      "opening hours HH:MM-HH:MM (default: the whole intervals holding all but 0.5 % of "
      "calls at either end)")(
      "interval-min", po::value(&interval_min)->default_value(interval_min),
      "interval length in minutes")(
      "sl", po::value(&sl)->default_value(sl), "service-level threshold T in seconds")(
      "columns", po::value(&columns), "column mapping key=NAME,... (keys below)")(
      "session-gap-min", po::value(&gap_min)->default_value(gap_min),
      "staffing: a gap between an agent's services longer than this ends a session")(
      "patience", po::value(&patience)->default_value(patience),
      "patience in the scenario: exponential (censored MLE) or km (the Kaplan-Meier curve "
      "as an empirical distribution, exponential beyond the longest wait)")(
      "skip-bad-rows", po::bool_switch(&skip_bad),
      "count malformed rows as skipped instead of stopping")(
      "validate", po::bool_switch(&validate),
      "simulate the fitted scenario and compare with the log")(
      "replications,n", po::value(&replications)->default_value(replications),
      "replications for --validate")(
      "seed,s", po::value(&seed)->default_value(seed), "master seed for --validate")(
      "threads,j", po::value(&threads)->default_value(0), "worker threads (0: one per core)")(
      "force", po::bool_switch(&force),
      "write to an --out that holds files ccsim did not write (moved aside to OUT.old-N)")(
      "quiet,q", po::bool_switch(&quiet), "print nothing but errors");
  po::options_description all;
  all.add(desc).add_options()("log", po::value(&logs)->composing());
  po::positional_options_description pos;
  pos.add("log", -1);
  const std::string help = std::string(kFitSynopsis) + sim::scenario::column_map_help() + "\n";
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "ccsim fit: " << e.what() << "\n\n" << help << desc << kFitExits;
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << help << desc << kFitExits;
    return kExitOk;
  }
  auto usage = [&](const std::string& what) {
    std::cerr << "ccsim fit: " << what << "\n(ccsim fit --help for the options)\n";
    return kExitUsage;
  };
  if (logs.empty()) return usage("no LOG given");
  if (out.empty()) return usage("--out DIR is required");
  analysis::FitOptions o;
  if (!(interval_min >= 1 && interval_min <= 240 && interval_min == std::floor(interval_min))) {
    return usage("--interval-min must be a whole number from 1 to 240");
  }
  o.interval_s = interval_min * 60;
  if (!(sl >= 0)) return usage("--sl must be >= 0");
  o.sl_threshold_s = sl;
  if (patience != "exponential" && patience != "km") {
    return usage("--patience must be exponential or km, got '" + patience + "'");
  }
  o.patience_km = patience == "km";
  if (!(gap_min > 0)) return usage("--session-gap-min must be > 0");
  o.session_gap_s = gap_min * 60;
  if (const auto w = analysis::parse_weekdays(weekdays)) {
    o.weekdays = *w;
  } else {
    return usage("--weekdays: cannot read '" + weekdays + "' (e.g. mon-fri, sun-thu, mon,wed)");
  }
  if (!month.empty()) {
    const auto m = analysis::parse_month(month);
    if (!m) return usage("--month must be YYYY-MM, got '" + month + "'");
    o.year = m->first;
    o.month = m->second;
  }
  if (!hours.empty()) {
    const auto h = parse_hours(hours);
    if (!h) return usage("--hours must be HH:MM-HH:MM with the end after the start, got '" + hours + "'");
    o.open_s = h->first;
    o.close_s = h->second;
  }
  sim::scenario::ColumnMap cm;
  if (!columns.empty()) {
    sim::scenario::InputErrors why;
    const auto m = sim::scenario::parse_column_map(columns, why);
    if (!m) return usage(why.all()[0].to_string());
    cm = *m;
  }
  if (replications < 2 || replications > 100000) return usage("--replications must be 2 to 100000");

  // Before reading: a refused --out is said at once.
  std::optional<report::OutputFolder> folder;
  try {
    folder.emplace(out, report::OutputPlan{"fit", force, 200'000'000,
                                                {logs.begin(), logs.end()}});
  } catch (const report::OutputError& e) {
    std::cerr << "ccsim fit: " << e.what() << "\n";
    return kExitIo;
  }

  // Read.
  sim::scenario::CallLog log;
  sim::scenario::InputErrors errors;
  for (const auto& file : logs) {
    if (!quiet) std::cerr << "reading " << file << "\n";
    sim::scenario::read_call_log(file, cm, log, errors, skip_bad);
    sim::engine::throw_if_stop_requested();
  }
  if (!errors.empty()) {
    constexpr std::size_t kShown = 50;
    for (std::size_t i = 0; i < std::min(kShown, errors.size()); ++i) {
      std::cerr << errors.all()[i].to_string() << "\n";
    }
    if (errors.size() > kShown) std::cerr << "... and " << errors.size() - kShown << " more\n";
    std::cerr << errors_in(errors.size(), "the log")
              << "; nothing written (--skip-bad-rows leaves malformed rows out)\n";
    return kExitData;
  }

  // Fit.
  if (!quiet) std::cerr << "fitting " << log.records.size() << " records\n";
  auto result = analysis::fit_call_log(log, o);
  if (!result.fit) {
    std::cerr << "ccsim fit: " << result.error << "\n";
    return kExitData;
  }
  analysis::Fit& fit = *result.fit;

  // Write, read back, validate, commit.
  std::optional<analysis::Validation> validation;
  try {
    sim::scenario::ScenarioHeader h;
    h.name = fit.name;
    h.description = fit.description;
    h.sl_threshold_s = o.sl_threshold_s;
    h.comment = "Written by ccsim fit; see fit_report.html for the estimates and their fit.";
    sim::scenario::write_scenario(folder->temp(), fit.center, h);
    // What was written must load: the validation simulates the files, not the memory.
    auto load = [&](const fs::path& file) {
      auto loaded = sim::scenario::load_scenario(file);
      if (!loaded.scenario) {
        throw std::logic_error("the written scenario does not load:\n" +
                               loaded.errors.to_string());
      }
      return std::move(loaded.scenario->center);
    };
    const sim::model::Center average = load(folder->temp() / "scenario.toml");
    if (validate) {
      // One scenario folder per kept day, days/YYYY-MM-DD/, for the day-by-day run.
      std::vector<sim::model::Center> days;
      fs::create_directory(folder->temp() / "days");
      for (std::size_t d = 0; d < fit.days.size(); ++d) {
        int y = 0;
        unsigned m = 0, dd = 0;
        sim::scenario::civil_from_days(fit.days[d], y, m, dd);
        char date[16];
        std::snprintf(date, sizeof date, "%04d-%02u-%02u", y, m, dd);
        const fs::path dir = folder->temp() / "days" / date;
        fs::create_directory(dir);
        sim::scenario::ScenarioHeader dh = h;
        dh.name = fit.name + ": " + date + " as it was";
        dh.description = std::string("The calls of ") + date +
                         " per interval and type and its agents seen serving, with the "
                         "month's fitted service times and patience.";
        dh.comment = "Written by ccsim fit --validate: one kept day of the log.";
        sim::scenario::write_scenario(dir, fit.day_centers[d], dh);
        days.push_back(load(dir / "scenario.toml"));
      }
      if (!quiet) {
        std::cerr << "simulating " << replications << " replications of the " << days.size()
                  << " days, and of the average day\n";
      }
      validation.emplace();
      validation->seed = seed;
      validation->by_day = analysis::simulate_month(days, o.sl_threshold_s, replications, seed, threads);
      validation->average_day =
          analysis::simulate_figures(average, o.sl_threshold_s, replications, seed, threads);
    }
    const analysis::Validation* v = validation ? &*validation : nullptr;
    report::write_fit_tables(folder->temp(), log, fit, v);
    report::write_fit_report(folder->temp() / "fit_report.html", log, fit, v);
    folder->commit();
  } catch (const std::logic_error& e) {
    std::cerr << "ccsim fit: internal error: " << e.what() << "\n";
    return kExitSoftware;
  } catch (const sim::engine::Interrupted&) {
    throw;  // main() says it and exits 130; the folder's destructor removed it
  } catch (const std::exception& e) {
    std::cerr << "ccsim fit: " << folder->as_destination(e.what()) << "\n";
    return kExitIo;
  }
  if (!folder->moved_aside().empty()) {
    std::cerr << "ccsim fit: the previous " << out << " is kept as "
              << folder->moved_aside().string() << "\n";
  }
  if (!quiet) {
    report::print_fit(std::cout, log, fit, validation ? &*validation : nullptr);
    std::cout << "\nScenario and report in " << out
              << "/ (scenario.toml, forecast.csv, roster.csv, fit_report.html, arrivals.csv, "
                 "arrivals_by_weekday.csv, service.csv, patience.csv, patience_km.csv, "
                 "staffing.csv, summary.json"
              << (validation ? ", validation.csv, days/" : "") << ")\n";
  }
  return kExitOk;
}

}  // namespace app
