#include "analysis/erlang.h"

#include <cmath>
#include <limits>

namespace analysis {

double erlang_b(int n, double a) {
  if (n <= 0) return 1.0;
  if (a <= 0.0) return 0.0;
  double b = 1.0;
  for (int k = 1; k <= n; ++k) b = a * b / (k + a * b);
  return b;
}

double erlang_c(int n, double a) {
  if (a <= 0.0) return 0.0;
  if (a >= n) return 1.0;
  const double b = erlang_b(n, a);
  return n * b / (n - a * (1.0 - b));
}

double erlang_c_asa(int n, double a, double mean_handle) {
  if (a >= n) return std::numeric_limits<double>::infinity();
  return erlang_c(n, a) * mean_handle / (n - a);
}

double erlang_c_service_level(int n, double a, double mean_handle, double t) {
  if (a >= n) return 0.0;
  return 1.0 - erlang_c(n, a) * std::exp(-(n - a) * t / mean_handle);
}

}  // namespace analysis
