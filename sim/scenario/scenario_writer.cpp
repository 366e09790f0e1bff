#include "sim/scenario/scenario_writer.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <toml++/toml.h>
#include <variant>

#include "sim/scenario/format.h"
#include "sim/scenario/tables.h"

namespace sim::scenario {

using text::hms;

namespace {

// Whole numbers as TOML integers (30, not 30.0); others as toml++ spells a double, with
// enough digits to read back the same value.
bool whole(double x) { return x == std::floor(x) && std::fabs(x) < 1e15; }

// Builds a table key by key, numbers as above.
class Table {
 public:
  explicit Table(bool inline_table = false) { t_.is_inline(inline_table); }
  Table& num(std::string_view key, double x) {
    if (whole(x)) {
      t_.insert(key, static_cast<std::int64_t>(x));
    } else {
      t_.insert(key, x);
    }
    return *this;
  }
  template <class T>
  Table& set(std::string_view key, T&& value) {
    t_.insert(key, std::forward<T>(value));
    return *this;
  }
  toml::table& get() { return t_; }

 private:
  toml::table t_;
};

toml::array numbers(std::span<const double> xs) {
  toml::array a;
  for (double x : xs) {
    if (whole(x)) {
      a.push_back(static_cast<std::int64_t>(x));
    } else {
      a.push_back(x);
    }
  }
  return a;
}

toml::table distribution(const engine::AnyDistribution& d) {
  return std::visit(
      [](const auto& x) -> toml::table {
        using T = std::decay_t<decltype(x)>;
        Table t(true);
        if constexpr (std::is_same_v<T, engine::Exponential>) {
          t.set("distribution", "exponential").num("mean_s", x.mean());
        } else if constexpr (std::is_same_v<T, engine::Lognormal>) {
          t.set("distribution", "lognormal").num("mean_s", x.mean_).num("cv", x.cv_);
        } else if constexpr (std::is_same_v<T, engine::Gamma>) {
          t.set("distribution", "gamma").num("mean_s", x.mean()).num("cv", 1 / std::sqrt(x.shape));
        } else if constexpr (std::is_same_v<T, engine::Deterministic>) {
          t.set("distribution", "deterministic").num("value_s", x.value);
        } else if constexpr (std::is_same_v<T, engine::Uniform>) {
          t.set("distribution", "uniform").num("min_s", x.low).num("max_s", x.high);
        } else if constexpr (std::is_same_v<T, engine::Empirical>) {
          t.set("distribution", "empirical").set("points_s", numbers(x.points));
        } else {
          throw std::invalid_argument("the scenario format has no normal distribution");
        }
        return std::move(t.get());
      },
      d);
}

toml::array names_in(const std::vector<std::string>& names, std::uint64_t mask) {
  toml::array a;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (mask >> i & 1u) a.push_back(names[i]);
  }
  return a;
}

template <class Named>
std::vector<std::string> names_of(const std::vector<Named>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.name);
  return out;
}

// The competencies with a value other than `skip` (none skipped by default).
// Supervision at 1 is the loader's default (model::Role), so it is left out and files
// written before it existed read back the same.
bool default_supervision(std::size_t i, double v) {
  return i == static_cast<std::size_t>(model::Competency::supervision) && v == 1;
}

template <class Value>
toml::table competencies(const std::array<Value, model::kCompetencies>& values,
                         std::optional<Value> skip = std::nullopt) {
  Table t(true);
  for (std::size_t i = 0; i < model::kCompetencies; ++i) {
    if (skip && values[i] == *skip) continue;
    if (!skip && default_supervision(i, static_cast<double>(values[i]))) continue;
    t.num(competency_names()[i], static_cast<double>(values[i]));
  }
  return std::move(t.get());
}

const char* authority(model::Authority a) {
  return a == model::Authority::manager ? "manager"
         : a == model::Authority::supervisor ? "supervisor" : "none";
}

const char* agent_selection(const model::Routing& r) {
  return model::agent_selection_name(r.agent_selection);
}

const char* at_close(model::AtClose a) {
  return a == model::AtClose::clear ? "clear" : a == model::AtClose::call_back ? "call_back" : "serve";
}

// A role's shrinkage keys, when it has any (durations in minutes, as the reader takes them).
void shrinkage_keys(Table& t, const model::Shrinkage& s) {
  if (!s.any()) return;
  t.num("late_probability", s.late_probability).num("late_mean_min", s.late_mean_s / 60);
  t.num("unplanned_per_hour", s.unplanned_per_hour).num("unplanned_mean_min", s.unplanned_mean_s / 60);
  t.num("break_jitter_min", s.break_jitter_s / 60);
  t.num("early_probability", s.early_probability).num("early_mean_min", s.early_mean_s / 60);
}

toml::table center_table(const model::Center& c, const ScenarioHeader& h) {
  Table t;
  t.set("open", hms(c.open_s)).set("close", hms(c.close_s)).num("interval_min", c.interval_s / 60);
  t.num("service_level_threshold_s", h.sl_threshold_s).set("at_close", at_close(c.at_close));
  const model::ShiftEndPolicy d;
  if (c.shift_end.action == model::ShiftEnd::clear_queue) {
    t.set("shift_end", "clear_queue").num("shift_end_clear_limit_min", c.shift_end.clear_limit_s / 60);
  }
  if (c.shift_end.overtime_premium != d.overtime_premium) {
    t.num("overtime_premium", c.shift_end.overtime_premium);
  }
  t.num("trunks", static_cast<double>(c.trunks)).num("absenteeism", c.absenteeism);
  if (c.queue_capacity != 0) t.num("queue_capacity", static_cast<double>(c.queue_capacity));
  return std::move(t.get());
}

toml::table customers_table(const model::Customers& cu) {
  Table t;
  t.num("short_abandon_s", cu.short_abandon_s).num("redial_probability", cu.redial_probability);
  t.num("max_attempts", cu.max_attempts).set("redial_delay", distribution(cu.redial_delay_s));
  t.set("repeat_delay", distribution(cu.repeat_delay_s));
  t.set("error_repeat_delay", distribution(cu.error_repeat_delay_s));
  if (cu.retrial_keeps_issue) t.set("retrial_keeps_issue", true);
  return std::move(t.get());
}

// [busyness]: the keys that are not 0 (an interval correlation only with interval factors).
toml::table busyness_table(const model::Busyness& b) {
  Table t;
  if (b.day_cv > 0) t.num("day_cv", b.day_cv);
  if (b.interval_cv > 0) {
    t.num("interval_cv", b.interval_cv).num("interval_correlation", b.interval_correlation);
  }
  return std::move(t.get());
}

// [callbacks] (part C): written whole when enabled, so the file says every rule in force.
toml::table callbacks_table(const model::Callbacks& b) {
  Table t;
  t.set("enabled", b.enabled).num("offer_when_wait_above_s", b.offer_when_wait_above_s);
  t.num("answer_probability", b.answer_probability).num("handle_multiplier", b.handle_multiplier);
  t.num("callback_patience_min", b.callback_patience_s / 60);
  t.num("callback_priority_after_min", b.callback_priority_after_s / 60);
  return std::move(t.get());
}

toml::table effects_table(const model::CompetencyEffects& fx) {
  Table t;
  t.set("handle_multiplier", numbers(fx.handle_multiplier));
  t.set("wrap_multiplier", numbers(fx.wrap_multiplier));
  t.set("irate_transfer", numbers(fx.irate_transfer));
  t.set("error_multiplier", numbers(fx.error_multiplier));
  t.num("fcr_per_level", fx.fcr_per_level);
  // Issue 17's keys only when set, so files written before them read back the same.
  const model::CompetencyEffects neutral;
  if (fx.escalation_multiplier != neutral.escalation_multiplier) {
    t.set("escalation_multiplier", numbers(fx.escalation_multiplier));
  }
  if (fx.assist_probability != neutral.assist_probability) {
    t.set("assist_probability", numbers(fx.assist_probability));
  }
  if (fx.learning_weeks != neutral.learning_weeks) t.num("learning_weeks", fx.learning_weeks);
  return std::move(t.get());
}

toml::array roles_array(const model::Center& c) {
  toml::array a;
  for (const model::Role& r : c.roles) {
    Table t;
    t.set("name", r.name).set("levels", competencies(r.levels)).set("authority", authority(r.authority));
    t.num("wage_per_hour", r.wage_per_hour).num("rank", r.rank);
    shrinkage_keys(t, r.shrinkage);
    if (r.chat_concurrency != 1) t.num("chat_concurrency", r.chat_concurrency);
    a.push_back(std::move(t.get()));
  }
  return a;
}

// A call type, leaving out what is at its default (no wrap, no overflow, no weights...).
toml::table call_type_table(const model::Center& c, const model::CallType& ct) {
  const std::vector<std::string> roles = names_of(c.roles);
  Table t;
  t.set("name", ct.name).set("work", distribution(ct.work_s));
  const auto* none = std::get_if<engine::Deterministic>(&ct.wrap_s);
  if (none == nullptr || none->value != 0) t.set("wrap", distribution(ct.wrap_s));
  const model::CallType d;
  if (ct.channel == model::Channel::written) {  // part E: no patience; the goal if not 24 h
    t.set("channel", "written");
    if (ct.response_goal_s != d.response_goal_s) t.num("response_goal_h", ct.response_goal_s / 3600);
  } else if (ct.channel == model::Channel::outbound) {  // issue 19: no patience; the list
    const model::OutboundList& l = ct.outbound;
    Table list(true);
    list.num("list_size", l.list_size).num("right_party", l.right_party).num("no_answer", l.no_answer);
    list.num("ring_s", l.ring_s).num("wrong_party_s", l.wrong_party_s);
    list.num("retry_after_min", l.retry_after_s / 60).num("max_attempts", l.max_attempts);
    t.set("outbound", std::move(list.get()));
  } else if (ct.patience_s) {
    t.set("patience", distribution(*ct.patience_s));
  } else {
    t.set("patience", "none");
  }
  t.num("priority", ct.priority).set("eligible", names_in(roles, ct.eligible));
  if (ct.overflow != 0) {
    t.set("overflow", names_in(roles, ct.overflow)).num("overflow_after_s", ct.overflow_after_s);
  }
  if (!ct.role_ranks.empty()) {  // issue 19: the row of the rank matrix, its roles only
    Table ranks(true);
    for (std::size_t r = 0; r < ct.role_ranks.size() && r < roles.size(); ++r) {
      if ((ct.eligible | ct.overflow) >> r & 1u) ranks.num(roles[r], ct.role_ranks[r]);
    }
    t.set("role_ranks", std::move(ranks.get()));
  }
  if (ct.sl_threshold_s) t.num("sl_threshold_s", *ct.sl_threshold_s);
  const auto weights = competencies(ct.handle_weights, std::optional<double>(0.0));
  if (!weights.empty()) t.set("handle_weights", weights);
  t.num("fcr", ct.fcr);
  if (ct.authority_probability > 0) {
    t.num("authority_probability", ct.authority_probability).set("authority", authority(ct.authority));
  }
  if (ct.irate_probability > 0) t.num("irate_probability", ct.irate_probability);
  t.num("pre_escalation_fraction", ct.pre_escalation_fraction);
  if (ct.escalation_type >= 0) {
    t.set("escalation_type", c.call_types[static_cast<std::size_t>(ct.escalation_type)].name);
  }
  if (ct.error_probability > 0) t.num("error_probability", ct.error_probability);
  if (ct.busyness_cv > 0) t.num("busyness_cv", ct.busyness_cv);
  if (ct.callback_acceptance > 0) t.num("callback_acceptance", ct.callback_acceptance);
  if (ct.ivr) {
    Table ivr(true);
    ivr.set("time", distribution(ct.ivr->time_s)).num("containment", ct.ivr->containment);
    t.set("ivr", std::move(ivr.get()));
  }
  if (ct.conference) {  // issue 19
    Table conf(true);
    conf.num("probability", ct.conference->probability)
        .set("roles", names_in(roles, ct.conference->roles))
        .set("time", distribution(ct.conference->time_s));
    t.set("conference", std::move(conf.get()));
  }
  if (ct.balk.probability > 0) {
    Table balk(true);
    balk.num("wait_s", ct.balk.wait_s).num("probability", ct.balk.probability);
    t.set("balk", std::move(balk.get()));
  }
  if (ct.channel != model::Channel::phone) {
    t.set("channel", ct.channel == model::Channel::chat       ? "chat"
                     : ct.channel == model::Channel::outbound ? "outbound"
                                                              : "written");
  }
  return std::move(t.get());
}

// Timed changes the model keeps as such (surges and staff changes are already in the
// arrivals and the roster).
toml::array events_array(const model::Center& c) {
  toml::array a;
  const std::size_t n = c.call_types.size();
  const std::uint64_t all = n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
  const auto types = [&](Table& t, std::uint64_t mask) {
    if ((mask & all) != all) t.set("call_types", names_in(names_of(c.call_types), mask));
  };
  for (const model::Slowdown& sd : c.slowdowns) {
    Table t;
    t.set("kind", "slowdown").set("start", hms(sd.start_s)).set("end", hms(sd.end_s));
    t.num("multiplier", sd.multiplier);
    types(t, sd.call_types);
    a.push_back(std::move(t.get()));
  }
  for (const model::IvrMessage& m : c.ivr_messages) {
    Table t;
    t.set("kind", "ivr_message").set("start", hms(m.start_s)).set("end", hms(m.end_s));
    t.num("deflect", m.deflect);
    types(t, m.call_types);
    a.push_back(std::move(t.get()));
  }
  for (const model::RoutingChange& rc : c.routing_changes) {
    Table t;
    t.set("kind", "routing").set("at", hms(rc.at_s)).set("agent_selection", agent_selection(rc.routing));
    t.set("honour_priorities", rc.routing.honour_priorities);
    a.push_back(std::move(t.get()));
  }
  return a;
}

// [written] (part E), only what is not at its default; the starting backlog one entry per
// run of items of one type and age.
toml::table written_table(const model::Center& c) {
  const model::WrittenRules& w = c.written;
  Table t;
  if (w.dedicated != 0) t.set("dedicated_roles", names_in(names_of(c.roles), w.dedicated));
  if (w.idle_reserve != 0) t.num("idle_reserve", w.idle_reserve);
  toml::array backlog;
  for (std::size_t i = 0; i < w.starting_backlog.size();) {
    std::size_t j = i;
    while (j < w.starting_backlog.size() && w.starting_backlog[j] == w.starting_backlog[i]) ++j;
    Table e(true);
    e.set("call_type", c.call_types[static_cast<std::size_t>(w.starting_backlog[i].first)].name);
    e.num("count", static_cast<double>(j - i)).num("age_h", w.starting_backlog[i].second / 3600);
    backlog.push_back(std::move(e.get()));
    i = j;
  }
  if (!backlog.empty()) t.set("starting_backlog", std::move(backlog));
  return std::move(t.get());
}

toml::table scenario_document(const model::Center& c, const ScenarioHeader& h) {
  Table doc;
  doc.set("scenario", toml::table{{"name", h.name}, {"description", h.description}});
  doc.set("center", center_table(c, h));
  doc.set("forecast", toml::table{{"file", "forecast.csv"}});
  doc.set("roster", toml::table{{"file", "roster.csv"}});
  doc.set("routing", toml::table{{"agent_selection", agent_selection(c.routing)},
                                 {"honour_priorities", c.routing.honour_priorities}});
  doc.set("customers", customers_table(c.customers));
  doc.set("competency_effects", effects_table(c.effects));
  if (c.busyness.any()) doc.set("busyness", busyness_table(c.busyness));
  if (c.callbacks.enabled) doc.set("callbacks", callbacks_table(c.callbacks));
  if (c.chat.slowdown_per_extra != 0) {
    doc.set("chat", toml::table{{"slowdown_per_extra", c.chat.slowdown_per_extra}});
  }
  if (c.effects.assist_probability != model::CompetencyEffects{}.assist_probability) {
    doc.set("floor_support",
            toml::table{{"assist", distribution(c.floor_support.assist_s)},
                        {"min_supervision", c.floor_support.min_supervision}});
  }
  doc.set("roles", roles_array(c));
  toml::array types;
  for (const model::CallType& ct : c.call_types) types.push_back(call_type_table(c, ct));
  doc.set("call_types", std::move(types));
  if (auto events = events_array(c); !events.empty()) doc.set("events", std::move(events));
  if (auto written = written_table(c); !written.empty()) doc.set("written", std::move(written));
  if (c.outbound.idle_reserve != 0) {
    doc.set("outbound", toml::table{{"idle_reserve", c.outbound.idle_reserve}});
  }
  return std::move(doc.get());
}

// The document is built as a toml::table and printed here rather than by toml++ 3.3.0's
// toml_formatter, which has two defects as Debian ships it: it spells doubles with 17
// significant digits (0.85 as 0.84999999999999998; built without charconv), and its
// line-width estimate casts a negative log10 to size_t for every value below 0.1, undefined
// behaviour that UBSan stops on. Same structure; numbers in their shortest exact form.
bool bare_key(std::string_view k) {
  if (k.empty()) return false;
  for (char ch : k) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-')) return false;
  }
  return true;
}

std::string key_text(std::string_view k) { return bare_key(k) ? std::string(k) : text::quoted_string(k); }

std::string value_text(const toml::node& n) {
  if (const auto* s = n.as_string()) return text::quoted_string(s->get());
  if (const auto* i = n.as_integer()) return std::to_string(i->get());
  if (const auto* f = n.as_floating_point()) return text::exact_number(f->get());
  if (const auto* b = n.as_boolean()) return b->get() ? "true" : "false";
  std::string out;
  if (const auto* a = n.as_array()) {
    out = "[";
    for (std::size_t i = 0; i < a->size(); ++i) out += (i ? ", " : "") + value_text(*a->get(i));
    return out + "]";
  }
  const auto& t = *n.as_table();
  out = "{ ";
  bool first = true;
  for (auto&& [k, v] : t) {
    out += (first ? "" : ", ") + key_text(k.str()) + " = " + value_text(v);
    first = false;
  }
  return out + (first ? "}" : " }");
}

bool is_section(const toml::node& n) { return n.is_table() && !n.as_table()->is_inline(); }
bool is_array_of_sections(const toml::node& n) {
  return n.is_array() && !n.as_array()->empty() && n.as_array()->is_array_of_tables();
}

// Keys and values first, then [sub.tables], then [[arrays.of.tables]], as TOML requires.
void table_text(const toml::table& t, const std::string& path, std::string& out) {
  for (auto&& [k, v] : t) {
    if (!is_section(v) && !is_array_of_sections(v)) {
      out += key_text(k.str()) + " = " + value_text(v) + "\n";
    }
  }
  for (auto&& [k, v] : t) {
    const std::string sub = path.empty() ? key_text(k.str()) : path + "." + key_text(k.str());
    if (is_section(v)) {
      out += "\n[" + sub + "]\n";
      table_text(*v.as_table(), sub, out);
    } else if (is_array_of_sections(v)) {
      for (const toml::node& e : *v.as_array()) {
        out += "\n[[" + sub + "]]\n";
        table_text(*e.as_table(), sub, out);
      }
    }
  }
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream f(file, std::ios::binary);
  f << text;
  f.close();
  if (!f) throw std::runtime_error(file.string() + ": cannot write: " + std::strerror(errno));
}

}  // namespace

void write_roster_csv(std::ostream& os, const model::Center& c) {
  // tenure_weeks only when some agent has one: rosters without stay as they were.
  const bool tenure = std::any_of(c.agents.begin(), c.agents.end(),
                                  [](const model::Agent& a) { return a.tenure_weeks.has_value(); });
  std::string out = std::string("agent,role,shift_start,shift_end,breaks,levels") +
                    (tenure ? ",tenure_weeks\n" : "\n");
  for (const model::Agent& a : c.agents) {
    out += text::csv_field(a.name) + "," +
           text::csv_field(c.roles[static_cast<std::size_t>(a.role)].name) + "," +
           hms(a.shift_start_s) + "," + hms(a.shift_end_s) + ",";
    for (std::size_t i = 0; i < a.breaks.size(); ++i) {
      out += (i ? ";" : "") + hms(a.breaks[i].start_s) + "/" +
             text::exact_number(a.breaks[i].duration_s / 60);
    }
    out += ",";
    for (std::size_t i = 0; a.levels && i < model::kCompetencies; ++i) {
      if (default_supervision(i, (*a.levels)[i])) continue;
      out += (i ? ";" : "") + competency_names()[i] + "=" + std::to_string(static_cast<int>((*a.levels)[i]));
    }
    if (tenure) out += "," + (a.tenure_weeks ? text::exact_number(*a.tenure_weeks) : std::string());
    out += "\n";
  }
  os << out;
}

void write_scenario(const std::filesystem::path& dir, const model::Center& c,
                    const ScenarioHeader& h) {
  std::ostringstream t;
  std::istringstream comment(h.comment);
  for (std::string line; std::getline(comment, line);) t << "# " << line << "\n";
  if (!h.comment.empty()) t << "\n";
  std::string doc;
  table_text(scenario_document(c, h), "", doc);
  t << doc;
  write_file(dir / "scenario.toml", t.str());

  std::string f = "interval_start,call_type,calls\n";
  for (std::size_t k = 0; k < c.intervals(); ++k) {
    for (std::size_t ty = 0; ty < c.call_types.size(); ++ty) {
      f += hms(c.open_s + c.interval_s * static_cast<double>(k)) + "," +
           text::csv_field(c.call_types[ty].name) + "," + text::exact_number(c.arrivals[ty][k]) + "\n";
    }
  }
  write_file(dir / "forecast.csv", f);

  std::ostringstream r;
  write_roster_csv(r, c);
  write_file(dir / "roster.csv", r.str());
}

}  // namespace sim::scenario
