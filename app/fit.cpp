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

#include "analysis/cluster.h"
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
    "dispersion across days, whose excess over Poisson becomes the scenario's [busyness]\n"
    "day_cv); service time per type (lognormal by moments or gamma MLE,\n"
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

// What `ccsim fit` was asked to do.
struct FitCommand {
  std::vector<std::string> logs;
  std::string out;
  analysis::FitOptions options;
  sim::scenario::ColumnMap columns;
  std::size_t replications = 30, threads = 0;
  std::uint64_t seed = 1;
  bool validate = false, quiet = false, skip_bad = false, force = false;
};

// The command line as given, before its values are checked.
struct FitArguments {
  std::string month, weekdays = "mon-fri", hours, columns, patience = "exponential";
  double interval_min = 30, sl = 20, gap_min = 60;
};

int usage(const std::string& what) {
  std::cerr << "ccsim fit: " << what << "\n(ccsim fit --help for the options)\n";
  return kExitUsage;
}

// The values of the command line into `c`; the exit code to stop with, or -1.
int check_arguments(const FitArguments& a, FitCommand& c) {
  analysis::FitOptions& o = c.options;
  if (c.logs.empty()) return usage("no LOG given");
  if (c.out.empty()) return usage("--out DIR is required");
  if (!(a.interval_min >= 1 && a.interval_min <= 240 && a.interval_min == std::floor(a.interval_min))) {
    return usage("--interval-min must be a whole number from 1 to 240");
  }
  o.interval_s = a.interval_min * 60;
  if (!(a.sl >= 0)) return usage("--sl must be >= 0");
  o.sl_threshold_s = a.sl;
  if (a.patience != "exponential" && a.patience != "km") {
    return usage("--patience must be exponential or km, got '" + a.patience + "'");
  }
  o.patience_km = a.patience == "km";
  if (!(a.gap_min > 0)) return usage("--session-gap-min must be > 0");
  o.session_gap_s = a.gap_min * 60;
  if (const auto w = analysis::parse_weekdays(a.weekdays)) {
    o.weekdays = *w;
  } else {
    return usage("--weekdays: cannot read '" + a.weekdays + "' (e.g. mon-fri, sun-thu, mon,wed)");
  }
  if (!a.month.empty()) {
    const auto m = analysis::parse_month(a.month);
    if (!m) return usage("--month must be YYYY-MM, got '" + a.month + "'");
    o.year = m->first;
    o.month = m->second;
  }
  if (!a.hours.empty()) {
    const auto h = parse_hours(a.hours);
    if (!h) return usage("--hours must be HH:MM-HH:MM with the end after the start, got '" + a.hours + "'");
    o.open_s = h->first;
    o.close_s = h->second;
  }
  if (!a.columns.empty()) {
    sim::scenario::InputErrors why;
    const auto m = sim::scenario::parse_column_map(a.columns, why);
    if (!m) return usage(why.all()[0].to_string());
    c.columns = *m;
  }
  if (c.replications < 2 || c.replications > 100000) return usage("--replications must be 2 to 100000");
  return -1;
}

int parse_fit_command(const std::vector<std::string>& args, FitCommand& c) {
  FitArguments a;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "out,o", po::value(&c.out), "output folder (required)")(
      "month", po::value(&a.month), "keep only this month, YYYY-MM (default: every record)")(
      "weekdays", po::value(&a.weekdays)->default_value(a.weekdays),
      "days kept, e.g. mon-fri, sun-thu, mon,wed")(
      "hours", po::value(&a.hours),
      "opening hours HH:MM-HH:MM (default: the whole intervals holding all but 0.5 % of "
      "calls at either end)")(
      "interval-min", po::value(&a.interval_min)->default_value(a.interval_min),
      "interval length in minutes")(
      "sl", po::value(&a.sl)->default_value(a.sl), "service-level threshold T in seconds")(
      "columns", po::value(&a.columns), "column mapping key=NAME,... (keys below)")(
      "session-gap-min", po::value(&a.gap_min)->default_value(a.gap_min),
      "staffing: a gap between an agent's services longer than this ends a session")(
      "patience", po::value(&a.patience)->default_value(a.patience),
      "patience in the scenario: exponential (censored MLE) or km (the Kaplan-Meier curve "
      "as an empirical distribution, exponential beyond the longest wait)")(
      "skip-bad-rows", po::bool_switch(&c.skip_bad),
      "count malformed rows as skipped instead of stopping")(
      "validate", po::bool_switch(&c.validate),
      "simulate the fitted scenario and compare with the log")(
      "replications,n", po::value(&c.replications)->default_value(c.replications),
      "replications for --validate")(
      "seed,s", po::value(&c.seed)->default_value(c.seed), "master seed for --validate")(
      "threads,j", po::value(&c.threads)->default_value(0), "worker threads (0: one per core)")(
      "force", po::bool_switch(&c.force),
      "write to an --out that holds files ccsim did not write (moved aside to OUT.old-N)")(
      "quiet,q", po::bool_switch(&c.quiet), "print nothing but errors");
  po::options_description hidden;
  hidden.add_options()("log", po::value(&c.logs)->composing());
  po::positional_options_description pos;
  pos.add("log", -1);
  const CommandHelp help{"fit", std::string(kFitSynopsis) + sim::scenario::column_map_help() + "\n",
                         kFitExits};
  po::variables_map vm;
  if (const int rc = parse_command(help, args, desc, vm, hidden, pos); rc >= 0) return rc;
  return check_arguments(a, c);
}

// Every log read into one; nullopt after printing the first 50 problems.
std::optional<sim::scenario::CallLog> read_logs(const FitCommand& c) {
  sim::scenario::CallLog log;
  sim::scenario::InputErrors errors;
  for (const auto& file : c.logs) {
    if (!c.quiet) std::cerr << "reading " << file << "\n";
    sim::scenario::read_call_log(file, c.columns, log, errors, c.skip_bad);
    sim::engine::throw_if_stop_requested();
  }
  if (errors.empty()) return log;
  constexpr std::size_t kShown = 50;
  for (std::size_t i = 0; i < std::min(kShown, errors.size()); ++i) {
    std::cerr << errors.all()[i].to_string() << "\n";
  }
  if (errors.size() > kShown) std::cerr << "... and " << errors.size() - kShown << " more\n";
  std::cerr << errors_in(errors.size(), "the log")
            << "; nothing written (--skip-bad-rows leaves malformed rows out)\n";
  return std::nullopt;
}

// Writes `center` as a scenario folder and reads it back: the validation simulates the
// files, not the memory.
sim::model::Center write_and_load(const fs::path& dir, const sim::model::Center& center,
                                  const sim::scenario::ScenarioHeader& h) {
  sim::scenario::write_scenario(dir, center, h);
  auto loaded = sim::scenario::load_scenario(dir / "scenario.toml");
  if (!loaded.scenario) {
    throw std::logic_error("the written scenario does not load:\n" + loaded.errors.to_string());
  }
  return std::move(loaded.scenario->center);
}

// One scenario folder per kept day, days/YYYY-MM-DD/, for the day-by-day run.
std::vector<sim::model::Center> write_days(const fs::path& dir, const analysis::Fit& fit,
                                           const sim::scenario::ScenarioHeader& h) {
  std::vector<sim::model::Center> days;
  fs::create_directory(dir / "days");
  for (std::size_t d = 0; d < fit.days.size(); ++d) {
    const std::string date = sim::scenario::iso_date(fit.days[d]);
    const fs::path day_dir = dir / "days" / date;
    fs::create_directory(day_dir);
    sim::scenario::ScenarioHeader dh = h;
    dh.name = fit.name + ": " + date + " as it was";
    dh.description = "The calls of " + date +
                     " per interval and type and its agents seen serving, with the "
                     "month's fitted service times and patience.";
    dh.comment = "Written by ccsim fit --validate: one kept day of the log.";
    days.push_back(write_and_load(day_dir, fit.day_centers[d], dh));
  }
  return days;
}

// The scenario, the tables and the report into the folder's temporary `dir`; with
// --validate the month simulated day by day and as the average day.
std::optional<analysis::Validation> write_fit(const fs::path& dir, const FitCommand& c,
                                              const sim::scenario::CallLog& log,
                                              const analysis::Fit& fit) {
  const analysis::FitOptions& o = c.options;
  sim::scenario::ScenarioHeader h;
  h.name = fit.name;
  h.description = fit.description;
  h.sl_threshold_s = o.sl_threshold_s;
  h.comment = "Written by ccsim fit; see fit_report.html for the estimates and their fit.";
  const sim::model::Center average = write_and_load(dir, fit.center, h);
  std::optional<analysis::Validation> validation;
  if (c.validate) {
    const std::vector<sim::model::Center> days = write_days(dir, fit, h);
    if (!c.quiet) {
      std::cerr << "simulating " << c.replications << " replications of the " << days.size()
                << " days, and of the average day\n";
    }
    validation.emplace();
    validation->seed = c.seed;
    validation->by_day =
        analysis::simulate_month(days, o.sl_threshold_s, c.replications, c.seed, c.threads);
    validation->average_day =
        analysis::simulate_figures(average, o.sl_threshold_s, c.replications, c.seed, c.threads);
  }
  const analysis::Validation* v = validation ? &*validation : nullptr;
  report::write_fit_tables(dir, log, fit, v);
  report::write_fit_report(dir / "fit_report.html", log, fit, v);
  return validation;
}

}  // namespace

int cmd_fit(const std::vector<std::string>& args) {
  FitCommand c;
  if (const int rc = parse_fit_command(args, c); rc >= 0) return rc;
  // The fit writes as it validates (write_fit), so it is not spread over MPI ranks.
  if (analysis::cluster::world().size > 1) {
    return usage_error("fit", "runs as one process; start it without mpirun or srun");
  }
  // Before reading: a refused --out is said at once.
  std::optional<report::OutputFolder> folder;
  const report::OutputPlan plan{"fit", c.force, 200'000'000, {c.logs.begin(), c.logs.end()}};
  if (!open_output("fit", c.out, plan, folder)) return kExitIo;
  const auto log = read_logs(c);
  if (!log) return kExitData;
  if (!c.quiet) std::cerr << "fitting " << log->records.size() << " records\n";
  const auto result = analysis::fit_call_log(*log, c.options);
  if (!result.fit) {
    std::cerr << "ccsim fit: " << result.error << "\n";
    return kExitData;
  }
  const analysis::Fit& fit = *result.fit;
  std::optional<analysis::Validation> validation;
  try {
    validation = write_fit(folder->temp(), c, *log, fit);
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
    std::cerr << "ccsim fit: the previous " << c.out << " is kept as "
              << folder->moved_aside().string() << "\n";
  }
  if (!c.quiet) {
    report::print_fit(std::cout, *log, fit, validation ? &*validation : nullptr);
    std::cout << "\nScenario and report in " << c.out
              << "/ (scenario.toml, forecast.csv, roster.csv, fit_report.html, arrivals.csv, "
                 "arrivals_by_weekday.csv, service.csv, patience.csv, patience_km.csv, "
                 "staffing.csv, summary.json"
              << (validation ? ", validation.csv, days/" : "") << ")\n";
  }
  return kExitOk;
}

}  // namespace app
