#include "analysis/schedule.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <cstdio>
#include <tuple>

#include "analysis/integer_program.h"
#include "sim/metrics/catalogue.h"
#include "sim/scenario/format.h"

namespace analysis {

using sim::model::Center;
using sim::model::ShiftKind;
using sim::model::ShiftRules;
using sim::text::hhmm;

namespace {

constexpr double kHour = 3600.0;

std::string interval_name(const Center& c, std::size_t k) {
  const double from = c.open_s + static_cast<double>(k) * c.interval_s;
  return "interval " + hhmm(from) + "-" + hhmm(from + c.interval_s);
}

// Seconds of [a0, a1) inside [b0, b1).
double overlap(double a0, double a1, double b0, double b1) {
  return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

// The first point of `grid` (counted from midnight) at or after t.
double on_grid(double t, double grid) { return std::ceil(t / grid - 1e-9) * grid; }

// Pay of one agent on a shift of `kind` for role r: paid time (unpaid breaks out) at the
// wage, and the overtime premium on paid time beyond rules.overtime_after_s.
void price(const Center& c, const ShiftRules& rules, int role, const ShiftKind& kind,
           double& paid_s, double& overtime_s, double& pay) {
  paid_s = kind.length_s;
  for (const auto& b : kind.breaks) {
    if (!b.paid) paid_s -= b.duration_s;
  }
  overtime_s = std::max(0.0, paid_s - rules.overtime_after_s);
  const double wage = c.roles[static_cast<std::size_t>(role)].wage_per_hour;
  pay = wage * (paid_s + (rules.overtime_rate - 1.0) * overtime_s) / kHour;
}

double interval_start(const Center& c, std::size_t k) {
  return c.open_s + static_cast<double>(k) * c.interval_s;
}

// Share of interval k inside [from, to).
double share_of(const Center& c, std::size_t k, double from, double to) {
  const double i0 = interval_start(c, k);
  return overlap(from, to, i0, i0 + c.interval_s) / c.interval_s;
}

}  // namespace

std::vector<Shift> enumerate_shifts(const Center& c, const ShiftRules& rules) {
  std::vector<Shift> out;
  const double earliest = rules.earliest_start(c.open_s), latest = rules.latest_end(c.close_s);
  for (std::size_t r = 0; r < c.roles.size(); ++r) {
    for (std::size_t k = 0; k < rules.shifts.size(); ++k) {
      const ShiftKind& kind = rules.shifts[k];
      if (!(kind.roles >> r & 1u)) continue;
      for (double s = on_grid(earliest, rules.start_grid_s); s + kind.length_s <= latest + 1e-9;
           s += rules.start_grid_s) {
        Shift sh;
        sh.role = static_cast<int>(r);
        sh.kind = static_cast<int>(k);
        sh.start_s = s;
        sh.end_s = s + kind.length_s;
        if (sh.end_s <= c.open_s || sh.start_s >= c.close_s) continue;  // covers nothing
        price(c, rules, sh.role, kind, sh.paid_s, sh.overtime_s, sh.pay);
        bool placeable = true;
        for (const auto& br : kind.breaks) {
          std::vector<double> at;
          for (double t = on_grid(s + br.earliest_s, rules.break_grid_s);
               t <= s + br.latest_s + 1e-9 && t + br.duration_s <= sh.end_s + 1e-9;
               t += rules.break_grid_s) {
            at.push_back(t);
          }
          placeable = placeable && !at.empty();
          sh.break_options.push_back(std::move(at));
        }
        if (placeable) out.push_back(std::move(sh));
      }
    }
  }
  return out;
}

std::string check_rules(const Center& c, const ShiftRules& rules) {
  for (std::size_t r = 0; r < c.roles.size() && r < rules.roles.size(); ++r) {
    const auto& lim = rules.roles[r];
    const std::string where = "schedule.roles." + c.roles[r].name;
    if (lim.max_heads >= 0 && lim.min_on_duty > lim.max_heads) {
      return where + ": min_on_duty " + std::to_string(lim.min_on_duty) +
             " is above max_heads " + std::to_string(lim.max_heads);
    }
  }
  for (const auto& kind : rules.shifts) {
    for (std::size_t b = 0; b < kind.breaks.size(); ++b) {
      const auto& br = kind.breaks[b];
      if (br.earliest_s > br.latest_s || br.latest_s + br.duration_s > kind.length_s) {
        return "schedule.shifts." + kind.name + ": break " + std::to_string(b + 1) + " (" +
               br.name + ") cannot start between +" + hhmm(br.earliest_s) + " and +" +
               hhmm(br.latest_s) + " and end within the " + hhmm(kind.length_s) + " shift";
      }
    }
  }
  const auto shifts = enumerate_shifts(c, rules);
  const double earliest = rules.earliest_start(c.open_s), latest = rules.latest_end(c.close_s);
  for (std::size_t k = 0; k < c.intervals(); ++k) {
    const double i0 = interval_start(c, k), i1 = i0 + c.interval_s;
    std::vector<bool> role_covers(c.roles.size(), false);
    for (const auto& sh : shifts) {
      if (sh.start_s < i1 && i0 < sh.end_s) role_covers[static_cast<std::size_t>(sh.role)] = true;
    }
    double calls = 0;
    for (const auto& row : c.arrivals) calls += row[k];
    const bool any = std::find(role_covers.begin(), role_covers.end(), true) != role_covers.end();
    if (calls > 0 && !any) {
      std::string why;
      if (i1 <= earliest) {
        why = "no shift may start before " + hhmm(earliest) + " (schedule.earliest_start)";
      } else if (i0 >= latest) {
        why = "no shift may end after " + hhmm(latest) + " (schedule.latest_end)";
      } else {
        why = "no shift kind in schedule.shifts fits between " + hhmm(earliest) + " and " +
              hhmm(latest) + " on the " + hhmm(rules.start_grid_s) + " start grid";
      }
      return interval_name(c, k) + " expects calls but no allowed shift covers it: " + why;
    }
    for (std::size_t r = 0; r < c.roles.size() && r < rules.roles.size(); ++r) {
      if (rules.roles[r].min_on_duty > 0 && !role_covers[r]) {
        return interval_name(c, k) + ": schedule.roles." + c.roles[r].name + ".min_on_duty is " +
               std::to_string(rules.roles[r].min_on_duty) +
               " but no shift that role may work covers it";
      }
    }
  }
  return "";
}

}  // namespace analysis

namespace analysis {

namespace {

using Grid = std::vector<std::vector<double>>;  // [interval][role]

// Roles that answer customer calls in interval k: eligible for a type offered in it. Only
// these get a raised requirement when the interval misses (escalated parts are not in
// the interval's figures).
std::vector<bool> answering_roles(const Center& c, std::size_t k) {
  std::vector<bool> out(c.roles.size(), false);
  for (std::size_t t = 0; t < c.call_types.size(); ++t) {
    if (c.arrivals[t][k] <= 0) continue;
    for (std::size_t r = 0; r < c.roles.size(); ++r) {
      if (c.call_types[t].eligible >> r & 1u) out[r] = true;
    }
  }
  return out;
}

// A family of coverage rows: in each interval, the agents of `members` on the phones cover
// the requirement of the roles in `demand`.
struct CoverGroup {
  sim::model::RoleMask members = 0, demand = 0;
};

// Whether role a can take every call role b takes, with at least b's authority.
bool stands_in(const Center& c, std::size_t a, std::size_t b) {
  if (c.roles[a].authority < c.roles[b].authority) return false;
  for (const auto& t : c.call_types) {
    if ((t.eligible >> b & 1u) && !(t.eligible >> a & 1u)) return false;
  }
  return true;
}

// Fixed mix: each role covers its own requirement. Free mix: for every set R of roles,
// the roles able to stand in for some role of R (N) cover the requirement of every role
// whose stand-ins all lie in N: Hall's condition, so any roster meeting these rows can
// send each requirement to agents able to take it.
std::vector<CoverGroup> cover_groups(const Center& c, Mix mix) {
  const std::size_t roles = c.roles.size();
  std::vector<CoverGroup> out;
  if (mix == Mix::fixed) {
    for (std::size_t r = 0; r < roles; ++r) out.push_back({1u << r, 1u << r});
    return out;
  }
  std::vector<sim::model::RoleMask> in(roles, 0);  // [r]: who stands in for r
  for (std::size_t b = 0; b < roles; ++b) {
    for (std::size_t a = 0; a < roles; ++a) {
      if (stands_in(c, a, b)) in[b] |= 1u << a;
    }
  }
  std::map<sim::model::RoleMask, sim::model::RoleMask> demand_of;
  for (std::uint32_t set = 1; set < (1u << roles); ++set) {
    sim::model::RoleMask n = 0;
    for (std::size_t r = 0; r < roles; ++r) {
      if (set >> r & 1u) n |= in[r];
    }
    if (demand_of.count(n)) continue;
    sim::model::RoleMask d = 0;
    for (std::size_t r = 0; r < roles; ++r) {
      if ((in[r] & ~n) == 0) d |= 1u << r;
    }
    demand_of[n] = d;
  }
  for (const auto& [n, d] : demand_of) out.push_back({n, d});
  return out;
}

// The program's columns: x[s], agents working shift s, then b[s][j][t], agents of shift s
// taking break j at its t-th allowed start.
struct Columns {
  std::vector<int> shift;                            // [s] column of x[s]
  std::vector<std::vector<std::vector<int>>> brk;    // [s][j][t] column of b
};

// Least paid cost such that every interval's requirement, role by role, is covered by the
// agents on shift there less those on a break; every agent of a shift takes each break
// once, in order (break j+1 after break j ends); heads within each role's limits and
// part-timers within their share.
IntegerProgram covering_program(const Center& c, const ShiftRules& rules,
                                const std::vector<Shift>& shifts, const Grid& required,
                                Mix mix, Columns& cols) {
  IntegerProgram ip;
  const auto column = [&](double cost, double upper) {
    ip.cost.push_back(cost);
    ip.upper.push_back(upper);
    return static_cast<int>(ip.cost.size() - 1);
  };
  const std::size_t n = required.size(), roles = c.roles.size();
  // Coverage rows first, filled as the columns are made: [k][row] with the roles whose
  // agents count in it. The groups' requirements, then each role's minimum on duty.
  std::vector<std::vector<std::pair<int, sim::model::RoleMask>>> rows_of(n);
  const std::vector<CoverGroup> groups = cover_groups(c, mix);
  for (std::size_t k = 0; k < n; ++k) {
    for (const CoverGroup& g : groups) {
      double need = 0;
      for (std::size_t r = 0; r < roles; ++r) need += (g.demand >> r & 1u) ? required[k][r] : 0;
      if (need <= 0) continue;
      rows_of[k].emplace_back(static_cast<int>(ip.rows.size()), g.members);
      ip.rows.push_back({{}, need, kNoBound});
    }
    for (std::size_t r = 0; r < roles; ++r) {
      if (rules.roles[r].min_on_duty <= 0) continue;
      rows_of[k].emplace_back(static_cast<int>(ip.rows.size()), 1u << r);
      ip.rows.push_back({{}, static_cast<double>(rules.roles[r].min_on_duty), kNoBound});
    }
  }
  const auto cover = [&](std::size_t r, int col, double from, double to, double sign) {
    for (std::size_t k = 0; k < n; ++k) {
      const double share = share_of(c, k, from, to);
      if (share <= 0) continue;
      for (const auto& [row, members] : rows_of[k]) {
        if (members >> r & 1u) ip.rows[static_cast<std::size_t>(row)].terms.emplace_back(col, sign * share);
      }
    }
  };
  cols = {};
  for (const Shift& sh : shifts) {
    const auto r = static_cast<std::size_t>(sh.role);
    const int cap = rules.roles[r].max_heads;
    const int x = column(sh.pay, cap >= 0 ? cap : kNoBound);
    cols.shift.push_back(x);
    cover(r, x, sh.start_s, sh.end_s, 1.0);
    const auto& kind = rules.shifts[static_cast<std::size_t>(sh.kind)];
    cols.brk.emplace_back();
    for (std::size_t j = 0; j < sh.break_options.size(); ++j) {
      IntegerProgram::Row link{{{x, -1.0}}, 0.0, 0.0};  // each agent takes break j once
      cols.brk.back().emplace_back();
      for (double t : sh.break_options[j]) {
        const int b = column(0.0, cap >= 0 ? cap : kNoBound);
        cols.brk.back()[j].push_back(b);
        link.terms.emplace_back(b, 1.0);
        cover(r, b, t, t + kind.breaks[j].duration_s, -1.0);
      }
      ip.rows.push_back(std::move(link));
      if (j == 0) continue;
      // Break j after break j-1 ends, for some pairing of the agents' breaks: for every
      // start v of break j, at most as many agents start it by v as have ended j-1 by v
      // (then pairing them in time order works).
      const double prev = kind.breaks[j - 1].duration_s;
      for (std::size_t u = 0; u < sh.break_options[j].size(); ++u) {
        const double v = sh.break_options[j][u];
        IntegerProgram::Row order;
        for (std::size_t w = 0; w <= u; ++w) order.terms.emplace_back(cols.brk.back()[j][w], 1.0);
        bool binding = false;
        for (std::size_t w = 0; w < sh.break_options[j - 1].size(); ++w) {
          if (sh.break_options[j - 1][w] + prev <= v + 1e-9) {
            order.terms.emplace_back(cols.brk.back()[j - 1][w], -1.0);
          } else {
            binding = true;  // some start of j-1 ends after v: the row can bind
          }
        }
        order.upper = 0;
        if (binding) ip.rows.push_back(std::move(order));
      }
    }
  }
  for (std::size_t r = 0; r < roles; ++r) {
    const auto& lim = rules.roles[r];
    if (lim.min_heads <= 0 && lim.max_heads < 0) continue;
    IntegerProgram::Row row;
    for (std::size_t s = 0; s < shifts.size(); ++s) {
      if (static_cast<std::size_t>(shifts[s].role) == r) row.terms.emplace_back(cols.shift[s], 1.0);
    }
    row.lower = lim.min_heads;
    if (lim.max_heads >= 0) row.upper = lim.max_heads;
    ip.rows.push_back(std::move(row));
  }
  if (rules.max_part_time_share < 1) {  // part-time heads <= share x all heads
    IntegerProgram::Row row;
    const double share = rules.max_part_time_share;
    for (std::size_t s = 0; s < shifts.size(); ++s) {
      const bool part = rules.shifts[static_cast<std::size_t>(shifts[s].kind)].part_time;
      row.terms.emplace_back(cols.shift[s], part ? 1.0 - share : -share);
    }
    row.upper = 0;
    ip.rows.push_back(std::move(row));
  }
  return ip;
}

// The fewest heads of role r whose shifts cover its requirement and minimum on duty,
// whatever the other limits: the LP bound of that program alone, rounded up.
double fewest_heads(const Center& c, const ShiftRules& rules, const std::vector<Shift>& shifts,
                    const Grid& required, std::size_t r) {
  ShiftRules alone = rules;
  for (auto& lim : alone.roles) lim = {};
  alone.roles[r].min_on_duty = rules.roles[r].min_on_duty;
  alone.max_part_time_share = 1;
  std::vector<Shift> own;
  for (const auto& sh : shifts) {
    if (static_cast<std::size_t>(sh.role) == r) own.push_back(sh);
  }
  Grid need(required.size(), std::vector<double>(c.roles.size(), 0.0));
  for (std::size_t k = 0; k < required.size(); ++k) need[k][r] = required[k][r];
  Columns cols;
  IntegerProgram ip = covering_program(c, alone, own, need, Mix::fixed, cols);
  std::fill(ip.cost.begin(), ip.cost.end(), 0.0);
  for (int x : cols.shift) ip.cost[static_cast<std::size_t>(x)] = 1.0;
  const IpSolution s = solve_integer_program(ip, 0.05);
  return s.status == IpSolution::Status::solved ? std::ceil(s.lp_bound - 1e-6) : kNoBound;
}

// Why no roster meets `required` within the rules, naming the interval and the rule.
std::string why_infeasible(const Center& c, const ShiftRules& rules,
                           const std::vector<Shift>& shifts, const Grid& required, Mix mix,
                           double present) {
  // With stand-ins, no single role's cap is to blame; say the limits together.
  for (std::size_t r = 0; mix == Mix::fixed && r < c.roles.size(); ++r) {
    const std::string role = c.roles[r].name;
    const int cap = rules.roles[r].max_heads;
    std::size_t busiest = 0;
    for (std::size_t k = 0; k < required.size(); ++k) {
      if (required[k][r] > required[busiest][r]) busiest = k;
      if (required[k][r] <= 0) continue;
      double best = 0;
      for (const auto& sh : shifts) {
        if (static_cast<std::size_t>(sh.role) == r) best = std::max(best, share_of(c, k, sh.start_s, sh.end_s));
      }
      if (best <= 0) {
        return interval_name(c, k) + " needs " + role +
               " agents but no shift that role may work covers it (schedule.shifts roles, "
               "schedule.earliest_start, schedule.latest_end)";
      }
    }
    if (cap < 0) continue;
    const double heads = fewest_heads(c, rules, shifts, required, r);
    if (heads > cap) {
      char absence[96] = "";
      if (present < 1) {
        std::snprintf(absence, sizeof absence, ", %.0f on the phones allowing for %.0f %% absence",
                      required[busiest][r] * present, 100 * (1 - present));
      }
      return "covering " + role + " in every interval (busiest " + interval_name(c, busiest) +
             absence + ") takes at least " + sim::text::number(heads) + " " + role +
             " heads with the shifts that role may work, above schedule.roles." + role +
             ".max_heads = " + std::to_string(cap);
    }
  }
  if (rules.max_part_time_share < 1) {
    ShiftRules any_part = rules;
    any_part.max_part_time_share = 1;
    Columns cols;
    const auto ip = covering_program(c, any_part, shifts, required, mix, cols);
    if (solve_integer_program(ip, 0.05).status == IpSolution::Status::solved) {
      return "schedule.max_part_time_share = " + sim::text::number(rules.max_part_time_share) +
             " leaves too few full-time shifts to cover every interval within the head limits";
    }
  }
  return "the head limits (schedule.roles min_heads/max_heads) and "
         "schedule.max_part_time_share = " + sim::text::number(rules.max_part_time_share) +
         " leave no roster that covers every interval's requirement";
}

// The roster of solution x: each shift's agents, the i-th taking the i-th earliest start of
// every break (the order rows make that pairing keep breaks apart), by role, then start,
// then kind. Distinct placements become the result's patterns.
void roster_of(ScheduleResult& res, const Center& c, const std::vector<Shift>& shifts,
               const Columns& cols, const std::vector<double>& x) {
  std::vector<std::size_t> order(shifts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(shifts[a].role, shifts[a].start_s, shifts[a].kind) <
           std::tie(shifts[b].role, shifts[b].start_s, shifts[b].kind);
  });
  res.patterns.clear();
  res.agents.clear();
  std::map<std::pair<std::size_t, std::vector<double>>, std::size_t> pattern_of;
  std::vector<int> count(c.roles.size(), 0);
  for (std::size_t s : order) {
    const Shift& sh = shifts[s];
    const int heads = static_cast<int>(x[static_cast<std::size_t>(cols.shift[s])]);
    std::vector<std::vector<double>> starts(sh.break_options.size());  // [j], in time order
    for (std::size_t j = 0; j < sh.break_options.size(); ++j) {
      for (std::size_t t = 0; t < sh.break_options[j].size(); ++t) {
        const int taking = static_cast<int>(x[static_cast<std::size_t>(cols.brk[s][j][t])]);
        starts[j].insert(starts[j].end(), static_cast<std::size_t>(std::max(0, taking)),
                         sh.break_options[j][t]);
      }
    }
    for (int i = 0; i < heads; ++i) {
      std::vector<double> at;
      for (const auto& js : starts) at.push_back(js.at(static_cast<std::size_t>(i)));
      auto [it, added] = pattern_of.try_emplace({s, at}, res.patterns.size());
      if (added) {
        Pattern p;
        p.role = sh.role;
        p.kind = sh.kind;
        p.start_s = sh.start_s;
        p.end_s = sh.end_s;
        p.break_start_s = at;
        p.paid_s = sh.paid_s;
        p.overtime_s = sh.overtime_s;
        p.pay = sh.pay;
        for (std::size_t k = 0; k < c.intervals(); ++k) {
          double on = share_of(c, k, p.start_s, p.end_s);
          for (const auto& b : breaks_of(res.rules, p)) on -= share_of(c, k, b.start_s, b.start_s + b.duration_s);
          p.coverage.push_back(on);
        }
        res.patterns.push_back(std::move(p));
      }
      const auto r = static_cast<std::size_t>(sh.role);
      char num[16];
      std::snprintf(num, sizeof num, "_%03d", ++count[r]);
      res.agents.push_back({c.roles[r].name + num, it->second});
    }
  }
}

// Raises interval k's requirement for the roles answering its calls by `step` heads in
// all, shared in proportion to what each role needs there (equally if none).
void raise(Grid& required, const Grid& needed, const Center& c, std::size_t k, double step) {
  const auto answering = answering_roles(c, k);
  double total = 0;
  int roles = 0;
  for (std::size_t r = 0; r < answering.size(); ++r) {
    if (!answering[r]) continue;
    total += needed[k][r];
    ++roles;
  }
  for (std::size_t r = 0; r < answering.size(); ++r) {
    if (!answering[r]) continue;
    required[k][r] += step * (total > 0 ? needed[k][r] / total : 1.0 / roles);
  }
}

// Fills the coverage table and totals of the roster in r from verification `v`.
void describe(ScheduleResult& res, const Center& c, const Grid& needed, const Grid& required,
              const std::vector<IntervalStaffing>& v) {
  const std::size_t n = c.intervals(), roles = c.roles.size();
  res.intervals.assign(n, {});
  for (std::size_t k = 0; k < n; ++k) {
    auto& iv = res.intervals[k];
    iv.start_s = c.open_s + static_cast<double>(k) * c.interval_s;
    iv.on_phones_needed = needed[k];
    iv.required = required[k];
    iv.scheduled.assign(roles, 0);
    iv.on_phones.assign(roles, 0.0);
    iv.verified = v[k];
  }
  res.payroll = res.overtime_pay = res.paid_hours = 0;
  for (const auto& a : res.agents) {
    const Pattern& p = res.patterns[a.pattern];
    const auto r = static_cast<std::size_t>(p.role);
    res.payroll += p.pay;
    res.paid_hours += p.paid_s / kHour;
    res.overtime_pay += c.roles[r].wage_per_hour * p.overtime_s / kHour * res.rules.overtime_rate;
    for (std::size_t k = 0; k < n; ++k) {
      const double mid = res.intervals[k].start_s + 0.5 * c.interval_s;
      if (p.start_s <= mid && mid < p.end_s) ++res.intervals[k].scheduled[r];
      res.intervals[k].on_phones[r] += p.coverage[k] * (1.0 - c.absenteeism);
    }
  }
}

// Why interval k still misses: its figures against each target.
std::string miss_reason(const Center& c, const CoverageInterval& iv, std::size_t k,
                        const ScheduleOptions& o) {
  std::string out = interval_name(c, k) + ":";
  for (const auto& t : o.staffing.targets) {
    const MeanCi& m = iv.verified.figure(t.metric);
    out += " " + std::string(sim::metrics::def(t.metric).name) + " " + sim::text::number(m.mean) +
           " (target " + t.text + ")";
  }
  char share[32];
  std::snprintf(share, sizeof share, "; met on %.0f %% of days", 100.0 * iv.verified.p_met);
  return out + share;
}

}  // namespace

std::vector<sim::model::Break> breaks_of(const ShiftRules& rules, const Pattern& p) {
  const auto& kind = rules.shifts.at(static_cast<std::size_t>(p.kind));
  if (p.break_start_s.size() != kind.breaks.size()) {
    throw std::logic_error("schedule pattern of shift kind '" + kind.name + "' has " +
                           std::to_string(p.break_start_s.size()) + " break starts for " +
                           std::to_string(kind.breaks.size()) + " breaks");
  }
  std::vector<sim::model::Break> out;
  for (std::size_t i = 0; i < kind.breaks.size(); ++i) {
    out.push_back({p.break_start_s[i], kind.breaks[i].duration_s});
  }
  return out;
}

sim::model::Center with_roster(const Center& base, const ScheduleResult& r) {
  Center c = base;
  c.agents.clear();
  for (const auto& a : r.agents) {
    const Pattern& p = r.patterns[a.pattern];
    sim::model::Agent agent;
    agent.name = a.name;
    agent.role = p.role;
    agent.shift_start_s = p.start_s;
    agent.shift_end_s = p.end_s;
    agent.breaks = breaks_of(r.rules, p);
    c.agents.push_back(std::move(agent));
  }
  return c;
}

std::variant<ScheduleResult, std::string> schedule_shifts(const Center& base,
                                                          const ShiftRules& given,
                                                          const ScheduleOptions& o) {
  ShiftRules rules = given;  // no kinds: the defaults; a limit for every role
  if (rules.shifts.empty()) rules.shifts = sim::model::default_shift_kinds();
  rules.roles.resize(base.roles.size());
  if (const std::string why = check_rules(base, rules); !why.empty()) return why;
  const auto say = [&](const std::string& s) {
    if (o.progress) o.progress(s);
  };
  const std::size_t n = base.intervals(), roles = base.roles.size();
  ScheduleResult res;
  res.rules = rules;
  const std::vector<Shift> shifts = enumerate_shifts(base, rules);

  // 1. Agents needed on the phones, per interval and role (the roster's mix).
  StaffingOptions so = o.staffing;
  so.only_role = -1;
  if (o.requirements == Requirements::erlang) so.max_evaluations = 1;  // the starting point
  if (o.progress) {
    so.progress = [&](int batch, int failing) {
      say("requirements: batch " + std::to_string(batch) + ", " + std::to_string(failing) +
          " interval(s) short");
    };
  }
  res.search = search_staffing(base, so);
  res.sl_threshold_s = res.search.sl_threshold_s;
  Grid needed(n, std::vector<double>(roles, 0.0)), required = needed;
  const double present = 1.0 - base.absenteeism;
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t r = 0; r < roles; ++r) {
      needed[k][r] = res.search.staff[k][r];
      required[k][r] = needed[k][r] / present;
    }
  }

  // 2-3. Solve, simulate, raise what misses, until every interval meets the targets.
  std::vector<int> misses(n, 0);
  for (int round = 1; round <= o.max_rounds; ++round) {
    say("round " + std::to_string(round) + ": solving the integer program");
    Columns cols;
    const IntegerProgram ip = covering_program(base, rules, shifts, required, o.mix, cols);
    const IpSolution sol = solve_integer_program(ip, o.gap);
    if (sol.status != IpSolution::Status::solved) {
      const std::string why = sol.status == IpSolution::Status::infeasible
                                  ? why_infeasible(base, rules, shifts, required, o.mix, present)
                                  : "the solver found no roster within its node limit";
      if (round == 1) return why;
      res.unmet.insert(res.unmet.begin(), "round " + std::to_string(round) +
                                              " raised requirements past the rules: " + why);
      break;
    }
    roster_of(res, base, shifts, cols, sol.x);
    res.lp_bound = sol.lp_bound;
    res.mip_bound = sol.best_bound;
    say("round " + std::to_string(round) + ": simulating " + std::to_string(res.agents.size()) +
        " agents for " + std::to_string(o.staffing.replications) + " days");
    const auto verified = assess_center(with_roster(base, res), o.staffing);
    describe(res, base, needed, required, verified);
    res.unmet.clear();
    int missed = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (verified[k].offered <= 0 || verified[k].met) continue;
      ++missed;
      res.unmet.push_back(miss_reason(base, res.intervals[k], k, o));
      // A cut: a few percent more heads, doubling while the interval keeps missing.
      double heads = 0;
      for (std::size_t r = 0; r < roles; ++r) heads += required[k][r];
      raise(required, needed, base, k, std::max(1.0, 0.03 * heads) * std::pow(2.0, misses[k]++));
    }
    res.rounds.push_back({round, res.payroll, sol.lp_bound, static_cast<int>(res.agents.size()),
                          missed});
    say("round " + std::to_string(round) + ": " + std::to_string(res.agents.size()) +
        " agents, payroll " + sim::text::number(std::round(res.payroll)) + ", " +
        std::to_string(missed) + " interval(s) short");
    if (missed == 0 || o.requirements == Requirements::erlang) break;
  }
  res.met = res.unmet.empty();
  return res;
}

}  // namespace analysis
