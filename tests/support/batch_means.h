// Batch means for the validation tests (tests/validation): one long stationary day split
// into batches, the first dropped as warm-up from an empty start; the mean of a figure over
// the others and its standard error (the batches taken as independent).
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace sim::fixtures {

struct Estimate {
  double mean, se;
};

// f(batch) over batches 1..n-1.
template <class Batch, class F>
Estimate batch_mean(const std::vector<Batch>& b, F f) {
  std::vector<double> x;
  for (std::size_t k = 1; k < b.size(); ++k) x.push_back(f(b[k]));
  double m = 0.0;
  for (double v : x) m += v;
  m /= static_cast<double>(x.size());
  double s2 = 0.0;
  for (double v : x) s2 += (v - m) * (v - m);
  s2 /= static_cast<double>(x.size() - 1);
  return {m, std::sqrt(s2 / static_cast<double>(x.size()))};
}

}  // namespace sim::fixtures
