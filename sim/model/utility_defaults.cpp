#include "sim/model/utility_defaults.h"

#include <numeric>
#include <string>

namespace sim::model {
namespace {

using engine::Deterministic;
using engine::Exponential;
using engine::Lognormal;

constexpr RoleMask bit(int r) { return RoleMask{1} << r; }
constexpr RoleMask kReps = bit(kRepI) | bit(kRepII) | bit(kSenior);
constexpr RoleMask kJourneyUp = bit(kRepII) | bit(kSenior);
constexpr RoleMask kAuthority = bit(kSupervisor) | bit(kAssistantManager);

// Competency weights in the order of the Competency enum:
// job knowledge, computer, mathematics, judgment, attention to detail, interpersonal,
// customer service, written communication.
using W = std::array<double, kCompetencies>;

CallType make(const char* name, double work_mean, double work_cv, double wrap_mean,
              double patience_mean, int priority, RoleMask eligible, W weights, double fcr) {
  CallType t;
  t.name = name;
  t.work_s = Lognormal(work_mean, work_cv);
  t.wrap_s = Lognormal(wrap_mean, 0.5);
  t.patience_s = Exponential(patience_mean);
  t.priority = priority;
  t.eligible = eligible;
  t.handle_weights = weights;
  t.fcr = fcr;
  return t;
}

}  // namespace

std::vector<Role> utility_roles() {
  // Levels: Rep II is the journey level (all 2), the reference the work content is drawn
  // for (seed 004). Rep I is the entry class, "less than the full range of duties" under
  // immediate supervision (seed 004). The senior specialist's profile follows seed 000's
  // competency list; authority to adjust, extend and disconnect is the Commercial Service
  // Supervisor's (seed 002); escalated and official inquiries the Assistant Manager's
  // (seed 003). Wages are loaded hourly costs, an assumption.
  return {
      {"rep_1", {1, 1, 1, 1, 1, 1, 1, 1}, Authority::none, 28.0, 0},
      {"rep_2", {2, 2, 2, 2, 2, 2, 2, 2}, Authority::none, 34.0, 1},
      {"senior_specialist", {3, 3, 2, 2, 3, 2, 3, 2}, Authority::none, 42.0, 2},
      {"supervisor", {3, 2, 2, 3, 2, 3, 3, 3}, Authority::supervisor, 52.0, 3},
      {"assistant_manager", {3, 2, 3, 3, 3, 3, 3, 3}, Authority::manager, 65.0, 4},
  };
}

std::vector<CallType> utility_call_types() {
  std::vector<CallType> v;
  //          name                  work  cv   wrap  pat  prio eligible
  // Bill explanation: "explaining customer bills", "how their bill is calculated" (seed 001).
  v.push_back(make("bill_explanation", 300, 0.7, 45, 240, 1, kReps,
                   W{0.4, 0.3, 0.3, 0, 0, 0, 0, 0}, 0.85));
  v.back().error_probability = 0.02;
  // Disputes and adjustments: adjustments need the supervisor (seed 002).
  v.push_back(make("billing_dispute", 480, 0.8, 90, 300, 1, kReps,
                   W{0.4, 0, 0.3, 0.3, 0, 0, 0, 0}, 0.70));
  v.back().authority_probability = 0.35;
  v.back().irate_probability = 0.15;
  v.back().error_probability = 0.04;
  // High usage: compare with previous usage; leak, re-read or field work (seed 001).
  v.push_back(make("high_usage", 420, 0.7, 60, 270, 1, kReps,
                   W{0.3, 0, 0.3, 0.4, 0, 0, 0, 0}, 0.70));
  v.back().authority_probability = 0.10;
  v.back().irate_probability = 0.10;
  v.back().error_probability = 0.03;
  // Payments and arrangements: extensions on delinquent accounts need authority (seed 002).
  v.push_back(make("payment_arrangement", 240, 0.6, 30, 200, 1, kReps,
                   W{0, 0.5, 0.5, 0, 0, 0, 0, 0}, 0.90));
  v.back().authority_probability = 0.15;
  v.back().error_probability = 0.02;
  // Shut-off and delinquency notices: irate callers are common (seed 004), disconnection
  // decisions belong to the supervisor (seed 002).
  v.push_back(make("shutoff_delinquency", 360, 0.7, 60, 240, 3, kReps,
                   W{0.3, 0, 0, 0.3, 0, 0.4, 0, 0}, 0.75));
  v.back().authority_probability = 0.25;
  v.back().irate_probability = 0.35;
  v.back().error_probability = 0.03;
  // Restoration after shut-off: priority work handed to field crews (seed 003).
  v.push_back(make("restoration", 300, 0.6, 90, 300, 4, kJourneyUp,
                   W{0.5, 0.5, 0, 0, 0, 0, 0, 0}, 0.85));
  v.back().overflow = bit(kRepI);
  v.back().overflow_after_s = 60.0;
  v.back().irate_probability = 0.20;
  v.back().error_probability = 0.03;
  // Start, stop, transfer: credit and deposit checks (seed 004).
  v.push_back(make("start_stop_transfer", 330, 0.5, 60, 240, 1, kReps,
                   W{0.2, 0.5, 0, 0, 0.3, 0, 0, 0}, 0.92));
  v.back().error_probability = 0.04;
  // Assistance programs: income eligibility review and certification (seed 004).
  v.push_back(make("assistance_programs", 540, 0.6, 120, 300, 1, kJourneyUp,
                   W{0.4, 0, 0.3, 0, 0.3, 0, 0, 0}, 0.75));
  v.back().error_probability = 0.05;
  // Outages and main breaks: short calls in bursts, served first.
  v.push_back(make("outage", 120, 0.5, 15, 120, 5, kReps, W{0.3, 0.2, 0, 0, 0, 0, 0.5, 0},
                   0.95));
  // Water quality and conservation: usually referred to another department (seed 001).
  v.push_back(make("water_quality_conservation", 180, 0.6, 30, 200, 0, kReps,
                   W{0.6, 0, 0, 0, 0, 0, 0.4, 0}, 0.90));
  // Meter problems and billing discrepancies (seed 003's metering work).
  v.push_back(make("meter_problem", 360, 0.7, 60, 240, 1, kJourneyUp,
                   W{0.4, 0, 0.3, 0, 0.3, 0, 0, 0}, 0.65));
  v.back().overflow = bit(kRepI);
  v.back().overflow_after_s = 120.0;
  v.back().authority_probability = 0.10;
  v.back().error_probability = 0.03;
  // Escalated customer and city-official inquiries: supervisor or assistant manager only
  // (seed 003).
  v.push_back(make("escalated_official", 600, 0.8, 180, 600, 2, kAuthority,
                   W{0, 0, 0, 0.4, 0, 0.3, 0, 0.3}, 0.80));
  // The escalated part of any call: queued for a supervisor-capable agent.
  v.push_back(make("escalated_billing", 360, 0.7, 120, 600, 4, kAuthority,
                   W{0, 0, 0.2, 0.5, 0, 0.3, 0, 0}, 0.85));
  const int target = static_cast<int>(v.size()) - 1;
  for (CallType& t : v) {
    if (t.authority_probability > 0.0 || t.irate_probability > 0.0) {
      t.authority = Authority::supervisor;
      t.escalation_type = target;
    }
  }
  return v;
}

std::vector<double> utility_call_shares() {
  return {0.22, 0.08, 0.07, 0.18, 0.08, 0.04, 0.14, 0.04, 0.06, 0.03, 0.04, 0.02, 0.0};
}

std::vector<double> utility_intraday_profile() {
  // Morning peak 09:00-11:00, lunch dip, smaller afternoon peak: the usual shape of a
  // utility's weekday (an assumption, to be replaced by a center's own forecast).
  std::vector<double> p{3.5, 5.0, 6.2, 6.6, 6.5, 6.2, 5.8, 5.4, 4.9, 4.8,
                        5.2, 5.4, 5.3, 5.0, 4.7, 4.3, 3.9, 3.4, 2.9, 2.4};
  const double total = std::accumulate(p.begin(), p.end(), 0.0);
  for (double& x : p) x /= total;
  return p;
}

std::vector<Agent> staggered_roster(const std::vector<int>& counts, double open_s,
                                    double close_s) {
  // Start times from open - 15 min to close - 8.5 h, weighted toward the morning peak.
  const double length = 8.5 * 3600.0;
  const std::vector<double> starts{open_s - 900.0, open_s, open_s + 1800.0, open_s + 3600.0,
                                   close_s - length};
  const std::vector<double> weight{0.15, 0.30, 0.25, 0.15, 0.15};
  std::vector<Agent> agents;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    for (int i = 0; i < counts[r]; ++i) {
      // Spread agents of each role across start times in proportion to the weights.
      double acc = 0.0;
      std::size_t k = 0;
      const double u = (i + 0.5) / counts[r];
      for (; k + 1 < starts.size(); ++k) {
        acc += weight[k];
        if (u < acc) break;
      }
      Agent a;
      a.name = "agent_" + std::to_string(agents.size() + 1);
      a.role = static_cast<int>(r);
      a.shift_start_s = std::max(0.0, starts[k]);
      a.shift_end_s = a.shift_start_s + length;
      // Stagger breaks by agent so that the floor is never emptied at once.
      const double jitter = 600.0 * (i % 4);
      a.breaks = {{a.shift_start_s + 2 * 3600.0 + jitter, 900.0},
                  {a.shift_start_s + 4 * 3600.0 + jitter, 1800.0},
                  {a.shift_start_s + 6.5 * 3600.0 + jitter, 900.0}};
      agents.push_back(std::move(a));
    }
  }
  return agents;
}

Center utility_day(double daily_calls, const std::vector<int>& counts) {
  Center c;
  c.open_s = 8 * 3600.0;
  c.close_s = 18 * 3600.0;
  c.interval_s = 1800.0;
  c.roles = utility_roles();
  c.call_types = utility_call_types();
  const std::vector<double> shares = utility_call_shares();
  const std::vector<double> profile = utility_intraday_profile();
  for (std::size_t t = 0; t < c.call_types.size(); ++t) {
    std::vector<double> row(profile.size());
    for (std::size_t i = 0; i < profile.size(); ++i) row[i] = daily_calls * shares[t] * profile[i];
    c.arrivals.push_back(std::move(row));
  }
  c.agents = staggered_roster(counts, c.open_s, c.close_s);
  c.customers.redial_probability = 0.3;
  return c;
}

Center single_skill(int agents, double rate_per_s, double mean_handle_s,
                    std::optional<double> mean_patience_s, double horizon_s, std::size_t trunks,
                    double interval_s) {
  Center c;
  c.open_s = 0.0;
  c.close_s = horizon_s;
  c.interval_s = interval_s;
  c.roles = {Role{"agent", {2, 2, 2, 2, 2, 2, 2, 2}, Authority::none, 30.0, 0}};
  CallType t;
  t.name = "call";
  t.work_s = Exponential(mean_handle_s);
  t.wrap_s = Deterministic(0.0);
  if (mean_patience_s) {
    t.patience_s = Exponential(*mean_patience_s);
  } else {
    t.patience_s.reset();
  }
  t.eligible = 1;
  c.call_types = {t};
  c.arrivals = {std::vector<double>(c.intervals(), rate_per_s * interval_s)};
  for (int i = 0; i < agents; ++i) {
    Agent a;
    a.name = "agent_" + std::to_string(i + 1);
    a.role = 0;
    a.shift_start_s = 0.0;
    a.shift_end_s = horizon_s;
    c.agents.push_back(std::move(a));
  }
  c.trunks = trunks;
  c.customers.short_abandon_s = 0.0;
  c.customers.redial_probability = 0.0;
  return c;
}

}  // namespace sim::model
