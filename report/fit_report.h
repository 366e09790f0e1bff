// What `ccsim fit` shows and writes besides the scenario: the estimates as CSV tables, a
// JSON summary, the one-screen summary, and fit_report.html (report/html.h) with the
// data against the fitted distributions. Pure functions of the fit: same log and options,
// same bytes.
#pragma once

#include <filesystem>
#include <iosfwd>

#include "analysis/fit.h"

namespace report {

using analysis::Fit;
using analysis::Validation;
using analysis::Figures;

// arrivals.csv, service.csv, patience.csv, patience_km.csv, staffing.csv, summary.json,
// and validation.csv when `v` is given. Throws std::runtime_error on a write error.
void write_fit_tables(const std::filesystem::path& dir, const sim::scenario::CallLog& log,
                      const Fit& fit, const Validation* v);
void write_fit_report(const std::filesystem::path& file, const sim::scenario::CallLog& log,
                      const Fit& fit, const Validation* v);
void print_fit(std::ostream& os, const sim::scenario::CallLog& log, const Fit& fit,
               const Validation* v);

}  // namespace report
