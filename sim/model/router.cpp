#include "sim/model/router.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace sim::model {

void TicketQueue::grow() {
  std::vector<Entry> bigger(std::max<std::size_t>(16, buf_.size() * 2));
  for (std::size_t i = head_; i != tail_; ++i) bigger[i - head_] = buf_[i & mask_];
  tail_ -= head_;
  head_ = 0;
  buf_.swap(bigger);
  mask_ = buf_.size() - 1;
}

namespace {

// The roles of `roles` grouped by their rank in `ranks` (per role), lowest rank first;
// empty when they all share one rank (the unranked path).
std::vector<RoleMask> by_rank(RoleMask roles, const std::vector<int>& ranks) {
  std::vector<std::pair<int, RoleMask>> groups;
  for (RoleMask m = roles; m != 0; m &= m - 1) {
    const auto r = static_cast<std::size_t>(std::countr_zero(m));
    const int rank = r < ranks.size() ? ranks[r] : 1;
    auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.first == rank; });
    if (g == groups.end()) groups.push_back({rank, RoleMask{1} << r});
    else g->second |= RoleMask{1} << r;
  }
  if (groups.size() < 2) return {};
  std::sort(groups.begin(), groups.end());
  std::vector<RoleMask> masks;
  for (const auto& g : groups) masks.push_back(g.second);
  return masks;
}

}  // namespace

Router::Router(const Center& center, engine::RandomStream rng)
    : policy_(center.routing),
      dedicated_(center.written.dedicated),
      idle_reserve_(static_cast<std::size_t>(center.written.idle_reserve)),
      rng_(rng) {
  const std::size_t types = center.call_types.size(), roles = center.roles.size();
  for (const CallType& t : center.call_types) {
    // Written items never overflow; dedicated roles take nothing but written items.
    const bool written = t.channel == Channel::written;
    const RoleMask overflow = written ? 0 : t.overflow & ~dedicated_;
    const bool overflows = overflow != 0 && std::isfinite(t.overflow_after_s);
    types_.push_back({written ? t.eligible : t.eligible & ~dedicated_, overflow,
                      overflows ? t.overflow_after_s : std::numeric_limits<double>::infinity(),
                      t.priority, written});
    types_.back().eligible_by_rank = by_rank(types_.back().eligible, t.role_ranks);
    types_.back().overflow_by_rank = by_rank(overflow, t.role_ranks);
  }
  const bool ranked = std::any_of(center.call_types.begin(), center.call_types.end(),
                                  [](const CallType& t) { return !t.role_ranks.empty(); });
  if (ranked) {
    ranks_.assign(roles * types, 1);
    for (std::size_t t = 0; t < types; ++t) {
      const std::vector<int>& row = center.call_types[t].role_ranks;
      for (std::size_t r = 0; r < row.size() && r < roles; ++r) ranks_[r * types + t] = row[r];
    }
  }
  primary_types_.resize(roles);
  overflow_types_.resize(roles);
  written_types_.resize(roles);
  for (std::size_t r = 0; r < roles; ++r) {
    for (std::size_t t = 0; t < types; ++t) {
      if (types_[t].written) {
        if (types_[t].eligible >> r & 1u) written_types_[r].push_back(static_cast<std::uint16_t>(t));
      } else if (types_[t].eligible >> r & 1u) {
        primary_types_[r].push_back(static_cast<std::uint16_t>(t));
      } else if (types_[t].overflow >> r & 1u) {
        overflow_types_[r].push_back(static_cast<std::uint16_t>(t));
      }
    }
    roles_by_rank_.push_back(static_cast<std::uint32_t>(r));
    const auto load = static_cast<std::uint32_t>(std::max(1, center.roles[r].chat_concurrency) - 1);
    chat_open_.emplace_back(load);
    max_chat_load_ = std::max(max_chat_load_, load);
  }
  primary_chat_.resize(roles);
  overflow_chat_.resize(roles);
  for (std::size_t r = 0; r < roles; ++r) {
    for (const std::uint16_t t : primary_types_[r]) {
      if (center.call_types[t].channel == Channel::chat) primary_chat_[r].push_back(t);
    }
    for (const std::uint16_t t : overflow_types_[r]) {
      if (center.call_types[t].channel == Channel::chat) overflow_chat_[r].push_back(t);
    }
  }
  std::stable_sort(roles_by_rank_.begin(), roles_by_rank_.end(),
                   [&](std::uint32_t a, std::uint32_t b) {
                     return center.roles[a].rank < center.roles[b].rank;
                   });
  for (const Agent& a : center.agents) {
    agents_.push_back({static_cast<std::uint32_t>(a.role)});
  }
  idle_.resize(roles);
  queues_.resize(types);
  waiting_.assign(types, 0);
  pools_.resize(roles);
  bool random = center.routing.agent_selection == AgentSelection::random;
  for (const RoutingChange& c : center.routing_changes) {
    random = random || c.routing.agent_selection == AgentSelection::random;
  }
  pooled_ = random;  // no agent is idle yet: the pools start empty
}

// The policy turned random while the day runs (an injected change): the pools start from
// the agents idle now, in their FIFOs' order, and are kept from here on.
void Router::build_pools() {
  pooled_ = true;
  for (std::size_t r = 0; r < idle_.size(); ++r) {
    pools_[r].clear();
    const TicketQueue& q = idle_[r];
    q.first_live([&](const TicketQueue::Entry& e) {
      if (agents_[e.index].ticket == e.ticket) pool_join(e.index);
      return false;  // visit every entry
    });
  }
}

std::uint32_t Router::random_agent(RoleMask roles) {
  std::size_t idle = 0;
  for (RoleMask m = roles; m != 0; m &= m - 1) {
    const auto r = static_cast<std::size_t>(std::countr_zero(m));
    if (r >= pools_.size()) break;
    idle += pools_[r].size();
  }
  if (idle == 0) return kNone;
  // One draw per choice among two or more; floor(u * n) < n since u < 1.
  std::size_t k = idle == 1 ? 0 : static_cast<std::size_t>(rng_.uniform01() * static_cast<double>(idle));
  for (RoleMask m = roles;; m &= m - 1) {
    const auto r = static_cast<std::size_t>(std::countr_zero(m));
    if (k < pools_[r].size()) return pools_[r][k];
    k -= pools_[r].size();
  }
}

std::uint32_t Router::idle_head(std::size_t role) {
  TicketQueue& q = idle_[role];
  while (!q.empty()) {
    const auto [agent, ticket] = q.front();
    if (agents_[agent].ticket == ticket) return agent;
    q.pop();  // stale: the agent stopped being idle since
  }
  return kNone;
}

// The head of the role's FIFO of agents holding `load` chats with a slot free; stale
// entries (the agent's load changed since) are dropped.
std::uint32_t Router::chat_head(std::size_t role, std::size_t load) {
  // Loads run to the largest chat_concurrency of any role: a role with a smaller one has
  // no agent at this load (reading past its queues crashed mixed tiers, front_office).
  if (load > chat_open_[role].size()) return kNone;
  TicketQueue& q = chat_open_[role][load - 1];
  while (!q.empty()) {
    const auto [agent, ticket] = q.front();
    if (agents_[agent].chat_ticket == ticket) return agent;
    q.pop();
  }
  return kNone;
}

std::uint32_t Router::head(std::uint16_t type) {
  if (waiting_[type] == 0) return kNone;
  TicketQueue& q = queues_[type];
  while (calls_[q.front().index].ticket != q.front().ticket) q.pop();  // stale: left since
  return q.front().index;
}

// Among the given types' head calls: the highest priority (if honoured), then the longest
// waiting; an overflow type's head only once it waited its overflow delay.
std::uint32_t Router::best_call(std::uint32_t role, const std::vector<std::uint16_t>& primary,
                                const std::vector<std::uint16_t>& overflow, double now) {
  std::uint32_t best = kNone;
  const int* ranks = ranks_.empty() ? nullptr : &ranks_[role * types_.size()];
  int best_rank = std::numeric_limits<int>::max();
  int best_priority = std::numeric_limits<int>::min();
  double best_since = std::numeric_limits<double>::infinity();
  auto consider = [&](std::uint16_t type, bool is_overflow) {
    const std::uint32_t call = head(type);
    if (call == kNone) return;
    const double since = calls_[call].since;
    const TypeRule& t = types_[type];
    if (is_overflow && now - since < t.overflow_after_s) return;
    const int rank = ranks != nullptr ? ranks[type] : 1;
    const int priority = policy_.honour_priorities ? t.priority : 0;
    if (rank < best_rank ||
        (rank == best_rank &&
         (priority > best_priority || (priority == best_priority && since < best_since)))) {
      best = call;
      best_rank = rank;
      best_priority = priority;
      best_since = since;
    }
  };
  for (const std::uint16_t t : primary) consider(t, false);
  for (const std::uint16_t t : overflow) consider(t, true);
  return best;
}

std::uint32_t Router::written_agent_for(std::uint16_t type) {
  const RoleMask eligible = types_[type].eligible;
  const std::uint32_t dedicated = idle_agent_of(eligible & dedicated_);
  if (dedicated != kNone || idle_blending_ <= idle_reserve_) return dedicated;
  return idle_agent_of(eligible & ~dedicated_);
}

// The oldest head among the written types the role may take (ties: the lower type index).
std::uint32_t Router::written_for(std::uint32_t agent) {
  const std::uint32_t role = agents_[agent].role;
  if (written_types_[role].empty()) return kNone;
  if (!(dedicated_ >> role & 1u) && idle_blending_ < idle_reserve_) return kNone;
  std::uint32_t best = kNone;
  double best_since = std::numeric_limits<double>::infinity();
  for (const std::uint16_t t : written_types_[role]) {
    const std::uint32_t item = head(t);
    if (item != kNone && calls_[item].since < best_since) {
      best = item;
      best_since = calls_[item].since;
    }
  }
  return best;
}

}  // namespace sim::model
