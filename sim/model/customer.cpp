#include "sim/model/customer.h"

#include <algorithm>
#include <limits>

#include "sim/engine/distributions.h"

namespace sim::model {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

double non_negative(const AnyDistribution& d, engine::RandomStream& rng) {
  return std::max(0.0, engine::sample(d, rng));
}

double patience(const CallType& t, engine::RandomStream& rng) {
  return t.patience_s ? non_negative(*t.patience_s, rng) : kNever;
}

std::uint64_t key(std::uint64_t customer, std::uint8_t attempt) { return customer * 16 + attempt; }

AttemptDraws::Escalated draw_escalated_now(const CallType& e, engine::RandomStream& rng) {
  AttemptDraws::Escalated x;
  x.work_s = non_negative(e.work_s, rng);
  x.wrap_s = non_negative(e.wrap_s, rng);
  x.patience_s = patience(e, rng);
  return x;
}

// Uniforms the escalated part's three draws take, or -1 when that varies.
int escalated_uniforms(const CallType& e) {
  const int work = engine::uniforms_per_draw(e.work_s), wrap = engine::uniforms_per_draw(e.wrap_s);
  const int patience = e.patience_s ? engine::uniforms_per_draw(*e.patience_s) : 0;
  return work < 0 || wrap < 0 || patience < 0 ? -1 : work + wrap + patience;
}

}  // namespace

constexpr std::uint64_t kDrawsStream = engine::stream_id("customer");
constexpr std::uint64_t kDelaysStream = engine::stream_id("customer_delays");

engine::RandomStream attempt_stream(std::uint64_t seed, std::uint64_t replication,
                                    std::uint64_t customer, std::uint8_t attempt) {
  return engine::RandomStream::for_purpose(seed, replication, kDrawsStream, key(customer, attempt));
}

engine::RandomStream return_stream(std::uint64_t seed, std::uint64_t replication,
                                   std::uint64_t customer, std::uint8_t attempt) {
  return engine::RandomStream::for_purpose(seed, replication, kDelaysStream, key(customer, attempt));
}

AttemptStreams::AttemptStreams(std::uint64_t seed, std::uint64_t replication)
    : draws_(seed, replication, kDrawsStream), delays_(seed, replication, kDelaysStream) {}
engine::RandomStream AttemptStreams::draws(std::uint64_t customer, std::uint8_t attempt) const {
  return draws_(key(customer, attempt));
}
engine::RandomStream AttemptStreams::delays(std::uint64_t customer, std::uint8_t attempt) const {
  return delays_(key(customer, attempt));
}

AttemptDraws draw_attempt(const CallType& type, const CallType* escalation,
                          engine::RandomStream& rng, const FloorSupport* assist) {
  AttemptDraws d;
  draw_attempt(d, type, escalation, rng, assist);
  return d;
}

void draw_attempt(AttemptDraws& d, const CallType& type, const CallType* escalation,
                  engine::RandomStream& rng, const FloorSupport* assist) {
  d.patience_drawn_ = d.escalated_drawn_ = false;
  d.to_escalated_ = 0;
  d.work_s = non_negative(type.work_s, rng);
  d.wrap_s = non_negative(type.wrap_s, rng);
  // Patience is deferred when its draw takes a fixed number of uniforms (skipped now), the
  // escalated part when all three of its draws do; otherwise each is drawn now.
  d.deferred_ = rng;
  const int patience_uniforms = type.patience_s ? engine::uniforms_per_draw(*type.patience_s) : 0;
  if (patience_uniforms >= 0) {
    rng.discard(static_cast<unsigned>(patience_uniforms));
    d.to_escalated_ = static_cast<unsigned>(patience_uniforms) + 6;
  } else {
    d.patience_ = patience(type, rng);
    d.patience_drawn_ = true;
  }
  d.u_resolve = rng.uniform01();
  d.u_authority = rng.uniform01();
  d.u_irate = rng.uniform01();
  d.u_transfer = rng.uniform01();
  d.u_error = rng.uniform01();
  d.u_redial = rng.uniform01();
  if (escalation != nullptr) {
    const int n = escalated_uniforms(*escalation);
    if (n >= 0) {
      if (d.patience_drawn_) {  // the copy starts here instead
        d.deferred_ = rng;
        d.to_escalated_ = 0;
      }
      rng.discard(static_cast<unsigned>(n));
    } else {
      d.escalated_ = draw_escalated_now(*escalation, rng);
      d.escalated_drawn_ = true;
    }
  } else {
    d.escalated_ = {0.0, 0.0, kNever};
    d.escalated_drawn_ = true;
  }
  // Only the types that use them draw these: nothing else pays for them, and being last
  // they cannot move the draws above.
  d.u_deflect = d.u_contain = 1.0;
  d.ivr_s = 0.0;
  if (type.ivr) {
    d.u_deflect = rng.uniform01();
    d.u_contain = rng.uniform01();
    d.ivr_s = non_negative(type.ivr->time_s, rng);
  }
  d.u_accept = d.u_answer = 1.0;
  if (type.callback_acceptance > 0.0) {
    d.u_accept = rng.uniform01();
    d.u_answer = rng.uniform01();
  }
  d.u_assist = 1.0;
  d.assist_s = 0.0;
  if (assist != nullptr) {
    d.u_assist = rng.uniform01();
    d.assist_s = non_negative(assist->assist_s, rng);
  }
}

void AttemptDraws::draw_patience(const CallType& type) {
  engine::RandomStream rng = deferred_;
  patience_ = patience(type, rng);
  patience_drawn_ = true;
}

void AttemptDraws::draw_escalated(const CallType& escalation) {
  engine::RandomStream rng = deferred_;
  rng.discard(to_escalated_);
  escalated_ = draw_escalated_now(escalation, rng);
  escalated_drawn_ = true;
}

ConferenceDraw draw_conference(const Conference& conference, std::uint64_t seed,
                               std::uint64_t replication, const CallFact& call) {
  static constexpr std::uint64_t kStream = engine::stream_id("conference");
  auto rng = engine::RandomStream::for_purpose(
      seed, replication, kStream, key(call.customer, call.attempt) * 2 + call.escalated_part);
  ConferenceDraw d;
  d.u = rng.uniform01();
  d.time_s = non_negative(conference.time_s, rng);
  return d;
}

double draw_return_delay(const Customers& customers, ReturnKind kind, engine::RandomStream& rng) {
  const double redial = engine::sample(customers.redial_delay_s, rng);
  const double repeat = engine::sample(customers.repeat_delay_s, rng);
  const double error = engine::sample(customers.error_repeat_delay_s, rng);
  switch (kind) {
    case ReturnKind::redial:
      return std::max(0.0, redial);
    case ReturnKind::repeat:
      return std::max(0.0, repeat);
    case ReturnKind::error:
      break;
  }
  return std::max(0.0, error);
}

std::optional<TransferReason> hand_on(const AttemptDraws& draws, const CallType& type,
                                      const Role& role, double irate_transfer,
                                      double escalation) {
  if (type.escalation_type < 0) return std::nullopt;
  // x 1.0 (the neutral multiplier) leaves the probability exact, so no outcome moves.
  const double p = std::min(1.0, type.authority_probability * escalation);
  if (draws.u_authority < p && role.authority < type.authority) {
    return TransferReason::escalation;
  }
  if (draws.u_irate < type.irate_probability && role.authority == Authority::none &&
      draws.u_transfer < irate_transfer) {
    return TransferReason::transfer;
  }
  return std::nullopt;
}

}  // namespace sim::model
