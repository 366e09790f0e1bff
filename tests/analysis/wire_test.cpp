// analysis/wire.h: what crosses MPI ranks comes back as it left, and a damaged message is
// refused rather than read past its end.
#include "analysis/wire.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "analysis/replicate.h"

namespace {

struct Point {
  double x = 0;
  int k = 0;
};
struct Nested {
  std::array<std::vector<double>, 2> figure;
  std::vector<Point> points;
  std::string label;
  template <class F>
  void fields(F&& f) {
    f(figure, points, label);
  }
};

TEST(Wire, NestedStructComesBackAsItLeft) {
  Nested a;
  a.figure[0] = {1.5, std::numeric_limits<double>::quiet_NaN()};
  a.figure[1] = {};
  a.points = {{2.25, -3}, {0.0, 7}};
  a.label = "rep,1\n";
  const auto b = analysis::wire::unpack<Nested>(analysis::wire::pack(a));
  ASSERT_EQ(b.figure[0].size(), 2u);
  EXPECT_EQ(b.figure[0][0], 1.5);
  EXPECT_TRUE(std::isnan(b.figure[0][1]));
  EXPECT_TRUE(b.figure[1].empty());
  ASSERT_EQ(b.points.size(), 2u);
  EXPECT_EQ(b.points[1].k, 7);
  EXPECT_EQ(b.points[0].x, 2.25);
  EXPECT_EQ(b.label, a.label);
}

TEST(Wire, ShortOrLongMessageIsRefused) {
  const std::string bytes = analysis::wire::pack(std::vector<double>{1, 2, 3});
  EXPECT_THROW(analysis::wire::unpack<std::vector<double>>(bytes.substr(0, bytes.size() - 1)),
               std::runtime_error);
  EXPECT_THROW(analysis::wire::unpack<std::vector<double>>(bytes + "x"), std::runtime_error);
  // A length prefix far beyond the message is refused before anything is allocated.
  const std::string huge = analysis::wire::pack(std::size_t{1} << 60);
  EXPECT_THROW(analysis::wire::unpack<std::vector<double>>(huge), std::runtime_error);
}

// One process (no mpirun): replicate() hands back f(first), f(first + 1), ... in order.
TEST(Replicate, ResultsComeInReplicationOrderOnOneRank) {
  const auto out = analysis::replicate(3, 9, 4, [](std::size_t rep) {
    Nested n;
    n.label = std::to_string(rep);
    return n;
  });
  ASSERT_EQ(out.size(), 9u);
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i].label, std::to_string(3 + i));
}

}  // namespace
