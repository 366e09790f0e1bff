// What a customer brings to the center: pure functions of the configuration and a random
// stream, which the model calls and tests/model/customer_test.cpp pins draw by draw.
//
// Common random numbers: everything that belongs to a contact attempt (work content,
// wrap-up, patience, and the uniforms that later decide resolution, escalation, transfer,
// errors and redial) is drawn when the attempt arrives, in a fixed order, from a stream
// keyed by (customer, attempt). Who answers only decides how the numbers are used, so two
// rosters run with the same seed meet the same customers, and a better agent can only help
// a given one. The delay before coming back is drawn from a second stream of the same key,
// and only when the customer does come back: still common, at no cost for the others.
//
// Changing a draw's order, count or sampler changes every result: the golden draws in
// customer_test.cpp and the golden end-to-end results (tests/data/tiny/golden) say so.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/engine/random.h"
#include "sim/model/config.h"
#include "sim/model/facts.h"

namespace sim::model {

// The numbers one contact attempt brings, before it meets an agent.
struct AttemptDraws {
  // For a journey-level agent (competency scales them at the answer).
  double work_s, wrap_s;
  // Uniforms on [0, 1): each outcome happens when its uniform is below its probability.
  double u_resolve, u_authority, u_irate, u_transfer, u_error, u_redial;
  // Channels (issue 16), drawn last so that the draws above never shift: whether an IVR
  // message deflects the caller, whether the IVR contains the call, and the time in it (a
  // type with an IVR; else 1, 1 and 0: never), then whether the caller accepts a callback
  // offer and answers the callback (a type with callback_acceptance > 0; else 1 and 1).
  double u_deflect, u_contain, ivr_s;
  double u_accept, u_answer;
  // Floor support (issue 17), last again and only when someone may ask for help
  // (`assist` passed to draw_attempt): whether the agent asks, and the assist's length
  // (else 1 and 0: never).
  double u_assist, assist_s;

  // The escalated part's own work, wrap-up and patience, when the type has an escalation
  // type (else 0, 0 and infinity: never used).
  struct Escalated {
    double work_s, wrap_s, patience_s;
  };

  // Most calls never wait and are never handed on, so their patience and escalated part
  // are taken from a copy of the stream on first use: the same numbers at the same place
  // in the stream as drawing them at arrival, without the logarithms nobody reads.
  // `type` is the attempt's own call type; infinite for a type whose callers never hang up.
  double patience_s(const CallType& type) {
    if (!patience_drawn_) draw_patience(type);
    return patience_;
  }
  // `escalation` is the attempt's type's escalation type.
  const Escalated& escalated(const CallType& escalation) {
    if (!escalated_drawn_) draw_escalated(escalation);
    return escalated_;
  }


 private:
  friend void draw_attempt(AttemptDraws&, const CallType&, const CallType*,
                           engine::RandomStream&, const FloorSupport*);
  void draw_patience(const CallType& type);
  void draw_escalated(const CallType& escalation);

  engine::RandomStream deferred_;  // the stream where the patience draw begins
  unsigned to_escalated_ = 0;      // uniforms from there to the escalated part's draws
  double patience_ = 0.0;
  Escalated escalated_{};
  bool patience_drawn_ = false, escalated_drawn_ = false;
};

// The stream of an attempt's draws, and the stream of its delay before coming back, keyed
// by customer x 16 + attempt: unique, since Center::validate() allows at most 15 attempts.
engine::RandomStream attempt_stream(std::uint64_t seed, std::uint64_t replication,
                                    std::uint64_t customer, std::uint8_t attempt);
engine::RandomStream return_stream(std::uint64_t seed, std::uint64_t replication,
                                   std::uint64_t customer, std::uint8_t attempt);
// Both, for one replication: the same streams, with the seed mixing that does not depend
// on the customer done once (a model makes one per call).
class AttemptStreams {
 public:
  AttemptStreams(std::uint64_t seed, std::uint64_t replication);
  engine::RandomStream draws(std::uint64_t customer, std::uint8_t attempt) const;
  engine::RandomStream delays(std::uint64_t customer, std::uint8_t attempt) const;

 private:
  engine::RandomStream::Family draws_, delays_;
};

// `escalation` is the type an escalated part queues as (CallType::escalation_type), or
// nullptr. Draws, in this order: work, wrap, patience, the six uniforms, then the escalated
// part's work, wrap and patience (the last four perhaps later, from a copy: AttemptDraws); then u_deflect, u_contain and the IVR time when the type
// has an IVR; then u_accept and u_answer when its callback_acceptance > 0; then u_assist
// and the assist time when `assist` is given (floor support on: any assist_probability >
// 0). Negative samples (a normal's tail) count as 0.
AttemptDraws draw_attempt(const CallType& type, const CallType* escalation,
                          engine::RandomStream& rng, const FloorSupport* assist = nullptr);
// The same into `d` (a model's call slot), every field set anew.
void draw_attempt(AttemptDraws& d, const CallType& type, const CallType* escalation,
                  engine::RandomStream& rng, const FloorSupport* assist);

// A conference (issue 19): whether this part of the attempt needs one (u < the type's
// probability) and its length, from a stream of its own keyed by (customer, attempt, part),
// drawn at the answer and only for a type with a conference, so that no other draw moves
// and two rosters still meet the same conferences.
struct ConferenceDraw {
  double u, time_s;
};
ConferenceDraw draw_conference(const Conference& conference, std::uint64_t seed,
                               std::uint64_t replication, const CallFact& call);

enum class ReturnKind : std::uint8_t {
  redial,  // after abandoning (Customers::redial_delay_s)
  repeat,  // an unresolved issue (repeat_delay_s)
  error,   // a billing error (error_repeat_delay_s)
};
// Draws all three delays in that order and returns the one of `kind`, so a delay does not
// depend on why the customer comes back. Never negative.
double draw_return_delay(const Customers& customers, ReturnKind kind, engine::RandomStream& rng);

// Whether the talk ends in a hand-on when this attempt meets an agent of `role`, whose
// P(transfer of an irate caller) is `irate_transfer`: escalation when the call needs
// authority the role lacks (P = the type's authority_probability x the agent's
// `escalation` multiplier, CompetencyEffects), else a transfer when the caller is irate,
// the role has no authority at all and the interpersonal draw says so. Never for a type
// without an escalation type; the model does not ask for an escalated part.
std::optional<TransferReason> hand_on(const AttemptDraws& draws, const CallType& type,
                                      const Role& role, double irate_transfer,
                                      double escalation = 1.0);

}  // namespace sim::model
