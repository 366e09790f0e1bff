// A small wrapper around COIN-OR CBC (Debian's coinor-libcbc-dev): an integer program
// min cost.x subject to lower <= A x <= upper and 0 <= x <= column upper, x integer. CBC
// runs on one thread and stops on a gap or a node limit, never on the clock, so the same
// program gives the same answer on any machine load.
#pragma once

#include <limits>
#include <utility>
#include <vector>

namespace analysis {

inline constexpr double kNoBound = std::numeric_limits<double>::infinity();

struct IntegerProgram {
  struct Row {
    std::vector<std::pair<int, double>> terms;  // (column, coefficient)
    double lower = -kNoBound, upper = kNoBound;
  };
  std::vector<double> cost;   // [column]
  std::vector<double> upper;  // [column]; kNoBound for none
  std::vector<Row> rows;
};

struct IpSolution {
  enum class Status { solved, infeasible, failed } status = Status::failed;
  std::vector<double> x;  // rounded to integers
  double objective = 0;
  double lp_bound = 0;    // the LP relaxation's optimum: no integer solution costs less
  double best_bound = 0;  // CBC's proven bound after branching (>= lp_bound): tighter
};

// Solves `p` to within relative gap `gap` of CBC's best bound (or max_nodes nodes).
IpSolution solve_integer_program(const IntegerProgram& p, double gap, int max_nodes = 200000);

}  // namespace analysis
