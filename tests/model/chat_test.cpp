// Chat with tier-dependent concurrency (issue 16, part D): the reduction to the phone model
// at concurrency 1, the rules an agent holding chats follows, and chat_concurrency's
// integral. The comparison with queueing theory (k chats per agent and no slowdown as
// M/M/kc) is in tests/validation/queueing_validation_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

#include "sim/metrics/catalogue.h"
#include "sim/metrics/day_metrics.h"
#include "sim/model/contact_center.h"
#include "tests/support/centers.h"

namespace {

using sim::metrics::AgentMetric;
using sim::metrics::CallMetric;
using sim::metrics::DayResults;
using sim::model::AgentState;
using sim::model::CallFact;
using sim::model::Center;
using sim::model::Channel;

void make_chat(Center& c, int concurrency) {
  for (auto& t : c.call_types) t.channel = Channel::chat;
  for (auto& r : c.roles) r.chat_concurrency = concurrency;
}

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Every figure of every row, but chat_concurrency (undefined without chats).
void expect_same_figures(const DayResults& phone, const DayResults& chat) {
  namespace m = sim::metrics;
  const m::Scope day{chat.close_s - chat.open_s, true};
  auto calls = [&](const m::CallStats& a, const m::CallStats& b, const char* row, std::size_t i) {
    for (const CallMetric k : m::call_metrics()) {
      EXPECT_PRED2(same, m::value(k, a, day), m::value(k, b, day))
          << row << " " << i << ": " << m::def(k).name;
    }
  };
  auto agents = [&](const m::AgentStats& a, const m::AgentStats& b, const char* row, std::size_t i) {
    for (const AgentMetric k : m::agent_metrics()) {
      if (k == AgentMetric::chat_concurrency) continue;
      EXPECT_PRED2(same, m::value(k, a, day), m::value(k, b, day))
          << row << " " << i << ": " << m::def(k).name;
    }
  };
  ASSERT_EQ(phone.interval_type.size(), chat.interval_type.size());
  for (std::size_t i = 0; i < phone.interval_type.size(); ++i) {
    calls(phone.interval_type[i], chat.interval_type[i], "interval x type", i);
  }
  for (std::size_t i = 0; i < phone.type.size(); ++i) calls(phone.type[i], chat.type[i], "type", i);
  calls(phone.day, chat.day, "day", 0);
  for (std::size_t i = 0; i < phone.interval_role.size(); ++i) {
    agents(phone.interval_role[i], chat.interval_role[i], "interval x role", i);
  }
  agents(phone.day_agents, chat.day_agents, "day agents", 0);
  EXPECT_EQ(phone.last_event_s, chat.last_event_s);
  EXPECT_EQ(phone.total_wait_s, chat.total_wait_s);
}

// The reduction: chat at concurrency 1 and no slowdown is the phone model on the
// same stream, figure for figure, through breaks, shift ends, escalations and transfers.
TEST(Chat, ConcurrencyOneEqualsThePhoneModelOnTheDefaultDay) {
  Center phone = sim::fixtures::default_center();
  phone.trunks = 0;  // chats hold no phone line
  Center chat = phone;
  make_chat(chat, 1);
  chat.chat.slowdown_per_extra = 0.7;  // acts only on a second chat: none at concurrency 1
  for (const std::uint64_t seed : {3u, 17u}) {
    const DayResults p = sim::metrics::simulate_day(phone, seed, 0, 20.0);
    const DayResults c = sim::metrics::simulate_day(chat, seed, 0, 20.0);
    expect_same_figures(p, c);
    // The chat run did hold chats: one at a time.
    EXPECT_GT(c.day_agents.chat_busy_s, 0.0);
    EXPECT_DOUBLE_EQ(c.day_agents.chat_load_s, c.day_agents.chat_busy_s);
    EXPECT_TRUE(std::isnan(
        sim::metrics::value(AgentMetric::chat_concurrency, p.day_agents, {})));
  }
}

TEST(Chat, ConcurrencyOneWithWrapAndPatienceEqualsThePhoneModel) {
  Center phone = sim::fixtures::single_skill(6, 1.0 / 50, 240.0, 120.0, 8 * 3600.0);
  phone.call_types[0].wrap_s = sim::engine::Exponential(40.0);
  Center chat = phone;
  make_chat(chat, 1);
  expect_same_figures(sim::metrics::simulate_day(phone, 5, 1, 20.0),
                      sim::metrics::simulate_day(chat, 5, 1, 20.0));
}

// Tracks chats held per agent from the facts and checks the rules as they happen.
struct ChatRules : sim::model::NullObserver {
  const Center* c;
  std::vector<int> held;
  std::map<std::uint64_t, int> held_at_start;  // customer -> chats held once it started
  int max_held = 0, phone_answers = 0, chats_with_slowdown = 0;
  double t_last = 0, load_s = 0, busy_s = 0;
  int load = 0, busy = 0;
  std::uint64_t last_answered = 0;
  int last_agent = -1;

  explicit ChatRules(const Center& center) : c(&center), held(center.agents.size(), 0) {}
  bool chat(const CallFact& f) const { return c->call_types[f.type].channel == Channel::chat; }
  void answered(const CallFact& f, double, double, int agent, int role) {
    if (!chat(f)) {
      ++phone_answers;
      EXPECT_EQ(held[agent], 0) << "a phone call went to an agent holding chats";
      return;
    }
    last_answered = f.customer;
    last_agent = agent;
    EXPECT_LT(held[agent], c->roles[role].chat_concurrency);
  }
  void chats(int agent, int role, int n, double t) {
    load_s += load * (t - t_last);
    busy_s += busy * (t - t_last);
    t_last = t;
    load += n - held[agent];
    busy += (n > 0) - (held[agent] > 0);
    if (n > held[agent] && agent == last_agent) held_at_start[last_answered] = n;
    last_agent = -1;
    held[agent] = n;
    max_held = std::max(max_held, n);
    EXPECT_LE(n, c->roles[role].chat_concurrency);
  }
  void agent_state(int agent, int, AgentState, AgentState to, double) {
    if (to == AgentState::idle || to == AgentState::on_break || to == AgentState::offline) {
      EXPECT_EQ(held[agent], 0) << "freed, away or gone while holding chats";
    }
  }
  void completed(const CallFact& f, double, int, int, double talk, double, bool, bool) {
    const auto it = held_at_start.find(f.customer);
    if (!chat(f) || it == held_at_start.end()) return;
    // Deterministic work 100 s at journey level: the slowdown is the only factor.
    EXPECT_NEAR(talk, 100.0 * (1.0 + c->chat.slowdown_per_extra * (it->second - 1)), 1e-9);
    chats_with_slowdown += it->second > 1;
    held_at_start.erase(it);
  }
};

// A phone queue and a chat queue on one role that may hold 3 chats; agents with breaks and
// shifts ending before the day does, under enough load that agents fill up.
Center blended_center() {
  Center c = sim::fixtures::single_skill(8, 1.0 / 40, 300.0, 600.0, 6 * 3600.0);
  c.roles[0].chat_concurrency = 3;
  c.chat.slowdown_per_extra = 0.5;
  sim::model::CallType chat = c.call_types[0];
  chat.name = "chat";
  chat.channel = Channel::chat;
  chat.work_s = sim::engine::Deterministic(100.0);
  c.call_types.push_back(chat);
  c.arrivals.push_back(std::vector<double>(c.intervals(), 1.0 / 15 * c.interval_s));
  for (std::size_t i = 0; i < c.agents.size(); ++i) {
    c.agents[i].shift_end_s = 5 * 3600.0 - 600.0 * static_cast<double>(i);
    c.agents[i].breaks = {{3600.0 + 300.0 * static_cast<double>(i), 900.0}};
  }
  return c;
}

TEST(Chat, AnAgentHoldsUpToItsConcurrencyAndTakesPhoneCallsOnlyWhenHoldingNone) {
  const Center c = blended_center();
  ASSERT_EQ(c.validate(), "");
  ChatRules rules(c);
  sim::model::ContactCenter<ChatRules> model(c, 9, 0, rules);
  model.run();
  EXPECT_EQ(rules.max_held, 3);  // the load did fill agents up
  EXPECT_GT(rules.phone_answers, 100);
  EXPECT_GT(rules.chats_with_slowdown, 100);
  for (const int n : rules.held) EXPECT_EQ(n, 0);
}

// Tiers with different concurrency, the pattern users ask for: a trainee role holding 2 and
// a senior role holding 4 on one chat queue. The router looks for agents at loads up to the
// largest concurrency; it used to read past the trainee role's queues there (a crash on
// scenarios/front_office). Each agent stays within its own role's limit, and the seniors
// do fill up to 4.
TEST(Chat, TiersWithDifferentConcurrencyEachStayWithinTheirOwn) {
  Center c = blended_center();
  c.roles[0].chat_concurrency = 2;
  sim::model::Role senior = c.roles[0];
  senior.name = "senior";
  senior.chat_concurrency = 4;
  c.roles.push_back(senior);
  for (auto& t : c.call_types) t.eligible = 0b11;
  for (std::size_t i = 0; i < c.agents.size(); i += 2) c.agents[i].role = 1;
  ASSERT_EQ(c.validate(), "");
  ChatRules rules(c);
  sim::model::ContactCenter<ChatRules> model(c, 9, 0, rules);
  model.run();
  EXPECT_EQ(rules.max_held, 4);
  for (const int n : rules.held) EXPECT_EQ(n, 0);
}

// chat_concurrency's parts are the integrals of the chats-held facts, and a chat agent's
// time on chats is its talking + wrapping time (every call type here is chat).
TEST(Chat, ConcurrencyIsTheTimeAverageOfChatsHeldWhileHoldingAny) {
  Center c = blended_center();
  c.call_types.erase(c.call_types.begin());
  c.arrivals.erase(c.arrivals.begin());
  c.call_types[0].wrap_s = sim::engine::Exponential(30.0);
  ASSERT_EQ(c.validate(), "");
  sim::metrics::DayCollector collector(c, 20.0);
  ChatRules rules(c);
  sim::metrics::Tee<sim::metrics::DayCollector, ChatRules> tee{collector, rules};
  sim::model::ContactCenter<decltype(tee)> model(c, 4, 0, tee);
  model.run();
  const DayResults r = collector.finish(model.simulator().now());
  const auto& a = r.day_agents;
  EXPECT_NEAR(a.chat_load_s, rules.load_s, 1e-6 * rules.load_s);
  EXPECT_NEAR(a.chat_busy_s, rules.busy_s, 1e-6 * rules.busy_s);
  EXPECT_NEAR(a.talking_s + a.wrapping_s, a.chat_busy_s, 1e-6 * a.chat_busy_s);
  const double k = sim::metrics::value(AgentMetric::chat_concurrency, a, {});
  EXPECT_GT(k, 1.5);
  EXPECT_LE(k, 3.0);
}

}  // namespace
