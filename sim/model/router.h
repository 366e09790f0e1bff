// Routing: which idle agent takes a new call, and which waiting call a freed agent takes.
// Plain code; everything that decides is data: the policy (Routing in config.h, replaced
// at run time by a RoutingChange) and each call type's eligible roles, overflow roles and
// delay, and priority. The model tells the router when an agent becomes idle or stops
// being idle and when a call joins or leaves a queue; the router never changes a state.
//
//   agent for a new call  longest_idle: the eligible agent idle the longest (ties: the
//                         lower role index); least_qualified_first: the longest idle agent
//                         of the lowest role rank that has one (ties in rank: role index);
//                         random: uniform among the eligible idle agents (issue 19, a
//                         stream of the router's own, drawn only when two or more are idle)
//   call for a freed agent  among the types its role may take, and the overflow types whose
//                         delay the head call has waited out: the highest priority (if the
//                         policy honours priorities), then the call waiting longest (ties:
//                         primary types before overflow types, then the lower type index)
//   group preference      (issue 19) CallType::role_ranks, the rank matrix of ContactCenters'
//                         AgentsPrefRouter (role x type, lower first). A new call: the roles
//                         of the lowest rank with an idle agent, then the policy among them
//                         (overflow roles likewise, once the delay runs out). A freed agent:
//                         the type its role ranks lowest first, then priority and wait as
//                         above. With every rank equal (no ranks given) both rules are the
//                         ones above, on the same code path.
//   written work          (part E) a written item is no call: call_for never returns one.
//                         agent_for a written type: an idle agent of a dedicated role
//                         (WrittenRules::dedicated), else one of another eligible role if
//                         more than idle_reserve agents of non-dedicated roles are idle
//                         (so that at least idle_reserve stay idle). written_for a freed
//                         agent with no call or callback to take: the oldest written item its
//                         role may take: always for a dedicated role (which takes no call:
//                         its roles are removed from every phone and chat type's eligible
//                         and overflow roles), for another only if at least idle_reserve
//                         others are idle.
//
//   chat agent for a new chat  least loaded first: an idle agent as above, else among the
//                         eligible roles' agents holding 1, then 2, ... chats with a slot
//                         free, the one at that load longest (the policy's rank order under
//                         least_qualified_first); keeps each chat's response short
//   chat for an agent with a free chat slot  as `call for a freed agent`, chat types only
//
// How: one FIFO of idle agents per role (longest idle first) and one FIFO of waiting calls
// per type; for chat, one FIFO per role and load (chats held, 1..chat_concurrency - 1) of
// agents with a free slot, under a ticket of their own. Phone routing never reads them.
// Leaving is lazy: an agent's or call's ticket bumps when it leaves, and entries with an
// old ticket are dropped when they reach the head, so leaving is O(1) and each
// entry is dropped once. Selection costs O(roles) or O(types the role may take), plus the
// stale heads dropped on the way. Memory: O(agents + the model's call slots).
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/engine/random.h"
#include "sim/model/config.h"

namespace sim::model {

// A FIFO of (index, ticket) pairs on a ring buffer that grows by doubling.
class TicketQueue {
 public:
  struct Entry {
    std::uint32_t index, ticket;
  };
  bool empty() const { return head_ == tail_; }
  const Entry& front() const { return buf_[head_ & mask_]; }
  void pop() { ++head_; }
  // The first entry `live` accepts, without dropping the others (for const readers).
  template <class F>
  const Entry* first_live(F live) const {
    for (std::size_t i = head_; i != tail_; ++i) {
      if (live(buf_[i & mask_])) return &buf_[i & mask_];
    }
    return nullptr;
  }
  void push(Entry e) {
    if (tail_ - head_ == buf_.size()) grow();
    buf_[tail_++ & mask_] = e;
  }

 private:
  void grow();
  std::vector<Entry> buf_;
  std::size_t head_ = 0, tail_ = 0, mask_ = 0;
};

class Router {
 public:
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};

  // Takes the policy, roles, agents' roles and call types' routing from `center` (copied:
  // the router keeps no reference).
  // `rng` draws the random policy's choices (the model's "routing/agent" stream).
  explicit Router(const Center& center, engine::RandomStream rng = engine::RandomStream(0));

  const Routing& policy() const { return policy_; }
  void set_policy(const Routing& policy) {
    policy_ = policy;
    if (policy.agent_selection == AgentSelection::random && !pooled_) build_pools();
  }

  // --- agents ---
  // Calls for one agent alternate: idle at `now`, then not idle (talking, away, offline).
  void agent_idle(std::uint32_t agent, double now) {
    AgentTicket& a = agents_[agent];
    a.idle_since = now;
    idle_[a.role].push({agent, a.ticket});
    idle_blending_ += !(dedicated_ >> a.role & 1u);
    if (pooled_) pool_join(agent);
  }
  void agent_not_idle(std::uint32_t agent) {
    AgentTicket& a = agents_[agent];
    ++a.ticket;
    idle_blending_ -= !(dedicated_ >> a.role & 1u);
    if (pooled_) pool_leave(agent);
  }
  // An agent added while the day runs (ContactCenter::inject_staff), after the others.
  void add_agent(int role) { agents_.push_back({static_cast<std::uint32_t>(role)}); }

  // The idle agent who takes a new call of `type`, or kNone: it stays idle until the model
  // says otherwise.
  std::uint32_t agent_for(std::uint16_t type) {
    const TypeRule& t = types_[type];
    if (t.written) return written_agent_for(type);
    return t.eligible_by_rank.empty() ? idle_agent_of(t.eligible) : ranked_agent(t.eligible_by_rank);
  }

  // An idle agent of `roles` chosen by the policy (for a call, an overflow, a written item
  // or floor support), or kNone: it stays idle until the model says otherwise.
  std::uint32_t idle_agent_of(RoleMask roles) {
    return select_agent(roles, [this](std::size_t r) { return idle_head(r); });
  }

  // --- chat (part D): agents holding chats with a slot free ---
  // The agent holds `held` chats (1 <= held < its role's chat_concurrency) and takes more
  // from `now`; replaces any earlier entry.
  void chat_open(std::uint32_t agent, std::uint32_t held, double now) {
    AgentTicket& a = agents_[agent];
    a.chat_since = now;
    chat_open_[a.role][held - 1].push({agent, ++a.chat_ticket});
  }
  // The agent takes no more chats now (its load changed, or it winds down).
  void chat_closed(std::uint32_t agent) { ++agents_[agent].chat_ticket; }
  // The agent who takes a new chat of `type`, or kNone (rule above). `accepts(agent)` says
  // whether one holding chats still takes more; entries it refuses are dropped (the model
  // opens the agent again when one of its chats ends).
  template <class Accepts>
  std::uint32_t chat_agent_for(std::uint16_t type, Accepts accepts);
  // The waiting chat that `agent`, holding chats with a slot free, takes at `now`, or kNone.
  std::uint32_t chat_for(std::uint32_t agent, double now) {
    const std::uint32_t role = agents_[agent].role;
    return best_call(role, primary_chat_[role], overflow_chat_[role], now);
  }
  // The idle agent of an overflow role who takes a call of `type` waiting since its
  // overflow delay ran out, or kNone.
  std::uint32_t overflow_agent_for(std::uint16_t type) {
    const TypeRule& t = types_[type];
    return t.overflow_by_rank.empty() ? idle_agent_of(t.overflow) : ranked_agent(t.overflow_by_rank);
  }
  // Infinite when the type has no overflow roles.
  double overflow_after_s(std::uint16_t type) const { return types_[type].overflow_after_s; }

  // --- calls ---
  // `call` (the model's slot) joins the queue of `type` at `now`. Returns the ticket of
  // this stay in the queue: timers set now carry it and ask waiting() when they fire.
  std::uint32_t enqueue(std::uint32_t call, std::uint16_t type, double now) {
    if (call >= calls_.size()) calls_.resize(std::max<std::size_t>(call + 1, calls_.size() * 2));
    CallTicket& c = calls_[call];
    c.since = now;
    c.type = type;
    queues_[type].push({call, c.ticket});
    ++waiting_[type];
    return c.ticket;
  }
  // Whether the call is still in the stay in the queue that `ticket` names.
  bool waiting(std::uint32_t call, std::uint32_t ticket) const {
    return calls_[call].ticket == ticket;
  }
  // A waiting call leaves its queue (answered, abandoned or cleared).
  void remove(std::uint32_t call) {
    CallTicket& c = calls_[call];
    ++c.ticket;
    --waiting_[c.type];
  }
  std::size_t waiting_count(std::uint16_t type) const { return waiting_[type]; }

  // When the call of `type` waiting longest joined its queue; NaN if none waits.
  double oldest_since(std::uint16_t type) const {
    const TicketQueue::Entry* e = queues_[type].first_live(
        [this](const TicketQueue::Entry& x) { return calls_[x.index].ticket == x.ticket; });
    return e != nullptr ? calls_[e->index].since : std::numeric_limits<double>::quiet_NaN();
  }
  // The call of `type` waiting longest, or kNone.
  std::uint32_t head(std::uint16_t type);
  // The waiting call that a freed `agent` takes at `now`, or kNone; it stays queued until
  // the model removes it.
  std::uint32_t call_for(std::uint32_t agent, double now) {
    const std::uint32_t role = agents_[agent].role;
    return best_call(role, primary_types_[role], overflow_types_[role], now);
  }
  // The written item a freed `agent` (not idle), with no call to take, takes at `now`
  // under the blending rule (the header), or kNone.
  std::uint32_t written_for(std::uint32_t agent);

 private:
  struct TypeRule {
    RoleMask eligible, overflow;
    double overflow_after_s;  // infinite without overflow roles
    int priority;
    bool written = false;
    // Group preference: the roles of each rank, lowest first; empty when all share one.
    std::vector<RoleMask> eligible_by_rank = {}, overflow_by_rank = {};
  };
  struct AgentTicket {
    std::uint32_t role;
    std::uint32_t ticket = 0;  // bumps when the agent stops being idle
    double idle_since = 0.0;
    std::uint32_t chat_ticket = 0;  // bumps when its chat entry goes stale
    double chat_since = 0.0;        // at its current load
    std::uint32_t pool_at = 0;      // its place in pools_[role] while idle (random policy)
  };
  struct CallTicket {
    double since = 0.0;        // when it joined its queue
    std::uint32_t ticket = 0;  // bumps when it leaves its queue
    std::uint16_t type = 0;
  };

  // The agent chosen among `roles` by the policy, `head(role)` giving each role's candidate
  // (kNone for none) and its since; idle agents and each chat load use it alike.
  template <class Head>
  std::uint32_t select_agent(RoleMask roles, Head head, bool idle = true);
  std::uint32_t written_agent_for(std::uint16_t type);
  std::uint32_t idle_head(std::size_t role);
  std::uint32_t chat_head(std::size_t role, std::size_t load);
  std::uint32_t best_call(std::uint32_t role, const std::vector<std::uint16_t>& primary,
                          const std::vector<std::uint16_t>& overflow, double now);
  std::uint32_t ranked_agent(const std::vector<RoleMask>& by_rank) {
    for (const RoleMask m : by_rank) {
      if (const std::uint32_t a = idle_agent_of(m); a != kNone) return a;
    }
    return kNone;
  }
  // The random policy's idle agents: per role, in no order, each knowing its place, so
  // joining and leaving are O(1). Kept only once the policy is random (pooled_).
  void build_pools();
  void pool_join(std::uint32_t agent) {
    AgentTicket& a = agents_[agent];
    a.pool_at = static_cast<std::uint32_t>(pools_[a.role].size());
    pools_[a.role].push_back(agent);
  }
  void pool_leave(std::uint32_t agent) {
    const AgentTicket& a = agents_[agent];
    std::vector<std::uint32_t>& p = pools_[a.role];
    p[a.pool_at] = p.back();
    agents_[p.back()].pool_at = a.pool_at;
    p.pop_back();
  }
  std::uint32_t random_agent(RoleMask roles);

  Routing policy_;
  std::vector<TypeRule> types_;
  std::vector<std::vector<std::uint16_t>> primary_types_, overflow_types_;  // per role
  std::vector<std::vector<std::uint16_t>> primary_chat_, overflow_chat_;    // per role, chat only
  std::vector<std::vector<TicketQueue>> chat_open_;  // [role][held - 1]
  std::uint32_t max_chat_load_ = 0;                  // the largest chat_concurrency - 1
  std::vector<std::vector<std::uint16_t>> written_types_;  // per role: written, eligible
  RoleMask dedicated_ = 0;         // WrittenRules::dedicated
  std::size_t idle_reserve_ = 0;   // WrittenRules::idle_reserve
  std::size_t idle_blending_ = 0;  // idle agents of roles not dedicated, exact
  std::vector<std::uint32_t> roles_by_rank_;
  std::vector<AgentTicket> agents_;
  std::vector<TicketQueue> idle_;  // per role
  std::vector<CallTicket> calls_;
  std::vector<TicketQueue> queues_;   // per call type
  std::vector<std::size_t> waiting_;  // per call type, exact
  std::vector<int> ranks_;            // [role * types + type]; empty: every rank equal
  engine::RandomStream rng_;
  bool pooled_ = false;
  std::vector<std::vector<std::uint32_t>> pools_;  // per role, while pooled_
};

template <class Head>
std::uint32_t Router::select_agent(RoleMask roles, Head head, bool idle) {
  // Chat loads keep longest-at-load under the random policy: no pool is kept per load.
  if (idle && policy_.agent_selection == AgentSelection::random) return random_agent(roles);
  if (policy_.agent_selection == AgentSelection::least_qualified_first) {
    for (const std::uint32_t r : roles_by_rank_) {
      if (!(roles >> r & 1u)) continue;
      const std::uint32_t a = head(r);
      if (a != kNone) return a;
    }
    return kNone;
  }
  std::uint32_t best = kNone;
  double best_since = std::numeric_limits<double>::infinity();
  for (RoleMask m = roles; m != 0; m &= m - 1) {
    const auto r = static_cast<std::size_t>(std::countr_zero(m));
    if (r >= idle_.size()) break;
    const std::uint32_t a = head(r);
    if (a == kNone) continue;
    const double since = idle ? agents_[a].idle_since : agents_[a].chat_since;
    if (since < best_since) {
      best = a;
      best_since = since;
    }
  }
  return best;
}

template <class Accepts>
std::uint32_t Router::chat_agent_for(std::uint16_t type, Accepts accepts) {
  const RoleMask roles = types_[type].eligible;
  std::uint32_t a = agent_for(type);
  for (std::uint32_t load = 1; a == kNone && load <= max_chat_load_; ++load) {
    a = select_agent(roles, [&](std::size_t r) {
      for (std::uint32_t c; (c = chat_head(r, load)) != kNone; chat_open_[r][load - 1].pop()) {
        if (accepts(c)) return c;
      }
      return kNone;
    }, false);
  }
  return a;
}

}  // namespace sim::model
