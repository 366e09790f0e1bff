// `ccsim compare`: variants of one scenario (other rosters, --set changes, more agents of a
// role, a competency trained up) against the same customers, with paired differences
// (analysis/compare.h).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include "analysis/compare.h"
#include "report/compare_report.h"
#include "app/commands.h"
#include "app/run.h"
#include "sim/scenario/format.h"
#include "report/output_folder.h"
#include "sim/scenario/scenario.h"

namespace app {

namespace po = boost::program_options;

namespace {

const char* const kCompareSynopsis =
    "usage: ccsim compare SCENARIO [--roster FILE ...] [--variant \"NAME: k=v; k=v\" ...]\n"
    "                              [--marginal] [options]\n"
    "\n"
    "Simulates SCENARIO as it is (the baseline) and each variant with common random numbers:\n"
    "replication k of every variant meets the same customers, so the differences against the\n"
    "baseline are paired and their confidence intervals narrow. Variants:\n"
    "  --roster FILE        the scenario with another roster.csv\n"
    "  --variant \"NAME: center.absenteeism=0.1; roles.rep_1.wage_per_hour=30\"\n"
    "                       the scenario with --set style changes\n"
    "  --marginal           for every role, --add more agents all day; for every competency,\n"
    "                       one level more for every agent of --train: which change buys the\n"
    "                       most service level per unit of cost\n"
    "\n"
    "Writes comparison.csv (one row per variant and day figure: service_level, asa_s,\n"
    "abandonment_rate, fcr_rate, repeat_rate, occupancy, cost (per day), paid_h; its mean,\n"
    "95 % half-width, paired difference with its half-width, frontier flag, SL points per\n"
    "1,000 of daily cost), summary.json and report.html to the output folder.\n"
    "Exit codes: 0 done, 64 bad command line, 65 bad scenario, 74 cannot write output,\n"
    "130 interrupted.\n"
    "\n";

// A TOML string literal for a --set value (paths may hold backslashes or quotes).
std::string toml_string(const std::string& s) {
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') q += '\\';
    q += ch;
  }
  return q + "\"";
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s) {
    if (ch == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  out.push_back(cur);
  return out;
}

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

// Every variant as a name and its --set list; all are loaded (and checked) alike.
struct Spec {
  std::string name, description;
  std::vector<std::string> sets;
};

// The baseline, then one variant per --roster and per --variant; "" or what is wrong.
std::string variant_specs(const std::vector<std::string>& rosters,
                          const std::vector<std::string>& variant_texts, std::vector<Spec>& specs) {
  specs = {{"baseline", "the scenario as it is", {}}};
  for (const auto& r : rosters) {
    specs.push_back({std::filesystem::path(r).stem().string(),
                     "roster " + r,
                     {"roster.file=" + toml_string(r)}});
  }
  for (const auto& text : variant_texts) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || trim(text.substr(0, colon)).empty()) {
      return "--variant '" + text + "': write \"NAME: key=value; key=value\"";
    }
    Spec s{trim(text.substr(0, colon)), trim(text.substr(colon + 1)), {}};
    for (const auto& part : split(text.substr(colon + 1), ';')) {
      if (!trim(part).empty()) s.sets.push_back(trim(part));
    }
    if (s.sets.empty()) return "--variant '" + text + "' changes nothing";
    specs.push_back(std::move(s));
  }
  return "";
}

// The role whose competencies --marginal raises: --train, or the least qualified (lowest
// rank); -1 for a --train that names no role.
int trained_role(const sim::model::Center& base, const std::optional<std::string>& train) {
  int role = -1;
  for (std::size_t r = 0; r < base.roles.size(); ++r) {
    if (train ? base.roles[r].name == *train
              : role < 0 || base.roles[r].rank < base.roles[static_cast<std::size_t>(role)].rank) {
      role = static_cast<int>(r);
    }
  }
  return role;
}

}  // namespace

int cmd_compare(const std::vector<std::string>& args) {
  std::vector<std::string> rosters, variant_texts;
  OutputOptions output;
  analysis::CompareOptions o;
  std::string train;
  int add = 5;
  bool marginal = false;
  sim::scenario::Limits limits;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")("roster", po::value(&rosters)->composing(),
                                                 "a variant with this roster file (repeatable)")(
      "variant", po::value(&variant_texts)->composing(),
      "a variant \"NAME: key=value; key=value\" of --set changes (repeatable)")(
      "marginal", po::bool_switch(&marginal),
      "add the marginal variants: +N agents of each role, +1 level of each competency")(
      "add", po::value(&add)->default_value(add), "agents added per role with --marginal")(
      "train", po::value(&train),
      "role whose competencies --marginal raises (default: the least qualified role)")(
      "replications,n", po::value(&o.replications)->default_value(o.replications),
      "replications (days) per variant")("seed,s", po::value(&o.seed)->default_value(o.seed),
                                         "master random seed")(
      "threads,j", po::value(&o.threads)->default_value(0), "worker threads (0: one per core)")(
      "independent", po::bool_switch(&o.independent),
      "give each variant its own random streams instead of common random numbers (only to "
      "see what CRN buys)");
  add_output_options(desc, output, "_compare", "override a value in every variant (repeatable)");
  po::variables_map vm;
  if (const int rc = parse_scenario_command("compare", args, desc, limits, vm, kCompareSynopsis); rc >= 0) {
    return rc;
  }
  const auto usage_error = [](const std::string& what) { return app::usage_error("compare", what); };
  if (o.replications < 2 || o.replications > 100000) {
    return usage_error("--replications must be between 2 and 100000, got " +
                       std::to_string(o.replications));
  }
  if (add < 1 || add > 10000) {
    return usage_error("--add must be between 1 and 10000, got " + std::to_string(add));
  }

  std::vector<Spec> specs;
  if (const auto why = variant_specs(rosters, variant_texts, specs); !why.empty()) {
    return usage_error(why);
  }
  if (specs.size() < 2 && !marginal) {
    return usage_error("nothing to compare: give --roster, --variant or --marginal");
  }

  const std::string file = scenario_file(vm);
  std::vector<analysis::Variant> variants;
  std::string scenario_name;
  std::size_t errors = 0;
  for (const auto& s : specs) {
    std::vector<std::string> sets = output.overrides;
    sets.insert(sets.end(), s.sets.begin(), s.sets.end());
    const auto loaded = sim::scenario::load_scenario(file, sets, limits);
    if (!loaded.scenario) {
      std::cerr << "variant '" << s.name << "':\n" << loaded.errors.to_string();
      errors += loaded.errors.size();
      continue;
    }
    if (variants.empty()) {
      note_first_day("compare", *loaded.scenario, std::cerr);
      scenario_name = loaded.scenario->name;
      o.sl_threshold_s = loaded.scenario->sl_threshold_s;
    }
    variants.push_back({s.name, s.description, loaded.scenario->center});
  }
  if (errors) {
    std::cerr << errors_in(errors, file) << "; nothing simulated\n";
    return kExitData;
  }
  if (marginal) {
    const auto& base = variants[0].center;
    const int role = trained_role(base, vm.count("train") ? std::optional(train) : std::nullopt);
    if (role < 0) return usage_error("--train: unknown role '" + train + "'");
    for (auto& v : analysis::marginal_variants(base, add, role)) variants.push_back(std::move(v));
  }
  if (output.out.empty()) output.out = default_out(file, "_compare");
  // Before simulating: a refused --out is said at once.
  std::optional<report::OutputFolder> folder;
  if (!open_output("compare", output.out, {"compare", output.force, 1'000'000, {file}}, folder)) return kExitIo;

  const auto t0 = std::chrono::steady_clock::now();
  const analysis::Comparison c = analysis::compare(variants, o);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int written = write_output("compare", *folder, output.out, [&] {
    folder->write("comparison.csv", [&](std::ostream& f) { report::write_comparison_csv(f, c); });
    folder->write("report.html", [&](std::ostream& f) {
      report::write_comparison_html(f, scenario_name, c, o.seed);
    });
    folder->write("summary.json", [&](std::ostream& f) {
      report::write_comparison_json(f, scenario_name, c, o.seed);
    });
  }, std::cerr);
  if (written != kExitOk) return written;
  if (!output.quiet) {
    std::cout << scenario_name << "\n";
    report::print_comparison(std::cout, c);
    std::cout << results_line(output.out, "comparison.csv, summary.json, report.html", secs);
  }
  return kExitOk;
}

}  // namespace app
