// The per-call trace a trainer reads to see what happened to whom: one record per fact the
// model publishes (offered, answered, abandoned, escalated, completed...), in time order.
// Plain data; report/ writes it as trace.csv. Tee lets it ride along with DayCollector.
//
// Memory: by default TraceLog keeps every record (tests read them back). Given a sink, it
// hands the records on in batches of `batch` as the day runs and keeps at most one batch,
// so a traced day of millions of calls needs no more memory than one of a hundred
// (issue 18, defect 3); the caller calls flush() after the day for the last batch.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "sim/model/facts.h"

namespace sim::metrics {

enum class TraceEvent : std::uint8_t {
  offered,      // reached the center and joined a queue
  blocked,      // every trunk busy: got a busy signal
  abandoned,    // hung up while waiting
  cleared,      // still waiting at closing (at_close clear or call_back)
  answered,     // an agent took it
  escalated,    // the agent lacked authority: the rest queues for a supervisor
  transferred,  // an irate caller was handed on
  completed,    // talk and after-call work done
  // IVR and callbacks (issue 16, part C); appended so the earlier names keep their values
  ivr_contained,       // served by self-service in the IVR: the attempt ends
  ivr_deflected,       // hung up satisfied after an IVR message: the attempt ends
  callback_offered,    // the predicted wait passed the threshold
  callback_accepted,   // the caller hung up to be called back
  callback_completed,  // the callback was placed and answered (wait_s: time to callback)
  callback_failed,     // not answered, or not placed in time: the customer redials
  // Issue 19, appended likewise
  blocked_queue_full,  // queue_capacity calls waiting: the attempt ends
  balked,              // heard the predicted wait and left at once
  // A second agent on the call (issues 17 and 19): agent and role are the one who joined,
  // talk_s its time on the call; missed: nobody of the roles was idle, agent and role are
  // the one who went on alone.
  assisted,            // floor support given
  assist_missed,
  conference,          // the type's conference held
  conference_missed,
  // Outbound dials (issue 19), at the end of the dial's talk or ring: customer is the
  // account, attempt its dial number, talk_s the agent's time on it.
  dial_right_party,
  dial_wrong_party,
  dial_no_answer,
};
inline const char* trace_event_name(TraceEvent e) {
  constexpr const char* names[] = {
      "offered",          "blocked",           "abandoned",          "cleared",
      "answered",         "escalated",         "transferred",        "completed",
      "ivr_contained",    "ivr_deflected",     "callback_offered",   "callback_accepted",
      "callback_completed", "callback_failed",   "blocked_queue_full", "balked",
      "assisted",         "assist_missed",     "conference",         "conference_missed",
      "dial_right_party", "dial_wrong_party",  "dial_no_answer"};
  return names[static_cast<int>(e)];
}

struct TraceRecord {
  double t;
  model::CallFact call;
  TraceEvent event;
  int agent = -1, role = -1;  // -1: no agent involved
  double wait_s = 0, talk_s = 0, wrap_s = 0;
  bool resolved = false, error = false;
};

class TraceLog {
 public:
  using Sink = std::function<void(std::span<const TraceRecord>)>;
  TraceLog() = default;
  explicit TraceLog(Sink sink, std::size_t batch = 8192) : sink_(std::move(sink)), batch_(batch) {
    records_.reserve(batch_);
  }

  void offered(const model::CallFact& c, double t) { add(c, t, TraceEvent::offered); }
  void blocked(const model::CallFact& c, double t) { add(c, t, TraceEvent::blocked); }
  void abandoned(const model::CallFact& c, double t, double wait) {
    add(c, t, TraceEvent::abandoned).wait_s = wait;
  }
  void cleared(const model::CallFact& c, double t, double wait) {
    add(c, t, TraceEvent::cleared).wait_s = wait;
  }
  void answered(const model::CallFact& c, double t, double wait, int agent, int role) {
    TraceRecord& r = add(c, t, TraceEvent::answered);
    r.wait_s = wait;
    r.agent = agent;
    r.role = role;
  }
  void transferred(const model::CallFact& c, double t, int agent, int role,
                   model::TransferReason why) {
    TraceRecord& r = add(c, t, why == model::TransferReason::escalation
                                   ? TraceEvent::escalated
                                   : TraceEvent::transferred);
    r.agent = agent;
    r.role = role;
  }
  void completed(const model::CallFact& c, double t, int agent, int role, double talk,
                 double wrap, bool resolved, bool error) {
    TraceRecord& r = add(c, t, TraceEvent::completed);
    r.agent = agent;
    r.role = role;
    r.talk_s = talk;
    r.wrap_s = wrap;
    r.resolved = resolved;
    r.error = error;
  }
  void queue_length(int, std::size_t, double) {}
  void agent_state(int, int, model::AgentState, model::AgentState, double) {}
  void absent(int, int) {}
  void carried(const model::CallFact&, double, double) {}
  void lost(int, int, model::LostTime, double, double) {}
  // IVR and callbacks (part C). Leaving the IVR for the queue is no event: `answered` or
  // `abandoned` follow with the wait from there.
  void ivr_contained(const model::CallFact& c, double t) { add(c, t, TraceEvent::ivr_contained); }
  void ivr_deflected(const model::CallFact& c, double t) { add(c, t, TraceEvent::ivr_deflected); }
  void ivr_left(const model::CallFact&, double) {}
  void callback_offered(const model::CallFact& c, double t) {
    add(c, t, TraceEvent::callback_offered);
  }
  void callback_accepted(const model::CallFact& c, double t) {
    add(c, t, TraceEvent::callback_accepted);
  }
  void callback_completed(const model::CallFact& c, double t, double wait) {
    add(c, t, TraceEvent::callback_completed).wait_s = wait;
  }
  void callback_failed(const model::CallFact& c, double t) {
    add(c, t, TraceEvent::callback_failed);
  }
  void chats(int, int, int, double) {}  // part D: the trace is per call
  // --- written correspondence (part E): the day's rows count the backlog; no trace event
  void backlog_left(const model::CallFact&, double) {}
  // --- floor support (issue 17), conferences (issue 19) ---
  void assist(const model::CallFact& c, double t, int agent, int role, int helper,
              int helper_role, double seconds, model::Help help) {
    const bool conference = help == model::Help::conference, missed = helper < 0;
    TraceRecord& r = add(c, t, conference ? (missed ? TraceEvent::conference_missed
                                                    : TraceEvent::conference)
                                          : (missed ? TraceEvent::assist_missed
                                                    : TraceEvent::assisted));
    r.agent = missed ? agent : helper;
    r.role = missed ? role : helper_role;
    r.talk_s = seconds;
  }
  void blocked_queue_full(const model::CallFact& c, double t) {
    add(c, t, TraceEvent::blocked_queue_full);
  }
  void balked(const model::CallFact& c, double t) { add(c, t, TraceEvent::balked); }
  // --- outbound (issue 19): a dial is no inbound contact; its record's call is the account
  void dialed(int type, double t, int agent, int role, std::uint64_t account, int attempt,
              model::DialOutcome outcome, double seconds, int) {
    const auto k = static_cast<std::uint16_t>(type);
    const model::CallFact call{account, t - seconds, t - seconds, k, k,
                               static_cast<std::uint8_t>(std::min(attempt, 255)),
                               false, false, false};
    using enum model::DialOutcome;
    TraceRecord& r = add(call, t,
                         outcome == right_party   ? TraceEvent::dial_right_party
                         : outcome == wrong_party ? TraceEvent::dial_wrong_party
                                                  : TraceEvent::dial_no_answer);
    r.agent = agent;
    r.role = role;
    r.talk_s = seconds;
  }
  void list_left(int, double, int) {}

  // Every record so far without a sink; with one, those not yet handed on.
  const std::vector<TraceRecord>& records() const { return records_; }
  // Hands the records held to the sink (none: keeps them).
  void flush() {
    if (!sink_ || records_.empty()) return;
    sink_(records_);
    records_.clear();
  }

 private:
  TraceRecord& add(const model::CallFact& c, double t, TraceEvent e) {
    // Flushed before the push, so the record returned is still filled in by the caller
    // before the sink sees it.
    if (sink_ && records_.size() >= batch_) flush();
    records_.push_back(TraceRecord{t, c, e});
    return records_.back();
  }
  std::vector<TraceRecord> records_;
  Sink sink_;
  std::size_t batch_ = 0;
};

// Publishes every fact to two observers, first A then B.
template <class A, class B>
struct Tee {
  A& a;
  B& b;
  void offered(const model::CallFact& c, double t) { a.offered(c, t), b.offered(c, t); }
  void blocked(const model::CallFact& c, double t) { a.blocked(c, t), b.blocked(c, t); }
  void abandoned(const model::CallFact& c, double t, double w) {
    a.abandoned(c, t, w), b.abandoned(c, t, w);
  }
  void cleared(const model::CallFact& c, double t, double w) {
    a.cleared(c, t, w), b.cleared(c, t, w);
  }
  void answered(const model::CallFact& c, double t, double w, int ag, int r) {
    a.answered(c, t, w, ag, r), b.answered(c, t, w, ag, r);
  }
  void transferred(const model::CallFact& c, double t, int ag, int r, model::TransferReason y) {
    a.transferred(c, t, ag, r, y), b.transferred(c, t, ag, r, y);
  }
  void completed(const model::CallFact& c, double t, int ag, int r, double talk, double wrap,
                 bool res, bool err) {
    a.completed(c, t, ag, r, talk, wrap, res, err), b.completed(c, t, ag, r, talk, wrap, res, err);
  }
  void queue_length(int ty, std::size_t n, double t) {
    a.queue_length(ty, n, t), b.queue_length(ty, n, t);
  }
  void agent_state(int ag, int r, model::AgentState f, model::AgentState to, double t) {
    a.agent_state(ag, r, f, to, t), b.agent_state(ag, r, f, to, t);
  }
  void absent(int ag, int r) { a.absent(ag, r), b.absent(ag, r); }
  void carried(const model::CallFact& c, double t, double due) {
    a.carried(c, t, due), b.carried(c, t, due);
  }
  void lost(int ag, int r, model::LostTime k, double s, double t) {
    a.lost(ag, r, k, s, t), b.lost(ag, r, k, s, t);
  }
  // IVR and callbacks (part C)
  void ivr_contained(const model::CallFact& c, double t) { a.ivr_contained(c, t), b.ivr_contained(c, t); }
  void ivr_deflected(const model::CallFact& c, double t) { a.ivr_deflected(c, t), b.ivr_deflected(c, t); }
  void ivr_left(const model::CallFact& c, double t) { a.ivr_left(c, t), b.ivr_left(c, t); }
  void callback_offered(const model::CallFact& c, double t) {
    a.callback_offered(c, t), b.callback_offered(c, t);
  }
  void callback_accepted(const model::CallFact& c, double t) {
    a.callback_accepted(c, t), b.callback_accepted(c, t);
  }
  void callback_completed(const model::CallFact& c, double t, double w) {
    a.callback_completed(c, t, w), b.callback_completed(c, t, w);
  }
  void callback_failed(const model::CallFact& c, double t) {
    a.callback_failed(c, t), b.callback_failed(c, t);
  }
  void chats(int ag, int r, int held, double t) { a.chats(ag, r, held, t), b.chats(ag, r, held, t); }
  // --- written correspondence (part E) ---
  void backlog_left(const model::CallFact& c, double t) { a.backlog_left(c, t), b.backlog_left(c, t); }
  void assist(const model::CallFact& c, double t, int ag, int r, int h, int hr, double s,
              model::Help k) {
    a.assist(c, t, ag, r, h, hr, s, k), b.assist(c, t, ag, r, h, hr, s, k);
  }
  void blocked_queue_full(const model::CallFact& c, double t) {
    a.blocked_queue_full(c, t), b.blocked_queue_full(c, t);
  }
  void balked(const model::CallFact& c, double t) { a.balked(c, t), b.balked(c, t); }
  void dialed(int ty, double t, int ag, int r, std::uint64_t k, int n, model::DialOutcome o,
              double s, int left) {
    a.dialed(ty, t, ag, r, k, n, o, s, left), b.dialed(ty, t, ag, r, k, n, o, s, left);
  }
  void list_left(int ty, double t, int left) { a.list_left(ty, t, left), b.list_left(ty, t, left); }
};

}  // namespace sim::metrics
