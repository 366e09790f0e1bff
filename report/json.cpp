#include "report/json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <ostream>
#include <string>

#include "sim/scenario/format.h"

namespace report::json {

Json number(double x) {
  if (!std::isfinite(x)) return nullptr;
  // The value the CSVs show, so both files agree digit for digit; a whole number (also one
  // rounded to it, 6.99999999 as 7) without a decimal point, as the CSVs write it.
  const std::string text = sim::text::number(x);
  double rounded = x;
  std::from_chars(text.data(), text.data() + text.size(), rounded);
  if (rounded == std::floor(rounded) && std::fabs(rounded) < 1e15) {
    return static_cast<std::int64_t>(rounded);
  }
  return rounded;
}

Json estimate(const sim::metrics::MeanCi& m) {
  return {{"mean", number(m.mean)}, {"ci95_half_width", number(m.half_width)}};
}

void write(std::ostream& os, const Json& document) { os << document.dump(2) << "\n"; }

}  // namespace report::json
