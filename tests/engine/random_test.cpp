#include "sim/engine/random.h"

#include <gtest/gtest.h>

#include <vector>

namespace sim::engine {
namespace {

std::vector<std::uint64_t> first(RandomStream r, int n) {
  std::vector<std::uint64_t> v;
  for (int i = 0; i < n; ++i) v.push_back(r());
  return v;
}

// Published vectors: SplitMix64 from seed 1234567 (Vigna's splitmix64.c, as used by Java's
// SplittableRandom tests); xoshiro256** from state {1, 2, 3, 4} (reference xoshiro256starstar.c).
TEST(RandomStream, GeneratorsMatchPublishedTestVectors) {
  std::uint64_t state = 1234567;
  EXPECT_EQ(splitmix64(state), 6457827717110365317ULL);
  EXPECT_EQ(splitmix64(state), 3203168211198807973ULL);
  EXPECT_EQ(splitmix64(state), 9817491932198370423ULL);
  EXPECT_EQ(first(RandomStream::from_state(1, 2, 3, 4), 4),
            (std::vector<std::uint64_t>{11520, 0, 1509978240, 1215971899390074240ULL}));
}

TEST(RandomStream, GoldenFirstDrawsForAFixedSeed) {
  EXPECT_EQ(first(RandomStream(20261124, 0, "golden"), 4),
            (std::vector<std::uint64_t>{0x37c21870c6851bc5ULL, 0x99a59755e28d3802ULL,
                                        0x784a77004981323dULL, 0x85ead4f94f320e09ULL}));
}

TEST(RandomStream, StreamsDifferByPurposeReplicationIndexAndSeed) {
  const auto base = first(RandomStream(1, 0, "arrivals"), 3);
  EXPECT_NE(base, first(RandomStream(1, 0, "patience"), 3));
  EXPECT_NE(base, first(RandomStream(1, 1, "arrivals"), 3));
  EXPECT_NE(base, first(RandomStream(1, 0, "arrivals", 1), 3));
  EXPECT_NE(base, first(RandomStream(2, 0, "arrivals"), 3));
  EXPECT_EQ(base, first(RandomStream(1, 0, "arrivals"), 3));
}

// Stream isolation: drawing from one stream, however much, never moves another, so a change
// in one part of a model cannot shift another part's numbers.
TEST(RandomStream, DrawingFromOneStreamDoesNotMoveAnother) {
  RandomStream arrivals(9, 3, "arrivals");
  RandomStream patience(9, 3, "patience");
  const auto expected = first(RandomStream(9, 3, "patience"), 5);
  for (int i = 0; i < 100'000; ++i) arrivals();
  EXPECT_EQ(first(patience, 5), expected);
}

TEST(RandomStream, UniformsStayInTheirIntervals) {
  RandomStream r(3, 0, "bounds");
  double lo = 1.0, hi = 0.0, lo_open = 1.0;
  for (int i = 0; i < 1'000'000; ++i) {
    const double u = r.uniform01(), v = r.uniform_open0();
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    lo_open = std::min(lo_open, v);
    ASSERT_LE(v, 1.0);
  }
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  EXPECT_GT(lo_open, 0.0);
}

}  // namespace
}  // namespace sim::engine
