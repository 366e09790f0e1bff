// The staffing search and the mix comparison: targets, stacked shifts, agreement with
// Erlang A where its assumptions hold, and what common random numbers buy.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "analysis/compare.h"
#include "analysis/erlang.h"
#include "analysis/staffing.h"
#include "analysis/stats.h"
#include "sim/engine/distributions.h"
#include "sim/engine/random.h"
#include "tests/support/centers.h"

namespace analysis {
namespace {

Target target(const std::string& text) {
  auto r = parse_target(text, 30);
  EXPECT_TRUE(std::holds_alternative<Target>(r)) << std::get<std::string>(r);
  return std::get<Target>(r);
}

// Control variates: y = 5 + 2 (x - 10) + e with E[x] = 10 known. Over 400 independent
// samples of 50 replications the estimate must be unbiased (mean within 4 standard errors
// of 5) and cover 5 about 95 % of the time, while its interval is much narrower than the
// plain mean's (x explains most of y's variance: sd(2x) = 6 against sd(e) = 1).
TEST(Stats, ControlVariatesAreUnbiasedCoverAndNarrowTheInterval) {
  sim::engine::RandomStream rng(11, 1, "test", 0);
  const sim::engine::Normal noise(0, 1), control(10, 3);
  const int samples = 400;
  const std::size_t reps = 50;
  double sum = 0, sum2 = 0, width_cv = 0, width_plain = 0;
  int covered = 0;
  for (int s = 0; s < samples; ++s) {
    std::vector<double> y, x;
    for (std::size_t i = 0; i < reps; ++i) {
      x.push_back(control.sample(rng));
      y.push_back(5 + 2 * (x.back() - 10) + noise.sample(rng));
    }
    const std::vector<double> mu = {10};
    const MeanCi cv = control_variate_mean(y, {x}, mu);
    const MeanCi plain = mean_ci(y);
    EXPECT_EQ(cv.dof, reps - 2);
    sum += cv.mean;
    sum2 += cv.mean * cv.mean;
    covered += std::fabs(cv.mean - 5) <= cv.half_width;
    width_cv += cv.half_width;
    width_plain += plain.half_width;
  }
  const double mean = sum / samples, sd = std::sqrt(sum2 / samples - mean * mean);
  EXPECT_NEAR(mean, 5.0, 4 * sd / std::sqrt(samples));
  // Coverage: binomial(400, 0.95) has sd 1.1 %; 5 sd is 5.4 %.
  EXPECT_NEAR(covered / double(samples), 0.95, 0.054);
  EXPECT_LT(width_cv, 0.25 * width_plain);
  // Undefined replications are left out; a control that does not vary falls back.
  const std::vector<double> y = {1, 2, std::nan(""), 4, 5, 6};
  const std::vector<double> flat = {3, 3, 3, 3, 3, 3}, mu = {3};
  const MeanCi fb = control_variate_mean(y, {flat}, mu);
  EXPECT_DOUBLE_EQ(fb.mean, 3.6);
  EXPECT_EQ(fb.n, 5u);
}

TEST(StaffingTargets, ParseServiceLevelAbandonmentAndAsa) {
  const Target sl = target("sl(20s)>=0.80");
  EXPECT_EQ(sl.metric, sim::metrics::CallMetric::service_level);
  EXPECT_DOUBLE_EQ(sl.sl_threshold_s, 20);
  EXPECT_DOUBLE_EQ(sl.value, 0.80);
  EXPECT_DOUBLE_EQ(target("sl>=85%").value, 0.85);
  EXPECT_DOUBLE_EQ(target("sl>=85%").sl_threshold_s, 30);  // the scenario's threshold
  EXPECT_DOUBLE_EQ(target("abandon<=5%").value, 0.05);
  EXPECT_DOUBLE_EQ(target("asa<=1.5min").value, 90);
  EXPECT_EQ(target(" asa <= 60s ").metric, sim::metrics::CallMetric::asa_s);
}

TEST(StaffingTargets, RejectWhatCannotBeATarget) {
  for (const char* bad : {"sl<=0.8", "abandon>=0.05", "sl(30s)>=1.2", "sl>=0", "asa<=-3",
                          "abandon(30)<=0.05", "occupancy<=0.9", "sl(3h)>=0.8", ""}) {
    const auto r = parse_target(bad, 30);
    EXPECT_TRUE(std::holds_alternative<std::string>(r)) << bad;
  }
  EXPECT_EQ(std::get<std::string>(parse_target("sl<=0.8", 30)),
            "target 'sl<=0.8': a service level target is sl(T)>=share");
}

// with_staffing turns any per-interval count into stacked shifts with exactly that count.
TEST(StaffingShifts, StackedShiftsReproduceEveryIntervalsCount) {
  sim::model::Center c = sim::fixtures::default_day(2000, {3, 3, 1, 1, 1});
  const std::size_t n = c.intervals();
  std::vector<std::vector<int>> staff(n, std::vector<int>(c.roles.size(), 0));
  for (std::size_t k = 0; k < n; ++k) {
    staff[k][0] = static_cast<int>((k * 7) % 5);  // steps up and down
    staff[k][1] = k % 3 == 0 ? 4 : 1;
    staff[k][4] = k < n / 2 ? 2 : 0;
  }
  const auto staffed = with_staffing(c, staff);
  EXPECT_EQ(rostered_staff(staffed), staff);
  EXPECT_EQ(staffed.absenteeism, 0.0);
  for (const auto& a : staffed.agents) EXPECT_TRUE(a.breaks.empty());
}

// A stationary single-skill center is where Erlang A is exact: the simulated minimum
// staff must equal the analytic answer or exceed it by one (the search asks for the target
// with 95 % confidence, so where the true figure clears the target by less than the
// confidence margin it keeps one agent more). The first interval starts empty and may need
// fewer; it is left out.
TEST(StaffingSearch, StationarySingleSkillAgreesWithErlangA) {
  const double lambda = 150.0 / 1800, handle = 240, patience = 300;
  const sim::model::Center c = sim::fixtures::single_skill(1, lambda, handle, patience, 4 * 3600.0);
  StaffingOptions o;
  o.targets = {target("sl(20s)>=0.80"), target("abandon<=0.03")};
  o.replications = 400;
  o.seed = 7;
  const StaffingResult r = search_staffing(c, o);
  ASSERT_TRUE(r.converged);
  StaffingTargets et;
  et.sl_threshold_s = 20;
  et.min_sl = 0.80;
  et.max_abandon = 0.03;
  et.sl_basis = SlBasis::offered_minus_short;
  et.short_abandon_s = 0;
  const int exact = agents_required(lambda, handle, patience, et);
  for (std::size_t k = 1; k < r.intervals.size(); ++k) {
    EXPECT_EQ(r.intervals[k].erlang, exact);
    EXPECT_GE(r.intervals[k].simulated, exact - 1) << "interval " << k;
    EXPECT_LE(r.intervals[k].simulated, exact + 1) << "interval " << k;
    EXPECT_TRUE(r.intervals[k].met);
  }
  std::printf("Erlang A: %d agents; simulated:", exact);
  for (const auto& iv : r.intervals) std::printf(" %d", iv.simulated);
  std::printf(" (%d batches)\n", r.evaluations);
}

// An interval-day with no calls has no service level, abandonment or ASA: it is left out
// of the interval's figures and is no miss (sim/metrics/catalogue.h, the undefined rule).
// Half a call is expected per half hour, so about 61 % of interval-days have none; four
// agents answer every call at once, so every day with calls meets every target. Counting
// an empty day as SL 0 (the old rule) made the share of days met about 39 % and the mean
// SL about 0.39: no staffing could ever meet the targets.
TEST(StaffingSearch, AnIntervalDayWithNoCallsIsNoMiss) {
  const sim::model::Center c = sim::fixtures::single_skill(1, 0.5 / 1800, 240, 300, 2 * 1800.0);
  StaffingOptions o;
  o.targets = {target("sl(20s)>=0.80"), target("abandon<=0.05"), target("asa<=60s")};
  o.replications = 40;
  const std::vector<std::vector<int>> staff(c.intervals(), std::vector<int>(c.roles.size(), 4));
  for (const Criterion criterion : {Criterion::days, Criterion::mean}) {
    o.criterion = criterion;
    const auto result = assess_staffing(c, staff, o);
    ASSERT_EQ(result.size(), 2u);
    for (const auto& iv : result) {
      const MeanCi& sl = iv.figure(sim::metrics::CallMetric::service_level);
      EXPECT_GT(sl.n, 0u);
      EXPECT_LT(sl.n, o.replications) << "some interval-days must have no calls";
      EXPECT_DOUBLE_EQ(sl.mean, 1.0);
      EXPECT_EQ(iv.p_met, 1.0);
      EXPECT_TRUE(iv.met);
    }
  }
}

// The answer must not depend on how many threads simulated it.
TEST(StaffingSearch, SameAnswerWhateverTheThreadCount) {
  const sim::model::Center c = sim::fixtures::default_day(3000, {10, 20, 4, 3, 1});
  StaffingOptions o;
  o.targets = {target("sl>=0.8")};
  o.replications = 8;
  o.threads = 1;
  const auto one = search_staffing(c, o);
  o.threads = 2;
  const auto two = search_staffing(c, o);
  EXPECT_EQ(one.staff, two.staff);
  EXPECT_EQ(one.evaluations, two.evaluations);
}

// Every interval of the answer meets the targets, and the answer is not padded: with one
// agent fewer in every interval, some interval misses (judged the same way, same seeds).
TEST(StaffingSearch, AnswerMeetsTargetsAndOneFewerEverywhereMisses) {
  const sim::model::Center c = sim::fixtures::default_day(4000, {10, 30, 6, 4, 1});
  StaffingOptions o;
  o.targets = {target("sl>=0.8"), target("abandon<=0.05")};
  o.replications = 30;
  const auto r = search_staffing(c, o);
  ASSERT_TRUE(r.converged);
  for (const auto& iv : r.intervals) EXPECT_TRUE(iv.met);
  const auto again = assess_staffing(c, r.staff, o);
  for (std::size_t k = 0; k < again.size(); ++k) EXPECT_TRUE(again[k].met) << k;
  auto fewer = r.staff;
  for (auto& row : fewer) {
    for (auto& x : row) {
      if (x > 0) {
        --x;
        break;
      }
    }
  }
  const auto lower = assess_staffing(c, fewer, o);
  int missed = 0;
  for (const auto& iv : lower) missed += !iv.met;
  EXPECT_GT(missed, 0);
}

// The search's answer summed over intervals and roles.
int total_agent_intervals(const StaffingResult& r) {
  int sum = 0;
  for (const auto& row : r.staff) {
    for (int x : row) sum += x;
  }
  return sum;
}

// The search staffs for the scenario's busyness (arrival-rate uncertainty): with a day CV
// of 0.3, 80 % of simulated days meeting the target needs more agent-hours than with
// Poisson days of the same forecast (in `ccsim staff` on tests/data/tiny: 34.0 against
// 29.5). Same seeds; the gap is several agents, not a matter of noise.
TEST(StaffingSearch, BusyDaysNeedMoreAgents) {
  sim::model::Center c = sim::fixtures::default_day(2000, {10, 20, 4, 3, 1});
  StaffingOptions o;
  o.targets = {target("sl>=0.8")};
  o.criterion = Criterion::days;
  o.confidence = 0.8;
  o.replications = 20;
  auto agent_intervals = [&](const sim::model::Center& center) {
    return total_agent_intervals(search_staffing(center, o));
  };
  const int calm = agent_intervals(c);
  c.busyness.day_cv = 0.3;
  const int busy = agent_intervals(c);
  RecordProperty("agent_intervals_poisson", calm);
  RecordProperty("agent_intervals_day_cv_0.3", busy);
  EXPECT_GT(busy, calm + 10);
}

// A contact type of `channel` added to center c at `per_interval` expected contacts in every
// interval, taken by rep_2 and senior specialists; its own name gives it its own random
// streams, so the phone customers stay the same (common random numbers).
void add_channel(sim::model::Center& c, sim::model::Channel channel, double per_interval,
                 double work_s) {
  sim::model::CallType t = c.call_types[0];
  t.name = channel == sim::model::Channel::chat ? "chat" : "letters";
  t.channel = channel;
  t.work_s = sim::engine::Lognormal(work_s, 0.5);
  t.wrap_s = sim::engine::Deterministic(0.0);
  if (channel == sim::model::Channel::written) t.patience_s.reset();
  t.eligible = (1u << sim::fixtures::role_index(c, "rep_2")) |
               (1u << sim::fixtures::role_index(c, "senior_specialist"));
  t.overflow = 0;
  t.authority_probability = t.irate_probability = t.error_probability = 0;
  t.fcr = 1;
  t.escalation_type = -1;
  t.ivr.reset();
  t.callback_acceptance = 0;
  c.call_types.push_back(t);
  c.arrivals.push_back(std::vector<double>(c.intervals(), per_interval));
}

// The Erlang starting point counts a chat at 1/k of an agent (k its roles' mean
// chat_concurrency: rep_2 2, senior 4, so 3) and a written item in full.
TEST(StaffingSearch, ErlangLoadCountsAChatAtOneOverKAndWrittenWorkInFull) {
  const sim::model::Center phone = sim::fixtures::default_day(2000, {10, 20, 4, 3, 1});
  StaffingOptions o;
  o.targets = {target("sl>=0.8")};
  o.replications = 2;
  o.max_evaluations = 1;
  const auto base = search_staffing(phone, o);
  sim::model::Center chat = phone, written = phone;
  chat.roles[static_cast<std::size_t>(sim::fixtures::role_index(chat, "rep_2"))].chat_concurrency = 2;
  chat.roles[static_cast<std::size_t>(sim::fixtures::role_index(chat, "senior_specialist"))]
      .chat_concurrency = 4;
  add_channel(chat, sim::model::Channel::chat, 90, 600);
  add_channel(written, sim::model::Channel::written, 90, 600);
  const auto with_chat = search_staffing(chat, o), with_written = search_staffing(written, o);
  const double erlangs = 90 * 600 / phone.interval_s;  // 30
  for (std::size_t k = 0; k < base.intervals.size(); ++k) {
    EXPECT_NEAR(with_chat.intervals[k].load_erlangs - base.intervals[k].load_erlangs, erlangs / 3, 1e-9);
    EXPECT_NEAR(with_written.intervals[k].load_erlangs - base.intervals[k].load_erlangs, erlangs, 1e-9);
    EXPECT_EQ(with_written.intervals[k].erlang, base.intervals[k].erlang + 30) << k;
    EXPECT_GT(with_chat.intervals[k].erlang, base.intervals[k].erlang) << k;
  }
}

// The search counts written work: it simulates the whole day, where an agent answering a
// letter cannot take a call that arrives meanwhile (no preemption). Same seeds, so the phone
// customers are the same on both sides.
//  - A little written work (2 letters of 5 min per half hour) takes only idle agents, and
//    never one freed while a call waits: calls can only wait longer, so the answer needs
//    at least as many agent-intervals.
//  - A lot (100 letters of 30 min per half hour, 100 erlangs: more than any staffing here
//    can clear, so the backlog never empties and every agent not on a call is in a letter)
//    makes each call wait for the next agent to finish one: with N agents that takes about
//    1800 / N s, and 80 % within 30 s needs N >= 1800 ln 5 / 30, about 97 on the phones in
//    every interval, against about 30 at the peak without letters: strictly more by far
//    (seed 1: 550, 571 and 3,280 agent-intervals; the test asks 20 an interval more).
TEST(StaffingSearch, WrittenWorkNeedsAtLeastAsManyAgentsAndMoreWhenLarge) {
  const sim::model::Center phone = sim::fixtures::default_day(2000, {10, 20, 4, 3, 1});
  StaffingOptions o;
  o.targets = {target("sl>=0.8")};
  o.replications = 20;
  auto agent_intervals = [&](const sim::model::Center& center) {
    return total_agent_intervals(search_staffing(center, o));
  };
  sim::model::Center little = phone, lots = phone;
  add_channel(little, sim::model::Channel::written, 2, 300);
  add_channel(lots, sim::model::Channel::written, 100, 1800);
  const int without = agent_intervals(phone), with_little = agent_intervals(little),
            with_lots = agent_intervals(lots);
  RecordProperty("agent_intervals_phone_only", without);
  RecordProperty("agent_intervals_little_written", with_little);
  RecordProperty("agent_intervals_much_written", with_lots);
  EXPECT_GE(with_little, without);
  EXPECT_GT(with_lots, without + 20 * static_cast<int>(phone.intervals()));
}

// Common random numbers: the same customers meet both rosters, so the paired difference
// has a much smaller variance than with independent streams. The ratio of variances is
// printed; the assertion asks for at least 4x, far below what CRN gives here (the flake
// budget: with 40 replications the ratio of two sample variances would need to be off by
// a factor of several, well under 1e-6 for F(39, 39)).
TEST(Compare, CommonRandomNumbersNarrowTheDifferencesConfidenceInterval) {
  const sim::model::Center base = sim::fixtures::default_day(6000, {20, 50, 10, 6, 2});
  const auto more = sim::fixtures::default_day(6000, {20, 55, 10, 6, 2});
  CompareOptions o;
  o.replications = 40;
  const auto crn = compare({{"base", "", base}, {"+5 rep_2", "", more}}, o);
  o.independent = true;
  const auto ind = compare({{"base", "", base}, {"+5 rep_2", "", more}}, o);
  using sim::metrics::CallMetric;
  for (auto m : {CallMetric::service_level, CallMetric::asa_s, CallMetric::abandonment_rate}) {
    const auto& name = sim::metrics::def(m).name;
    const double ratio = std::pow(ind.variants[1].diff[m].sd / crn.variants[1].diff[m].sd, 2);
    std::printf("%s: variance reduction with CRN %.1fx (half-width %.4f vs %.4f)\n", name.data(),
                ratio, crn.variants[1].diff[m].half_width, ind.variants[1].diff[m].half_width);
    EXPECT_GT(ratio, 4.0) << name;
  }
  // Both estimate the same effect: five more Rep II raise the service level.
  const auto sl = CallMetric::service_level;
  EXPECT_GT(crn.variants[1].diff[sl].mean - crn.variants[1].diff[sl].half_width, 0.0);
  // The baseline's paired difference with itself is exactly zero.
  EXPECT_EQ(crn.variants[0].diff[sl].mean, 0.0);
  EXPECT_EQ(crn.variants[0].diff[sl].sd, 0.0);
}

TEST(Compare, FrontierKeepsOnlyUndominatedVariants) {
  const sim::model::Center base = sim::fixtures::default_day(3000, {10, 20, 4, 3, 1});
  CompareOptions o;
  o.replications = 10;
  auto vs = marginal_variants(base, 3, 0);
  vs.insert(vs.begin(), Variant{"baseline", "", base});
  ASSERT_EQ(vs.size(), 1 + base.roles.size() + sim::model::kCompetencies - 1);  // no supervision variant
  const auto c = compare(vs, o);
  const auto sl = sim::metrics::CallMetric::service_level;
  const auto cost = sim::metrics::AgentMetric::cost;
  for (const auto& a : c.variants) {
    bool dominated = false;
    for (const auto& b : c.variants) {
      dominated =
          dominated ||
          (b.value[cost].mean <= a.value[cost].mean && b.value[sl].mean >= a.value[sl].mean &&
           (b.value[cost].mean < a.value[cost].mean || b.value[sl].mean > a.value[sl].mean));
    }
    EXPECT_EQ(a.on_frontier, !dominated) << a.name;
  }
  // Adding agents costs money; training (not costed in the simulation) does not.
  EXPECT_GT(c.variants[1].diff[cost].mean, 0.0);
  EXPECT_NEAR(c.variants.back().diff[cost].mean, 0.0, 1e-6 * c.variants[0].value[cost].mean + 50);
}

}  // namespace
}  // namespace analysis
