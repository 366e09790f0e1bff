#include "sim/scenario/scenario_writer.h"

#include "sim/scenario/format.h"

#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <variant>

namespace sim::scenario {

using sim::text::hms;
namespace {

const char* const kCompetencies[model::kCompetencies] = {
    "job_knowledge",       "computer_skills", "mathematics",      "judgment",
    "attention_to_detail", "interpersonal",   "customer_service", "written_communication"};

// Shortest text that reads back as the same double.
std::string num(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string distribution(const engine::AnyDistribution& d) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, engine::Exponential>) {
          return "{ distribution = \"exponential\", mean_s = " + num(x.mean()) + " }";
        } else if constexpr (std::is_same_v<T, engine::Lognormal>) {
          return "{ distribution = \"lognormal\", mean_s = " + num(x.mean_) + ", cv = " +
                 num(x.cv_) + " }";
        } else if constexpr (std::is_same_v<T, engine::Gamma>) {
          return "{ distribution = \"gamma\", mean_s = " + num(x.mean()) + ", cv = " +
                 num(1 / std::sqrt(x.shape)) + " }";
        } else if constexpr (std::is_same_v<T, engine::Deterministic>) {
          return "{ distribution = \"deterministic\", value_s = " + num(x.value) + " }";
        } else if constexpr (std::is_same_v<T, engine::Uniform>) {
          return "{ distribution = \"uniform\", min_s = " + num(x.low) + ", max_s = " +
                 num(x.high) + " }";
        } else if constexpr (std::is_same_v<T, engine::Empirical>) {
          std::string s = "{ distribution = \"empirical\", points_s = [";
          for (std::size_t i = 0; i < x.points.size(); ++i) s += (i ? ", " : "") + num(x.points[i]);
          return s + "] }";
        } else {
          throw std::invalid_argument("the scenario format has no normal distribution");
        }
      },
      d);
}

std::string roles_list(const model::Center& c, model::RoleMask mask) {
  std::string s = "[";
  bool first = true;
  for (std::size_t r = 0; r < c.roles.size(); ++r) {
    if (mask >> r & 1u) {
      s += (first ? "" : ", ") + quote(c.roles[r].name);
      first = false;
    }
  }
  return s + "]";
}

std::string levels_table(const model::Levels& l) {
  std::string s = "{ ";
  for (std::size_t i = 0; i < model::kCompetencies; ++i) {
    s += std::string(i ? ", " : "") + kCompetencies[i] + " = " + std::to_string(l[i]);
  }
  return s + " }";
}

const char* authority(model::Authority a) {
  return a == model::Authority::manager ? "manager"
         : a == model::Authority::supervisor ? "supervisor" : "none";
}

std::string triple(const std::array<double, 3>& a) {
  std::string s = "[";  // appended, not "[" + ...: GCC 12 warns there (-Wrestrict, bug 105651)
  return s.append(num(a[0])).append(", ").append(num(a[1])).append(", ").append(num(a[2])).append("]");
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream f(file, std::ios::binary);
  f << text;
  f.close();
  if (!f) throw std::runtime_error(file.string() + ": cannot write: " + std::strerror(errno));
}

}  // namespace

void write_scenario(const std::filesystem::path& dir, const model::Center& c,
                    const ScenarioHeader& h) {
  std::ostringstream t;
  std::istringstream comment(h.comment);
  for (std::string line; std::getline(comment, line);) t << "# " << line << "\n";
  if (!h.comment.empty()) t << "\n";
  t << "[scenario]\nname = " << quote(h.name) << "\ndescription = " << quote(h.description)
    << "\n\n[center]\nopen = " << quote(hms(c.open_s)) << "\nclose = " << quote(hms(c.close_s))
    << "\ninterval_min = " << num(c.interval_s / 60) << "\nservice_level_threshold_s = "
    << num(h.sl_threshold_s) << "\nserve_after_close = " << (c.serve_after_close ? "true" : "false")
    << "\ntrunks = " << c.trunks << "\nabsenteeism = " << num(c.absenteeism)
    << "\n\n[forecast]\nfile = \"forecast.csv\"\n\n[roster]\nfile = \"roster.csv\"\n\n[routing]\n"
    << "agent_selection = "
    << (c.routing.agent_selection == model::AgentSelection::least_qualified_first
            ? "\"least_qualified_first\""
            : "\"longest_idle\"")
    << "\nhonour_priorities = " << (c.routing.honour_priorities ? "true" : "false") << "\n";
  const model::Customers& cu = c.customers;
  t << "\n[customers]\nshort_abandon_s = " << num(cu.short_abandon_s)
    << "\nredial_probability = " << num(cu.redial_probability)
    << "\nmax_attempts = " << cu.max_attempts << "\nredial_delay = " << distribution(cu.redial_delay_s)
    << "\nrepeat_delay = " << distribution(cu.repeat_delay_s)
    << "\nerror_repeat_delay = " << distribution(cu.error_repeat_delay_s) << "\n";
  const model::CompetencyEffects& fx = c.effects;
  t << "\n[competency_effects]\nhandle_multiplier = " << triple(fx.handle_multiplier)
    << "\nwrap_multiplier = " << triple(fx.wrap_multiplier)
    << "\nirate_transfer = " << triple(fx.irate_transfer)
    << "\nerror_multiplier = " << triple(fx.error_multiplier)
    << "\nfcr_per_level = " << num(fx.fcr_per_level) << "\n";
  for (const model::Role& r : c.roles) {
    t << "\n[[roles]]\nname = " << quote(r.name) << "\nlevels = " << levels_table(r.levels)
      << "\nauthority = \"" << authority(r.authority) << "\"\nwage_per_hour = "
      << num(r.wage_per_hour) << "\nrank = " << r.rank << "\n";
  }
  for (const model::CallType& ct : c.call_types) {
    t << "\n[[call_types]]\nname = " << quote(ct.name) << "\nwork = " << distribution(ct.work_s);
    const auto* none = std::get_if<engine::Deterministic>(&ct.wrap_s);
    if (none == nullptr || none->value != 0) t << "\nwrap = " << distribution(ct.wrap_s);
    t << "\npatience = " << (ct.patience_s ? distribution(*ct.patience_s) : "\"none\"")
      << "\npriority = " << ct.priority << "\neligible = " << roles_list(c, ct.eligible);
    if (ct.overflow != 0) {
      t << "\noverflow = " << roles_list(c, ct.overflow) << "\noverflow_after_s = "
        << num(ct.overflow_after_s);
    }
    bool weights = false;
    for (double w : ct.handle_weights) weights = weights || w != 0;
    if (weights) {
      t << "\nhandle_weights = { ";
      bool first = true;
      for (std::size_t i = 0; i < model::kCompetencies; ++i) {
        if (ct.handle_weights[i] == 0) continue;
        t << (first ? "" : ", ") << kCompetencies[i] << " = " << num(ct.handle_weights[i]);
        first = false;
      }
      t << " }";
    }
    t << "\nfcr = " << num(ct.fcr);
    if (ct.authority_probability > 0) {
      t << "\nauthority_probability = " << num(ct.authority_probability) << "\nauthority = \""
        << authority(ct.authority) << "\"";
    }
    if (ct.irate_probability > 0) t << "\nirate_probability = " << num(ct.irate_probability);
    t << "\npre_escalation_fraction = " << num(ct.pre_escalation_fraction);
    if (ct.escalation_type >= 0) {
      t << "\nescalation_type = "
        << quote(c.call_types[static_cast<std::size_t>(ct.escalation_type)].name);
    }
    if (ct.error_probability > 0) t << "\nerror_probability = " << num(ct.error_probability);
    t << "\n";
  }
  // Timed changes the model keeps as such (surges and staff changes are already in the
  // arrivals and the roster).
  for (const model::Slowdown& sd : c.slowdowns) {
    t << "\n[[events]]\nkind = \"slowdown\"\nstart = " << quote(hms(sd.start_s))
      << "\nend = " << quote(hms(sd.end_s)) << "\nmultiplier = " << num(sd.multiplier);
    const std::size_t n = c.call_types.size();
    const std::uint64_t all = n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    if ((sd.call_types & all) != all) {
      t << "\ncall_types = [";
      bool first = true;
      for (std::size_t ty = 0; ty < n; ++ty) {
        if (!(sd.call_types >> ty & 1u)) continue;
        t << (first ? "" : ", ") << quote(c.call_types[ty].name);
        first = false;
      }
      t << "]";
    }
    t << "\n";
  }
  for (const model::RoutingChange& rc : c.routing_changes) {
    t << "\n[[events]]\nkind = \"routing\"\nat = " << quote(hms(rc.at_s))
      << "\nagent_selection = "
      << (rc.routing.agent_selection == model::AgentSelection::least_qualified_first
              ? "\"least_qualified_first\""
              : "\"longest_idle\"")
      << "\nhonour_priorities = " << (rc.routing.honour_priorities ? "true" : "false") << "\n";
  }
  write_file(dir / "scenario.toml", t.str());

  std::ostringstream f;
  f << "interval_start,call_type,calls\n";
  for (std::size_t k = 0; k < c.intervals(); ++k) {
    for (std::size_t ty = 0; ty < c.call_types.size(); ++ty) {
      f << hms(c.open_s + c.interval_s * static_cast<double>(k)) << "," << c.call_types[ty].name
        << "," << num(c.arrivals[ty][k]) << "\n";
    }
  }
  write_file(dir / "forecast.csv", f.str());

  std::ostringstream r;
  r << "agent,role,shift_start,shift_end,breaks,levels\n";
  for (const model::Agent& a : c.agents) {
    r << a.name << "," << c.roles[static_cast<std::size_t>(a.role)].name << ","
      << hms(a.shift_start_s) << "," << hms(a.shift_end_s) << ",";
    for (std::size_t i = 0; i < a.breaks.size(); ++i) {
      r << (i ? ";" : "") << hms(a.breaks[i].start_s) << "/" << num(a.breaks[i].duration_s / 60);
    }
    r << ",";
    if (a.levels) {
      for (std::size_t i = 0; i < model::kCompetencies; ++i) {
        r << (i ? ";" : "") << kCompetencies[i] << "=" << static_cast<int>((*a.levels)[i]);
      }
    }
    r << "\n";
  }
  write_file(dir / "roster.csv", r.str());
}

}  // namespace sim::scenario
