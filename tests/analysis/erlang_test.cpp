#include "analysis/erlang.h"

#include <gtest/gtest.h>

#include <cmath>

namespace analysis {
namespace {

// Erlang B and C from their defining sums (fine for small n), an independent check of the
// recurrences used in analysis/erlang.cpp.
double b_by_definition(int n, double a) {
  double term = 1.0, sum = 1.0;
  for (int k = 1; k <= n; ++k) sum += (term *= a / k);
  return term / sum;
}
double c_by_definition(int n, double a) {
  double term = 1.0, sum = 1.0;
  for (int k = 1; k < n; ++k) sum += (term *= a / k);
  const double last = term * a / n * n / (n - a);
  return last / (sum + last);
}

TEST(Erlang, RecurrencesMatchTheDefiningSums) {
  for (int n : {1, 2, 5, 10, 30}) {
    for (double a : {0.5, 1.0, 4.5, 9.9, 25.0}) {
      EXPECT_NEAR(erlang_b(n, a), b_by_definition(n, a), 1e-12) << n << " " << a;
      if (a < n) {
        EXPECT_NEAR(erlang_c(n, a), c_by_definition(n, a), 1e-12) << n << " " << a;
      }
    }
  }
}

// Published table values: Erlang B tables (e.g. Cooper, Introduction to Queueing Theory,
// table of the Erlang loss function): B(5, 2.0) = 0.0367, B(10, 5.0) = 0.0184.
// M/M/3 with A = 2: C = 4/9 by hand from the definition.
TEST(Erlang, MatchesPublishedValues) {
  EXPECT_NEAR(erlang_b(5, 2.0), 0.0367, 5e-5);
  EXPECT_NEAR(erlang_b(10, 5.0), 0.0184, 5e-5);
  EXPECT_NEAR(erlang_c(3, 2.0), 4.0 / 9.0, 1e-15);
}

TEST(Erlang, StaysFiniteForLargeCenters) {
  const double b = erlang_b(20'000, 10'000.0);
  EXPECT_TRUE(std::isfinite(b));
  EXPECT_GE(b, 0.0);
  const double c = erlang_c(10'100, 10'000.0);
  EXPECT_TRUE(std::isfinite(c));
  EXPECT_GT(c, 0.0);
  EXPECT_LT(c, 1.0);
  EXPECT_EQ(erlang_c(10, 10.0), 1.0);  // convention: an unstable queue makes everyone wait
}

TEST(Erlang, ServiceLevelAndAsaFollowFromPWait) {
  const double c = erlang_c(50, 45.0);
  EXPECT_NEAR(erlang_c_asa(50, 45.0, 300.0), c * 300.0 / 5.0, 1e-9);
  EXPECT_NEAR(erlang_c_service_level(50, 45.0, 300.0, 0.0), 1.0 - c, 1e-12);
  EXPECT_NEAR(erlang_c_service_level(50, 45.0, 300.0, 20.0),
              1.0 - c * std::exp(-5.0 * 20.0 / 300.0), 1e-12);
}

}  // namespace
}  // namespace analysis
