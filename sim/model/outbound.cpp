#include "sim/model/outbound.h"

#include <cmath>

#include "sim/engine/distributions.h"

namespace sim::model {

Dial draw_dial(const CallType& t, std::uint64_t seed, std::uint64_t replication,
               std::uint64_t account, std::uint8_t attempt) {
  static constexpr std::uint64_t kStream = engine::stream_id("outbound");
  // Account ids use the low 40 bits, the type bits 40..47 and the day the top byte; the
  // attempt (< 16) takes bits 48..55, so every (account, attempt) has a key of its own.
  auto rng = engine::RandomStream::for_purpose(seed, replication, kStream,
                                               account | std::uint64_t{attempt} << 48);
  const OutboundList& l = t.outbound;
  const double u = rng.uniform01();
  const double work = engine::sample(t.work_s, rng);
  const double wrap = engine::sample(t.wrap_s, rng);
  const double wrong = -l.wrong_party_s * std::log(rng.uniform_open0());
  if (u < l.right_party) return {DialOutcome::right_party, work, wrap};
  if (u < l.right_party + l.no_answer) return {DialOutcome::no_answer, l.ring_s, 0.0};
  return {DialOutcome::wrong_party, wrong, 0.0};
}

}  // namespace sim::model
