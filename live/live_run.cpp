#include "live/live_run.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "report/channels.h"
#include "report/output_folder.h"
#include "sim/metrics/catalogue.h"
#include "sim/engine/interrupt.h"
#include "sim/metrics/day_metrics.h"
#include "sim/model/contact_center.h"
#include "sim/scenario/format.h"

namespace live {
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSampleSeconds = 60;  // the charts' history: one point per simulated minute

Json sample(const LiveObserver& day, double t, std::size_t types) {
  Json q = Json::array(), w = Json::array();
  for (std::size_t k = 0; k < types; ++k) {
    q.push_back(day.queue(k));
    w.push_back(std::round(day.longest_wait_s(k, t)));
  }
  return Json{{"t", t}, {"queue", q}, {"wait", w}, {"agents", day.floor_counts()}};
}
// The callback queue and the IVR's counts so far, per call type, for the page's "Channels"
// table: a call type's callbacks when it can accept one (report/channels.h decides that, as
// for the run's report), its IVR counts when it has an IVR (a trainer may inject a message
// into one that contains nobody); issue 19's balking, calls turned away by the queue
// capacity, conferences and outbound dials where the type has them. null where a type has
// none of a column. {} when no type has any, and the page leaves the table out.
Json channels_now(const LiveObserver& day, const sim::metrics::DayResults& fig,
                  const sim::model::Center& c) {
  using sim::metrics::CallMetric;
  using sim::model::Channel;
  report::ChannelsUsed used;
  used.add(c);
  std::map<std::string, Json> cols;
  const char* names[] = {"callbacks_waiting", "ivr_contained", "ivr_deflected", "balked",
                         "blocked_queue_full", "conferences_held", "conferences_missed",
                         "dials", "contacts", "list_left"};
  for (const char* n : names) cols[n] = Json::array();
  bool any = false;
  for (std::size_t t = 0; t < c.call_types.size(); ++t) {
    const sim::model::CallType& type = c.call_types[t];
    const bool phone = type.channel == Channel::phone, outbound = type.channel == Channel::outbound;
    const bool ivr = type.ivr.has_value(), callbacks = used.types[t].callbacks;
    const bool balk = type.balk.probability > 0, capacity = phone && c.queue_capacity > 0;
    const bool conference = type.conference.has_value();
    any |= ivr || callbacks || balk || capacity || conference || outbound;
    const auto count = [&](bool shown, CallMetric m) {
      return shown ? Json(sim::metrics::value(m, fig.type[t])) : Json();
    };
    const auto dials = [&](auto field) {
      return outbound && t < fig.outbound.size() ? Json(fig.outbound[t].*field) : Json();
    };
    cols["callbacks_waiting"].push_back(callbacks ? Json(day.callbacks_waiting(t)) : Json());
    cols["ivr_contained"].push_back(count(ivr, CallMetric::ivr_contained));
    cols["ivr_deflected"].push_back(count(ivr, CallMetric::ivr_deflected));
    cols["balked"].push_back(count(balk, CallMetric::balked));
    cols["blocked_queue_full"].push_back(count(capacity, CallMetric::blocked_queue_full));
    cols["conferences_held"].push_back(count(conference, CallMetric::conferences_held));
    cols["conferences_missed"].push_back(count(conference, CallMetric::conferences_missed));
    cols["dials"].push_back(dials(&sim::metrics::OutboundStats::attempts));
    cols["contacts"].push_back(dials(&sim::metrics::OutboundStats::contacts));
    cols["list_left"].push_back(outbound ? Json(day.list_left(t)) : Json());
  }
  if (!any) return Json::object();
  Json out = Json::object();
  for (auto& [name, col] : cols) out[name] = std::move(col);
  return out;
}

// Applies to `cc`, now, the event the loader appended to `with`, the scenario plus every
// event so far plus this one: the newest surge, slowdown or routing change, or the agents
// added or pulled beyond those the model has. "" or why it cannot.
std::string apply(sim::model::ContactCenter<LiveObserver>& cc, const sim::model::Center& with,
                  const std::string& kind) {
  const sim::model::Center& now = cc.center();
  if (kind == "surge" && !with.surges.empty()) {
    const auto& e = with.surges.back();
    cc.inject_surge(e.end_s, e.multiplier, e.call_types);
  } else if (kind == "slowdown" && !with.slowdowns.empty()) {
    const auto& e = with.slowdowns.back();
    cc.inject_slowdown(e.end_s, e.multiplier, e.call_types);
  } else if (kind == "ivr_message" && !with.ivr_messages.empty()) {
    const auto& e = with.ivr_messages.back();
    cc.inject_ivr_message(e.end_s, e.deflect, e.call_types);
  } else if (kind == "routing" && !with.routing_changes.empty()) {
    cc.inject_routing(with.routing_changes.back().routing);
  } else if (kind == "staff" && with.agents.size() > now.agents.size()) {
    const auto& added = with.agents.back();
    cc.inject_staff(added.role, static_cast<int>(with.agents.size() - now.agents.size()),
                    added.shift_end_s, added.levels);
  } else if (kind == "staff") {
    int pulled = 0, role = -1;
    double end = 0;
    for (std::size_t a = 0; a < now.agents.size(); ++a) {
      if (with.agents[a].pulls.size() <= now.agents[a].pulls.size()) continue;
      ++pulled;
      role = with.agents[a].role;
      end = with.agents[a].pulls.back().end_s;
    }
    if (pulled == 0) return "no agent of that role is free to pull now";
    cc.inject_staff(role, -pulled, end, std::nullopt);
  } else {
    return "unknown event kind " + sim::text::quoted_string(kind);
  }
  return "";
}

}  // namespace

LiveRun::LiveRun(sim::scenario::Scenario sc, LiveOptions o, Outbox& outbox)
    : sc_(std::move(sc)), o_(std::move(o)), outbox_(outbox), goals_(sc_.goals),
      seed_(o_.seed), speed_(o_.speed), center_(&sc_.center) {
  std::string tmpl = (fs::temp_directory_path() / "ccsim-live-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("cannot create " + tmpl);
  scratch_ = tmpl;
}

LiveRun::~LiveRun() {
  std::error_code ec;
  fs::remove_all(scratch_, ec);
}

void LiveRun::post(std::uint64_t client, Command c) {
  {
    const std::lock_guard lock(mutex_);
    pending_.push_back({client, false, std::move(c)});
  }
  wake_.notify_one();
}

void LiveRun::hello(std::uint64_t client) {
  {
    const std::lock_guard lock(mutex_);
    pending_.push_back({client, true, {}});
  }
  wake_.notify_one();
}

void LiveRun::stop() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
}

void LiveRun::run() {
  for (;;) {
    try {
      run_days();
      wait_after_day();
      return;
    } catch (const RestartDay&) {
      continue;
    } catch (const sim::engine::Interrupted&) {
      return;
    }
  }
}

// The horizon's days in the order, with the seeds and the carried contacts, of
// simulate_horizon (sim/metrics/horizon.h), so that each shown day is `ccsim run`'s; a
// one-day scenario is its center, day 0, as simulate_day runs it.
void LiveRun::run_days() {
  const sim::model::Horizon& h = sc_.horizon;
  opening_.clear();
  injected_.clear();  // every day's: Save writes them all, each with its day
  if (h.days.empty()) {
    shown_ = ShownDay{};
    shown_.events = &sc_.event_notes;
    run_day(sc_.center, 0, {}, nullptr);
    return;
  }
  const std::size_t run_days = h.warm_up_days + h.days.size();
  std::size_t last_open = 0;
  for (std::size_t j = h.warm_up_days; j < run_days; ++j) {
    if (h.days[j - h.warm_up_days].open) last_open = j;
  }
  sim::metrics::CarriedContacts carried;
  for (std::size_t j = 0; j < run_days; ++j) {
    const std::size_t d = sim::metrics::horizon_day(h, j);
    const sim::model::Day& day = h.days[d];
    const bool warm_up = j < h.warm_up_days;
    if (day.open) {
      const auto due = carried.take_due(day.center.close_s);
      if (warm_up) {  // the days before the first: as fast as they go, unseen
        sim::metrics::simulate_run_day(day.center, seed_, j, 1, sc_.sl_threshold_s, due, &carried);
      } else {
        shown_ = {day.name, j - h.warm_up_days + 1, h.days.size(), j == last_open,
                  &sc_.day_event_notes[d]};
        opening_.push_back(Narrator::day_opens(day.name, day.center.open_s, due.size()));
        run_day(day.center, j, due, &carried);
      }
    } else if (!warm_up) {
      opening_.push_back(Narrator::day_closed(day.name, sc_.center.open_s));
    }
    carried.next_day();
  }
}

// Day j of the run on `c`, receiving `due`; what it carries out goes to `carried_out`.
void LiveRun::run_day(const sim::model::Center& c, std::size_t j,
                      const std::vector<sim::model::CarriedContact>& due,
                      sim::metrics::CarriedContacts* carried_out) {
  center_ = &c;
  finished_ = false;
  step_event_ = false;
  allowed_ = next_sample_ = -1;
  now_ = 0;
  history_ = Json::array();
  samples_sent_ = 0;
  log_.clear();
  new_log_ = std::move(opening_);
  opening_.clear();
  last_wall_ = Clock::now();
  day_ = std::make_unique<LiveObserver>(c, sc_.sl_threshold_s,
                                        [this](double t) { sample_until(t); });
  narrator_ = std::make_unique<Narrator>(sc_, goals_, *shown_.events);
  // The plan: the same day (seed, common random numbers, the same contacts carried in)
  // without injected events, which the page draws as a ghost against the live figures.
  const auto plan = sim::metrics::simulate_run_day(c, seed_, j, 1, sc_.sl_threshold_s, due, nullptr);
  plan_.clear();
  for (const auto& iv : plan.interval) plan_.push_back({iv.service_level(), iv.abandonment_rate()});
  outbox_.broadcast(std::make_shared<const std::string>(hello_frame()));
  sim::model::ContactCenter<LiveObserver> cc(c, sim::metrics::day_seed(seed_, j), 1, *day_,
                                             static_cast<std::uint32_t>(j));
  cc.receive(due);
  cc_ = &cc;
  struct Forget {  // the model lives on this stack frame only
    LiveRun* run;
    ~Forget() { run->cc_ = nullptr; }
  } forget{this};
  // The day's clock starts at its first event, not at midnight.
  if (!cc.done()) now_ = allowed_ = cc.simulator().queue().next_time();
  started_ = true;
  while (!cc.done()) tick(cc);
  cc.run();  // nothing left but clearing the calls still waiting
  if (carried_out != nullptr) carried_out->add(cc.carried());
  // The frames after the day read its agents (added ones too) after the model is gone.
  day_agents_ = cc.center().agents;
  day_->follow(day_agents_);
  now_ = std::max(now_, cc.simulator().now());
  finished_ = shown_.last;
  for (auto& l : narrator_->update(*day_, now_)) new_log_.push_back(std::move(l));
  new_log_.push_back(narrator_->day_over(*day_, now_, shown_.name));
  if (!shown_.last) opening_.push_back(new_log_.back());  // the next day's log starts with it
  maybe_frame(true);
}

// One turn of the day's loop: commands first (an injection lands at the clock's second),
// then as much simulated time as the wall clock, a step or the speed allows, in chunks of
// at most kChunkSeconds so that commands and frames keep flowing at full speed.
void LiveRun::tick(sim::model::ContactCenter<LiveObserver>& cc) {
  handle_commands();
  {
    const std::lock_guard lock(mutex_);
    if (stop_) throw sim::engine::Interrupted();
  }
  sim::engine::throw_if_stop_requested();
  advance_clock();
  if (step_event_) {
    step_event_ = false;
    cc.step();
    now_ = std::max(now_, cc.simulator().now());
    allowed_ = now_;
    dirty_ = true;
  } else if (allowed_ > now_) {
    const double until = std::min(allowed_, now_ + kChunkSeconds);
    cc.run_until(until);
    sample_until(until);
    now_ = until;
    dirty_ = true;
  }
  maybe_frame();
  if (paused_ || allowed_ <= now_) {
    wait_a_little(cc.done() ? now_ : cc.simulator().queue().next_time());
  }
}

// After the day: commands are still answered (restart, save) until stop.
void LiveRun::wait_after_day() {
  for (;;) {
    handle_commands();
    maybe_frame();
    std::unique_lock lock(mutex_);
    if (stop_ || sim::engine::stop_requested()) return;
    wake_.wait_for(lock, std::chrono::milliseconds(100), [&] { return !pending_.empty() || stop_; });
  }
}

void LiveRun::advance_clock() {
  const auto wall = Clock::now();
  const double dt = std::chrono::duration<double>(wall - last_wall_).count();
  last_wall_ = wall;
  if (paused_) return;
  allowed_ = speed_ == 0 ? kInf : allowed_ + dt * speed_;
}

void LiveRun::wait_a_little(double t) {
  double s = kFrameSeconds;
  if (!paused_ && speed_ > 0) s = std::min(s, (t - allowed_) / speed_);
  s = std::max(s, 0.001);
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, std::chrono::duration<double>(s), [&] { return !pending_.empty() || stop_; });
}

void LiveRun::sample_until(double t) {
  if (next_sample_ < 0) next_sample_ = std::floor(t / kSampleSeconds) * kSampleSeconds;
  // A long quiet stretch (the night) is one sample, not one per minute.
  if (t - next_sample_ > 3600) next_sample_ = std::floor(t / kSampleSeconds) * kSampleSeconds;
  for (; next_sample_ <= t; next_sample_ += kSampleSeconds) {
    history_.push_back(sample(*day_, next_sample_, center_->call_types.size()));
  }
}

void LiveRun::handle_commands() {
  for (;;) {
    Pending p;
    {
      const std::lock_guard lock(mutex_);
      if (pending_.empty()) return;
      p = std::move(pending_.front());
      pending_.pop_front();
    }
    if (p.hello) {  // the names and history, then the state now (to every client: simpler)
      outbox_.greet(p.client, std::make_shared<const std::string>(hello_frame()));
      dirty_ = true;
      maybe_frame(true);
    } else {
      handle(p.client, p.command);
    }
  }
}

void LiveRun::handle(std::uint64_t client, const Command& c) {
  using K = Command::Kind;
  dirty_ = true;
  switch (c.kind) {
    case K::pause:
      paused_ = true;
      allowed_ = std::min(allowed_, now_);
      break;
    case K::resume:
      paused_ = false;
      allowed_ = now_;
      break;
    case K::step_event:
      paused_ = true;
      allowed_ = std::min(allowed_, now_);
      step_event_ = true;
      break;
    case K::step_minute:
      paused_ = true;
      allowed_ = (started_ ? std::min(allowed_, now_) : allowed_) + 60;
      break;
    case K::speed:
      speed_ = c.speed;
      allowed_ = std::min(allowed_, now_);
      break;
    case K::restart:
      seed_ = c.seed;
      throw RestartDay{};
    case K::inject: {
      const std::string error = inject(c.inject);
      reply(client, error.empty() ? Json{{"type", "injected"}, {"at", now_}}.dump()
                                  : error_frame(error));
      break;
    }
    case K::save: {
      const std::string error = save();
      reply(client, error.empty() ? Json{{"type", "saved"}, {"folder", o_.out.string()}}.dump()
                                  : error_frame(error));
      break;
    }
  }
}

void LiveRun::reply(std::uint64_t client, std::string frame) {
  outbox_.send(client, std::make_shared<const std::string>(std::move(frame)));
}

// The saved scenario: the base plus the events applied so far.
std::string LiveRun::scenario_text(const std::string& base) const {
  std::string out = "# Written by ccsim live: " + sc_.file.string() + " with the events a trainer\n"
                    "# injected, at the simulated times they fired. `ccsim run` on this folder\n"
                    "# with -n 1 --seed " + std::to_string(seed_) + " replays the live run.\n"
                    "base = " + sim::text::quoted_string(base) + "\n";
  for (const auto& e : injected_) out += e;
  return out;
}

// Checks the event by loading the scenario with it (the loader's rules, its messages);
// returns the error to send, which until the model can apply an event mid-run is that.
std::string LiveRun::inject(const InjectRequest& r) {
  if (finished_) return "inject: the day is over; restart first";
  std::string error;
  std::string event = event_toml(r, now_, error);
  if (!error.empty()) return error;
  // In a horizon the event is the running day's (the loader's [[events]] day key).
  if (!shown_.name.empty()) event += "day = " + sim::text::quoted_string(shown_.name) + "\n";
  const fs::path file = scratch_ / "scenario.toml";
  {
    std::ofstream f(file);
    f << scenario_text(fs::absolute(sc_.file).string()) << event;
    if (!f.flush()) return "inject: cannot write " + file.string();
  }
  const auto loaded = sim::scenario::load_scenario(file, {}, o_.limits);
  if (!loaded.scenario) {
    for (const auto& e : loaded.errors.all()) {
      error += (error.empty() ? "" : "; ") +
               (e.file == file.string() ? "inject: " + e.field + ": " + e.message : e.to_string());
    }
    return error;
  }
  if (cc_ == nullptr) return "inject: the day has not started";
  // The event starts on the clock's next whole second (event_toml rounds up): run to it,
  // then apply what the loader made of the event, through the model's injection, so that
  // `ccsim run` of the saved scenario replays the day exactly.
  const double at = std::ceil(now_);
  if (at > now_) {
    cc_->run_until(at);
    sample_until(at);
    now_ = at;
    allowed_ = std::max(allowed_, at);
  }
  const sim::model::Center* with = &loaded.scenario->center;
  for (const auto& d : loaded.scenario->horizon.days) {
    if (d.name == shown_.name) with = &d.center;
  }
  if (const std::string why = apply(*cc_, *with, r.kind); !why.empty()) {
    return "inject: " + why;
  }
  day_->follow(cc_->center().agents);
  injected_.push_back(event);
  dirty_ = true;
  return "";
}

std::string LiveRun::save() {
  try {
    const fs::path dest = o_.out;
    report::OutputFolder folder(dest, {"live", false, 1 << 20, {sc_.file}});
    const fs::path from = fs::weakly_canonical(fs::absolute(dest));
    const std::string base =
        fs::weakly_canonical(fs::absolute(sc_.file)).lexically_relative(from).generic_string();
    folder.write("scenario.toml", [&](std::ostream& f) { f << scenario_text(base); });
    folder.commit();
  } catch (const report::OutputError& e) {
    return std::string("save: ") + e.what();
  }
  return "";
}

void LiveRun::maybe_frame(bool force) {
  const auto wall = Clock::now();
  if (!force && (!dirty_ || wall < next_frame_)) return;
  next_frame_ = wall + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(kFrameSeconds));
  dirty_ = false;
  outbox_.broadcast(std::make_shared<const std::string>(state_frame()));
}

std::string LiveRun::state_frame() {
  const auto& c = *center_;
  for (auto& l : narrator_->update(*day_, now_)) new_log_.push_back(std::move(l));
  const auto fig = day_->figures(now_);
  Json intervals = Json::array();
  for (std::size_t k = 0; k < c.intervals() && c.open_s + c.interval_s * static_cast<double>(k) <= now_; ++k) {
    const auto& s = fig.interval[k];
    intervals.push_back({s.service_level(), s.abandonment_rate(), s.offered});
  }
  Json facts = Json::array();
  std::size_t dropped = 0;
  for (const FactRecord& f : day_->take_facts(dropped)) {
    facts.push_back({f.t, f.what, f.type, f.agent, f.role, f.wait_s, f.to});
  }
  std::string floor(day_->agents(), '0');
  Json agent_roles = Json::array();  // grows when an injected event adds agents
  for (std::size_t a = 0; a < floor.size(); ++a) {
    floor[a] = static_cast<char>('0' + static_cast<int>(day_->floor(a)));
    agent_roles.push_back(day_->role_of(a));
  }
  Json log = Json::array();
  for (const auto& l : new_log_) log.push_back(l.text);
  log_.insert(log_.end(), new_log_.begin(), new_log_.end());
  new_log_.clear();
  Json samples = Json::array();
  for (; samples_sent_ < history_.size(); ++samples_sent_) samples.push_back(history_[samples_sent_]);
  Json now = sample(*day_, now_, c.call_types.size());
  return Json{{"type", "state"}, {"clock", now_}, {"clock_text", sim::text::hms(now_)},
              {"paused", paused_}, {"speed", speed_}, {"seed", seed_}, {"finished", finished_},
              {"queue", now["queue"]}, {"wait", now["wait"]}, {"agents", now["agents"]},
              {"floor", floor}, {"agent_roles", agent_roles}, {"intervals", intervals}, {"samples", samples}, {"log", log},
              {"facts", facts}, {"facts_dropped", dropped}, {"day_name", shown_.name},
              {"day_number", shown_.number}, {"days", shown_.count},
              {"channels", channels_now(*day_, fig, c)},
              {"day", {{"offered", fig.day.offered}, {"answered", fig.day.answered},
                       {"abandoned", fig.day.abandoned}, {"service_level", fig.day.service_level()},
                       {"abandonment", fig.day.abandonment_rate()}}}}
      .dump();
}

std::string LiveRun::hello_frame() {
  const auto& c = *center_;
  Json types = Json::array(), roles = Json::array(), agent_roles = Json::array(), states = Json::array();
  for (const auto& t : c.call_types) types.push_back(t.name);
  for (const auto& r : c.roles) roles.push_back(r.name);
  for (const auto& a : c.agents) agent_roles.push_back(a.role);
  for (std::size_t s = 0; s < kFloorStates; ++s) states.push_back(floor_name(static_cast<Floor>(s)));
  Json log = Json::array();
  for (const auto& l : log_) log.push_back(l.text);
  return Json{{"type", "hello"}, {"scenario", sc_.name}, {"description", sc_.description},
              {"file", sc_.file.string()}, {"events", sc_.events}, {"seed", seed_},
              {"speed", speed_}, {"paused", paused_}, {"open_s", c.open_s}, {"close_s", c.close_s},
              {"interval_s", c.interval_s}, {"sl_threshold_s", sc_.sl_threshold_s},
              {"goals", {{"service_level", goals_.service_level}, {"abandonment", goals_.abandonment_rate}}},
              {"call_types", types}, {"roles", roles}, {"agent_roles", agent_roles},
              {"floor_states", states}, {"history", history_}, {"log", log},
              {"day_name", shown_.name}, {"day_number", shown_.number}, {"days", shown_.count},
              {"plan", plan_}}
      .dump();
}

}  // namespace live
