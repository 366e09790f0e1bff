// The outbound dialer's pieces (issue 19, config.h OutboundList and OutboundRules): the
// accounts on a type's list, what one dial brings, and the list itself. ContactCenter
// decides when to dial (its threshold rule); this file only says what a dial is.
//
// Random numbers: each dial draws from a stream keyed by (account, attempt) of its own
// purpose ("outbound"), in a fixed order whatever the outcome (outcome, right party's talk,
// its wrap-up, the short talk), so an account's k-th dial brings the same in any roster
// and no inbound stream moves: a center without outbound types draws exactly as before.
//
// DialList: the accounts of one type ordered by when they are due (then by insertion), a
// deque. Retries are due now + retry_after_s, never before the ones already queued, so
// they go at the back in O(1); only carried accounts (received before the day starts)
// may go in the middle.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>

#include "sim/engine/random.h"
#include "sim/model/config.h"
#include "sim/model/facts.h"

namespace sim::model {

struct Account {
  std::uint64_t id;       // like a customer id: the day it was listed in the top byte
  double due_s;           // dialed no earlier than this
  std::uint8_t attempts;  // dials made so far, across days
};

struct Dial {
  DialOutcome outcome;
  double talk_s;  // the agent's time on the dial: talk, or the ring of a no-answer
  double wrap_s;  // right party only: the type's wrap-up
};

// The draws of `account`'s dial number `attempt` (0-based) of outbound type `t`. Talk and
// wrap-up are the type's journey-level figures: competency does not scale a dial.
Dial draw_dial(const CallType& t, std::uint64_t seed, std::uint64_t replication,
               std::uint64_t account, std::uint8_t attempt);

class DialList {
 public:
  void add(const Account& a) {
    if (q_.empty() || q_.back().due_s <= a.due_s) {
      q_.push_back(a);
      return;
    }
    q_.insert(std::upper_bound(q_.begin(), q_.end(), a.due_s,
                               [](double d, const Account& x) { return d < x.due_s; }),
              a);
  }
  bool due(double now) const { return !q_.empty() && q_.front().due_s <= now; }
  const Account& front() const { return q_.front(); }
  Account take() {
    const Account a = q_.front();
    q_.pop_front();
    return a;
  }
  std::size_t size() const { return q_.size(); }
  bool empty() const { return q_.empty(); }

 private:
  std::deque<Account> q_;
};

}  // namespace sim::model
