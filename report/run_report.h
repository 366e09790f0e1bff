// The `ccsim run` report (report.html in the output folder): the scenario's description
// and events, the day's headline figures with confidence intervals, its timeline by
// interval with the events marked, what happened in the worst intervals, and tables by
// call type and by role, built with report/html.h from the same Summary as summary.json. Deterministic:
// the same run gives the same bytes whatever the thread count.
#pragma once

#include <iosfwd>

#include "report/results.h"

namespace report {

// The goals drawn on the charts, colouring the headline tiles and judging the "What
// happened" section are the scenario's ([goals], RunInfo::goals).
void write_run_report(std::ostream& os, const report::RunInfo& info,
                      const report::Summary& summary);

}  // namespace report
