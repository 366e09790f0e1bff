// The acceptance of the calibration: the Anonymous Bank's January and October 1999 logs
// (shared/data/anonymous_bank), fitted on their Sunday-Thursday days and simulated day by
// day, against the figures the log itself gives, computed by the same code.
//
// Tolerances are the (abandonment and service level within 2 percentage points,
// mean wait of answered calls within 20 %) except where analysis/FIT.md documents a miss
// and its model cause (January's service level); that check holds the documented figure
// with a margin, so a regression still fails. The simulated side's 95 % half-widths are
// about 0.4 points (service level) and 2 % (mean wait) with 40 replications; seeds are fixed.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "analysis/fit.h"
#include "report/fit_report.h"

namespace analysis {
namespace {

const std::string kBank = std::string(CCSIM_SOURCE_DIR) + "/../shared/data/anonymous_bank/";

struct Month {
  Fit fit;
  FigureCi sim;
};

Month fit_month(const std::string& file) {
  sim::scenario::CallLog log;
  sim::scenario::InputErrors errors;
  sim::scenario::read_call_log(kBank + file, {}, log, errors);
  EXPECT_TRUE(errors.empty()) << errors.to_string();
  FitOptions o;
  o.weekdays = *parse_weekdays("sun-thu");
  auto r = fit_call_log(log, o);
  EXPECT_TRUE(r.fit) << r.error;
  Month m{std::move(*r.fit), {}};
  m.sim = simulate_month(m.fit.day_centers, o.sl_threshold_s, 40, 1, 0);
  return m;
}

class Bank : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kBank + "january.txt")) {
      GTEST_SKIP() << "no " << kBank << " (shared data not present)";
    }
  }
};

TEST_F(Bank, JanuaryIsReproducedWithinTolerance) {
  const Month m = fit_month("january.txt");
  const Figures& log = m.fit.log;
  const Figures& sim = m.sim.mean;
  EXPECT_EQ(m.fit.days.size(), 19u);  // Sun-Thu, January 11-12 missing from the log
  EXPECT_NEAR(sim.offered_per_day, log.offered_per_day, 0.01 * log.offered_per_day);
  EXPECT_NEAR(sim.abandonment, log.abandonment, 0.02);
  EXPECT_NEAR(sim.asa_s, log.asa_s, 0.20 * log.asa_s);
  // Documented miss (FIT.md): simulated +6.0 points.
  EXPECT_NEAR(sim.service_level, log.service_level, 0.08);
  EXPECT_NEAR(sim.service_s, log.service_s, 0.02 * log.service_s);
}

TEST_F(Bank, OctoberIsReproducedWithinTolerance) {
  const Month m = fit_month("october.txt");
  const Figures& log = m.fit.log;
  const Figures& sim = m.sim.mean;
  EXPECT_NEAR(sim.offered_per_day, log.offered_per_day, 0.01 * log.offered_per_day);
  EXPECT_NEAR(sim.abandonment, log.abandonment, 0.02);
  EXPECT_NEAR(sim.service_level, log.service_level, 0.02);
  EXPECT_NEAR(sim.asa_s, log.asa_s, 0.20 * log.asa_s);
  EXPECT_NEAR(sim.service_s, log.service_s, 0.02 * log.service_s);
}

// On real data the censored estimate and the naive one are far apart: most callers are
// answered before their patience runs out, and the naive mean ignores them.
TEST_F(Bank, CensoredPatienceDiffersFromTheNaiveMean) {
  sim::scenario::CallLog log;
  sim::scenario::InputErrors errors;
  sim::scenario::read_call_log(kBank + "january.txt", {}, log, errors);
  ASSERT_TRUE(errors.empty()) << errors.to_string();
  FitOptions o;
  o.weekdays = *parse_weekdays("sun-thu");
  const auto r = fit_call_log(log, o);
  ASSERT_TRUE(r.fit);
  for (const auto& p : r.fit->patience) {
    EXPECT_LT(2 * p.naive_mean_s, p.mle.mean_low) << p.type;
  }
}

}  // namespace
}  // namespace analysis
