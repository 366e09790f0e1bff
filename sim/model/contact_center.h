// The contact-center model: one simulated day of a utility's customer-service center on
// the engine. It routes calls to agents by skill, lets competency act on each call, and
// publishes facts (sim/model/facts.h) to an observer; it keeps no statistics itself.
//
// Same-instant order (the engine's order class; smaller first), with the reason:
//   0 talk end     a call that ends at t is done before anything else happens at t
//   1 wrap end     an agent freed at t takes a call arriving at t
//   2 agent leaves an agent whose shift ends (or break or pull starts) at t takes no call
//                  of t; a break or pull due at the shift start is therefore known before
//                  the agent joins, and taken from the shift start
//   3 agent joins  an agent starting (or back from break) at t takes a call arriving at t
//   4 routing      a routing change at t applies to the calls of t
//   5 arrival      a new customer
//   6 return       a redial or repeat contact
//   7 overflow     a call's overflow delay running out at t, after arrivals at t
//   8 patience     last: a call answered at its patience limit counts as answered
//   9 close        closing time, after everything else at that instant
//
// Common random numbers: everything that belongs to a customer (work content, wrap-up,
// patience, and the uniforms that decide resolution, escalation, errors and redials) is
// drawn when the customer arrives, from a stream keyed by (customer, attempt). Arrivals
// come from one stream per call type keyed by its name. Two rosters run with the same
// seed therefore meet the same customers, and a better agent can only help them.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/engine/distributions.h"
#include "sim/engine/random.h"
#include "sim/engine/simulator.h"
#include "sim/model/competency.h"
#include "sim/model/config.h"
#include "sim/model/facts.h"

namespace sim::model {

// A FIFO of (slot, generation) pairs on a ring buffer: entries whose generation no longer
// matches are stale (the call left the queue another way) and are skipped when reached.
class SlotQueue {
 public:
  struct Entry {
    std::uint32_t slot, generation;
  };
  bool empty() const { return head_ == tail_; }
  const Entry& front() const { return buf_[head_ & mask_]; }
  void pop() { ++head_; }
  void push(Entry e) {
    if (tail_ - head_ == buf_.size()) grow();
    buf_[tail_++ & mask_] = e;
  }

 private:
  void grow() {
    std::vector<Entry> bigger(std::max<std::size_t>(16, buf_.size() * 2));
    for (std::size_t i = head_; i != tail_; ++i) bigger[i - head_] = buf_[i & mask_];
    tail_ -= head_;
    head_ = 0;
    buf_.swap(bigger);
    mask_ = buf_.size() - 1;
  }
  std::vector<Entry> buf_;
  std::size_t head_ = 0, tail_ = 0, mask_ = 0;
};

template <class Observer>
class ContactCenter {
 public:
  // `center` must outlive the model and pass Center::validate().
  ContactCenter(const Center& center, std::uint64_t seed, std::uint64_t replication,
                Observer& observer);

  // Simulates the day: arrivals from open to close, shifts and breaks, until every call is
  // done and every agent has logged off. Calls still waiting when nobody is left to answer
  // them (every shift over) are cleared at that moment, never silently dropped.
  void run() {
    sim_.run(*this);
    clear_waiting();
  }

  void handle(const engine::Event& e);

  const engine::Simulator& simulator() const { return sim_; }
  bool agent_present(int agent) const { return agents_[static_cast<std::size_t>(agent)].present; }

 private:
  enum Kind : std::uint8_t {
    kTalkEnd = 0, kWrapEnd, kLeave, kJoin, kRoutingChange, kArrival, kReturn, kOverflow,
    kPatience, kClose
  };

  struct AgentRt {
    int role;
    AgentState state = AgentState::offline;
    bool present = true;
    bool leave_pending = false;
    double pending_break_s = 0.0;  // breaks that came due while busy, taken after the call
    double away_until = 0.0;       // off the phones before this (breaks and pulls begun)
    double shift_end_s;
    double idle_since = 0.0;
    std::uint32_t idle_stamp = 0;  // bumps whenever the agent stops being idle
    std::uint32_t call = 0;
    double talk_s = 0.0, wrap_s = 0.0;  // of the current call
  };

  struct CallRt {
    CallFact fact;
    double work_s, wrap_s, patience_s;
    double u_resolve, u_authority, u_irate, u_transfer, u_error, u_redial;
    double esc_work_s, esc_wrap_s, esc_patience_s;
    std::uint32_t generation = 0;  // bumps when queued-state timers and entries go stale
    bool waiting = false;
    bool in_trunk = false;
    std::uint8_t transfer = 0;  // 0 none, 1 + TransferReason when the talk ends in one
  };

  static std::uint64_t pack(std::uint32_t index, std::uint32_t extra) {
    return (std::uint64_t{extra} << 32) | index;
  }

  // --- events ---
  void on_arrival(std::uint32_t type);
  void on_return(std::uint32_t slot);
  void on_talk_end(std::uint32_t agent);
  void on_agent_free(std::uint32_t agent);
  void on_leave(std::uint32_t agent, std::uint32_t what);
  void on_join(std::uint32_t agent);
  void go_away(std::uint32_t agent, double until);
  void on_overflow(std::uint32_t slot, std::uint32_t generation);
  void on_patience(std::uint32_t slot, std::uint32_t generation);
  void on_close();
  void clear_waiting();

  // --- steps ---
  void draw_attempt(CallRt& c);
  void offer(std::uint32_t slot);
  void route(std::uint32_t slot);
  void enqueue(std::uint32_t slot);
  void leave_queue(CallRt& c);
  void answer(std::uint32_t slot, std::uint32_t agent);
  enum class ReturnKind { redial, repeat, error };
  double return_delay(const CallRt& c, ReturnKind kind) const;
  void maybe_return(std::uint32_t slot, ReturnKind kind);
  int find_idle_agent(RoleMask roles);
  int find_call_for(const AgentRt& a);
  void set_state(std::uint32_t agent, AgentState to);
  void release_trunk(CallRt& c);
  std::uint32_t new_slot();
  void free_slot(std::uint32_t slot);
  double slowdown(std::uint16_t type) const;

  const Center& center_;
  Observer& obs_;
  std::uint64_t seed_, replication_;
  engine::Simulator sim_;
  EffectTables effects_;
  Routing routing_;

  std::vector<engine::PiecewiseConstantArrivals> arrivals_;
  std::vector<engine::RandomStream> arrival_rngs_;
  std::vector<std::uint64_t> arrivals_made_;

  std::vector<AgentRt> agents_;
  std::vector<SlotQueue> idle_;                 // per role, FIFO = longest idle first
  std::vector<int> roles_by_rank_;
  std::vector<std::vector<std::uint16_t>> primary_types_, overflow_types_;  // per role

  std::vector<CallRt> calls_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<SlotQueue> queues_;     // per call type
  std::vector<std::size_t> waiting_;  // exact count per call type
  std::size_t in_trunk_ = 0;
  bool closed_ = false;
};

// ---------------------------------------------------------------------------------------

template <class O>
ContactCenter<O>::ContactCenter(const Center& center, std::uint64_t seed,
                                std::uint64_t replication, O& observer)
    : center_(center),
      obs_(observer),
      seed_(seed),
      replication_(replication),
      effects_(center),
      routing_(center.routing) {
  const std::size_t types = center.call_types.size();
  arrivals_.reserve(types);
  for (std::size_t t = 0; t < types; ++t) {
    std::vector<double> per_second(center.arrivals[t]);
    for (double& r : per_second) r /= center.interval_s;
    arrivals_.emplace_back(center.open_s, center.interval_s, std::move(per_second));
    arrival_rngs_.emplace_back(seed, replication,
                               "arrivals/" + center.call_types[t].name);
  }
  arrivals_made_.assign(types, 0);
  queues_.resize(types);
  waiting_.assign(types, 0);

  const std::size_t roles = center.roles.size();
  idle_.resize(roles);
  primary_types_.resize(roles);
  overflow_types_.resize(roles);
  for (std::size_t r = 0; r < roles; ++r) {
    for (std::size_t t = 0; t < types; ++t) {
      const CallType& ct = center.call_types[t];
      if (ct.eligible >> r & 1u) {
        primary_types_[r].push_back(static_cast<std::uint16_t>(t));
      } else if (ct.overflow >> r & 1u) {
        overflow_types_[r].push_back(static_cast<std::uint16_t>(t));
      }
    }
    roles_by_rank_.push_back(static_cast<int>(r));
  }
  std::stable_sort(roles_by_rank_.begin(), roles_by_rank_.end(), [&](int a, int b) {
    return center.roles[static_cast<std::size_t>(a)].rank <
           center.roles[static_cast<std::size_t>(b)].rank;
  });

  // Absence is drawn per agent (by index) once per replication.
  agents_.resize(center.agents.size());
  for (std::size_t i = 0; i < agents_.size(); ++i) {
    const Agent& a = center.agents[i];
    AgentRt& rt = agents_[i];
    rt.role = a.role;
    rt.shift_end_s = a.shift_end_s;
    if (center.absenteeism > 0.0) {
      engine::RandomStream absence(seed, replication, "absence", i);
      rt.present = absence.uniform01() >= center.absenteeism;
    }
    const auto idx = static_cast<std::uint32_t>(i);
    if (!rt.present) {
      obs_.absent(static_cast<int>(i), a.role);
      continue;
    }
    sim_.schedule_at(a.shift_start_s, kJoin, pack(idx, 0));
    sim_.schedule_at(a.shift_end_s, kLeave, pack(idx, 0));
    // kLeave's extra: 0 the shift end, then the breaks from 1, then the pulls.
    for (std::size_t b = 0; b < a.breaks.size(); ++b) {
      sim_.schedule_at(a.breaks[b].start_s, kLeave, pack(idx, static_cast<std::uint32_t>(b + 1)));
    }
    for (std::size_t p = 0; p < a.pulls.size(); ++p) {
      sim_.schedule_at(a.pulls[p].start_s, kLeave,
                       pack(idx, static_cast<std::uint32_t>(a.breaks.size() + p + 1)));
    }
  }

  for (std::size_t t = 0; t < types; ++t) {
    const double first = arrivals_[t].next(center.open_s, arrival_rngs_[t]);
    if (first < center.close_s) sim_.schedule_at(first, kArrival, t);
  }
  for (std::size_t k = 0; k < center.routing_changes.size(); ++k) {
    sim_.schedule_at(std::max(0.0, center.routing_changes[k].at_s), kRoutingChange, k);
  }
  sim_.schedule_at(center.close_s, kClose, 0);
}

template <class O>
void ContactCenter<O>::handle(const engine::Event& e) {
  const auto index = static_cast<std::uint32_t>(e.payload);
  const auto extra = static_cast<std::uint32_t>(e.payload >> 32);
  switch (e.order_class()) {
    case kTalkEnd: on_talk_end(index); break;
    case kWrapEnd: on_agent_free(index); break;
    case kLeave: on_leave(index, extra); break;
    case kJoin: on_join(index); break;
    case kRoutingChange: routing_ = center_.routing_changes[index].routing; break;
    case kArrival: on_arrival(index); break;
    case kReturn: on_return(index); break;
    case kOverflow: on_overflow(index, extra); break;
    case kPatience: on_patience(index, extra); break;
    case kClose: on_close(); break;
    default: throw std::logic_error("ContactCenter: unknown event kind");
  }
}

template <class O>
std::uint32_t ContactCenter<O>::new_slot() {
  if (free_slots_.empty()) {
    calls_.emplace_back();
    return static_cast<std::uint32_t>(calls_.size() - 1);
  }
  const std::uint32_t s = free_slots_.back();
  free_slots_.pop_back();
  return s;
}

template <class O>
void ContactCenter<O>::free_slot(std::uint32_t slot) {
  ++calls_[slot].generation;
  free_slots_.push_back(slot);
}

template <class O>
void ContactCenter<O>::draw_attempt(CallRt& c) {
  // Fixed draw order from the (customer, attempt) stream: never reorder without updating
  // the golden end-to-end results on purpose.
  static constexpr std::uint64_t kCustomerStream = engine::stream_id("customer");
  auto rng = engine::RandomStream::for_purpose(seed_, replication_, kCustomerStream,
                                               c.fact.customer * 16 + c.fact.attempt);
  const CallType& t = center_.call_types[c.fact.type];
  c.work_s = std::max(0.0, engine::sample(t.work_s, rng));
  c.wrap_s = std::max(0.0, engine::sample(t.wrap_s, rng));
  c.patience_s = t.patience_s ? std::max(0.0, engine::sample(*t.patience_s, rng))
                              : std::numeric_limits<double>::infinity();
  c.u_resolve = rng.uniform01();
  c.u_authority = rng.uniform01();
  c.u_irate = rng.uniform01();
  c.u_transfer = rng.uniform01();
  c.u_error = rng.uniform01();
  c.u_redial = rng.uniform01();
  if (t.escalation_type >= 0) {
    const CallType& e = center_.call_types[static_cast<std::size_t>(t.escalation_type)];
    c.esc_work_s = std::max(0.0, engine::sample(e.work_s, rng));
    c.esc_wrap_s = std::max(0.0, engine::sample(e.wrap_s, rng));
    c.esc_patience_s = e.patience_s ? std::max(0.0, engine::sample(*e.patience_s, rng))
                                    : std::numeric_limits<double>::infinity();
  }
  c.transfer = 0;
}

template <class O>
void ContactCenter<O>::on_arrival(std::uint32_t type) {
  const double now = sim_.now();
  const double next = arrivals_[type].next(now, arrival_rngs_[type]);
  if (next < center_.close_s) sim_.schedule_at(next, kArrival, type);

  const std::uint32_t slot = new_slot();
  CallRt& c = calls_[slot];
  c.fact = CallFact{(std::uint64_t{type} << 40) | arrivals_made_[type]++,
                    now, now, static_cast<std::uint16_t>(type),
                    static_cast<std::uint16_t>(type), 0, false, false, false};
  draw_attempt(c);
  offer(slot);
}

template <class O>
void ContactCenter<O>::on_return(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  const double now = sim_.now();
  c.fact.offered_s = c.fact.enqueued_s = now;
  draw_attempt(c);
  offer(slot);
}

template <class O>
void ContactCenter<O>::offer(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  obs_.offered(c.fact, sim_.now());
  if (center_.trunks != 0 && in_trunk_ >= center_.trunks) {
    obs_.blocked(c.fact, sim_.now());
    free_slot(slot);
    return;
  }
  c.in_trunk = true;
  ++in_trunk_;
  route(slot);
}

template <class O>
void ContactCenter<O>::route(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  const int agent = find_idle_agent(center_.call_types[c.fact.type].eligible);
  if (agent >= 0) {
    answer(slot, static_cast<std::uint32_t>(agent));
  } else {
    enqueue(slot);
  }
}

template <class O>
void ContactCenter<O>::enqueue(std::uint32_t slot) {
  CallRt& c = calls_[slot];
  const double now = sim_.now();
  const std::uint16_t type = c.fact.type;
  const CallType& t = center_.call_types[type];
  c.waiting = true;
  c.fact.enqueued_s = now;
  queues_[type].push({slot, c.generation});
  obs_.queue_length(type, ++waiting_[type], now);
  const double patience = c.fact.escalated_part ? c.esc_patience_s : c.patience_s;
  if (std::isfinite(patience)) sim_.schedule_at(now + patience, kPatience, pack(slot, c.generation));
  if (t.overflow != 0 && std::isfinite(t.overflow_after_s)) {
    sim_.schedule_at(now + t.overflow_after_s, kOverflow, pack(slot, c.generation));
  }
}

template <class O>
void ContactCenter<O>::leave_queue(CallRt& c) {
  c.waiting = false;
  ++c.generation;  // its queue entry, patience and overflow timers are now stale
  obs_.queue_length(c.fact.type, --waiting_[c.fact.type], sim_.now());
}

template <class O>
void ContactCenter<O>::release_trunk(CallRt& c) {
  if (c.in_trunk) {
    c.in_trunk = false;
    --in_trunk_;
  }
}

template <class O>
int ContactCenter<O>::find_idle_agent(RoleMask roles) {
  int best = -1;
  double best_since = std::numeric_limits<double>::infinity();
  auto head_of = [this](std::size_t r) -> int {
    SlotQueue& q = idle_[r];
    while (!q.empty()) {
      const auto [agent, stamp] = q.front();
      const AgentRt& a = agents_[agent];
      if (a.state == AgentState::idle && a.idle_stamp == stamp) return static_cast<int>(agent);
      q.pop();  // stale: the agent left idle since
    }
    return -1;
  };
  if (routing_.agent_selection == AgentSelection::least_qualified_first) {
    for (const int r : roles_by_rank_) {
      if (!(roles >> r & 1u)) continue;
      const int a = head_of(static_cast<std::size_t>(r));
      if (a >= 0) return a;
    }
    return -1;
  }
  for (RoleMask m = roles; m != 0; m &= m - 1) {
    const auto r = static_cast<std::size_t>(std::countr_zero(m));
    if (r >= idle_.size()) break;
    const int a = head_of(r);
    if (a >= 0 && agents_[static_cast<std::size_t>(a)].idle_since < best_since) {
      best = a;
      best_since = agents_[static_cast<std::size_t>(a)].idle_since;
    }
  }
  return best;
}

template <class O>
int ContactCenter<O>::find_call_for(const AgentRt& a) {
  // The waiting call this agent should take: highest priority first (if honoured), then
  // the one waiting longest. Overflow types count only once their delay has run out.
  const double now = sim_.now();
  int best = -1;
  int best_priority = std::numeric_limits<int>::min();
  double best_enqueued = std::numeric_limits<double>::infinity();
  auto consider = [&](std::uint16_t type, bool overflow) {
    if (waiting_[type] == 0) return;
    SlotQueue& q = queues_[type];
    while (!q.empty()) {
      const auto [slot, gen] = q.front();
      if (calls_[slot].generation == gen) break;
      q.pop();
    }
    const CallRt& c = calls_[q.front().slot];
    const CallType& t = center_.call_types[type];
    if (overflow && now - c.fact.enqueued_s < t.overflow_after_s) return;
    const int priority = routing_.honour_priorities ? t.priority : 0;
    if (priority > best_priority ||
        (priority == best_priority && c.fact.enqueued_s < best_enqueued)) {
      best = type;
      best_priority = priority;
      best_enqueued = c.fact.enqueued_s;
    }
  };
  const auto r = static_cast<std::size_t>(a.role);
  for (const std::uint16_t t : primary_types_[r]) consider(t, false);
  for (const std::uint16_t t : overflow_types_[r]) consider(t, true);
  return best;
}

template <class O>
void ContactCenter<O>::set_state(std::uint32_t agent, AgentState to) {
  AgentRt& a = agents_[agent];
  if (a.state == to) return;
  const AgentState from = a.state;
  if (from == AgentState::idle) ++a.idle_stamp;
  a.state = to;
  obs_.agent_state(static_cast<int>(agent), a.role, from, to, sim_.now());
  if (to == AgentState::idle) {
    a.idle_since = sim_.now();
    idle_[static_cast<std::size_t>(a.role)].push({agent, a.idle_stamp});
  }
}

template <class O>
double ContactCenter<O>::slowdown(std::uint16_t type) const {
  double m = 1.0;
  const double now = sim_.now();
  for (const Slowdown& s : center_.slowdowns) {
    if (now >= s.start_s && now < s.end_s && (s.call_types >> type & 1u)) m *= s.multiplier;
  }
  return m;
}

template <class O>
void ContactCenter<O>::answer(std::uint32_t slot, std::uint32_t agent) {
  CallRt& c = calls_[slot];
  AgentRt& a = agents_[agent];
  const double now = sim_.now();
  const std::uint16_t type = c.fact.type;
  const CallType& t = center_.call_types[type];
  obs_.answered(c.fact, now, now - c.fact.enqueued_s, static_cast<int>(agent), a.role);

  double work = c.fact.escalated_part ? c.esc_work_s : c.work_s;
  double wrap = c.fact.escalated_part ? c.esc_wrap_s : c.wrap_s;
  c.transfer = 0;
  if (!c.fact.escalated_part && t.escalation_type >= 0) {
    const Role& role = center_.roles[static_cast<std::size_t>(a.role)];
    if (c.u_authority < t.authority_probability && role.authority < t.authority) {
      c.transfer = 1 + static_cast<std::uint8_t>(TransferReason::escalation);
    } else if (c.u_irate < t.irate_probability && role.authority == Authority::none &&
               c.u_transfer < effects_.irate_transfer(agent)) {
      c.transfer = 1 + static_cast<std::uint8_t>(TransferReason::transfer);
    }
    if (c.transfer != 0) {
      work *= t.pre_escalation_fraction;
      wrap *= t.pre_escalation_fraction;
    }
  }
  a.call = slot;
  a.talk_s = work * effects_.talk_multiplier(agent, type) * slowdown(type);
  a.wrap_s = wrap * effects_.wrap_multiplier(agent);
  set_state(agent, AgentState::talking);
  sim_.schedule_at(now + a.talk_s, kTalkEnd, agent);
}

template <class O>
void ContactCenter<O>::on_talk_end(std::uint32_t agent) {
  AgentRt& a = agents_[agent];
  const std::uint32_t slot = a.call;
  CallRt& c = calls_[slot];
  const double now = sim_.now();
  if (c.transfer != 0) {
    // The escalated part queues as its own call type for a supervisor-capable agent; the
    // caller stays on the line (and in the trunk).
    const auto reason = static_cast<TransferReason>(c.transfer - 1);
    obs_.transferred(c.fact, now, static_cast<int>(agent), a.role, reason);
    c.fact.type = static_cast<std::uint16_t>(center_.call_types[c.fact.type].escalation_type);
    c.fact.escalated_part = true;
    c.fact.enqueued_s = now;  // its wait for the supervisor starts now
    c.transfer = 0;
    obs_.offered(c.fact, now);  // to the escalation queue; not a new customer contact
    route(slot);
  } else {
    const std::uint16_t type = c.fact.type;
    const bool resolved = c.u_resolve < effects_.fcr(agent, type);
    const bool error = c.u_error < effects_.error(agent, type);
    obs_.completed(c.fact, now, static_cast<int>(agent), a.role, a.talk_s, a.wrap_s, resolved,
                   error);
    release_trunk(c);
    // An unresolved issue comes back after the repeat delay; a billing error days later.
    if (!resolved) {
      maybe_return(slot, ReturnKind::repeat);
    } else if (error) {
      maybe_return(slot, ReturnKind::error);
    } else {
      free_slot(slot);
    }
  }
  if (a.wrap_s > 0.0) {
    set_state(agent, AgentState::wrapping);
    sim_.schedule_at(now + a.wrap_s, kWrapEnd, agent);
  } else {
    on_agent_free(agent);
  }
}

template <class O>
double ContactCenter<O>::return_delay(const CallRt& c, ReturnKind kind) const {
  // Drawn only when a customer does come back, from the (customer, attempt) stream of
  // delays, in a fixed order: still common random numbers, at no cost for the others.
  static constexpr std::uint64_t kDelayStream = engine::stream_id("customer_delays");
  auto rng = engine::RandomStream::for_purpose(seed_, replication_, kDelayStream,
                                               c.fact.customer * 16 + c.fact.attempt);
  const Customers& cu = center_.customers;
  const double redial = engine::sample(cu.redial_delay_s, rng);
  const double repeat = engine::sample(cu.repeat_delay_s, rng);
  const double error = engine::sample(cu.error_repeat_delay_s, rng);
  const double d = kind == ReturnKind::redial ? redial : kind == ReturnKind::repeat ? repeat : error;
  return std::max(0.0, d);
}

template <class O>
void ContactCenter<O>::maybe_return(std::uint32_t slot, ReturnKind kind) {
  CallRt& c = calls_[slot];
  const bool redial = kind == ReturnKind::redial;
  const double at = sim_.now() + return_delay(c, kind);
  if (at >= center_.close_s || c.fact.attempt + 1 >= center_.customers.max_attempts) {
    free_slot(slot);  // beyond today's horizon: counted by the observer, not re-offered
    return;
  }
  ++c.generation;
  ++c.fact.attempt;
  c.fact.type = c.fact.first_type;
  c.fact.escalated_part = false;
  c.fact.redial = redial;
  c.fact.repeat = !redial;
  sim_.schedule_at(at, kReturn, slot);
}

template <class O>
void ContactCenter<O>::on_agent_free(std::uint32_t agent) {
  AgentRt& a = agents_[agent];
  const double now = sim_.now();
  if (a.leave_pending || now >= a.shift_end_s) {
    a.leave_pending = false;
    set_state(agent, AgentState::offline);
    return;
  }
  a.away_until = std::max(a.away_until, now + a.pending_break_s);
  a.pending_break_s = 0.0;
  if (now < a.away_until) {  // from a call, or joining at the shift start
    set_state(agent, AgentState::on_break);
    sim_.schedule_at(a.away_until, kJoin, agent);
    return;
  }
  const int type = find_call_for(a);
  if (type < 0) {
    set_state(agent, AgentState::idle);
    return;
  }
  SlotQueue& q = queues_[static_cast<std::size_t>(type)];
  const std::uint32_t slot = q.front().slot;
  q.pop();
  leave_queue(calls_[slot]);
  answer(slot, agent);
}

template <class O>
void ContactCenter<O>::on_join(std::uint32_t agent) {
  AgentRt& a = agents_[agent];
  if (a.state != AgentState::offline && a.state != AgentState::on_break) return;
  // Back from a break that a later break or pull extended: the join at its end follows.
  if (a.state == AgentState::on_break && sim_.now() < a.away_until) return;
  on_agent_free(agent);
}

// Off the phones until `until` (or later, if already away for longer). An idle agent goes
// now; a busy one after the call (on_agent_free); one not yet logged in at the shift start.
template <class O>
void ContactCenter<O>::go_away(std::uint32_t agent, double until) {
  AgentRt& a = agents_[agent];
  if (until <= a.away_until) return;
  a.away_until = until;
  if (a.state == AgentState::idle) set_state(agent, AgentState::on_break);
  // One join at each new end; the earlier ones find the agent still away and do nothing.
  if (a.state == AgentState::on_break) sim_.schedule_at(until, kJoin, agent);
}

template <class O>
void ContactCenter<O>::on_leave(std::uint32_t agent, std::uint32_t what) {
  AgentRt& a = agents_[agent];
  if (what == 0) {  // shift end: finish the current call (overtime), then log off
    if (a.state == AgentState::idle || a.state == AgentState::on_break) {
      set_state(agent, AgentState::offline);
    } else if (a.state != AgentState::offline) {
      a.leave_pending = true;
    }
    return;
  }
  const Agent& cfg = center_.agents[agent];
  const bool busy = a.state == AgentState::talking || a.state == AgentState::wrapping;
  if (what > cfg.breaks.size()) {  // a pull: until its end, however late it begins
    go_away(agent, cfg.pulls[what - 1 - cfg.breaks.size()].end_s);
  } else if (busy) {
    a.pending_break_s += cfg.breaks[what - 1].duration_s;  // taken in full after the call
  } else {
    go_away(agent, sim_.now() + cfg.breaks[what - 1].duration_s);
  }
}

template <class O>
void ContactCenter<O>::on_overflow(std::uint32_t slot, std::uint32_t generation) {
  CallRt& c = calls_[slot];
  if (c.generation != generation || !c.waiting) return;
  const int agent = find_idle_agent(center_.call_types[c.fact.type].overflow);
  if (agent < 0) return;  // stays queued; overflow agents also look at it when they free up
  leave_queue(c);
  answer(slot, static_cast<std::uint32_t>(agent));
}

template <class O>
void ContactCenter<O>::on_patience(std::uint32_t slot, std::uint32_t generation) {
  CallRt& c = calls_[slot];
  if (c.generation != generation || !c.waiting) return;
  const double now = sim_.now();
  leave_queue(c);
  release_trunk(c);
  obs_.abandoned(c.fact, now, now - c.fact.enqueued_s);
  if (c.u_redial < center_.customers.redial_probability) {
    maybe_return(slot, ReturnKind::redial);
  } else {
    free_slot(slot);
  }
}

template <class O>
void ContactCenter<O>::on_close() {
  closed_ = true;
  if (!center_.serve_after_close) clear_waiting();
}

template <class O>
void ContactCenter<O>::clear_waiting() {
  const double now = sim_.now();
  for (std::size_t t = 0; t < queues_.size(); ++t) {
    SlotQueue& q = queues_[t];
    while (!q.empty()) {
      const auto [slot, gen] = q.front();
      q.pop();
      CallRt& c = calls_[slot];
      if (c.generation != gen || !c.waiting) continue;
      leave_queue(c);
      release_trunk(c);
      obs_.cleared(c.fact, now, now - c.fact.enqueued_s);
      free_slot(slot);
    }
  }
}

}  // namespace sim::model
