// The simulation side of `ccsim live`: one replication of the scenario on a thread of its
// own, its days one after the other as `ccsim run` simulates them (sim/metrics/horizon.h:
// the same seeds and carried contacts; warm-up days unpaced and unseen), paced against the
// wall clock, steered by the clients' commands
// (live/protocol.h) and reporting to them through an Outbox (the server).
//
// Pacing: a loop around the model's run_until lets simulated time advance as far as is
// allowed: `speed` simulated seconds per wall second, none while paused, one event or one
// minute on a step; injected events are applied between, through the model's injection. Frames go out at most every kFrameSeconds while something
// changed, so a paused run sends nothing. Commands are queued by the network thread and
// handled on this thread, so the day's state has one owner and no lock.
#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "live/narrative.h"
#include "live/observer.h"
#include "live/protocol.h"
#include "sim/metrics/horizon.h"
#include "sim/model/contact_center.h"
#include "sim/scenario/scenario.h"

namespace live {

// Where frames go. Called on the simulation thread; implementations hand the frame over
// to their own thread.
class Outbox {
 public:
  virtual ~Outbox() = default;
  virtual void broadcast(std::shared_ptr<const std::string> frame) = 0;
  virtual void send(std::uint64_t client, std::shared_ptr<const std::string> frame) = 0;
  // A new client's hello: broadcasts reach a client only after it, so its first frame is
  // the hello that names what the others refer to.
  virtual void greet(std::uint64_t client, std::shared_ptr<const std::string> hello) = 0;
};

struct LiveOptions {
  std::uint64_t seed = 1;
  double speed = kDefaultSpeed;  // simulated seconds per wall second; 0: as fast as it goes
  sim::scenario::Limits limits;
  std::filesystem::path out;  // where "save" writes its scenario folder
};

inline constexpr double kFrameSeconds = 0.2;
inline constexpr double kChunkSeconds = 60;  // simulated time run between two looks at commands

class LiveRun {
 public:
  LiveRun(sim::scenario::Scenario sc, LiveOptions o, Outbox& outbox);
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  // Any thread: a command from `client`, or a new client that needs its hello frame.
  void post(std::uint64_t client, Command c);
  void hello(std::uint64_t client);
  // The simulation thread: runs the days (restarts included) until stop() or Ctrl-C
  // (sim/engine/interrupt.h); then returns.
  void run();
  void stop();  // any thread

 private:
  struct Pending {
    std::uint64_t client;
    bool hello;
    Command command;
  };
  struct RestartDay {};  // thrown by a restart command to abandon the run

  // A shown day, day j of the run; which of its days the horizon has run is in day_.
  struct ShownDay {
    std::string name;        // the [[days]] name; "" for a one-day scenario
    std::size_t number = 1;  // 1-based among the horizon's days
    std::size_t count = 1;
    bool last = true;        // no open day follows
    const std::vector<sim::scenario::EventNote>* events = nullptr;  // its events, for the log
  };
  void run_days();
  void run_day(const sim::model::Center& c, std::size_t j,
               const std::vector<sim::model::CarriedContact>& due,
               sim::metrics::CarriedContacts* carried_out);
  void tick(sim::model::ContactCenter<LiveObserver>& cc);
  void wait_after_day();
  void handle_commands();
  void handle(std::uint64_t client, const Command& c);
  void advance_clock();
  void wait_a_little(double t);
  void sample_until(double t);
  void maybe_frame(bool force = false);
  void reply(std::uint64_t client, std::string frame);
  std::string inject(const InjectRequest& r);
  std::string save();
  std::string scenario_text(const std::string& base) const;

  std::string state_frame();
  std::string hello_frame();

  sim::scenario::Scenario sc_;
  LiveOptions o_;
  Outbox& outbox_;
  Goals goals_;
  std::filesystem::path scratch_;  // a private folder where injected events are checked

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> pending_;
  bool stop_ = false;

  // The day's state, owned by the simulation thread.
  using Clock = std::chrono::steady_clock;
  std::uint64_t seed_;
  double speed_;
  bool paused_ = false, step_event_ = false, finished_ = false, started_ = false, dirty_ = true;
  double allowed_ = -1, now_ = 0, next_sample_ = -1;
  Clock::time_point last_wall_, next_frame_;
  ShownDay shown_;
  const sim::model::Center* center_;  // the day's (sc_'s center or a horizon day's)
  std::vector<LogLine> opening_;  // said first in the next day's log (a day closed, opened)
  std::unique_ptr<LiveObserver> day_;
  sim::model::ContactCenter<LiveObserver>* cc_ = nullptr;  // the day running, if any
  std::vector<sim::model::Agent> day_agents_;  // the finished day's agents, for its frames
  std::unique_ptr<Narrator> narrator_;
  nlohmann::json history_ = nlohmann::json::array();  // one sample per simulated minute
  std::size_t samples_sent_ = 0;         // of history_, in frames already
  std::vector<LogLine> log_, new_log_;
  std::vector<std::array<double, 2>> plan_;  // [interval]: SL, abandonment without injections
  std::vector<std::string> injected_;  // [[events]] TOML of the events applied, in order
};

}  // namespace live
