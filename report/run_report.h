// The `ccsim run` report (report.html in the output folder): the day's headline figures
// with confidence intervals, its timeline by interval, and tables by call type and by
// role, built with report/html.h from the same Summary as summary.json. Deterministic:
// the same run gives the same bytes whatever the thread count.
#pragma once

#include <iosfwd>

#include "report/results.h"

namespace report {

// Reference goals drawn on the charts and used to colour the headline tiles. The scenario
// does not state goals yet; these are the industry's common "80 % within the threshold,
// under 5 % abandoning" (shared/DESIGN.md).
struct RunReportTargets {
  double service_level = 0.80;
  double abandonment = 0.05;
};

void write_run_report(std::ostream& os, const report::RunInfo& info,
                      const report::Summary& summary, const RunReportTargets& targets = {});

}  // namespace report
