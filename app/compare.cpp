// `ccsim compare`: variants of one scenario (other rosters, --set changes, more agents of a
// role, a competency trained up) against the same customers, with paired differences
// (analysis/compare.h).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <variant>

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
    "usage: ccsim compare SCENARIO [--scenario [NAME:]OTHER ...] [--roster FILE ...]\n"
    "                              [--variant \"NAME: k=v; k=v\" ...] [--swap \"rep_1-10,rep_2+7\" ...]\n"
    "                              [--marginal] [--same-budget FIGURE | --cheapest-meeting T]\n"
    "                              [--rank F1,F2,...] [options]\n"
    "\n"
    "Simulates SCENARIO as it is (the baseline) and each variant with common random numbers:\n"
    "replication k of every variant meets the same customers, so the differences against the\n"
    "baseline are paired and their confidence intervals narrow. Variants:\n"
    "  --scenario OTHER     another scenario folder or .toml (an event day against its base),\n"
    "                       labelled by its folder name, or NAME: OTHER; pairing holds for\n"
    "                       the call types and agents both share (analysis/README.md)\n"
    "  --roster FILE        the scenario with another roster.csv\n"
    "  --variant \"NAME: center.absenteeism=0.1; roles.rep_1.wage_per_hour=30\"\n"
    "                       the scenario with --set style changes\n"
    "  --swap \"rep_1-10,rep_2+7\"\n"
    "                       the roster less 10 rep_1 (spread evenly over their shifts) and\n"
    "                       7 rep_2 more on the removed agents' shifts\n"
    "  --marginal           for every role, --add more agents all day; for every competency,\n"
    "                       one level more for every agent of --train: which change buys the\n"
    "                       most service level per unit of cost\n"
    "  --same-budget FIGURE search swaps between roles at a planned daily cost not above the\n"
    "                       baseline's for the mix with the best FIGURE (e.g. service_level)\n"
    "  --cheapest-meeting T the cheapest mix whose day meets targets T (\"sl>=0.8,abandon<=0.05\")\n"
    "\n"
    "Writes comparison.csv (one row per variant and day figure: service_level, asa_s,\n"
    "abandonment_rate, fcr_rate, repeat_rate, occupancy, cost (per day), paid_h; its mean,\n"
    "95 % half-width, paired difference with its half-width, frontier flag, SL points per\n"
    "1,000 of daily cost), comparison_intervals.csv (the same per interval: variant,\n"
    "interval_start, metric, mean, half-width, paired difference and its half-width),\n"
    "comparison_replications.csv (variant, replication, metric, value), summary.json and\n"
    "report.html to the output folder.\n"
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

// Every variant as a name, its --set list and its scenario file (empty: SCENARIO's); all
// are loaded (and checked) alike.
struct Spec {
  std::string name, description;
  std::vector<std::string> sets;
  std::string file;
};

// The baseline, then one variant per --roster and per --variant; "" or what is wrong.
std::string variant_specs(const std::vector<std::string>& rosters,
                          const std::vector<std::string>& variant_texts, std::vector<Spec>& specs) {
  specs = {{"baseline", "the scenario as it is", {}, ""}};
  for (const auto& r : rosters) {
    specs.push_back({std::filesystem::path(r).stem().string(),
                     "roster " + r,
                     {"roster.file=" + toml_string(r)}, ""});
  }
  for (const auto& text : variant_texts) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || trim(text.substr(0, colon)).empty()) {
      return "--variant '" + text + "': write \"NAME: key=value; key=value\"";
    }
    Spec s{trim(text.substr(0, colon)), trim(text.substr(colon + 1)), {}, ""};
    for (const auto& part : split(text.substr(colon + 1), ';')) {
      if (!trim(part).empty()) s.sets.push_back(trim(part));
    }
    if (s.sets.empty()) return "--variant '" + text + "' changes nothing";
    specs.push_back(std::move(s));
  }
  return "";
}

// One variant per --scenario: "NAME: path" or a path, labelled by its folder's name (a
// .toml other than scenario.toml: by its stem). A colon followed by a path separator is a
// drive letter, not a name.
void scenario_specs(const std::vector<std::string>& scenarios, std::vector<Spec>& specs) {
  for (const auto& text : scenarios) {
    const auto colon = text.find(':');
    const bool named = colon != std::string::npos && colon > 1 &&
                       (colon + 1 == text.size() || (text[colon + 1] != '/' && text[colon + 1] != '\\'));
    const std::string path = named ? trim(text.substr(colon + 1)) : text;
    const std::string file = scenario_file(path);
    const std::filesystem::path f(file);
    const std::string label = named ? trim(text.substr(0, colon))
                              : f.filename() == "scenario.toml" && f.has_parent_path()
                                  ? std::filesystem::absolute(f).parent_path().filename().string()
                                  : f.stem().string();
    specs.push_back({label, "scenario " + path, {}, file});
  }
}

// A figure of the catalogue by its name (calls first: "handled" is both); nullopt if none.
std::optional<analysis::DayFigure> figure_named(const std::string& name) {
  for (auto m : sim::metrics::call_metrics()) {
    if (sim::metrics::def(m).name == name) return m;
  }
  for (auto m : sim::metrics::agent_metrics()) {
    if (sim::metrics::def(m).name == name) return m;
  }
  return std::nullopt;
}

// --rank's figures, or what is wrong with them.
std::variant<std::vector<analysis::DayFigure>, std::string> rank_figures(const std::string& text) {
  std::vector<analysis::DayFigure> out;
  for (const auto& part : split(text, ',')) {
    const auto f = figure_named(trim(part));
    if (!f) return "--rank: unknown figure '" + trim(part) + "' (names as in comparison.csv)";
    if (sim::metrics::def(*f).better == sim::metrics::Better::neither) {
      return "--rank: " + trim(part) + " is neither better high nor low; it cannot rank";
    }
    out.push_back(*f);
  }
  return out;
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

// Loads every spec (SCENARIO with its --set changes, or the spec's own file) into
// `variants`; with per-interval output, refuses a scenario whose intervals differ from the
// baseline's. Returns -1 to go on, or the exit code.
int load_variants(const std::vector<Spec>& specs, const std::string& base_file,
                  const std::vector<std::string>& overrides, const sim::scenario::Limits& limits,
                  analysis::CompareOptions& o, std::vector<analysis::Variant>& variants,
                  std::string& scenario_name) {
  std::size_t errors = 0;
  for (const auto& s : specs) {
    std::vector<std::string> sets = overrides;
    sets.insert(sets.end(), s.sets.begin(), s.sets.end());
    const std::string file = s.file.empty() ? base_file : s.file;
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
    } else if (const auto why = analysis::same_intervals(variants[0].center, loaded.scenario->center);
               o.intervals && !why.empty()) {
      std::cerr << file << ": variant '" << s.name << "' " << why
                << "; comparison_intervals.csv needs the same intervals (--day-only compares "
                   "day totals only)\n";
      ++errors;
      continue;
    }
    variants.push_back({s.name, s.description, loaded.scenario->center});
  }
  if (errors) {
    std::cerr << errors_in(errors, base_file) << "; nothing simulated\n";
    return kExitData;
  }
  return -1;
}

// One variant per --swap, from the baseline's roster; "" or the usage error.
std::string add_swaps(const std::vector<std::string>& swaps,
                      std::vector<analysis::Variant>& variants) {
  const auto& base = variants[0].center;
  for (const auto& text : swaps) {
    const auto parsed = analysis::parse_swap(text, base);
    if (const auto* why = std::get_if<std::string>(&parsed)) return "--swap " + *why;
    auto center = analysis::apply_swap(base, std::get<std::vector<analysis::Swap>>(parsed));
    if (const auto* why = std::get_if<std::string>(&center)) return "--swap '" + text + "' " + *why;
    variants.push_back({text, "the baseline's roster with " + text,
                        std::move(std::get<sim::model::Center>(center))});
  }
  return "";
}

// The same-budget search: says plainly what it found and adds it as a variant, so the
// comparison shows it with paired intervals.
void run_mix_search(const analysis::MixSearchOptions& m, const analysis::CompareOptions& o,
                    bool quiet, std::vector<analysis::Variant>& variants) {
  const auto& base = variants[0].center;
  const auto r = analysis::search_mix(base, m, o);
  const std::string what = m.maximise ? "better " + std::string(sim::metrics::def(*m.maximise).name)
                                      : "the targets met at a lower cost";
  std::string line;
  if (r.found) {
    const std::string text = analysis::swap_text(r.best, base);
    line = "same-budget search: " + text + " (planned cost " + sim::text::number(r.best_cost) +
           " a day, the baseline's " + sim::text::number(r.base_cost) + ") gives " + what +
           "; it is compared below as '" + (m.maximise ? "best mix: " : "cheapest mix: ") + text +
           "'";
    variants.push_back({(m.maximise ? "best mix: " : "cheapest mix: ") + text,
                        "found by the same-budget search", std::get<sim::model::Center>(
                                                                analysis::apply_swap(base, r.best))});
  } else if (m.maximise) {
    line = "same-budget search: no mix of the roles at no higher planned cost gives " + what +
           " than the baseline (" + std::to_string(r.evaluations) + " mixes tried)";
  } else {
    line = r.base_meets ? "same-budget search: no cheaper mix meets the targets ("
                        : "same-budget search: neither the baseline nor any mix tried at no "
                          "higher cost meets the targets (";
    line += std::to_string(r.evaluations) + " mixes tried)";
  }
  if (!quiet) std::cout << line << "\n";
}

// Everything ccsim compare reads from its command line.
struct CompareArgs {
  std::vector<std::string> rosters, variant_texts, scenarios, swaps;
  OutputOptions output;
  analysis::CompareOptions o;
  analysis::MixSearchOptions mix;
  std::string train, same_budget, cheapest, rank_text = "service_level";
  int add = 5;
  bool marginal = false, day_only = false;
};

void describe(po::options_description& desc, CompareArgs& a) {
  auto& [rosters, variant_texts, scenarios, swaps, output, o, mix, train, same_budget, cheapest,
         rank_text, add, marginal, day_only] = a;
  desc.add_options()("help,h", "show this help")(
      "scenario", po::value(&scenarios)->composing(),
      "a variant: another scenario folder or .toml, or \"NAME: path\" (repeatable)")(
      "roster", po::value(&rosters)->composing(), "a variant with this roster file (repeatable)")(
      "variant", po::value(&variant_texts)->composing(),
      "a variant \"NAME: key=value; key=value\" of --set changes (repeatable)")(
      "swap", po::value(&swaps)->composing(),
      "a variant \"rep_1-10,rep_2+7\": the roster less and plus agents of roles (repeatable)")(
      "marginal", po::bool_switch(&marginal),
      "add the marginal variants: +N agents of each role, +1 level of each competency")(
      "add", po::value(&add)->default_value(add), "agents added per role with --marginal")(
      "train", po::value(&train),
      "role whose competencies --marginal raises (default: the least qualified role)")(
      "same-budget", po::value(&same_budget),
      "search the mix of roles at no higher planned cost with the best FIGURE")(
      "cheapest-meeting", po::value(&cheapest),
      "search the cheapest mix of roles whose day meets targets, e.g. \"sl>=0.8,abandon<=0.05\"")(
      "max-evaluations", po::value(&mix.max_evaluations)->default_value(mix.max_evaluations),
      "mixes the search may simulate")(
      "rank", po::value(&rank_text)->default_value(rank_text),
      "figures to rank the variants on, in order, e.g. service_level,abandonment_rate,cost")(
      "day-only", po::bool_switch(&day_only),
      "day totals only: no comparison_intervals.csv, so scenarios with other hours compare")(
      "replications,n", po::value(&o.replications)->default_value(o.replications),
      "replications (days) per variant")("seed,s", po::value(&o.seed)->default_value(o.seed),
                                         "master random seed")(
      "threads,j", po::value(&o.threads)->default_value(0), "worker threads (0: one per core)")(
      "independent", po::bool_switch(&o.independent),
      "give each variant its own random streams instead of common random numbers (only to "
      "see what CRN buys)");
}

}  // namespace

int cmd_compare(const std::vector<std::string>& args) {
  CompareArgs read;
  auto& [rosters, variant_texts, scenarios, swaps, output, o, mix, train, same_budget, cheapest,
         rank_text, add, marginal, day_only] = read;
  sim::scenario::Limits limits;
  po::options_description desc("options");
  describe(desc, read);
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
  if (mix.max_evaluations < 1 || mix.max_evaluations > 10000) {
    return usage_error("--max-evaluations must be between 1 and 10000, got " +
                       std::to_string(mix.max_evaluations));
  }
  if (!same_budget.empty() && !cheapest.empty()) {
    return usage_error("give --same-budget or --cheapest-meeting, not both");
  }
  o.intervals = !day_only;
  const auto rank = rank_figures(rank_text);
  if (const auto* why = std::get_if<std::string>(&rank)) return usage_error(*why);
  if (!same_budget.empty()) {
    mix.maximise = figure_named(same_budget);
    if (!mix.maximise || sim::metrics::def(*mix.maximise).better == sim::metrics::Better::neither) {
      return usage_error("--same-budget: '" + same_budget +
                         "' is no figure that is better high or low (names as in comparison.csv)");
    }
  }

  std::vector<Spec> specs;
  if (const auto why = variant_specs(rosters, variant_texts, specs); !why.empty()) {
    return usage_error(why);
  }
  scenario_specs(scenarios, specs);
  const bool search = mix.maximise || !cheapest.empty();
  if (specs.size() < 2 && !marginal && swaps.empty() && !search) {
    return usage_error(
        "nothing to compare: give --scenario, --roster, --variant, --swap, --marginal or a search");
  }

  const std::string file = scenario_file(vm);
  std::vector<analysis::Variant> variants;
  std::string scenario_name;
  if (const int rc = load_variants(specs, file, output.overrides, limits, o, variants, scenario_name);
      rc >= 0) {
    return rc;
  }
  if (const auto why = add_swaps(swaps, variants); !why.empty()) return usage_error(why);
  if (!cheapest.empty()) {
    for (const auto& t : split(cheapest, ',')) {
      auto parsed = analysis::parse_target(trim(t), o.sl_threshold_s);
      if (const auto* why = std::get_if<std::string>(&parsed)) {
        return usage_error("--cheapest-meeting: " + *why);
      }
      mix.targets.push_back(std::get<analysis::Target>(parsed));
    }
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
  if (search) run_mix_search(mix, o, output.quiet, variants);
  // A search that found nothing leaves the baseline alone: its figures are still written.
  const analysis::Comparison c = analysis::compare(variants, o);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int written = write_output("compare", folder, output.out, [&] {
    folder->write("comparison.csv", [&](std::ostream& f) { report::write_comparison_csv(f, c); });
    if (o.intervals) {
      folder->write("comparison_intervals.csv",
                    [&](std::ostream& f) { report::write_comparison_intervals_csv(f, c); });
    }
    folder->write("comparison_replications.csv",
                  [&](std::ostream& f) { report::write_comparison_replications_csv(f, c); });
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
    const bool callbacks = std::any_of(variants.begin(), variants.end(),
                                       [](const auto& v) { return v.center.callbacks.enabled; });
    report::print_comparison(std::cout, c, callbacks, std::get<std::vector<analysis::DayFigure>>(rank));
    std::cout << results_line(output.out,
                              std::string("comparison.csv, ") +
                                  (o.intervals ? "comparison_intervals.csv, " : "") +
                                  "comparison_replications.csv, summary.json, report.html",
                              secs);
  }
  return kExitOk;
}

}  // namespace app
