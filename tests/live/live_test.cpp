// live/: the socket protocol's checks, the plain-words log, and the live run of a horizon's
// days (through a test Outbox), without a server.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "live/live_run.h"
#include "live/narrative.h"
#include "live/observer.h"
#include "live/protocol.h"
#include "sim/metrics/horizon.h"
#include "sim/model/contact_center.h"
#include "sim/scenario/scenario.h"

namespace {

using live::Command;

Command ok(const char* text) {
  const auto p = live::parse_command(text);
  EXPECT_TRUE(p.command) << text << ": " << p.error;
  return p.command.value_or(Command{});
}

std::string error_of(const std::string& text) {
  const auto p = live::parse_command(text);
  EXPECT_FALSE(p.command) << text;
  return p.error;
}

TEST(LiveProtocol, ReadsEveryCommand) {
  EXPECT_EQ(ok(R"({"cmd": "pause"})").kind, Command::Kind::pause);
  EXPECT_EQ(ok(R"({"cmd": "resume"})").kind, Command::Kind::resume);
  EXPECT_EQ(ok(R"({"cmd": "step"})").kind, Command::Kind::step_event);
  EXPECT_EQ(ok(R"({"cmd": "step", "by": "minute"})").kind, Command::Kind::step_minute);
  EXPECT_EQ(ok(R"({"cmd": "speed", "value": 120})").speed, 120);
  EXPECT_EQ(ok(R"({"cmd": "speed", "value": "max"})").speed, 0);
  EXPECT_EQ(ok(R"({"cmd": "restart", "seed": 42})").seed, 42u);
  const Command c = ok(R"({"cmd": "inject", "event": {"kind": "staff", "role": "rep",
                          "count": -2, "minutes": 30}})");
  EXPECT_EQ(c.inject.kind, "staff");
  ASSERT_EQ(c.inject.fields.size(), 2u);
  EXPECT_EQ(c.inject.fields[0], (std::pair<std::string, std::string>{"count", "-2"}));
  EXPECT_EQ(c.inject.fields[1], (std::pair<std::string, std::string>{"role", "\"rep\""}));
  EXPECT_EQ(c.inject.minutes, 30.0);
}

TEST(LiveProtocol, SaysWhatIsWrong) {
  EXPECT_NE(error_of("{").find("not JSON"), std::string::npos);
  EXPECT_NE(error_of("42").find("JSON object"), std::string::npos);
  EXPECT_NE(error_of(R"({"cmd": "jump"})").find("unknown command \"jump\""), std::string::npos);
  EXPECT_NE(error_of(R"({"cmd": "speed", "value": 1e9})").find("speed"), std::string::npos);
  EXPECT_NE(error_of(R"({"cmd": "restart", "seed": 1.5})").find("seed"), std::string::npos);
  EXPECT_NE(error_of(R"({"cmd": "inject", "event": {"kind": "flood", "minutes": 5}})")
                .find("unknown event kind \"flood\""),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cmd": "inject", "event": {"kind": "surge", "multiplier": 2}})")
                .find("minutes or event.end"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cmd": "inject", "event": {"kind": "surge", "start": "10:00",
                         "minutes": 5}})").find("start is now"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cmd": "inject", "event": {"kind": "surge", "minutes": 5,
                         "multiplier": {"a": [1]}}})").find("multiplier"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cmd": "inject", "event": {"kind": "surge", "day": "Tue",
                         "minutes": 5}})").find("day is the day running"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(5000, ' ') + "{}").find("too long"), std::string::npos);
}

TEST(LiveProtocol, SpeedReadsLikeTheCommandLine) {
  EXPECT_EQ(live::parse_speed("max"), 0.0);
  EXPECT_EQ(live::parse_speed("0"), 0.0);
  EXPECT_EQ(live::parse_speed("1"), 1.0);
  EXPECT_FALSE(live::parse_speed("-1"));
  EXPECT_FALSE(live::parse_speed("fast"));
  EXPECT_FALSE(live::parse_speed(""));
  EXPECT_FALSE(live::parse_speed("nan"));
  EXPECT_FALSE(live::parse_speed("200000"));
}

TEST(LiveProtocol, AnEventStartsNowRoundedUpToTheSecond) {
  std::string error;
  live::InjectRequest r{"surge", {{"multiplier", "8"}}, 30.0, ""};
  EXPECT_EQ(live::event_toml(r, 36000.4, error),
            "\n[[events]]\nkind = \"surge\"\nstart = \"10:00:01\"\nend = \"10:30:01\"\n"
            "\"multiplier\" = 8\n");
  EXPECT_EQ(error, "");
  live::InjectRequest routing{"routing", {}, std::nullopt, ""};
  EXPECT_NE(live::event_toml(routing, 36000, error).find("at = \"10:00:00\""), std::string::npos);
  live::InjectRequest late{"slowdown", {}, std::nullopt, "09:00"};
  EXPECT_EQ(live::event_toml(late, 36000, error), "");
  EXPECT_NE(error.find("after now"), std::string::npos);
}

// The log tells the scenario's events at their start and a queue passing 40 callers.
TEST(LiveNarrative, EventsAndQueuesInWords) {
  const auto loaded =
      sim::scenario::load_scenario(std::string(CCSIM_SOURCE_DIR) + "/tests/data/events/scenario.toml");
  ASSERT_TRUE(loaded.scenario) << loaded.errors.to_string();
  const auto& sc = *loaded.scenario;
  live::LiveObserver day(sc.center, sc.sl_threshold_s, [](double) {});
  live::Narrator n(sc, live::Goals{});
  const double t = 8 * 3600 + 31 * 60;  // 08:31, after the 08:30 surge started
  for (std::uint64_t k = 0; k < 45; ++k) {
    day.offered({k, t - 360, t - 360, 0, 0, 0, false, false, false}, t - 360);
  }
  std::string text;
  for (const auto& l : n.update(day, t)) text += l.text + "\n";
  EXPECT_NE(text.find("08:30 surge: outage calls x4, until 09:30"), std::string::npos) << text;
  EXPECT_EQ(text.find("09:30  routing"), std::string::npos) << text;  // not yet
  EXPECT_NE(text.find("08:31 " + sc.center.call_types[0].name +
                      " queue over 40 callers, longest wait 6 min"),
            std::string::npos)
      << text;
  EXPECT_TRUE(n.update(day, t + 1).empty());  // said once
  EXPECT_EQ(day.queue(0), 45u);
  EXPECT_EQ(day.longest_wait_s(0, t), 360);
}

// The page's callback queue: every accepted callback waits until it is completed or fails,
// so at any moment the observer's count per type is the day's accepted - completed -
// failed so far (the collector's counts, those of `ccsim run`); none is left at the end.
TEST(LiveObserver, CountsTheCallbacksWaitingPerCallType) {
  const auto loaded = sim::scenario::load_scenario(std::string(CCSIM_SOURCE_DIR) +
                                                   "/scenarios/outage_storm/scenario.toml");
  ASSERT_TRUE(loaded.scenario) << loaded.errors.to_string();
  const auto& c = loaded.scenario->center;
  const live::LiveObserver* seen = nullptr;
  std::size_t facts = 0, checks = 0, most = 0;
  live::LiveObserver day(c, loaded.scenario->sl_threshold_s, [&](double t) {
    if (++facts % 3000 != 0) return;  // a copy of the collector per check: a few hundred
    const auto fig = seen->figures(t);
    for (std::size_t k = 0; k < c.call_types.size(); ++k) {
      const auto& s = fig.type[k];
      ASSERT_EQ(seen->callbacks_waiting(k),
                s.callbacks_accepted - s.callbacks_completed - s.callbacks_failed)
          << c.call_types[k].name << " at " << t;
      most = std::max(most, seen->callbacks_waiting(k));
    }
    ++checks;
  });
  seen = &day;
  sim::model::ContactCenter<live::LiveObserver> cc(c, 1, 1, day);
  cc.run();
  EXPECT_GT(checks, 10u);
  EXPECT_GT(most, 0u);  // the storm's callbacks did wait
  for (std::size_t k = 0; k < c.call_types.size(); ++k) EXPECT_EQ(day.callbacks_waiting(k), 0u);
}

// Keeps every frame a live run sends, for a test to read.
class Frames : public live::Outbox {
 public:
  void broadcast(std::shared_ptr<const std::string> f) override { keep(*f); }
  void send(std::uint64_t, std::shared_ptr<const std::string> f) override { keep(*f); }
  void greet(std::uint64_t, std::shared_ptr<const std::string> f) override { keep(*f); }
  std::vector<nlohmann::json> all() {
    const std::lock_guard lock(mutex_);
    return frames_;
  }

 private:
  void keep(const std::string& f) {
    const std::lock_guard lock(mutex_);
    frames_.push_back(nlohmann::json::parse(f));
  }
  std::mutex mutex_;
  std::vector<nlohmann::json> frames_;
};

// tests/data/tiny as the days `days` (TOML [[days]] entries and [horizon]), loaded.
sim::scenario::Scenario tiny_days(const std::string& folder, const std::string& days) {
  const auto dir = std::filesystem::temp_directory_path() / folder;
  std::filesystem::create_directories(dir);
  const auto file = dir / "scenario.toml";
  std::ofstream(file) << "base = \"" << CCSIM_SOURCE_DIR << "/tests/data/tiny/scenario.toml\"\n"
                      << days;
  auto loaded = sim::scenario::load_scenario(file);
  EXPECT_TRUE(loaded.scenario) << loaded.errors.to_string();
  return loaded.scenario ? std::move(*loaded.scenario) : sim::scenario::Scenario{};
}

// Waits up to `seconds` for `frames` to hold `n` frames that `pred` accepts (0: looks once).
template <class Pred>
bool wait_for(Frames& frames, Pred pred, int seconds = 60, std::ptrdiff_t n = 1) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  for (;;) {
    const auto all = frames.all();
    if (std::count_if(all.begin(), all.end(), pred) >= n) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool is_finished(const nlohmann::json& f) { return f["type"] == "state" && f["finished"] == true; }

// A live run of a horizon at full speed (speed 0) shows its days one after the other, each
// the day `ccsim run` simulates for the seed: a warm-up day unseen, then Mon, Sun skipped
// (closed) and Tue, with the contacts each day carries out offered on the next open one.
// Each day's last state frame has simulate_horizon's figures for that day.
TEST(LiveRun, RunsEveryDayOfAHorizonAsCcsimRunDoes) {
  const auto sc = tiny_days("ccsim_live_test_horizon",
                            "[horizon]\nwarm_up_days = 1\n[[days]]\nname = \"Mon\"\n"
                            "[[days]]\nname = \"Sun\"\nclosed = true\n"
                            "[[days]]\nname = \"Tue\"\nvolume = 1.2\n"
                            "[[events]]\nkind = \"slowdown\"\nday = \"Tue\"\n"
                            "start = \"08:30\"\nend = \"09:00\"\nmultiplier = 1.5\n");
  const std::uint64_t seed = 7;
  const auto want = sim::metrics::simulate_horizon(sc.horizon, seed, 1, sc.sl_threshold_s);
  ASSERT_EQ(want.days.size(), 3u);
  ASSERT_GT(want.days[0].day.carried_in, 0u);  // from the warm-up day
  ASSERT_GT(want.days[2].day.carried_in, 0u);  // from Mon, over the closed Sunday

  Frames frames;
  live::LiveOptions o;
  o.seed = seed;
  o.speed = 0;
  live::LiveRun run(sc, o, frames);
  std::thread t([&] { run.run(); });
  const bool finished = wait_for(frames, is_finished);
  // A restart runs the horizon again from its first day (the same seed: the same days).
  run.post(1, *live::parse_command(R"({"cmd": "restart", "seed": 7})").command);
  const bool again = wait_for(frames, is_finished, 60, 2);
  run.stop();
  t.join();
  ASSERT_TRUE(finished && again) << "the horizon, or its restart, did not end within 60 s";

  // Each day's last state frame (the restarted run's): its end.
  std::map<std::string, nlohmann::json> last;
  std::vector<std::string> hellos;
  std::map<std::string, std::string> log;  // per day
  for (const auto& f : frames.all()) {
    if (f["type"] == "hello") hellos.push_back(f["day_name"].get<std::string>() + " " +
                                               std::to_string(f["day_number"].get<int>()) + "/" +
                                               std::to_string(f["days"].get<int>()));
    if (f["type"] != "state") continue;
    last[f["day_name"].get<std::string>()] = f;
    for (const auto& l : f["log"]) log[f["day_name"]] += l.get<std::string>() + "\n";
  }
  EXPECT_EQ(hellos, (std::vector<std::string>{"Mon 1/3", "Tue 3/3", "Mon 1/3", "Tue 3/3"}));
  for (const auto& [name, k] : {std::pair<std::string, std::size_t>{"Mon", 0}, {"Tue", 2}}) {
    ASSERT_TRUE(last.count(name)) << name;
    const auto& got = last[name]["day"];
    const auto& day = want.days[k].day;
    EXPECT_EQ(got["offered"], day.offered) << name;
    EXPECT_EQ(got["answered"], day.answered) << name;
    EXPECT_EQ(got["abandoned"], day.abandoned) << name;
    EXPECT_EQ(got["service_level"].get<double>(), day.service_level()) << name;
  }
  EXPECT_EQ(last["Tue"]["finished"], true);
  EXPECT_EQ(last["Mon"]["finished"], false);
  EXPECT_NE(log["Mon"].find("08:00 Mon opens: "), std::string::npos) << log["Mon"];
  EXPECT_NE(log["Tue"].find("Sun: the center is closed"), std::string::npos) << log["Tue"];
  EXPECT_NE(log["Tue"].find("08:00 Tue opens: "), std::string::npos) << log["Tue"];
  // Each day's log tells its own scheduled events.
  EXPECT_NE(log["Tue"].find("08:30 slowdown: "), std::string::npos) << log["Tue"];
  EXPECT_EQ(log["Mon"].find("slowdown"), std::string::npos) << log["Mon"];
}

// An event injected on the second day is that day's: the saved scenario gives it
// `day = "Tue"`, and `ccsim run` of it (simulate_horizon) has the live Tuesday's figures.
TEST(LiveRun, AnEventInjectedOnTheSecondDayIsThatDays) {
  const auto sc = tiny_days("ccsim_live_test_inject",
                            "[[days]]\nname = \"Mon\"\n[[days]]\nname = \"Tue\"\n");
  const auto saved = std::filesystem::temp_directory_path() / "ccsim_live_test_inject" / "saved";
  std::filesystem::remove_all(saved);
  Frames frames;
  live::LiveOptions o;
  o.seed = 3;
  o.speed = 2000;  // the two hours of a tiny day in about 4 s of wall time
  o.out = saved;
  live::LiveRun run(sc, o, frames);
  std::thread t([&] { run.run(); });
  const auto cmd = [&](const char* text) { run.post(1, *live::parse_command(text).command); };
  const auto type_is = [](const char* type) {
    return [type](const nlohmann::json& f) { return f["type"] == type; };
  };
  const bool tuesday = wait_for(frames, [](const nlohmann::json& f) {
    return f["type"] == "hello" && f["day_name"] == "Tue";
  });
  cmd(R"({"cmd": "pause"})");
  // A slowdown: a surge would also reshape, in the replay, the profile Monday's contacts
  // return over on Tuesday morning (docs/live.md, "Injected events and replay").
  cmd(R"({"cmd": "inject", "event": {"kind": "slowdown", "call_types": ["billing"],
          "multiplier": 2, "minutes": 45}})");
  const bool injected = wait_for(frames, [](const nlohmann::json& f) {
    return f["type"] == "injected" || f["type"] == "error";  // an error fails below, at once
  }) && wait_for(frames, type_is("injected"), 0);
  cmd(R"({"cmd": "speed", "value": "max"})");
  cmd(R"({"cmd": "resume"})");
  const bool finished = wait_for(frames, is_finished);
  cmd(R"({"cmd": "save"})");
  const bool written = wait_for(frames, type_is("saved"));
  run.stop();
  t.join();
  ASSERT_TRUE(tuesday && injected && finished && written)
      << tuesday << injected << finished << written << frames.all().back().dump();

  nlohmann::json tue;  // the last state frame: Tuesday's end
  for (const auto& f : frames.all()) {
    if (f["type"] == "state") tue = f;
  }
  std::ifstream in(saved / "scenario.toml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("day = \"Tue\""), std::string::npos) << text;
  const auto replay = sim::scenario::load_scenario(saved / "scenario.toml");
  ASSERT_TRUE(replay.scenario) << replay.errors.to_string();
  const auto want = sim::metrics::simulate_horizon(replay.scenario->horizon, o.seed, 1,
                                                   replay.scenario->sl_threshold_s);
  const auto plain = sim::metrics::simulate_horizon(sc.horizon, o.seed, 1, sc.sl_threshold_s);
  EXPECT_EQ(want.days[0].day.answered, plain.days[0].day.answered);  // Monday as it was
  EXPECT_EQ(want.days[0].day.abandoned, plain.days[0].day.abandoned);
  EXPECT_GT(want.days[1].day.abandoned, plain.days[1].day.abandoned);  // Tuesday slowed
  EXPECT_EQ(tue["day_name"], "Tue");
  EXPECT_EQ(tue["day"]["offered"], want.days[1].day.offered) << text;
  EXPECT_EQ(tue["day"]["answered"], want.days[1].day.answered);
  EXPECT_EQ(tue["day"]["abandoned"], want.days[1].day.abandoned);
  std::filesystem::remove_all(saved.parent_path());
}

}  // namespace
