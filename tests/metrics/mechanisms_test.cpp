// The mechanism figures (catalogue.h's kMechanismFigures, per role x call type) respond to
// the competency that drives them, on common random numbers: the default day twice per
// replication, same seed, one thing about rep_2 changed. Each check is on the paired
// differences across kReps replications, with their Student-t 95 % interval.
//
// Flake budget: the seed is fixed, so each check passes or fails the same way every run.
// A "changes" check asks the paired interval to exclude 0 (the effects are tens of
// standard errors away, so another seed would fail it far less than once in 10^4). A
// "by the model's factor" check asks the paired mean to lie within 2 half-widths of 0
// (about 4 standard errors: a correct model fails it with another seed about once in
// 10^4). The factors come from the scenario's own CompetencyEffects, not from this file.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "sim/metrics/catalogue.h"
#include "sim/metrics/day_metrics.h"
#include "sim/metrics/statistics.h"
#include "tests/support/centers.h"

namespace sim::metrics {
namespace {

using model::Center;
using model::Competency;

constexpr std::size_t kReps = 8;
constexpr std::uint64_t kSeed = 17;

// A mechanism figure of rep_2's row for a call type (or all types: type = types).
struct Cell {
  std::size_t role, type;
  CallMetric metric;
  double of(const DayResults& d) const { return value(metric, d.mechanism(role, type)); }
};

// Paired across replications: figure(a) - factor x figure(b).
MeanCi paired(const Center& a, const Center& b, const Cell& cell, double factor = 1.0) {
  Welford w;
  for (std::uint64_t r = 1; r <= kReps; ++r) {
    const DayResults da = simulate_day(a, kSeed, r, 30.0);
    const DayResults db = simulate_day(b, kSeed, r, 30.0);
    w.add(cell.of(da) - factor * cell.of(db));
  }
  return mean_ci(w);
}

void set_level(Center& c, std::size_t role, Competency k, int level) {
  c.roles[role].levels[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(level);
}

class Mechanisms : public ::testing::Test {
 protected:
  Center base = fixtures::default_center();
  std::size_t rep2 = static_cast<std::size_t>(fixtures::role_index(base, "rep_2"));
  std::size_t all_types = base.call_types.size();
  std::size_t bill = static_cast<std::size_t>(fixtures::type_index(base, "bill_explanation"));

  // rep_2 at level 1, then 3, of competency k: rep_2's all-types figure m is higher at
  // level 1, and within bill_explanation level 1's is level 3's x low_over_high.
  void expect_level_effect(Competency k, CallMetric m, double low_over_high) const {
    Center low = base, high = base;
    set_level(low, rep2, k, 1);
    set_level(high, rep2, k, 3);
    const MeanCi moved = paired(low, high, {rep2, all_types, m});
    EXPECT_GT(moved.mean - moved.half_width, 0.0) << moved.mean << " ± " << moved.half_width;
    const MeanCi off = paired(low, high, {rep2, bill, m}, low_over_high);
    EXPECT_LE(std::abs(off.mean), 2 * off.half_width) << off.mean << " ± " << off.half_width;
  }
};

TEST_F(Mechanisms, AttentionToDetailOneToThreeCutsTheErrorRateByTheModelsFactor) {
  // Within one call type P(error) = error_probability x error_multiplier[level].
  const auto& m = base.effects.error_multiplier;
  expect_level_effect(Competency::attention_to_detail, CallMetric::error_rate, m[0] / m[2]);
}

TEST_F(Mechanisms, LowerJobKnowledgeRaisesTalkTimeByTheModelsFactor) {
  // Talk = work content x handle_multiplier[level] ^ weight, the type's job-knowledge weight.
  const auto& h = base.effects.handle_multiplier;
  const double w =
      base.call_types[bill].handle_weights[static_cast<std::size_t>(Competency::job_knowledge)];
  expect_level_effect(Competency::job_knowledge, CallMetric::talk_s, std::pow(h[0] / h[2], w));
}

TEST_F(Mechanisms, AuthorityEndsEscalationsAndLowInterpersonalSkillRaisesTransfers) {
  Center with_authority = base;
  with_authority.roles[rep2].authority = model::Authority::supervisor;
  const MeanCi drop = paired(base, with_authority, {rep2, all_types, CallMetric::escalation_rate});
  EXPECT_GT(drop.mean - drop.half_width, 0.0) << drop.mean << " ± " << drop.half_width;
  // A type that needs no more than a supervisor's authority is never escalated by a role
  // that has it.
  const DayResults day = simulate_day(with_authority, kSeed, 1, 30.0);
  for (std::size_t t = 0; t < all_types; ++t) {
    if (base.call_types[t].authority <= model::Authority::supervisor) {
      EXPECT_EQ(day.mechanism(rep2, t).escalated, 0u) << base.call_types[t].name;
    }
  }

  Center rude = base, tactful = base;
  set_level(rude, rep2, Competency::interpersonal, 1);
  set_level(tactful, rep2, Competency::interpersonal, 3);
  const MeanCi more = paired(rude, tactful, {rep2, all_types, CallMetric::transfer_rate});
  EXPECT_GT(more.mean - more.half_width, 0.0) << more.mean << " ± " << more.half_width;
}

// Every hand-on is an escalated part offered to its escalation type (the default's has no
// calls of its own); each part offered is
// answered (received by some role), abandoned or cleared. Every repeat offered today was
// generated today (a single day carries nothing in); one generated and not offered today
// was carried out or gave up.
TEST_F(Mechanisms, EscalationsAndRepeatsAreConserved) {
  const std::size_t roles = base.roles.size();
  for (std::uint64_t r = 1; r <= 3; ++r) {
    const DayResults d = simulate_day(base, kSeed, r, 30.0);
    for (std::size_t e = 0; e < all_types; ++e) {
      std::uint64_t made = 0, received = 0;
      for (std::size_t t = 0; t < all_types; ++t) {
        for (std::size_t k = 0; k < roles; ++k) {
          const CallStats& m = d.mechanism(k, t);
          if (base.call_types[t].escalation_type == static_cast<int>(e)) {
            made += m.escalated + m.transferred;
          }
          if (t == e) received += m.parts_answered;
        }
      }
      if (made == 0 && received == 0) continue;
      const CallStats& q = d.type[e];
      EXPECT_EQ(made, q.offered) << base.call_types[e].name;
      EXPECT_EQ(received, q.answered) << base.call_types[e].name;
      EXPECT_EQ(made, received + q.abandoned + q.cleared) << base.call_types[e].name;
      EXPECT_EQ(d.mechanism(roles, e).parts_answered, received);
    }
    const CallStats& all = d.mechanism(roles, all_types);
    EXPECT_GT(all.repeats_caused, 0u);
    EXPECT_LE(d.day.repeats, all.repeats_caused);
    EXPECT_LE(all.repeats_caused, d.day.repeats + d.day.carried_out);
    // The margins are the sums of the cells.
    std::uint64_t handled = 0;
    for (std::size_t k = 0; k < roles; ++k) handled += d.mechanism(k, all_types).handled;
    EXPECT_EQ(handled, all.handled);
  }
}

}  // namespace
}  // namespace sim::metrics
