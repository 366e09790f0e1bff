#include "sim/model/customer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace sim::model {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A billing dispute and the escalated part it hands on (the defaults' shapes).
CallType dispute() {
  CallType t;
  t.work_s = engine::Lognormal(300.0, 0.7);
  t.wrap_s = engine::Lognormal(45.0, 0.5);
  t.patience_s = engine::Exponential(240.0);
  t.escalation_type = 1;
  t.authority = Authority::supervisor;
  t.authority_probability = 0.35;
  t.irate_probability = 0.15;
  return t;
}
CallType escalated() {
  CallType t;
  t.work_s = engine::Lognormal(360.0, 0.7);
  t.wrap_s = engine::Lognormal(120.0, 0.5);
  t.patience_s = engine::Exponential(600.0);
  return t;
}

// Golden draws: they pin what a customer brings against unintended change (the order,
// number or sampler of the draws, or the stream's key). Computed once from the model as it
// was before the draws moved out of contact_center.h (commit 05f1f8a); a change here
// changes every simulated result, and must be made on purpose with the golden end-to-end
// results (tests/data/tiny/golden).
TEST(Customer, GoldenDrawsOfAnAttempt) {
  const CallType t = dispute(), e = escalated();
  auto rng = attempt_stream(20261124, 0, 12345, 1);
  AttemptDraws d = draw_attempt(t, &e, rng);
  const AttemptDraws::Escalated x = d.escalated(e);
  const std::vector<double> got{d.work_s,      d.wrap_s,   d.patience_s(t), d.u_resolve,
                                d.u_authority, d.u_irate,  d.u_transfer,    d.u_error,
                                d.u_redial,    x.work_s,   x.wrap_s,        x.patience_s};
  const std::vector<double> want{298.92764426445854,   64.388109039222329,  302.39364314158479,
                                 0.082502904904891095, 0.50973712146743255, 0.0062758221031158357,
                                 0.75813929957500037,  0.23754864777448581, 0.25054257518634826,
                                 173.10405260630341,   64.790597717991716,  6.1951865015161856};
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_DOUBLE_EQ(got[i], want[i]) << "draw " << i;
}

// Patience and the escalated part are drawn on first use from a copy of the stream: the
// numbers are those of drawing everything at arrival, in the documented order, whatever
// is read first, and also when a draw of variable length (Gamma) forces an early draw.
TEST(Customer, DeferredDrawsAreTheDrawsInTheirPlace) {
  const CallType e = escalated();
  for (const bool gamma_patience : {false, true}) {
    for (const bool gamma_escalated : {false, true}) {
      CallType t = dispute(), x = e;
      if (gamma_patience) t.patience_s = engine::Gamma(2.0, 100.0);
      if (gamma_escalated) x.work_s = engine::Gamma(3.0, 50.0);
      auto rng = attempt_stream(11, 2, 77, 0), eager = rng;
      // Eager: every draw in the order the header gives.
      const double work = std::max(0.0, engine::sample(t.work_s, eager));
      const double wrap = std::max(0.0, engine::sample(t.wrap_s, eager));
      const double patience = engine::sample(*t.patience_s, eager);
      std::array<double, 6> u{};
      for (double& v : u) v = eager.uniform01();
      const double esc_work = std::max(0.0, engine::sample(x.work_s, eager));
      const double esc_wrap = std::max(0.0, engine::sample(x.wrap_s, eager));
      const double esc_patience = engine::sample(*x.patience_s, eager);
      for (const bool escalated_first : {false, true}) {
        auto r = rng;
        AttemptDraws d = draw_attempt(t, &x, r);
        SCOPED_TRACE(testing::Message() << gamma_patience << gamma_escalated << escalated_first);
        if (escalated_first) {
          EXPECT_EQ(d.escalated(x).work_s, esc_work);
        }
        EXPECT_EQ(d.work_s, work);
        EXPECT_EQ(d.wrap_s, wrap);
        EXPECT_EQ(d.patience_s(t), patience);
        EXPECT_EQ(d.u_resolve, u[0]);
        EXPECT_EQ(d.u_redial, u[5]);
        EXPECT_EQ(d.escalated(x).work_s, esc_work);
        EXPECT_EQ(d.escalated(x).wrap_s, esc_wrap);
        EXPECT_EQ(d.escalated(x).patience_s, esc_patience);
        // The stream stands after the escalated part, where the channel draws begin.
        auto after = eager;
        EXPECT_EQ(r(), after()) << "stream position";
      }
    }
  }
}

// Golden delays (same origin): redial, repeat and error delays are the first, second and
// third draw of the return stream, whichever the customer needs.
TEST(Customer, GoldenReturnDelays) {
  const Customers c;  // exponential, means 10 min, 4 h and 5 days
  auto delay = [&](ReturnKind kind) {
    auto rng = return_stream(20261124, 0, 12345, 1);
    return draw_return_delay(c, kind, rng);
  };
  EXPECT_DOUBLE_EQ(delay(ReturnKind::redial), 124.70687914746694);
  EXPECT_DOUBLE_EQ(delay(ReturnKind::repeat), 12561.74611644423);
  EXPECT_DOUBLE_EQ(delay(ReturnKind::error), 235875.78153533026);
}

// Common random numbers rest on this: an attempt's numbers depend on its key and nothing
// else, and the two streams of one key are different streams.
TEST(Customer, DrawsDependOnlyOnSeedReplicationCustomerAndAttempt) {
  const CallType t = dispute(), e = escalated();
  auto work = [&](std::uint64_t seed, std::uint64_t rep, std::uint64_t customer,
                  std::uint8_t attempt) {
    auto rng = attempt_stream(seed, rep, customer, attempt);
    return draw_attempt(t, &e, rng).work_s;
  };
  const double base = work(7, 2, 40, 0);
  EXPECT_EQ(work(7, 2, 40, 0), base);
  EXPECT_NE(work(8, 2, 40, 0), base);
  EXPECT_NE(work(7, 3, 40, 0), base);
  EXPECT_NE(work(7, 2, 41, 0), base);
  EXPECT_NE(work(7, 2, 40, 1), base);
  auto a = attempt_stream(7, 2, 40, 0), r = return_stream(7, 2, 40, 0);
  EXPECT_NE(a(), r());
}

// The escalated part's numbers come last, so a type's own draws do not depend on whether
// it has an escalation type; without one they are neutral and never used.
TEST(Customer, TheEscalatedPartIsDrawnLastAndIsNeutralWithoutOne) {
  const CallType t = dispute(), e = escalated();
  auto r1 = attempt_stream(3, 0, 5, 0), r2 = attempt_stream(3, 0, 5, 0);
  AttemptDraws with = draw_attempt(t, &e, r1), without = draw_attempt(t, nullptr, r2);
  EXPECT_EQ(with.work_s, without.work_s);
  EXPECT_EQ(with.patience_s(t), without.patience_s(t));
  EXPECT_EQ(with.u_redial, without.u_redial);
  EXPECT_EQ(without.escalated(e).work_s, 0.0);
  EXPECT_EQ(without.escalated(e).wrap_s, 0.0);
  EXPECT_EQ(without.escalated(e).patience_s, kInf);
}

// The channel draws (part C) come after the escalated part: an IVR and callbacks leave
// every earlier draw alone, and each is the stream's next number in the documented order
// (deflect, contain, IVR time, accept, answer); without them they are neutral.
TEST(Customer, IvrAndCallbackDrawsComeLastInTheirOrderAndAreNeutralWithout) {
  const CallType plain = dispute(), e = escalated();
  CallType both = plain;
  both.ivr = Ivr{engine::Uniform(10.0, 20.0), 0.3};
  both.callback_acceptance = 0.5;
  auto r1 = attempt_stream(3, 0, 5, 0), r2 = attempt_stream(3, 0, 5, 0);
  AttemptDraws with = draw_attempt(both, &e, r1), without = draw_attempt(plain, &e, r2);
  EXPECT_EQ(with.work_s, without.work_s);
  EXPECT_EQ(with.u_redial, without.u_redial);
  EXPECT_EQ(with.escalated(e).patience_s, without.escalated(e).patience_s);
  // r2 stands where the channel draws began.
  EXPECT_EQ(with.u_deflect, r2.uniform01());
  EXPECT_EQ(with.u_contain, r2.uniform01());
  EXPECT_EQ(with.ivr_s, 10.0 + 10.0 * r2.uniform01());
  EXPECT_EQ(with.u_accept, r2.uniform01());
  EXPECT_EQ(with.u_answer, r2.uniform01());
  EXPECT_EQ(without.u_deflect, 1.0);
  EXPECT_EQ(without.u_contain, 1.0);
  EXPECT_EQ(without.ivr_s, 0.0);
  EXPECT_EQ(without.u_accept, 1.0);
  EXPECT_EQ(without.u_answer, 1.0);
}

TEST(Customer, NoPatienceMeansNeverHangingUpAndNegativeSamplesCountAsZero) {
  CallType t;
  t.work_s = engine::Normal(-100.0, 1.0);
  t.patience_s = std::nullopt;
  auto rng = attempt_stream(1, 0, 0, 0);
  AttemptDraws d = draw_attempt(t, nullptr, rng);
  EXPECT_EQ(d.work_s, 0.0);
  EXPECT_EQ(d.patience_s(t), kInf);
  Customers c;
  c.redial_delay_s = engine::Normal(-60.0, 1.0);
  auto rr = return_stream(1, 0, 0, 0);
  EXPECT_EQ(draw_return_delay(c, ReturnKind::redial, rr), 0.0);
}

// The hand-on rule, case by case, with the draws set by hand.
AttemptDraws with_uniforms(double u_authority, double u_irate, double u_transfer) {
  AttemptDraws d{};
  d.u_authority = u_authority;
  d.u_irate = u_irate;
  d.u_transfer = u_transfer;
  return d;
}

TEST(Customer, ACallNeedingAuthorityTheRoleLacksIsEscalated) {
  const CallType t = dispute();  // needs a supervisor with probability 0.35
  Role rep, supervisor;
  supervisor.authority = Authority::supervisor;
  EXPECT_EQ(hand_on(with_uniforms(0.34, 0.9, 0.0), t, rep, 0.5), TransferReason::escalation);
  EXPECT_EQ(hand_on(with_uniforms(0.35, 0.9, 0.0), t, rep, 0.5), std::nullopt);  // strict <
  EXPECT_EQ(hand_on(with_uniforms(0.34, 0.9, 0.0), t, supervisor, 0.5), std::nullopt);
  // Escalation comes first when the caller is also irate.
  EXPECT_EQ(hand_on(with_uniforms(0.0, 0.0, 0.0), t, rep, 0.5), TransferReason::escalation);
}

TEST(Customer, AnIrateCallerIsTransferredOnlyByARoleWithoutAuthority) {
  const CallType t = dispute();  // irate with probability 0.15
  Role rep, supervisor;
  supervisor.authority = Authority::supervisor;
  EXPECT_EQ(hand_on(with_uniforms(0.9, 0.1, 0.2), t, rep, 0.5), TransferReason::transfer);
  EXPECT_EQ(hand_on(with_uniforms(0.9, 0.1, 0.5), t, rep, 0.5), std::nullopt);  // skill holds
  EXPECT_EQ(hand_on(with_uniforms(0.9, 0.2, 0.2), t, rep, 0.5), std::nullopt);  // not irate
  EXPECT_EQ(hand_on(with_uniforms(0.9, 0.1, 0.2), t, supervisor, 0.5), std::nullopt);
}

TEST(Customer, ATypeWithoutAnEscalationTypeIsNeverHandedOn) {
  CallType t = dispute();
  t.escalation_type = -1;
  EXPECT_EQ(hand_on(with_uniforms(0.0, 0.0, 0.0), t, Role{}, 1.0), std::nullopt);
}

}  // namespace
}  // namespace sim::model
