#include "sim/metrics/day_metrics.h"

#include "sim/metrics/catalogue.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace sim::metrics {
namespace {

// Percentile by linear interpolation between order statistics (type 7 of Hyndman & Fan,
// the default of R and numpy), so the figures match what an analyst computes from a trace.
// The p-quantile of v, interpolated between order statistics. v[0, *from) holds only
// order statistics below the one asked for (an earlier call's partition), so the
// selection runs on the rest; *from moves to this call's.
double percentile(std::vector<float>& v, double p, std::size_t* from) {
  if (v.empty()) return kUndefined;
  const double h = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo >= *from) {  // below *from the order statistics are in place already
    std::nth_element(v.begin() + static_cast<std::ptrdiff_t>(*from),
                     v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
    *from = lo;
  }
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (h - static_cast<double>(lo)) * (b - a);
}

// Up to this many positive waits are sorted rather than selected among three times.
constexpr std::size_t kSortUpTo = 64;

// In increasing p, each selection on what the last left above its order statistic.
// The waits of 0 (answered at once) go first: they are the smallest order statistics, in
// place, so the selections run on the rest.
void select_percentiles(CallStats& s, std::vector<float>& waits) {
  std::size_t from = static_cast<std::size_t>(
      std::partition(waits.begin(), waits.end(), [](float w) { return w == 0.0f; }) -
      waits.begin());
  if (waits.size() - from <= kSortUpTo) {  // few: sorted, every order statistic in place
    std::sort(waits.begin() + static_cast<std::ptrdiff_t>(from), waits.end());
    from = waits.size();
  }
  s.wait_p50_s = percentile(waits, 0.50, &from);
  s.wait_p90_s = percentile(waits, 0.90, &from);
  s.wait_p99_s = percentile(waits, 0.99, &from);
}

// The same percentiles of many waits, exactly, by one radix step: a histogram of the top
// bits of each wait (non-negative floats order like their bit patterns) finds the bucket of
// each order statistic needed, and only those buckets' waits are selected among. Two
// passes over the waits, where the selections above make several; the waits stay where
// they are, in any number of parts. Waits of exactly 0 (answered at once: often most of
// them) have a bucket of their own, whose order statistics need no selection.
void radix_percentiles(CallStats& s, std::span<std::vector<float>* const> parts,
                       std::size_t n) {
  // 12 bits: the exponent and 4 bits of mantissa, 16 buckets an octave, after bucket 0.
  constexpr int kShift = 19;
  constexpr std::size_t kBuckets = (std::size_t{1} << (31 - kShift)) + 1;
  constexpr std::uint32_t kMark = 0x80000000u;  // counts stay below it (n < 2^31)
  const auto bucket = [](float x) {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(x + 0.0f);
    return bits == 0 ? 0 : (bits >> kShift) + 1;
  };
  // Four histograms, a wait in turn to each: a run of equal waits would otherwise wait on
  // its own counter's last increment at every step.
  std::vector<std::array<std::uint32_t, 4>> lanes(kBuckets);
  for (const auto* p : parts) {
    std::size_t i = 0;
    for (const float x : *p) ++lanes[bucket(x)][i++ & 3];
  }
  std::vector<std::uint32_t> count(kBuckets);
  for (std::size_t k = 0; k < kBuckets; ++k) {
    count[k] = lanes[k][0] + lanes[k][1] + lanes[k][2] + lanes[k][3];
  }
  constexpr std::array<double, 3> kP{0.50, 0.90, 0.99};
  std::array<std::size_t, 6> rank{};  // lo and lo + 1 of each p (capped at n - 1): ascending
  for (std::size_t i = 0; i < 3; ++i) {
    rank[2 * i] = static_cast<std::size_t>(std::floor(kP[i] * static_cast<double>(n - 1)));
    rank[2 * i + 1] = std::min(rank[2 * i] + 1, n - 1);
  }
  std::array<std::uint32_t, 6> in_bucket{}, within{};
  std::size_t below = 0, j = 0;
  for (std::uint32_t k = 0; j < rank.size(); ++k) {
    for (; j < rank.size() && rank[j] < below + count[k]; ++j) {
      in_bucket[j] = k;
      within[j] = static_cast<std::uint32_t>(rank[j] - below);
    }
    below += count[k];
  }
  std::vector<std::vector<float>> members;  // of each bucket needed, by its mark
  for (std::size_t i = 0; i < rank.size(); ++i) {
    std::uint32_t& c = count[in_bucket[i]];
    if (in_bucket[i] != 0 && !(c & kMark)) {
      c = kMark | static_cast<std::uint32_t>(members.size());
      members.emplace_back();
    }
  }
  if (!members.empty()) {
    for (const auto* p : parts) {
      for (const float x : *p) {
        const std::uint32_t c = count[bucket(x)];
        if (c & kMark) members[c & ~kMark].push_back(x);
      }
    }
  }
  std::array<double, 6> value{};
  for (std::size_t i = 0; i < rank.size(); ++i) {
    if (in_bucket[i] == 0) continue;  // a wait of 0
    auto& m = members[count[in_bucket[i]] & ~kMark];
    std::nth_element(m.begin(), m.begin() + within[i], m.end());
    value[i] = m[within[i]];
  }
  // As percentile(): a + (h - lo)(b - a), b the next order statistic; a alone at the top.
  std::array<double, 3> out{};
  for (std::size_t i = 0; i < 3; ++i) {
    const double h = kP[i] * static_cast<double>(n - 1);
    const double a = value[2 * i], b = value[2 * i + 1];
    out[i] = rank[2 * i] + 1 >= n ? a : a + (h - static_cast<double>(rank[2 * i])) * (b - a);
  }
  s.wait_p50_s = out[0];
  s.wait_p90_s = out[1];
  s.wait_p99_s = out[2];
}

void copy_percentiles(CallStats& to, const CallStats& from) {
  to.wait_p50_s = from.wait_p50_s;
  to.wait_p90_s = from.wait_p90_s;
  to.wait_p99_s = from.wait_p99_s;
}

// The wait percentiles of the waits in `parts` together: selection in place for one small
// part, else the radix step (which needs no copy).
void set_percentiles(CallStats& s, std::span<std::vector<float>* const> parts) {
  constexpr std::size_t kRadixFrom = 4096;  // below, zeroing the histogram costs more
  std::size_t n = 0;
  for (const auto* p : parts) n += p->size();
  if (n >= kRadixFrom) {
    radix_percentiles(s, parts, n);
  } else if (parts.size() == 1) {
    select_percentiles(s, *parts[0]);
  } else {
    std::vector<float> all;
    all.reserve(n);
    for (const auto* p : parts) all.insert(all.end(), p->begin(), p->end());
    select_percentiles(s, all);
  }
}

}  // namespace

// Adds each listed member of `from` to `to`: the member pointers are template arguments,
// so each addition is a plain field's (finish() adds thousands of cells a day).
template <auto... Members, class T>
void add_members(T& to, const T& from) {
  ((to.*Members += from.*Members), ...);
}

void CallStats::add(const CallStats& o) {
  add_members<&CallStats::offered, &CallStats::answered, &CallStats::abandoned,
              &CallStats::short_abandoned, &CallStats::blocked, &CallStats::cleared,
              &CallStats::answered_within, &CallStats::handled, &CallStats::resolved,
              &CallStats::errors, &CallStats::escalated, &CallStats::transferred,
              &CallStats::redials, &CallStats::repeats, &CallStats::repeats_caused,
              &CallStats::carried_in, &CallStats::carried_out, &CallStats::ivr_contained,
              &CallStats::ivr_deflected, &CallStats::callbacks_offered,
              &CallStats::callbacks_accepted, &CallStats::callbacks_completed,
              &CallStats::callbacks_failed, &CallStats::within_goal,
              &CallStats::written_answered, &CallStats::backlog_left,
              &CallStats::callbacks_within, &CallStats::parts_answered,
              &CallStats::conferences, &CallStats::conferences_missed,
              &CallStats::blocked_queue_full, &CallStats::balked, &CallStats::resolved_issues,
              // sums
              &CallStats::wait_answered_s, &CallStats::wait_abandoned_s, &CallStats::talk_s,
              &CallStats::wrap_s, &CallStats::queue_area, &CallStats::callback_delay_s,
              &CallStats::resolve_s>(*this, o);
}

double CallStats::service_level(SlVariant v) const {
  const auto within = static_cast<double>(answered_within);
  switch (v) {
    case SlVariant::of_answered: return Ratio{within, static_cast<double>(answered)}.value();
    case SlVariant::of_offered: return Ratio{within, static_cast<double>(offered)}.value();
    case SlVariant::of_offered_minus_short: break;
  }
  return value(CallMetric::service_level, *this);
}
double CallStats::asa_s() const { return value(CallMetric::asa_s, *this); }
double CallStats::abandonment_rate() const { return value(CallMetric::abandonment_rate, *this); }
double CallStats::aht_s() const { return value(CallMetric::aht_s, *this); }
double CallStats::fcr_rate() const { return value(CallMetric::fcr_rate, *this); }
double CallStats::escalation_rate() const { return value(CallMetric::escalation_rate, *this); }
double CallStats::transfer_rate() const { return value(CallMetric::transfer_rate, *this); }
double CallStats::repeat_rate() const { return value(CallMetric::repeat_rate, *this); }

void AgentStats::add(const AgentStats& o) {
  add_members<&AgentStats::logged_in_s, &AgentStats::idle_s, &AgentStats::talking_s,
              &AgentStats::wrapping_s, &AgentStats::on_break_s, &AgentStats::paid_s,
              &AgentStats::overtime_s, &AgentStats::cost, &AgentStats::overtime_cost,
              &AgentStats::planned_s, &AgentStats::lost_late_s, &AgentStats::lost_unplanned_s,
              &AgentStats::lost_early_s, &AgentStats::chat_load_s, &AgentStats::chat_busy_s,
              &AgentStats::assist_s, &AgentStats::conference_s, &AgentStats::handled,
              &AgentStats::agents_present, &AgentStats::agents_absent>(*this, o);
}

// Occupancy and utilisation do not depend on the row's length; cost per call neither.
double AgentStats::occupancy() const { return value(AgentMetric::occupancy, *this, {}); }
double AgentStats::utilisation() const { return value(AgentMetric::utilisation, *this, {}); }
double AgentStats::cost_per_handled() const {
  return value(AgentMetric::cost_per_handled, *this, {});
}

DayCollector::DayCollector(const model::Center& center, double sl_threshold_s)
    : center_(center),
      open_s_(center.open_s),
      interval_s_(center.interval_s),
      per_interval_(1.0 / center.interval_s),
      n_(center.intervals()),
      types_(center.call_types.size()),
      roles_(center.roles.size()),
      calls_((n_ + 2) * types_),
      waits_((n_ + 2) * types_),
      agents_((n_ + 2) * roles_),
      role_type_(roles_ * types_),
      queue_now_(types_, 0),
      state_count_(roles_, std::array<std::uint32_t, 5>{}),
      chat_load_(roles_, 0),
      chat_busy_(roles_, 0),
      logoff_s_(center.agents.size(), 0.0),
      present_(center.agents.size(), 1),
      type_clock_(types_),
      role_clock_(roles_) {
  part_row_.assign(types_, kNoParts);
  for (const model::CallType& t : center.call_types) {
    const auto to = static_cast<std::size_t>(t.escalation_type);
    if (t.escalation_type >= 0 && part_row_[to] == kNoParts) part_row_[to] = part_types_++;
  }
  parts_.resize((n_ + 2) * part_types_);
  part_waits_.resize(parts_.size());
  if (part_types_ > 0) part_carried_out_.resize(calls_.size());
  for (const model::CallType& t : center.call_types) {
    written_.push_back(t.channel == model::Channel::written);
    sl_threshold_s_.push_back(t.sl_threshold_s.value_or(sl_threshold_s));
    if (t.channel == model::Channel::outbound) outbound_.resize(types_);
  }
}


double DayCollector::slot_end(std::size_t s) const {
  if (s > n_) return std::numeric_limits<double>::infinity();
  return open_s_ + interval_s_ * static_cast<double>(s);  // slot 0 ends at open
}

// Calls add(slot, dt) over [c.t, t), split at interval bounds. The clock's slot is
// tracked, not recomputed from the time, so that rounding at a bound can never stall it.
template <class Add>
void DayCollector::integrate(Clock& c, double t, Add add) {
  while (c.t < t) {
    const double end = std::min(t, slot_end(c.slot));
    add(c.slot, end - c.t);
    c.t = end;
    if (c.t >= slot_end(c.slot)) ++c.slot;
  }
}

void DayCollector::flush_type(std::size_t k, double t) {
  const auto q = static_cast<double>(queue_now_[k]);
  integrate(type_clock_[k], t, [&](std::size_t s, double dt) {
    if (q != 0) calls_[s * types_ + k].queue_area += dt * q;
  });
}

void DayCollector::flush_role(std::size_t r, double t) {
  const auto& n = state_count_[r];
  using S = model::AgentState;
  const auto at = [&n](S st) { return static_cast<double>(n[static_cast<std::size_t>(st)]); };
  integrate(role_clock_[r], t, [&](std::size_t s, double dt) {
    AgentStats& a = agents_[s * roles_ + r];
    a.idle_s += dt * at(S::idle);
    a.talking_s += dt * at(S::talking);
    a.wrapping_s += dt * at(S::wrapping);
    a.on_break_s += dt * at(S::on_break);
    a.logged_in_s += dt * (at(S::idle) + at(S::talking) + at(S::wrapping) + at(S::on_break));
    if (chat_busy_[r] != 0) {  // phone-only days skip it
      a.chat_load_s += dt * static_cast<double>(chat_load_[r]);
      a.chat_busy_s += dt * static_cast<double>(chat_busy_[r]);
    }
  });
}

void DayCollector::offered(const model::CallFact& c, double /*t*/) {
  CallStats& s = cell(c);
  ++s.offered;
  s.redials += c.redial;
  s.repeats += c.repeat;
  s.carried_in += c.carried;
}

void DayCollector::blocked(const model::CallFact& c, double /*t*/) {
  ++cell(c).blocked;
}

void DayCollector::abandoned(const model::CallFact& c, double /*t*/, double wait) {
  total_wait_s_ += wait;
  const bool is_short = wait < center_.customers.short_abandon_s;
  CallStats& s = cell(c);
  ++s.abandoned;
  s.short_abandoned += is_short;
  s.wait_abandoned_s += wait;
}

void DayCollector::cleared(const model::CallFact& c, double /*t*/, double wait) {
  total_wait_s_ += wait;
  ++cell(c).cleared;
}

void DayCollector::answered(const model::CallFact& c, double t, double wait, int, int role) {
  CallStats& m = mechanism(role, c);
  ++m.answered;
  m.parts_answered += c.escalated_part;
  total_wait_s_ += wait;
  // Each call at its own type's threshold, in its type's row and the all-types row alike.
  const bool within = wait <= sl_threshold_s_[c.type];
  const std::size_t at = slot(c.offered_s);
  CallStats& s = c.escalated_part ? parts_[part(at, c.type)] : calls_[at * types_ + c.type];
  ++s.answered;
  s.parts_answered += c.escalated_part;
  s.answered_within += within;
  s.callbacks_within += within && c.callback;
  s.wait_answered_s += wait;
  auto& waits = c.escalated_part ? part_waits_[part(at, c.type)] : waits_[at * types_ + c.type];
  // A cell's first wait reserves room for a few dozen: most cells of a many-type day hold
  // that many, which growing one by one would reallocate five times.
  if (waits.capacity() == 0) waits.reserve(32);
  waits.push_back(static_cast<float>(wait));
  if (written_[c.type]) {
    ++s.written_answered;
    s.within_goal += t - c.offered_s <= center_.call_types[c.type].response_goal_s;
  }
}

void DayCollector::transferred(const model::CallFact& c, double t, int, int role,
                               model::TransferReason why) {
  const bool esc = why == model::TransferReason::escalation;
  CallStats& s = cell(c);  // a customer's own attempt: parts are never handed on
  (esc ? s.escalated : s.transferred) += 1;
  CallStats& m = mechanism(role, c);
  (esc ? m.escalated : m.transferred) += 1;
  ++agents_[slot(t) * roles_ + static_cast<std::size_t>(role)].handled;
}

void DayCollector::completed(const model::CallFact& c, double t, int, int role, double talk,
                             double wrap, bool resolved, bool error) {
  const std::size_t at = slot(c.offered_s);
  const bool first_resolved = resolved && c.attempt == 0, repeats = !resolved || error;
  const auto add = [&](CallStats& s) {
    ++s.handled;
    s.resolved += first_resolved;
    s.errors += error;
    s.repeats_caused += repeats;
    s.talk_s += talk;
    s.wrap_s += wrap;
  };
  add(calls_[at * types_ + c.type]);  // a part's completion too: the customer's call ends
  add(mechanism(role, c));
  // Time to resolve: per type and customer row, not per role (the mechanism cells).
  if (resolved) {
    const auto add_resolution = [&](CallStats& s) {
      ++s.resolved_issues;
      s.resolve_s += t - c.first_offered_s;
    };
    add_resolution(calls_[at * types_ + c.type]);
  }
  ++agents_[slot(t) * roles_ + static_cast<std::size_t>(role)].handled;
}

void DayCollector::queue_length(int type, std::size_t length, double t) {
  flush_type(static_cast<std::size_t>(type), t);
  queue_now_[static_cast<std::size_t>(type)] = length;
}

void DayCollector::agent_state(int agent, int role, model::AgentState from,
                               model::AgentState to, double t) {
  flush_role(static_cast<std::size_t>(role), t);
  auto& n = state_count_[static_cast<std::size_t>(role)];
  if (from != model::AgentState::offline) --n[static_cast<std::size_t>(from)];
  if (to != model::AgentState::offline) {
    ++n[static_cast<std::size_t>(to)];
  } else {
    grow(agent);
    logoff_s_[static_cast<std::size_t>(agent)] = t;
  }
}

void DayCollector::absent(int agent, int) {
  grow(agent);
  present_[static_cast<std::size_t>(agent)] = 0;
}

// Counted in the interval the contact was offered in, like every call figure; a caller
// told at close to call back was offered before close.
void DayCollector::carried(const model::CallFact& c, double /*t*/, double) {
  const std::size_t i = slot(c.offered_s) * types_ + c.first_type;
  ++(c.escalated_part ? part_carried_out_[i] : calls_[i].carried_out);
}

// Part E: by the interval the item arrived in, like every call figure (the catalogue shows
// it on day rows only).
void DayCollector::backlog_left(const model::CallFact& c, double /*t*/) {
  ++cell(c).backlog_left;
}

// Issue 19: the whole day's, per type (dials are no inbound contact: no interval rows).
void DayCollector::dialed(int type, double, int, int, std::uint64_t, int,
                          model::DialOutcome outcome, double seconds, int) {
  OutboundStats& o = outbound_[static_cast<std::size_t>(type)];
  ++o.attempts;
  o.dial_s += seconds;
  switch (outcome) {
    case model::DialOutcome::right_party: ++o.contacts; break;
    case model::DialOutcome::wrong_party: ++o.wrong_party; break;
    case model::DialOutcome::no_answer: ++o.no_answers; break;
  }
}

void DayCollector::list_left(int type, double, int remaining) {
  outbound_[static_cast<std::size_t>(type)].list_left = static_cast<std::uint64_t>(remaining);
}

void OutboundStats::add(const OutboundStats& o) {
  attempts += o.attempts;
  contacts += o.contacts;
  wrong_party += o.wrong_party;
  no_answers += o.no_answers;
  list_left += o.list_left;
  dial_s += o.dial_s;
}

// In the slot the lost time begins in.
void DayCollector::lost(int, int role, model::LostTime kind, double seconds, double t) {
  AgentStats& a = agents_[slot(t) * roles_ + static_cast<std::size_t>(role)];
  switch (kind) {
    case model::LostTime::late: a.lost_late_s += seconds; break;
    case model::LostTime::unplanned: a.lost_unplanned_s += seconds; break;
    case model::LostTime::early: a.lost_early_s += seconds; break;
  }
}

void DayCollector::assist(const model::CallFact& c, double t, int, int, int helper,
                          int helper_role, double seconds, model::Help help) {
  const bool conference = help == model::Help::conference;
  if (conference) count(c, helper < 0 ? &CallStats::conferences_missed : &CallStats::conferences);
  if (helper < 0) return;
  AgentStats& a = agents_[slot(t) * roles_ + static_cast<std::size_t>(helper_role)];
  (conference ? a.conference_s : a.assist_s) += seconds;
}

void DayCollector::count(const model::CallFact& c, std::uint64_t CallStats::*what) {
  ++(cell(c).*what);
}

void DayCollector::blocked_queue_full(const model::CallFact& c, double /*t*/) {
  count(c, &CallStats::blocked_queue_full);
}
void DayCollector::balked(const model::CallFact& c, double /*t*/) {
  count(c, &CallStats::balked);
}

void DayCollector::ivr_contained(const model::CallFact& c, double /*t*/) {
  count(c, &CallStats::ivr_contained);
}
void DayCollector::ivr_deflected(const model::CallFact& c, double /*t*/) {
  count(c, &CallStats::ivr_deflected);
}
void DayCollector::callback_offered(const model::CallFact& c, double /*t*/) {
  count(c, &CallStats::callbacks_offered);
}
void DayCollector::callback_accepted(const model::CallFact& c, double /*t*/) {
  count(c, &CallStats::callbacks_accepted);
}
void DayCollector::callback_failed(const model::CallFact& c, double /*t*/) {
  count(c, &CallStats::callbacks_failed);
}
// The wait to the callback is also the wait `answered` reports next (a callback counts as
// answered, after that wait).
void DayCollector::callback_completed(const model::CallFact& c, double /*t*/, double wait) {
  count(c, &CallStats::callbacks_completed);
  cell(c).callback_delay_s += wait;
}

// A chat agent's time is counted by its state like any agent's (talking while one of its
// chats is in talk, wrapping while all it holds are in wrap-up): occupancy is the share of
// time holding a chat. chat_load_s / chat_busy_s adds how many it held meanwhile.
void DayCollector::chats(int agent, int role, int held, double t) {
  const auto i = static_cast<std::size_t>(agent);
  if (i >= chats_held_.size()) chats_held_.resize(i + 1, 0);
  const auto r = static_cast<std::size_t>(role);
  flush_role(r, t);
  chat_load_[r] = chat_load_[r] + static_cast<std::uint32_t>(held) - chats_held_[i];
  chat_busy_[r] = chat_busy_[r] + (held > 0) - (chats_held_[i] > 0);
  chats_held_[i] = static_cast<std::uint8_t>(held);
}

void DayCollector::grow(int agent) {
  const auto n = static_cast<std::size_t>(agent) + 1;
  if (n <= present_.size()) return;
  logoff_s_.resize(n, 0.0);
  present_.resize(n, 1);
}

DayResults DayCollector::finish(double end_s) { return finish(end_s, center_.agents); }

DayResults DayCollector::finish(double end_s, const std::vector<model::Agent>& agents) {
  if (agents.size() > present_.size()) grow(static_cast<int>(agents.size()) - 1);
  for (std::size_t k = 0; k < types_; ++k) flush_type(k, end_s);
  for (std::size_t r = 0; r < roles_; ++r) flush_role(r, end_s);
  DayResults r;
  r.intervals = n_;
  r.types = types_;
  r.roles = roles_;
  r.open_s = center_.open_s;
  r.close_s = center_.close_s;
  r.interval_s = center_.interval_s;
  r.total_wait_s = total_wait_s_;
  r.last_event_s = end_s;
  r.outbound = outbound_;
  for (const OutboundStats& o : outbound_) r.outbound_day.add(o);

  // Paid time: the scheduled shift of each present agent, plus overtime past its end,
  // attributed to the slots the shift covers (overtime to the slot it ends in).
  for (std::size_t i = 0; i < agents.size(); ++i) {
    const model::Agent& a = agents[i];
    const auto role = static_cast<std::size_t>(a.role);
    const double wage = center_.roles[role].wage_per_hour / 3600.0;
    if (!present_[i]) {
      ++agents_[slot(a.shift_start_s) * roles_ + role].agents_absent;
      continue;
    }
    ++agents_[slot(a.shift_start_s) * roles_ + role].agents_present;
    for (std::size_t s = slot(a.shift_start_s); s <= n_ + 1; ++s) {
      const double from = std::max(a.shift_start_s, s == 0 ? 0.0 : slot_end(s - 1));
      const double to = std::min(a.shift_end_s, slot_end(s));
      if (from >= a.shift_end_s) break;  // so is every later slot
      if (to <= from) continue;
      AgentStats& cell = agents_[s * roles_ + role];
      cell.paid_s += to - from;
      cell.planned_s += to - from;
      cell.cost += (to - from) * wage;
      for (const model::Break& b : a.breaks) {  // as planned, before any jitter
        cell.planned_s -= std::max(0.0, std::min(to, b.start_s + b.duration_s) -
                                            std::max(from, b.start_s));
      }
    }
    const double overtime = std::max(0.0, logoff_s_[i] - a.shift_end_s);
    AgentStats& cell = agents_[slot(a.shift_end_s) * roles_ + role];
    const double overtime_cost = overtime * wage * center_.shift_end.overtime_premium;
    cell.overtime_s += overtime;
    cell.paid_s += overtime;
    cell.cost += overtime_cost;
    cell.overtime_cost += overtime_cost;
  }

  r.interval_type.resize(n_ * types_);
  r.type.resize(types_);
  r.interval.resize(n_);
  // A type's row is its customers' cells and its escalated parts' together; the all-types
  // (customer) row is the non-written types' customer cells, whose completions include the
  // parts' (a customer's call ends when its part does), plus the written types' written
  // figures. Waits are read where they are, slot by slot.
  //
  // When one type alone has customer waits, and no part waits with them, the customers'
  // waits are that type's and so are its percentiles (computed once): `sole` folds the
  // types seen into kNoType (none yet), a type, or kMany.
  constexpr std::size_t kNoType = ~std::size_t{0}, kMany = kNoType - 1;
  const auto sole = [](std::size_t seen, std::size_t k) {
    return seen == kNoType ? k : (k == kNoType || k == seen) ? seen : kMany;
  };
  std::vector<std::vector<std::vector<float>*>> type_waits(types_);
  std::vector<std::vector<float>*> day_waits, slot_waits;
  std::size_t day_only = kNoType;
  for (std::size_t s = 0; s < n_ + 2; ++s) {
    CallStats all;
    slot_waits.clear();
    std::size_t only = kNoType;
    for (std::size_t k = 0; k < types_; ++k) {
      const std::size_t i = s * types_ + k;
      CallStats& c = calls_[i];
      if (!written_[k]) {
        all.add(c);
        slot_waits.push_back(&waits_[i]);
        day_waits.push_back(&waits_[i]);
        if (!waits_[i].empty()) only = sole(only, k);
      } else {  // queue_area summed over every type, in type order, as add() does
        all.queue_area += c.queue_area;
        all.written_answered += c.written_answered;
        all.within_goal += c.within_goal;
        all.backlog_left += c.backlog_left;
      }
      std::array<std::vector<float>*, 2> waits{&waits_[i], nullptr};
      std::size_t parts = 1;
      if (part_row_[k] != kNoParts) {
        c.add(parts_[part(s, k)]);
        if (!part_waits_[part(s, k)].empty()) {
          waits[parts++] = &part_waits_[part(s, k)];
          if (only == k) only = kMany;  // its row's waits are more than the customers'
        }
      }
      if (!part_carried_out_.empty()) c.carried_out += part_carried_out_[i];
      const std::span these(waits.data(), parts);
      type_waits[k].insert(type_waits[k].end(), these.begin(), these.end());
      r.type[k].add(c);
      if (s >= 1 && s <= n_) {
        set_percentiles(c, these);
        r.interval_type[(s - 1) * types_ + k] = c;
      }
    }
    r.day.add(all);
    day_only = sole(day_only, only);
    if (s >= 1 && s <= n_) {
      if (only < kMany) {
        copy_percentiles(all, r.interval_type[(s - 1) * types_ + only]);
      } else {
        set_percentiles(all, slot_waits);
      }
      r.interval[s - 1] = all;
    }
  }
  for (std::size_t k = 0; k < types_; ++k) set_percentiles(r.type[k], type_waits[k]);
  // The day's: one type's customer waits every slot, and no part waits in any (one wait
  // list a slot in its row).
  if (day_only < kMany && type_waits[day_only].size() == n_ + 2) {
    copy_percentiles(r.day, r.type[day_only]);
  } else {
    set_percentiles(r.day, day_waits);
  }

  // Mechanism cells with their all-types and all-roles margins.
  r.role_type.resize((roles_ + 1) * (types_ + 1));
  for (std::size_t k = 0; k < roles_; ++k) {
    for (std::size_t t = 0; t < types_; ++t) {
      const CallStats& c = role_type_[k * types_ + t];
      for (std::size_t row : {k, roles_}) {
        for (std::size_t col : {t, types_}) r.role_type[row * (types_ + 1) + col].add(c);
      }
    }
  }

  r.interval_role.resize(n_ * roles_);
  r.role.resize(roles_);
  r.interval_agents.resize(n_);
  for (std::size_t s = 0; s < n_ + 2; ++s) {
    for (std::size_t k = 0; k < roles_; ++k) {
      const AgentStats& a = agents_[s * roles_ + k];
      r.role[k].add(a);
      r.day_agents.add(a);
      if (s >= 1 && s <= n_) {
        r.interval_role[(s - 1) * roles_ + k] = a;
        r.interval_agents[s - 1].add(a);
      }
    }
  }
  return r;
}

}  // namespace sim::metrics

#include "sim/model/contact_center.h"

namespace sim::metrics {
DayResults simulate_day(const model::Center& center, std::uint64_t seed,
                        std::uint64_t replication, double sl_threshold_s) {
  DayCollector collector(center, sl_threshold_s);
  model::ContactCenter<DayCollector> cc(center, seed, replication, collector);
  cc.run();
  return collector.finish(cc.simulator().now(), cc.center().agents);
}

DayResults simulate_day(const model::Center& center, std::uint64_t seed,
                        std::uint64_t replication, double sl_threshold_s, TraceLog& trace) {
  DayCollector collector(center, sl_threshold_s);
  Tee<DayCollector, TraceLog> tee{collector, trace};
  model::ContactCenter<Tee<DayCollector, TraceLog>> cc(center, seed, replication, tee);
  cc.run();
  return collector.finish(cc.simulator().now(), cc.center().agents);
}
}  // namespace sim::metrics
