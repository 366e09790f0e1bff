// Calibration from a call-by-call log: estimators, and the scenario they make.
//
// fit_call_log() takes the records of sim/scenario/call_log.h, keeps the chosen month,
// weekdays and opening hours, and estimates (analysis/FIT.md gives the reasoning):
//   arrivals   mean calls per interval and call type over the kept days, a Student-t 95 %
//              interval, and the dispersion (variance / mean) of the counts across days:
//              1 for Poisson days, more when some days are busier than others; the same
//              per interval for each day of the week;
//   service    per call type, lognormal (by moments, and the MLE for reference) and gamma
//              (MLE) fits with their Kolmogorov-Smirnov distance; of the two that keep the
//              data's mean, the closer one goes into the scenario; and per interval, the
//              ratio of the mean service time to the types' means (time of day);
//   patience   per call type, from queued calls only, with censoring: a caller answered
//              after waiting w says only that patience > w. The censored exponential MLE
//              (abandonments / total time at risk in queue, exact chi-square interval) goes
//              into the scenario; the Kaplan-Meier curve and the naive mean wait of those
//              who abandoned are reported next to it;
//   staffing   agents seen serving (an approximation): an agent is present while serving,
//              in every gap of at most session_gap_s between two services, and before the
//              first and after the last service of such a run for as long as nobody of the
//              role's types waited (at most session_gap_s): an available agent would have
//              answered them. Averaged over the kept days per interval. Agents who serve
//              (almost) only one call type that is not the main one form a role of their
//              own; gaps that began while a caller waited are after-call work (wrap).
//
// The scenario is the month's average kept day (the scenario format simulates one day).
// Everything here is deterministic: the same records and options give the same numbers.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/metrics/day_metrics.h"
#include "sim/model/config.h"
#include "sim/scenario/call_log.h"

namespace analysis {

struct FitOptions {
  double interval_s = 1800;
  std::optional<double> open_s, close_s;  // default: inferred (fit.cpp)
  unsigned weekdays = 0b0111110;          // bit d: weekday d (0 Sunday) is kept; Mon-Fri
  std::optional<int> year, month;         // keep only this month
  double sl_threshold_s = 20;
  double session_gap_s = 3600;      // staffing: a longer gap between services ends a session
  double specialist_share = 0.9;    // share of one type that makes an agent a specialist
  double min_agent_calls = 30;      // fewer services: never a specialist role of its own
  double eligible_share = 0.05;     // a role serving this share of a type takes it (overflow)
  std::string name;                 // scenario name; default from the files and month
  bool patience_km = false;         // patience: Kaplan-Meier curve (empirical) + exponential tail
};

// "sun", "mon", ... "sat" for weekday 0 (Sunday) to 6: the names --weekdays takes.
const char* weekday_name(int weekday);
// "sun-thu", "mon,tue,wed", "mon-fri" -> bit mask (bit 0 Sunday); nullopt if malformed.
std::optional<unsigned> parse_weekdays(const std::string& text);
// "1999-01" -> (1999, 1).
std::optional<std::pair<int, int>> parse_month(const std::string& text);

// --- Estimators on plain numbers (public so tests can check them on synthetic data) ---

struct KmPoint {
  double t, survival, se;  // S(t) just after t, Greenwood standard error
};
// Kaplan-Meier survival of patience: times[i] is the wait, event[i] true when the caller
// abandoned at that time, false when answered (right-censored). Ties: events first.
std::vector<KmPoint> kaplan_meier(std::span<const double> times, std::span<const char> event);

struct ExponentialFit {
  std::size_t n = 0, events = 0;
  double exposure = 0;            // total time at risk
  double mean = 0;                // MLE of the mean (exposure / events)
  double mean_low = 0, mean_high = 0;  // 95 % interval (exact, chi-square)
};
// Right-censored exponential MLE.
ExponentialFit censored_exponential(std::span<const double> times, std::span<const char> event);
// The naive estimate: the mean time of the events alone (what ignoring censoring gives).
double naive_mean(std::span<const double> times, std::span<const char> event);

struct DistributionFit {
  std::string family;    // "lognormal" or "gamma"
  double mean = 0, cv = 0;
  double p1 = 0, p2 = 0;  // lognormal: mu, sigma of the log; gamma: shape, scale
  double ks = 0;          // Kolmogorov-Smirnov distance to the data
  double cdf(double x) const;
  double pdf(double x) const;
};
// MLE fits of positive values; `values` need not be sorted. ks_resolution: the data's
// rounding (1 for whole seconds): the fitted cdf is compared at x + resolution/2.
DistributionFit fit_lognormal(std::span<const double> values, double ks_resolution = 0);
DistributionFit fit_gamma(std::span<const double> values, double ks_resolution = 0);
// Lognormal with the data's mean and coefficient of variation (method of moments).
DistributionFit fit_lognormal_moments(std::span<const double> values, double ks_resolution = 0);
// 5 % critical value of the KS distance for n values (asymptotic 1.358/sqrt(n)).
double ks_critical_5pct(std::size_t n);

// --- The fit ---

struct ArrivalFit {
  // [type][interval]: mean calls per kept day, 95 % half-width across days.
  std::vector<std::vector<double>> mean, half_width;
  std::vector<double> total_mean, total_half_width, dispersion;  // [interval], all types
  std::vector<double> daily_totals;                              // per kept day
  double dispersion_factor = 1;  // calls-weighted mean of the per-interval dispersion
  double daily_dispersion = 1;   // variance / mean of the daily totals
  // The busyness that explains it (model/busyness.h): a gamma day factor with this CV gives
  // variance mean + cv^2 mean^2, so cv = sqrt(max(0, (variance - mean) / mean^2)) of the
  // daily totals of the kept days, at most the scenario's bound. The scenario's day_cv.
  double day_cv = 0;
  // By day of the week (0 Sunday): kept days of that weekday, and per interval the mean
  // calls (all types) with a 95 % half-width; empty for a weekday not kept.
  std::array<std::size_t, 7> weekday_days{};
  std::array<std::vector<double>, 7> weekday_mean, weekday_half_width;
};

struct ServiceFit {
  std::string type;
  std::size_t n = 0;  // services with a known positive time
  double mean = 0, cv = 0;
  // The candidates for the scenario keep the data's mean (the offered load): lognormal by
  // moments and gamma by maximum likelihood (whose mean is the sample mean). The lognormal
  // MLE is reported beside them; on service times with many short calls its mean overshoots
  // (Anonymous Bank, January, PS: 209 s against 193 s), which would overstate the load.
  DistributionFit lognormal_mle, lognormal, gamma;
  bool use_lognormal = true;  // the smaller KS distance of the two candidates
  std::vector<double> values;  // the data, sorted (for plots)
};

struct PatienceFit {
  std::string type;
  ExponentialFit mle;
  double naive_mean_s = 0;
  std::vector<KmPoint> km;
};

// The patience written to the scenario: none when the log shows no abandonment, or so
// little that the censored mean exceeds the scenario's bound on durations (30 days);
// else exponential with the censored mean, or (km) the Kaplan-Meier curve.
std::optional<sim::model::AnyDistribution> scenario_patience(const PatienceFit& p, bool km);

// Which roles take each call type (fit.cpp, infer_routing).
struct RoutingFit {
  std::vector<std::uint32_t> eligible;   // [type] role mask
  std::vector<std::uint32_t> overflow;   // [type] roles taking it after a wait
  std::vector<double> overflow_after_s;  // [type]; infinity when no overflow
};

struct StaffingFit {
  std::vector<std::string> roles;
  std::vector<std::vector<std::string>> agents;  // [role] agent names
  std::vector<std::vector<double>> mean;         // [role][interval] agents present
  RoutingFit routing;
};

// The month's figures, defined once for the log and for simulated days: each is computed
// from a metrics::CallStats (sim/metrics/day_metrics.h) by the same function.
struct Figures {
  double offered_per_day = 0, abandonment = 0, service_level = 0, asa_s = 0, service_s = 0;
};
Figures figures_of(const sim::metrics::CallStats& s, double days);
// The log's records as the simulator's day collector would count them.
sim::metrics::CallStats call_stats_of(std::span<const sim::scenario::CallRecord> records,
                                      double sl_threshold_s);

struct Fit {
  FitOptions options;
  double open_s = 0, close_s = 0;
  std::vector<std::int32_t> days;  // kept days
  std::vector<std::string> types;  // call types kept (index = scenario call type)
  std::vector<sim::scenario::CallRecord> records;  // kept records
  std::map<std::string, std::size_t> left_out;     // reason -> records left out by the fit
  ArrivalFit arrivals;
  std::vector<ServiceFit> service;
  // [interval] mean service time of the calls answered in it over their types' means; the
  // scenario applies it as talk-time multipliers ([[events]] kind = "slowdown").
  std::vector<double> service_multiplier;
  std::vector<PatienceFit> patience;
  // After-call work per type: the gaps between an agent's services that began while a
  // caller waited (values: the samples, sorted).
  std::vector<ServiceFit> wrap;
  StaffingFit staffing;
  sim::metrics::CallStats log_stats;
  Figures log;
  std::string name, description;
  sim::model::Center center;  // the fitted scenario
  // One center per kept day (fit.days order): that day's calls and agents seen serving,
  // the month's fitted service and patience. Simulating them day by day reproduces the
  // month without averaging busy and quiet days into one (see FIT.md).
  std::vector<sim::model::Center> day_centers;
};

// --- The staffing inference, step by step ---
// fit_call_log runs these in order on the kept days' records (whatever the hour); they are
// public for the known-answer tests (tests/fit/staffing_inference_test.cpp).

// The kept days and the opening hours cut into intervals: what the counts are indexed by.
struct DayGrid {
  std::vector<std::int32_t> days;  // sorted, distinct
  double open_s = 0, interval_s = 1800;
  std::size_t intervals = 0;
  std::size_t day_index(std::int32_t day) const;  // `day` must be one of days
};

// The call type of a record in the staffing steps: the fit's type index, or kOtherType for
// a type the fit left out (its services still keep the agent busy).
inline constexpr std::uint16_t kOtherType = 0xffff;

// Services with a known time per agent and kept call type: served[agent][type].
using ServiceCounts = std::vector<std::vector<std::size_t>>;
ServiceCounts count_services(std::span<const sim::scenario::CallRecord> records,
                             std::size_t agents, std::size_t types);

// Roles from what each agent served. Role 0, "agents", holds everyone but the specialists:
// an agent with at least min_agent_calls services, specialist_share of them of one type
// other than the main one (type 0), is in that type's role "<type>_agents" (such roles in
// type order). of_agent is -1 for an agent who served no kept type.
struct Roles {
  std::vector<std::string> names;
  std::vector<int> of_agent;  // [agent]
  std::vector<int> of_type;   // [type] the type's specialist role; -1 none
};
Roles infer_roles(const ServiceCounts& served, const std::vector<std::string>& types,
                  const FitOptions& o);

// Who takes each type (StaffingFit::eligible, overflow, overflow_after_s): the role that
// served most of its calls, and the type's own specialists, from the start; another role
// that served at least eligible_share of them only after the call has waited (overflow) as
// long as the median wait of the calls that role answered.
RoutingFit infer_routing(const Roles& roles, const ServiceCounts& served,
                         std::span<const sim::scenario::CallRecord> records, const FitOptions& o);

// Presence (the header's rule) per kept day, role and interval in agents, and the
// after-call gaps: the gaps between two of an agent's services that began while a caller
// of the agent's role waited, as samples of the type of the service just finished.
struct Presence {
  std::vector<std::vector<std::vector<double>>> per_day;  // [day][role][interval]
  std::vector<std::vector<double>> wrap;                  // [type] seconds
};
Presence infer_presence(std::span<const sim::scenario::CallRecord> records, const Roles& roles,
                        const std::vector<std::uint32_t>& eligible, const DayGrid& grid,
                        std::size_t types, const FitOptions& o);

// The steps above together; StaffingFit::mean is the mean of presence.per_day over the days.
struct StaffingInference {
  StaffingFit staffing;
  Presence presence;
};
StaffingInference infer_staffing(std::span<const sim::scenario::CallRecord> records,
                                 const std::vector<std::string>& agent_names,
                                 const std::vector<std::string>& types, const DayGrid& grid,
                                 const FitOptions& o);

// Returns the fit, or the reason it cannot be made (no records left, ...).
struct FitResult {
  std::optional<Fit> fit;
  std::string error;
};
FitResult fit_call_log(const sim::scenario::CallLog& log, const FitOptions& options);

// Simulated figures of `center`: replications 1..n of `seed`, mean and 95 % half-width.
struct FigureCi {
  Figures mean, half_width;
  std::size_t replications = 0;
};
FigureCi simulate_figures(const sim::model::Center& center, double sl_threshold_s,
                          std::size_t replications, std::uint64_t seed, std::size_t threads);
// The month day by day: replication r simulates every center of `days` once (replication
// ids (r - 1) * days + d + 1, so no two days share random streams) and its figures are
// those of the summed counts over the days.
FigureCi simulate_month(const std::vector<sim::model::Center>& days, double sl_threshold_s,
                        std::size_t replications, std::uint64_t seed, std::size_t threads);

// Absolute differences allowed between simulated and log figures (the acceptance of the
// calibration issue): abandonment and service level within 2 percentage points, mean wait
// within 20 %.
struct Tolerance {
  double abandonment_pp = 2, service_level_pp = 2, wait_relative = 0.20;
};
struct Verdict {
  bool abandonment = false, service_level = false, wait = false;
  bool all() const { return abandonment && service_level && wait; }
};
Verdict judge(const Figures& log, const Figures& simulated, const Tolerance& t = {});

// The fitted model simulated: the month day by day (Fit::day_centers, what the acceptance
// judges) and the average-day scenario (Fit::center) repeated.
struct Validation {
  FigureCi by_day, average_day;
  std::uint64_t seed = 1;
};

}  // namespace analysis
