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

}  // namespace

engine::RandomStream attempt_stream(std::uint64_t seed, std::uint64_t replication,
                                    std::uint64_t customer, std::uint8_t attempt) {
  static constexpr std::uint64_t kStream = engine::stream_id("customer");
  return engine::RandomStream::for_purpose(seed, replication, kStream, key(customer, attempt));
}

engine::RandomStream return_stream(std::uint64_t seed, std::uint64_t replication,
                                   std::uint64_t customer, std::uint8_t attempt) {
  static constexpr std::uint64_t kStream = engine::stream_id("customer_delays");
  return engine::RandomStream::for_purpose(seed, replication, kStream, key(customer, attempt));
}

AttemptDraws draw_attempt(const CallType& type, const CallType* escalation,
                          engine::RandomStream& rng, const FloorSupport* assist) {
  AttemptDraws d;
  d.work_s = non_negative(type.work_s, rng);
  d.wrap_s = non_negative(type.wrap_s, rng);
  d.patience_s = patience(type, rng);
  d.u_resolve = rng.uniform01();
  d.u_authority = rng.uniform01();
  d.u_irate = rng.uniform01();
  d.u_transfer = rng.uniform01();
  d.u_error = rng.uniform01();
  d.u_redial = rng.uniform01();
  if (escalation != nullptr) {
    d.esc_work_s = non_negative(escalation->work_s, rng);
    d.esc_wrap_s = non_negative(escalation->wrap_s, rng);
    d.esc_patience_s = patience(*escalation, rng);
  } else {
    d.esc_work_s = d.esc_wrap_s = 0.0;
    d.esc_patience_s = kNever;
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
