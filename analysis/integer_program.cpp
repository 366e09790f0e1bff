#include "analysis/integer_program.h"

#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace analysis {

namespace {

constexpr double kCoinInf = std::numeric_limits<double>::max();  // CBC's infinity

using Model = std::unique_ptr<Cbc_Model, decltype(&Cbc_deleteModel)>;

// The program in CBC's column-major form, every column integer unless `relaxed`.
Model load(const IntegerProgram& p, bool relaxed) {
  const int cols = static_cast<int>(p.cost.size()), rows = static_cast<int>(p.rows.size());
  std::vector<std::vector<std::pair<int, double>>> by_col(p.cost.size());
  std::vector<double> lo, hi;
  for (int r = 0; r < rows; ++r) {
    const auto& row = p.rows[static_cast<std::size_t>(r)];
    for (const auto& [c, v] : row.terms) by_col[static_cast<std::size_t>(c)].emplace_back(r, v);
    lo.push_back(std::isinf(row.lower) ? -kCoinInf : row.lower);
    hi.push_back(std::isinf(row.upper) ? kCoinInf : row.upper);
  }
  std::vector<CoinBigIndex> start{0};
  std::vector<int> index;
  std::vector<double> value, col_lo(p.cost.size(), 0.0), col_hi;
  for (std::size_t c = 0; c < by_col.size(); ++c) {
    for (const auto& [r, v] : by_col[c]) {
      index.push_back(r);
      value.push_back(v);
    }
    start.push_back(static_cast<CoinBigIndex>(index.size()));
    col_hi.push_back(std::isinf(p.upper[c]) ? kCoinInf : p.upper[c]);
  }
  Model m(Cbc_newModel(), &Cbc_deleteModel);
  Cbc_setLogLevel(m.get(), 0);
  Cbc_loadProblem(m.get(), cols, rows, start.data(), index.data(), value.data(), col_lo.data(),
                  col_hi.data(), p.cost.data(), lo.data(), hi.data());
  Cbc_setObjSense(m.get(), 1);  // minimise
  if (!relaxed) {
    for (int c = 0; c < cols; ++c) Cbc_setInteger(m.get(), c);
  }
  return m;
}

}  // namespace

IpSolution solve_integer_program(const IntegerProgram& p, double gap, int max_nodes) {
  IpSolution s;
  {
    Model lp = load(p, true);
    Cbc_solve(lp.get());
    if (Cbc_isProvenInfeasible(lp.get())) {
      s.status = IpSolution::Status::infeasible;
      return s;
    }
    if (!Cbc_isProvenOptimal(lp.get())) return s;
    s.lp_bound = Cbc_getObjValue(lp.get());
  }
  Model ip = load(p, false);
  Cbc_setAllowableFractionGap(ip.get(), gap);
  Cbc_setMaximumNodes(ip.get(), max_nodes);
  Cbc_solve(ip.get());
  if (Cbc_isProvenInfeasible(ip.get())) {
    s.status = IpSolution::Status::infeasible;
    return s;
  }
  const double* x = Cbc_bestSolution(ip.get());
  if (x == nullptr) return s;
  for (std::size_t c = 0; c < p.cost.size(); ++c) s.x.push_back(std::round(x[c]));
  s.objective = 0;
  for (std::size_t c = 0; c < p.cost.size(); ++c) s.objective += p.cost[c] * s.x[c];
  // Branching stopped within the gap proves at least this much (never below the LP's).
  s.best_bound = std::max(s.lp_bound, std::min(s.objective, Cbc_getBestPossibleObjValue(ip.get())));
  s.status = IpSolution::Status::solved;
  return s;
}

}  // namespace analysis
