#include "app/search_options.h"

#include "sim/scenario/format.h"

namespace app {

namespace po = boost::program_options;

const char* const kTargetHelp =
    "Targets (repeatable; default sl>=0.80 at the scenario's threshold and abandon<=0.05):\n"
    "  sl(30s)>=0.80   service_level: answered within 30 s / (offered - short abandons)\n"
    "  abandon<=0.05   abandonment_rate: abandoned / offered\n"
    "  asa<=60s        asa_s: mean wait of answered calls\n"
    "An interval-day with no calls (or none answered) has no such figure and misses nothing.\n";

void add_search_options(po::options_description& desc, SearchOptions& s) {
  auto& o = s.o;
  desc.add_options()("target,t", po::value(&s.targets)->composing(),
                     "a target, e.g. \"sl(30s)>=0.80\" (repeatable)")(
      "criterion", po::value(&s.criterion)->default_value(s.criterion),
      "mean: the expected figure meets the target (one-sided t bound at --confidence);\n"
      "days: at least --confidence of simulated days meet it")(
      "confidence", po::value(&o.confidence)->default_value(o.confidence, sim::text::number(o.confidence)),
      "confidence that a target is met (mean), or share of days that meet it (days), "
      "in (0.5, 1)")("replications,n", po::value(&o.replications)->default_value(o.replications),
                     "simulated days per candidate staffing")(
      "seed,s", po::value(&o.seed)->default_value(o.seed), "master random seed")(
      "threads,j", po::value(&o.threads)->default_value(0), "worker threads (0: one per core)")(
      "no-control-variates",
      "estimate each interval by the plain mean across replications "
      "instead of with its arrivals as control variates (wider intervals)");
}

std::string check_search_options(SearchOptions& s, const po::variables_map& vm) {
  auto& o = s.o;
  if (!(o.confidence > 0.5 && o.confidence < 1.0)) {
    return "--confidence must be between 0.5 and 1 (exclusive), got " +
           sim::text::number(o.confidence);
  }
  if (o.replications < 2 || o.replications > 100000) {
    return "--replications must be between 2 and 100000, got " + std::to_string(o.replications);
  }
  o.control_variates = !vm.count("no-control-variates");
  if (s.criterion == "mean") {
    o.criterion = analysis::Criterion::mean;
  } else if (s.criterion == "days") {
    o.criterion = analysis::Criterion::days;
  } else {
    return "--criterion must be 'mean' or 'days', got '" + s.criterion + "'";
  }
  return "";
}

std::string add_targets(SearchOptions& s, double sl_threshold_s) {
  return analysis::read_targets(s.targets, sl_threshold_s, s.o.targets);
}

}  // namespace app
