// Random streams named by purpose.
//
// A stream is seeded from (master seed, replication, purpose name, index), so the numbers
// a purpose sees depend on nothing else: adding a call type, a draw elsewhere or another
// stream never shifts them (ns-3's manual warns that automatic stream numbering breaks
// when the configuration changes; names do not). Two rosters run with the same seed
// therefore meet the same customers: common random numbers.
//
// Generator: xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64. It is the
// project's own code, so a seed gives the same numbers with libstdc++ and libc++.
#pragma once

#include <cstdint>
#include <string_view>

namespace sim::engine {

// 64-bit FNV-1a: a stable number for a stream's purpose name.
constexpr std::uint64_t stream_id(std::string_view purpose) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : purpose) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class RandomStream {
 public:
  using result_type = std::uint64_t;

  // purpose: what the stream is for ("arrivals", "patience", ...); index distinguishes
  // several streams of one purpose (for example one per call type, by a stable key).
  RandomStream(std::uint64_t master_seed, std::uint64_t replication, std::string_view purpose,
               std::uint64_t index = 0)
      : RandomStream(mix(master_seed, replication, stream_id(purpose), index)) {}

  // The same, with the purpose already hashed by stream_id() (for streams made per call).
  static RandomStream for_purpose(std::uint64_t master_seed, std::uint64_t replication,
                                  std::uint64_t purpose_id, std::uint64_t index) {
    return RandomStream(mix(master_seed, replication, purpose_id, index));
  }

  // The streams of one purpose in one replication, many of them (one per customer
  // attempt): the part of the seed mixing that does not depend on the index is done once.
  // family(i) is for_purpose(master_seed, replication, purpose_id, i), bit for bit.
  class Family {
   public:
    Family(std::uint64_t master_seed, std::uint64_t replication, std::uint64_t purpose_id)
        : prefix_(mix_prefix(master_seed, replication, purpose_id)) {}
    RandomStream operator()(std::uint64_t index) const {
      return RandomStream(mix_index(prefix_, index));
    }

   private:
    std::uint64_t prefix_;
  };

  // A placeholder, to be assigned a real stream before use (all-zero state draws zeros).
  RandomStream() : s_{} {}

  explicit RandomStream(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  // A generator in a given raw state: for checking against published test vectors.
  static RandomStream from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2,
                                 std::uint64_t s3) {
    RandomStream r(0);
    r.s_[0] = s0;
    r.s_[1] = s1;
    r.s_[2] = s2;
    r.s_[3] = s3;
    return r;
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }

  result_type operator()() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Skips n draws: the state n draws later, as if they had been drawn.
  void discard(unsigned n) {
    for (; n != 0; --n) (*this)();
  }

  // Uniform on [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_open0() { return static_cast<double>(((*this)() >> 11) + 1) * 0x1.0p-53; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
  }
  // Chain through SplitMix64 so nearby inputs give unrelated seeds.
  static constexpr std::uint64_t mix(std::uint64_t seed, std::uint64_t replication,
                                     std::uint64_t purpose, std::uint64_t index) {
    return mix_index(mix_prefix(seed, replication, purpose), index);
  }
  static constexpr std::uint64_t mix_prefix(std::uint64_t seed, std::uint64_t replication,
                                            std::uint64_t purpose) {
    std::uint64_t state = seed;
    std::uint64_t h = splitmix64(state);
    state = h ^ replication;
    h = splitmix64(state);
    state = h ^ purpose;
    return splitmix64(state);
  }
  static constexpr std::uint64_t mix_index(std::uint64_t prefix, std::uint64_t index) {
    std::uint64_t state = prefix ^ index;
    return splitmix64(state);
  }

  std::uint64_t s_[4];
};

}  // namespace sim::engine
