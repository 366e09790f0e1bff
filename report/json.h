// Every JSON file ccsim writes goes through nlohmann-json (Debian's nlohmann-json3-dev),
// so strings are escaped and the output parses everywhere; this header is private to
// report/ (the library is linked to ccsim_report only).
#pragma once

#include <iosfwd>
#include <nlohmann/json.hpp>

#include "sim/metrics/statistics.h"

namespace report::json {

// Keys stay in the order written.
using Json = nlohmann::ordered_json;

// A number as the CSV files spell it (whole numbers exactly, others to 7 significant
// digits, sim/scenario/format.h); null where it is undefined (NaN) or not finite, never
// a NaN or Infinity token.
Json number(double x);
// {"mean": ..., "ci95_half_width": ...} of an estimate across replications.
Json estimate(const sim::metrics::MeanCi& m);
// The document with two-space indentation and a final newline.
void write(std::ostream& os, const Json& document);

}  // namespace report::json
