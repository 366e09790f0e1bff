// Pieces the staffing and schedule reports share (private to report/): how a searched or
// verified interval's figures are written, how the search's options are named, and the
// service charts against the targets. Each is written here once so that staffing.csv and
// coverage.csv, or the two summary.json files, cannot drift apart.
#pragma once

#include <string>
#include <vector>

#include "analysis/staffing.h"
#include "report/html.h"
#include "report/json.h"

namespace report::search {

// CSV columns of an interval's verified figures: each of kTargetFigures by its catalogue
// name with its 95 % half-width, then p_days_met and met. Appended, each after a comma.
void put_figure_header(std::string& out);
void put_figure_cells(std::string& out, const analysis::IntervalStaffing& iv);

// "sl(30s)>=0.80, abandon<=0.05", as the user wrote them.
std::string targets_text(const analysis::StaffingOptions& o);
// The criterion in words: "every target met on >= 80 % of simulated days", or "the
// expected figure meets every target with 95 % confidence".
std::string criterion_text(const analysis::StaffingOptions& o);
// seed, replications, confidence, criterion ("mean" or "days") and targets, into `j`.
void put_options(json::Json& j, const analysis::StaffingOptions& o);

// The service level and abandonment per interval with their 95 % intervals and the
// targets' lines, appended to the page's current section.
void add_service_charts(html::Page& page, const std::vector<std::string>& categories,
                        const std::vector<analysis::IntervalStaffing>& intervals,
                        const analysis::StaffingOptions& o);

}  // namespace report::search
