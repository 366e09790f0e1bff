#include "sim/scenario/scenario.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <toml++/toml.h>

#include "sim/scenario/format.h"
#include "sim/scenario/input_file.h"
#include "sim/scenario/tables.h"

namespace sim::scenario {

namespace fs = std::filesystem;
using model::Center;
using text::hms;

std::optional<double> parse_time_of_day(const std::string& text) {
  // Digits and colons only, by hand: sscanf's %d took "-0:00", "+8:00" and " 8:00".
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (at + n > text.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const std::size_t colon = text.find(':');
  if (colon != 1 && colon != 2) return std::nullopt;
  const auto h = digits(0, colon), m = digits(colon + 1, 2);
  std::optional<int> s = 0;
  if (text.size() == colon + 6 && text[colon + 3] == ':') {
    s = digits(colon + 4, 2);
  } else if (text.size() != colon + 3) {
    return std::nullopt;
  }
  if (!h || !m || !s || *h > 47 || *m > 59 || *s > 59) return std::nullopt;
  return *h * 3600.0 + *m * 60.0 + *s;
}

namespace {
// "09:30" for event descriptions, "09:30:15" when the seconds matter.
std::string short_time(double seconds) {
  const std::string t = hms(seconds);
  return t.ends_with(":00") ? t.substr(0, t.size() - 3) : t;
}
std::string span(double start, double end) { return short_time(start) + "-" + short_time(end); }
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}
}  // namespace

std::string in_words(const EventNote& e) {
  const std::string when = e.end_s > e.start_s ? span(e.start_s, e.end_s) : short_time(e.start_s);
  return when + "  " + e.kind + ": " + e.what;
}

std::string busyness_in_words(const model::Center& c) {
  std::vector<std::string> parts;
  const model::Busyness& b = c.busyness;
  if (b.day_cv > 0) parts.push_back("day CV " + fmt(b.day_cv));
  if (b.interval_cv > 0) {
    parts.push_back("intervals CV " + fmt(b.interval_cv) + ", lag-1 correlation " +
                    fmt(b.interval_correlation));
  }
  for (const auto& t : c.call_types) {
    if (t.busyness_cv > 0) parts.push_back(t.name + " CV " + fmt(t.busyness_cv));
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "busyness: " : "; ") + p;
  return out;
}

std::vector<std::string> Scenario::role_names() const {
  std::vector<std::string> v;
  for (const auto& r : center.roles) v.push_back(r.name);
  return v;
}
std::vector<std::string> Scenario::call_type_names() const {
  std::vector<std::string> v;
  for (const auto& t : center.call_types) v.push_back(t.name);
  return v;
}

namespace {

// A staff event in words: "6 rep_1 pulled off the phones (6 on shift): agent_001,
// agent_004, ...", "10 rep_1 added, with interpersonal=1 (40 already on shift)". Who was
// pulled is said, since the roster alone does not tell (at most five names).
std::string staff_in_words(const std::string& role, int count, const model::StaffChange& done,
                           const model::Levels& role_levels,
                           const std::optional<model::Levels>& levels,
                           const std::vector<model::Agent>& agents) {
  std::string out = std::to_string(std::abs(count)) + " " + role;
  if (count > 0) {
    out += " added";
    std::string own;
    for (std::size_t k = 0; levels && k < model::kCompetencies; ++k) {
      if ((*levels)[k] == role_levels[k]) continue;
      own += (own.empty() ? ", with " : ", ") + competency_names()[k] + "=" +
             std::to_string((*levels)[k]);
    }
    return out + own + " (" + std::to_string(done.on_shift) + " already on shift)";
  }
  out += " pulled off the phones (" + std::to_string(done.on_shift) + " on shift";
  if (done.pulled_already > 0) {
    out += ", " + std::to_string(done.pulled_already) + " of them pulled by an earlier event";
  }
  out += ")";
  constexpr std::size_t kNamed = 5;
  for (std::size_t i = 0; i < done.agents.size() && i < kNamed; ++i) {
    out += (i == 0 ? ": " : ", ") + agents[done.agents[i]].name;
  }
  if (done.agents.size() > kNamed) out += " and " + std::to_string(done.agents.size() - kNamed) + " more";
  return out;
}

// Where a TOML node came from (its own file, which may be a base scenario's).
struct Where {
  std::string file;
  int line = 0, column = 0;
};
Where where(const toml::node* n, const std::string& fallback) {
  if (n == nullptr) return {fallback, 0, 0};
  const auto& src = n->source();
  // A value given with --set has no line of its own.
  if (src.path && *src.path == "--set") return {"--set", 0, 0};
  return {src.path ? *src.path : fallback, static_cast<int>(src.begin.line),
          static_cast<int>(src.begin.column)};
}

// Reads one TOML table, remembering which keys were asked for so that the rest can be
// reported as unknown (with a suggestion).
class Section {
 public:
  Section(const toml::table* t, std::string path, InputErrors& errors, std::string fallback_file)
      : t_(t), path_(std::move(path)), errors_(errors), file_(std::move(fallback_file)) {}

  bool present() const { return t_ != nullptr; }
  const toml::table* table() const { return t_; }
  std::string path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  void error(const toml::node* at, std::string_view key, const std::string& message) {
    const Where w = where(at != nullptr ? at : t_, file_);
    errors_.add(w.file, w.line, w.column, path(key), message);
  }

  const toml::node* get(std::string_view key) {
    known_.insert(std::string(key));
    return t_ != nullptr ? t_->get(key) : nullptr;
  }

  // A [key] table, or nullptr. Not a table is an error too: `routing = "x"` used to be
  // ignored silently and `center = 8` reported as missing.
  const toml::table* subtable(std::string_view key, bool required) {
    const toml::node* n = get(key);
    if (n != nullptr && !n->is_table()) error(n, key, "must be a table ([" + path(key) + "])");
    if (n == nullptr && required) error(nullptr, key, "missing (required)");
    return n != nullptr ? n->as_table() : nullptr;
  }

  // A number with a check: check returns "" or what is wrong ("must be > 0").
  // A required key of a missing table is not reported: the caller reports the table, and
  // one "center: missing" says it better than one line per key.
  void missing(std::string_view key, const std::string& message = "missing (required)") {
    if (t_ != nullptr) error(nullptr, key, message);
  }

  std::optional<double> number(std::string_view key, std::optional<double> fallback,
                               const std::function<std::string(double)>& check = {}) {
    const toml::node* n = get(key);
    if (n == nullptr) {
      if (!fallback) missing(key);
      return fallback;
    }
    const auto v = n->value<double>();
    if (!v || !(n->is_number())) {
      error(n, key, "must be a number, got " + describe(*n));
      return std::nullopt;
    }
    // TOML allows inf and nan; an infinite mean passed every "> 0" check and then crashed
    // the sampler (exit 70), and infinite calls failed validation with no line.
    if (!std::isfinite(*v)) {
      error(n, key, "must be a finite number, got " + fmt(*v));
      return std::nullopt;
    }
    if (check) {
      const std::string why = check(*v);
      if (!why.empty()) {
        error(n, key, why + ", got " + fmt(*v));
        return std::nullopt;
      }
    }
    return v;
  }
  std::optional<std::string> string(std::string_view key, std::optional<std::string> fallback) {
    const toml::node* n = get(key);
    if (n == nullptr) {
      if (!fallback) missing(key);
      return fallback;
    }
    if (!n->is_string()) {
      error(n, key, "must be a string, got " + describe(*n));
      return std::nullopt;
    }
    return *n->value<std::string>();
  }
  std::optional<bool> boolean(std::string_view key, bool fallback) {
    const toml::node* n = get(key);
    if (n == nullptr) return fallback;
    if (!n->is_boolean()) {
      error(n, key, "must be true or false, got " + describe(*n));
      return std::nullopt;
    }
    return *n->value<bool>();
  }
  std::optional<double> time(std::string_view key, std::optional<double> fallback) {
    const toml::node* n = get(key);
    if (n == nullptr) {
      if (!fallback) missing(key);
      return fallback;
    }
    const auto s = n->value<std::string>();
    const auto t = s ? parse_time_of_day(*s) : std::nullopt;
    if (!n->is_string() || !t) {
      error(n, key, "must be a time of day \"HH:MM\" or \"HH:MM:SS\", got " + describe(*n));
      return std::nullopt;
    }
    return t;
  }
  // One of `choices`.
  // An empty fallback makes the key required.
  std::optional<std::string> choice(std::string_view key, std::string fallback,
                                    const std::vector<std::string>& choices) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    if (fallback.empty() && get(key) == nullptr) {  // not "must be one of ..., got """
      missing(key, "missing (required; one of " + list + ")");
      return std::nullopt;
    }
    const auto s = string(key, fallback);
    if (!s) return s;
    for (const auto& c : choices) {
      if (*s == c) return s;
    }
    error(get(key), key, "must be one of " + list + ", got \"" + *s + "\"");
    return std::nullopt;
  }

  // Reports keys never asked for.
  void finish() {
    if (t_ == nullptr) return;
    std::vector<std::string> known(known_.begin(), known_.end());
    for (auto&& [k, v] : *t_) {
      const std::string key(k.str());
      if (known_.count(key)) continue;
      const Where w = where(&v, file_);
      const Where kw{k.source().path ? *k.source().path : w.file,
                     static_cast<int>(k.source().begin.line),
                     static_cast<int>(k.source().begin.column)};
      errors_.add(kw.line > 0 ? kw.file : w.file, kw.line > 0 ? kw.line : w.line,
                  kw.line > 0 ? kw.column : w.column, path(key),
                  "unknown key" + did_you_mean(key, known));
    }
  }

  static std::string describe(const toml::node& n) {
    if (n.is_string()) return "\"" + *n.value<std::string>() + "\"";
    if (n.is_number()) return fmt(*n.value<double>());
    if (n.is_boolean()) return *n.value<bool>() ? "true" : "false";
    if (n.is_table()) return "a table";
    if (n.is_array()) return "an array";
    return "a date or time";
  }

 private:
  const toml::table* t_;
  std::string path_;
  InputErrors& errors_;
  std::string file_;
  std::set<std::string> known_;
};

std::function<std::string(double)> at_most(double hi) {
  return [hi](double x) { return x <= hi ? "" : "must be at most " + fmt(hi); };
}
std::function<std::string(double)> between(double lo, double hi) {
  return [lo, hi](double x) {
    return x >= lo && x <= hi ? "" : "must be between " + fmt(lo) + " and " + fmt(hi);
  };
}
// A duration in seconds: >= lo and at most kMaxDurationS, so that every time computed from
// it stays finite (a mean of 1e308 passed `check`, then `run` died).
std::function<std::string(double)> duration(double lo) {
  return [lo](double x) -> std::string {
    if (!(x >= lo)) return "must be >= " + fmt(lo);
    if (x > kMaxDurationS) return "must be at most " + fmt(kMaxDurationS) + " s (30 days)";
    return "";
  };
}
// The role and call type indices are bits of masks (model::RoleMask, Slowdown::call_types).
constexpr std::size_t kMaxCallTypes =
    std::numeric_limits<decltype(model::Slowdown::call_types)>::digits;
// Wages in any currency (yen and won included) stay far below this; costs stay finite.
constexpr double kMaxWage = 1e6;
constexpr const char* kCallsLimitWhy =
    " (the limit on calls per replication, --max-calls-per-day: each call is held in memory)";
// Bounds on what multiplies talk time (see check_totals).
constexpr double kMaxHandleFactor = 100;
constexpr double kMaxSlowdown = 1000;
// A coefficient of variation: beyond 10 it describes no time a center measures, and gamma's
// shape 1/cv^2 underflowed (cv = 1e308 escaped as the sampler's exception, exit 70).
constexpr double kMaxCv = 10;
// A busyness CV (model/busyness.h): 0 (none) to 2 (a day that is often half or twice the
// forecast), and one the gamma sampler takes (its shape 1/cv^2 finite): the sampler's rule.
std::function<std::string(double)> busyness_cv() {
  return [](double x) -> std::string {
    if (std::string why = between(0, kMaxBusynessCv)(x); !why.empty()) return why;
    if (x == 0) return "";
    try {
      engine::Gamma::from_mean_cv(1.0, x);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
}
std::function<std::string(double)> whole(double lo, double hi) {
  return [lo, hi](double x) {
    if (x != std::floor(x)) return std::string("must be a whole number");
    return x >= lo && x <= hi ? "" : "must be between " + fmt(lo) + " and " + fmt(hi);
  };
}
// A grid counted from midnight ([schedule] start_grid_min, break_grid_min): whole minutes
// that divide the day, so that the grid is the same every day and after midnight.
std::function<std::string(double)> day_grid() {
  return [](double x) {
    std::string why = whole(1, 240)(x);
    if (why.empty() && std::fmod(1440.0, x) != 0) why = "must divide 24 h (1440 min) evenly";
    return why;
  };
}
// A length > 0 and at most a day: `day` in the key's unit, 24 (hours) or 1440 (minutes).
std::function<std::string(double)> within_day(double day) {
  return [day](double x) {
    return x > 0 && x <= day ? ""
                             : "must be > 0 and at most " + fmt(day) + (day == 24 ? "" : " (24 h)");
  };
}

// A file named in a scenario is relative to the scenario file that names it (which may be a
// base scenario's); a value given with --set is relative to the working directory.
std::string resolve_path(Section& s, std::string_view key, const std::string& value) {
  const toml::node* n = s.get(key);
  if (n == nullptr || !n->source().path) return value;
  return (fs::path(*n->source().path).parent_path() / value).lexically_normal().string();
}

class Loader {
 public:
  Loader(InputErrors& e, std::string file) : errors_(e), file_(std::move(file)) {}

  std::optional<engine::AnyDistribution> distribution(Section& parent, std::string_view key,
                                                      bool allow_none, bool required) {
    const toml::node* n = parent.get(key);
    if (n == nullptr) {
      if (required) parent.error(nullptr, key, "missing (required)");
      return std::nullopt;
    }
    if (allow_none && n->is_string() && *n->value<std::string>() == "none") return std::nullopt;
    if (!n->is_table()) {
      parent.error(n, key,
                   std::string("must be a table like { distribution = \"exponential\", mean_s = "
                               "180 }") +
                       (allow_none ? " or \"none\"" : "") + ", got " + Section::describe(*n));
      return std::nullopt;
    }
    Section d(n->as_table(), parent.path(key), errors_, file_);
    const auto kind = d.choice("distribution", "", {"exponential", "lognormal", "gamma", "erlang",
                                                   "uniform", "deterministic", "empirical"});
    std::optional<engine::AnyDistribution> out;
    // The samplers check their own parameters; what they refuse is reported here, at the
    // distribution, instead of escaping as an internal error (exit 70).
    try {
      out = sampler(d, kind.value_or(""));
    } catch (const std::invalid_argument& e) {
      parent.error(n, key, std::string("not a usable distribution: ") + e.what());
    }
    // With no known distribution no key was asked for: do not call them all unknown.
    if (kind) d.finish();
    return out;
  }

  // The sampler a distribution table describes; nullopt if a parameter is wrong (reported).
  // Only the scenario's own bounds are checked here (a time is >= 0 and at most 30 days, a
  // cv at most kMaxCv, phases a whole number); what a sampler needs of its parameters (a
  // mean > 0, min <= max, two points) it checks itself, and distribution() reports it.
  std::optional<engine::AnyDistribution> sampler(Section& d, const std::string& kind) {
    if (kind == "exponential") {
      if (const auto m = d.number("mean_s", std::nullopt, duration(0))) return engine::Exponential(*m);
    } else if (kind == "lognormal" || kind == "gamma") {
      const auto m = d.number("mean_s", std::nullopt, duration(0));
      const auto cv = d.number("cv", std::nullopt, at_most(kMaxCv));
      if (m && cv) {
        return kind == "lognormal" ? engine::AnyDistribution(engine::Lognormal(*m, *cv))
                                   : engine::AnyDistribution(engine::Gamma::from_mean_cv(*m, *cv));
      }
    } else if (kind == "erlang") {
      const auto m = d.number("mean_s", std::nullopt, duration(0));
      // Bounded so that the cast to int is defined; the sampler asks for at least one.
      const auto k = d.number("phases", std::nullopt, [](double x) {
        return x != std::floor(x) ? std::string("must be a whole number") : at_most(1000)(std::fabs(x));
      });
      if (m && k) return engine::Gamma::erlang(static_cast<int>(*k), *m);
    } else if (kind == "uniform") {
      const auto lo = d.number("min_s", std::nullopt, duration(0));
      const auto hi = d.number("max_s", std::nullopt, duration(0));
      if (lo && hi) return engine::Uniform(*lo, *hi);
    } else if (kind == "deterministic") {
      if (const auto v = d.number("value_s", std::nullopt, duration(0))) return engine::Deterministic(*v);
    } else if (kind == "empirical") {
      if (auto points = empirical_points(d)) return engine::Empirical(std::move(*points));
    }
    return std::nullopt;
  }

  // points_s: each point checked like a number of its own (nan passed "< 0" and reached the
  // sampler: exit 70).
  std::optional<std::vector<double>> empirical_points(Section& d) {
    const toml::node* p = d.get("points_s");
    const toml::array* a = p ? p->as_array() : nullptr;
    if (a == nullptr) {
      d.error(p, "points_s", "must be an array of numbers >= 0");
      return std::nullopt;
    }
    std::vector<double> pts;
    for (const auto& x : *a) {
      const auto v = x.value<double>();
      const std::string why = !v || !x.is_number() ? "must be a number"
                              : !std::isfinite(*v) ? "must be a finite number"
                                                   : duration(0)(*v);
      if (!why.empty()) {
        d.error(&x, "points_s", why + ", got " + Section::describe(x));
        return std::nullopt;
      }
      pts.push_back(*v);
    }
    return pts;
  }

  std::optional<model::Levels> levels(Section& parent, std::string_view key, bool required) {
    const toml::node* n = parent.get(key);
    if (n == nullptr) {
      if (required) parent.error(nullptr, key, "missing (required)");
      return std::nullopt;
    }
    if (!n->is_table()) {
      parent.error(n, key, "must be a table of the competencies, got " + Section::describe(*n));
      return std::nullopt;
    }
    Section s(n->as_table(), parent.path(key), errors_, file_);
    model::Levels l{};
    bool ok = true;
    for (std::size_t c = 0; c < model::kCompetencies; ++c) {
      // Supervision (seed 000 #28) may be left out: 1, supervising nobody (model::Role).
      const bool optional = c == static_cast<std::size_t>(model::Competency::supervision);
      const auto v = s.number(competency_names()[c], optional ? std::optional<double>(1) : std::nullopt,
                              whole(1, 3));
      if (v) l[c] = static_cast<std::uint8_t>(*v); else ok = false;
    }
    s.finish();
    return ok ? std::optional<model::Levels>(l) : std::nullopt;
  }

  std::array<double, model::kCompetencies> weights(Section& parent, std::string_view key) {
    std::array<double, model::kCompetencies> w{};
    const toml::node* n = parent.get(key);
    if (n == nullptr) return w;
    if (!n->is_table()) {
      parent.error(n, key, "must be a table like { job_knowledge = 0.5 }, got " + Section::describe(*n));
      return w;
    }
    Section s(n->as_table(), parent.path(key), errors_, file_);
    for (std::size_t c = 0; c < model::kCompetencies; ++c) {
      if (const auto v = s.number(competency_names()[c], 0.0, between(0, 5))) w[c] = *v;
    }
    s.finish();
    return w;
  }

  std::optional<std::array<double, 3>> triple(Section& s, std::string_view key,
                                              std::array<double, 3> fallback, double lo,
                                              double hi) {
    const toml::node* n = s.get(key);
    if (n == nullptr) return fallback;
    const toml::array* a = n->as_array();
    std::array<double, 3> out{};
    bool ok = a != nullptr && a->size() == 3;
    for (std::size_t i = 0; ok && i < 3; ++i) {
      const auto v = (*a)[i].value<double>();
      ok = v && *v >= lo && *v <= hi;
      if (ok) out[i] = *v;
    }
    if (!ok) {
      s.error(n, key, "must be three numbers (levels 1, 2, 3) between " + fmt(lo) + " and " + fmt(hi));
      return std::nullopt;
    }
    return out;
  }

  // A list of names, each one of `known` (roles or call types). `if_empty`, when given, makes
  // an empty list an error and says why: `eligible = []` used to fail validation with no
  // line, and an event's `call_types = []` silently meant every call type.
  std::vector<std::string> names(Section& s, std::string_view key,
                                 const std::vector<std::string>& known, const char* what,
                                 bool required, const char* if_empty = nullptr) {
    std::vector<std::string> out;
    const toml::node* n = s.get(key);
    if (n == nullptr) {
      if (required) s.error(nullptr, key, "missing (required)");
      return out;
    }
    const toml::array* a = n->as_array();
    if (a == nullptr) {
      s.error(n, key, std::string("must be an array of ") + what + " names");
      return out;
    }
    if (a->empty() && if_empty != nullptr) {
      s.error(n, key, std::string("must name at least one ") + what + " (" + if_empty + ")");
    }
    for (const auto& x : *a) {
      const auto v = x.value<std::string>();
      if (!v) {
        s.error(&x, key, std::string("must be an array of ") + what + " names");
        continue;
      }
      // No known names: the roles themselves were wrong and reported; one error, not one
      // per reference to them.
      if (known.empty()) continue;
      if (std::find(known.begin(), known.end(), *v) == known.end()) {
        s.error(&x, key, unknown(what, *v, known));
        continue;
      }
      out.push_back(*v);
    }
    return out;
  }

  InputErrors& errors_;
  std::string file_;
};

// toml::parse(text), after toml_text_problem(): what would crash toml++ is an input error.
std::optional<toml::table> parse_toml(const std::string& text, const std::string& source,
                                      const Limits& limits, InputErrors& errors) {
  if (auto p = toml_text_problem(text, limits)) {
    errors.add(source, p->line, p->column, "", p->message);
    return std::nullopt;
  }
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    errors.add(source, static_cast<int>(e.source().begin.line),
               static_cast<int>(e.source().begin.column), "",
               "TOML syntax: " + std::string(e.description()));
    return std::nullopt;
  }
}

// A scenario file: regular, within the size limit, safe for toml++, valid TOML.
std::optional<toml::table> parse_toml_file(const std::string& file, const Limits& limits,
                                           InputErrors& errors) {
  const auto text = read_input_file(file, limits, errors);
  if (!text) return std::nullopt;
  return parse_toml(*text, file, limits, errors);
}

// Merges `over` into `base`: tables recursively, [[events]] appended, the rest replaced.
// Nodes are moved, never copied: a toml++ copy drops its source region, and with it the
// file that relative table paths resolve against and the line and column of its errors.
void merge(toml::table& base, toml::table&& over, bool top) {
  for (auto&& [k, v] : over) {
    toml::node* b = base.get(k.str());
    if (b != nullptr && b->is_table() && v.is_table()) {
      merge(*b->as_table(), std::move(*v.as_table()), false);
    } else if (top && k.str() == "events" && b != nullptr && b->is_array() && v.is_array()) {
      for (auto& e : *v.as_array()) b->as_array()->push_back(std::move(e));
    } else {
      base.insert_or_assign(k, std::move(v));
    }
  }
}

// Sets the value at a dotted path ("call_types.outage.priority"): elements of an array of
// tables ([[call_types]], [[roles]]) are addressed by their name, missing tables are made.
// Errors go to `at`, under `field` (the path as the user wrote it). The value is moved,
// not copied: a toml++ copy drops the source region that says where it was written.
void set_path(toml::table& root, const std::string& path, toml::node& value, const Where& at,
              const std::string& field, const Limits& limits, InputErrors& errors) {
  const auto fail = [&](const std::string& why) {
    errors.add(at.file, at.line, at.column, field, why);
  };
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
  if (parts.empty() || std::any_of(parts.begin(), parts.end(), [](const auto& p) { return p.empty(); })) {
    fail("must be a dotted key path such as center.absenteeism");
    return;
  }
  if (parts.size() > limits.max_toml_depth) {  // each part would be a nested table
    fail("a key of more than " + std::to_string(limits.max_toml_depth) + " dotted parts (the limit)");
    return;
  }
  toml::table* t = &root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    toml::node* n = t->get(parts[i]);
    if (n != nullptr && n->is_array()) {  // [[call_types]] / [[roles]] by name
      toml::table* found = nullptr;
      std::vector<std::string> names;
      for (auto& e : *n->as_array()) {
        auto* et = e.as_table();
        const auto name = et != nullptr ? (*et)["name"].value<std::string>() : std::nullopt;
        if (name) names.push_back(*name);
        if (name == parts[i + 1]) found = et;
      }
      if (found == nullptr) {
        fail(unknown(parts[i] + " element", parts[i + 1], names));
        return;
      }
      t = found;
      ++i;
      if (i + 1 >= parts.size()) {
        fail("names an element, not a field");
        return;
      }
      continue;
    }
    if (n == nullptr) {
      t->insert(parts[i], toml::table{});
      n = t->get(parts[i]);
    }
    if (!n->is_table()) {
      fail("'" + parts[i] + "' is not a table");
      return;
    }
    t = n->as_table();
  }
  t->insert_or_assign(parts.back(), std::move(value));
}

// Applies "--set key.path=value".
void apply_override(toml::table& root, const std::string& text, const Limits& limits,
                    InputErrors& errors) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    errors.add("--set", 0, 0, text, "must be key.path=value");
    return;
  }
  const std::string path = text.substr(0, eq), value = text.substr(eq + 1);
  InputErrors not_shown;  // "cannot read value" says it for --set
  auto parsed = parse_toml("v = " + value, "--set", limits, not_shown);
  if (!parsed) {  // a bare word is a string
    parsed = parse_toml("v = \"" + value + "\"", "--set", limits, not_shown);
  }
  if (!parsed) {
    errors.add("--set", 0, 0, path, "cannot read value '" + value + "'");
    return;
  }
  set_path(root, path, *parsed->get("v"), {"--set", 0, 0}, path, limits, errors);
}

// A scenario's own `[patch]` table: "key.path" = value entries applied like --set, after
// the file is merged onto its base, so that a scenario extending another can change one
// call type or role by name without copying the whole list. Removed from the document.
void apply_patch(toml::table& doc, const std::string& file, const Limits& limits,
                 InputErrors& errors) {
  toml::node* p = doc.get("patch");
  if (p == nullptr) return;
  if (!p->is_table()) {
    const Where w = where(p, file);
    errors.add(w.file, w.line, w.column, "patch",
               "must be a table of \"key.path\" = value entries ([patch])");
    doc.erase("patch");
    return;
  }
  toml::table patch = std::move(*p->as_table());
  doc.erase("patch");
  for (auto&& [key, value] : patch) {
    const std::string path(key.str());
    set_path(doc, path, value, where(&value, file), "patch." + path, limits, errors);
  }
}

// Parses `file`, following `base = "..."` (a scenario it extends) up to 8 levels deep.
// `chain` holds the files that extend `file`: a base among them is a loop, reported as one
// (it used to show as "too deeply" at a path like a/./././scenario.toml).
std::optional<toml::table> parse_with_base(const fs::path& file, InputErrors& errors,
                                           std::vector<fs::path> chain, const Limits& limits) {
  auto parsed = parse_toml_file(file.string(), limits, errors);
  if (!parsed) return std::nullopt;
  toml::table& t = *parsed;
  toml::node* b = t.get("base");
  if (b == nullptr) {
    apply_patch(t, file.string(), limits, errors);
    return parsed;  // moved: a copy of a toml++ node drops its source
  }
  const auto base_name = b->value<std::string>();
  const Where w = where(b, file.string());
  if (!base_name) {
    errors.add(w.file, w.line, w.column, "base", "must be the path of a scenario file");
    return std::nullopt;
  }
  const fs::path base_file = (file.parent_path() / *base_name).lexically_normal();
  chain.push_back(file);
  for (const fs::path& f : chain) {
    std::error_code ec;
    if (fs::equivalent(f, base_file, ec)) {
      errors.add(w.file, w.line, w.column, "base",
                 "\"" + *base_name + "\" leads back to " + f.string() +
                     ": scenarios cannot extend each other in a loop");
      return std::nullopt;
    }
  }
  if (chain.size() > 8) {
    errors.add(w.file, w.line, w.column, "base", "scenarios extend each other too deeply (> 8)");
    return std::nullopt;
  }
  // Reported here, at the base key, so that the message names the file that refers to it.
  if (!fs::exists(base_file)) {
    errors.add(w.file, w.line, w.column, "base",
               "file not found: " + base_file.string() + " (the path is relative to this file)");
    return std::nullopt;
  }
  auto base = parse_with_base(base_file, errors, std::move(chain), limits);
  if (!base) return std::nullopt;
  t.erase("base");
  toml::node* patch = t.get("patch");
  if (patch != nullptr) {  // applied after this file's own keys, not merged as one
    base->insert_or_assign("patch", std::move(*patch));
    t.erase("patch");
  }
  merge(*base, std::move(t), true);
  apply_patch(*base, file.string(), limits, errors);
  return base;
}

// Bounds on the scenario as a whole, once every table and event is in.
void check_totals(const toml::table& doc, const Center& c, const Limits& limits,
                  const std::string& fname, InputErrors& errors) {
  auto error_at = [&](const toml::node* n, const std::string& field, const std::string& why) {
    const Where w = where(n, fname);
    errors.add(w.file, w.line, w.column, field, why);
  };
  double calls = 0;
  for (const auto& row : c.arrivals) {
    for (double x : row) calls += x;
  }
  if (!(calls <= limits.max_calls_per_day)) {  // also NaN: surges of 0 and inf
    error_at(doc["forecast"].node(), "forecast",
             (std::isfinite(calls) ? fmt(std::round(calls)) : std::string("too many")) +
                 " calls expected per replication (after surges), more than " +
                 fmt(limits.max_calls_per_day) + kCallsLimitWhy);
  }
  // Talk time = work x the competency factor x the slowdowns in force: each factor bounded,
  // so that the documented ranges (multipliers up to 10, weights up to 5) cannot stretch
  // talk time by 10^40.
  const auto& m = c.effects.handle_multiplier;
  bool slowdowns_reported = false;  // once: they usually cover several call types
  for (std::size_t t = 0; t < c.call_types.size(); ++t) {
    double lo = 1, hi = 1;
    for (double w : c.call_types[t].handle_weights) {
      const double a = std::pow(m[0], w), b = std::pow(m[1], w), d = std::pow(m[2], w);
      lo *= std::min({a, b, d});
      hi *= std::max({a, b, d});
    }
    if (hi > kMaxHandleFactor || lo < 1 / kMaxHandleFactor) {
      error_at(doc["call_types"][t]["handle_weights"].node(),
               "call_types." + c.call_types[t].name + ".handle_weights",
               "with competency_effects.handle_multiplier [" + fmt(m[0]) + ", " + fmt(m[1]) +
                   ", " + fmt(m[2]) + "] these weights scale talk time by " + fmt(lo) + " to " +
                   fmt(hi) + " by the agent's levels; the factor must stay within " +
                   fmt(1 / kMaxHandleFactor) + " and " + fmt(kMaxHandleFactor));
    }
    for (const model::Slowdown& s : c.slowdowns) {
      if (slowdowns_reported) break;
      double in_force = 1;
      for (const model::Slowdown& o : c.slowdowns) {
        if ((o.call_types >> t & 1u) && o.start_s <= s.start_s && s.start_s < o.end_s) {
          in_force *= o.multiplier;
        }
      }
      if ((s.call_types >> t & 1u) && in_force > kMaxSlowdown) {
        error_at(doc["events"].node(), "events",
                 "slowdowns in force together at " + hms(s.start_s) +
                     " multiply the talk time of " + c.call_types[t].name + " by " +
                     fmt(in_force) + "; at most " + fmt(kMaxSlowdown) + " in all");
        slowdowns_reported = true;
      }
    }
  }
}

// Reads the merged document into a Scenario, one table after another; every problem goes
// to `errors`. A table read after another may use what it found (role names, call type
// names, opening hours).
class ScenarioReader {
 public:
  ScenarioReader(toml::table& doc, const fs::path& file, const Limits& limits, InputErrors& errors)
      : doc_(doc), file_(file.string()), limits_(limits), errors_(errors), L_(errors, file_),
        root_(&doc, "", errors, file_) {
    sc_.file = file;
  }

  std::optional<Scenario> read() {
    read_meta();
    read_center();
    read_roles();
    read_call_types();
    read_routing();
    read_customers();
    read_callbacks();
    read_effects();
    read_floor_support();
    read_busyness();
    read_chat();
    read_written();
    read_outbound();
    const bool header_ok = errors_.empty();  // the tables need the header's names and hours
    read_forecast(header_ok);
    read_roster(header_ok);
    read_staffing(header_ok);
    read_events();
    read_schedule();
    read_goals();
    root_.get("base");
    root_.finish();
    if (errors_.empty()) check_totals(doc_, sc_.center, limits_, file_, errors_);
    if (errors_.empty()) {
      const std::string why = sc_.center.validate();
      if (!why.empty()) errors_.add(file_, 0, 0, "", why);
    }
    if (!errors_.empty()) return std::nullopt;
    return std::move(sc_);
  }

 private:
  // A name goes into error labels (call_types.<name>.fcr) only if it is fit to print.
  bool usable(const std::string& n) const {
    return name_problem(n, limits_.max_name_chars, NameUse::column).empty();
  }
  // "roles.<name>", or "roles[<index>]" for a name unfit to print.
  std::string label(const char* array, const std::string& name, int index) const {
    return usable(name) ? std::string(array) + "." + name
                        : std::string(array) + "[" + std::to_string(index) + "]";
  }
  // A role's or call type's own name: fit for the outputs and not taken by an earlier one
  // (only the later element is the duplicate).
  std::optional<std::string> own_name(Section& s, const std::vector<std::string>& earlier,
                                      const char* what, NameUse use = NameUse::column) {
    const auto name = s.string("name", std::nullopt);
    if (!name) return name;
    if (const std::string why = name_problem(*name, limits_.max_name_chars, use); !why.empty()) {
      s.error(s.get("name"), "name", why);
    } else if (std::find(earlier.begin(), earlier.end(), *name) != earlier.end()) {
      s.error(s.get("name"), "name", std::string("duplicate ") + what + " '" + *name + "'");
    }
    return name;
  }
  model::RoleMask roles_mask(const std::vector<std::string>& names) const {
    model::RoleMask m = 0;
    for (const auto& n : names) {
      const auto it = std::find(role_names_.begin(), role_names_.end(), n);
      m |= model::RoleMask{1} << (it - role_names_.begin());
    }
    return m;
  }

  void read_meta() {
    Section meta(root_.subtable("scenario", false), "scenario", errors_, file_);
    sc_.name = meta.string("name", fs::path(file_).parent_path().filename().string()).value_or("");
    if (const toml::node* n = meta.get("name"); n != nullptr && n->is_string()) {
      const std::string why = name_problem(sc_.name, limits_.max_name_chars, NameUse::title);
      if (!why.empty()) meta.error(n, "name", why);
    }
    sc_.description = meta.string("description", "").value_or("");
    meta.finish();
  }

  void read_center() {
    Center& c = sc_.center;
    Section center(root_.subtable("center", true), "center", errors_, file_);
    open_ = center.time("open", std::nullopt);
    close_ = center.time("close", std::nullopt);
    const auto interval_min = center.number("interval_min", 30.0, whole(1, 240));
    sc_.sl_threshold_s = center.number("service_level_threshold_s", 30.0, duration(0)).value_or(30);
    read_day_end(center, c);
    c.trunks = static_cast<std::size_t>(center.number("trunks", 0.0, whole(0, 1e7)).value_or(0));
    c.queue_capacity =
        static_cast<std::size_t>(center.number("queue_capacity", 0.0, whole(0, 1e7)).value_or(0));
    c.absenteeism = center.number("absenteeism", 0.0, between(0, 0.95)).value_or(0);
    if (open_ && close_ && *close_ <= *open_) {
      center.error(center.get("close"), "close", "must be after open (" + hms(*open_) + ")");
    }
    if (open_ && close_ && interval_min && *close_ > *open_) {
      const double span = *close_ - *open_, len = *interval_min * 60.0;
      if (std::fmod(span, len) != 0.0) {
        center.error(center.get("interval_min"), "interval_min",
                     "must divide the opening hours (" + fmt(span / 60) + " min) evenly, got " +
                         fmt(*interval_min));
      }
    }
    center.finish();
    c.open_s = open_.value_or(8 * 3600.0);
    c.close_s = close_.value_or(c.open_s + 3600.0);
    c.interval_s = interval_min.value_or(30) * 60.0;
    if (c.close_s <= c.open_s) c.close_s = c.open_s + c.interval_s;
  }

  // [center] at_close (or serve_after_close, its old boolean name) and the shift-end policy;
  // the defaults are the model's (config.h).
  void read_day_end(Section& center, Center& c) {
    const auto at_close = center.choice("at_close", "serve", {"serve", "clear", "call_back"});
    if (at_close) {
      c.at_close = *at_close == "clear"       ? model::AtClose::clear
                   : *at_close == "call_back" ? model::AtClose::call_back
                                              : model::AtClose::serve;
    }
    if (const toml::node* old = center.get("serve_after_close")) {
      if (center.get("at_close") != nullptr) {
        center.error(old, "serve_after_close", "the old name of at_close: give at_close only");
      } else if (const auto serve = center.boolean("serve_after_close", true)) {
        c.at_close = *serve ? model::AtClose::serve : model::AtClose::clear;
      }
    }
    const model::ShiftEndPolicy d;
    const auto end = center.choice("shift_end", "finish_call", {"finish_call", "clear_queue"});
    if (end == "clear_queue") c.shift_end.action = model::ShiftEnd::clear_queue;
    const auto limit = center.number("shift_end_clear_limit_min", d.clear_limit_s / 60, between(0, 240));
    if (limit) c.shift_end.clear_limit_s = *limit * 60;
    if (limit && *limit > 0 && end == "finish_call") {
      center.error(center.get("shift_end_clear_limit_min"), "shift_end_clear_limit_min",
                   "applies only with shift_end = \"clear_queue\"");
    }
    c.shift_end.overtime_premium =
        center.number("overtime_premium", d.overtime_premium, between(1, 3)).value_or(d.overtime_premium);
  }

  // A role's random shrinkage (model::Shrinkage; its defaults, none). A chance of being late
  // or leaving early, or a rate of time off, needs its mean length.
  model::Shrinkage read_shrinkage(Section& r) {
    const model::Shrinkage d;
    model::Shrinkage s;
    auto minutes = [&r](std::string_view key, double fallback_s) {
      return r.number(key, fallback_s / 60, between(0, 240)).value_or(fallback_s / 60) * 60;
    };
    s.late_probability = r.number("late_probability", d.late_probability, between(0, 1)).value_or(0);
    s.late_mean_s = minutes("late_mean_min", d.late_mean_s);
    s.unplanned_per_hour = r.number("unplanned_per_hour", d.unplanned_per_hour, between(0, 10)).value_or(0);
    s.unplanned_mean_s = minutes("unplanned_mean_min", d.unplanned_mean_s);
    s.break_jitter_s = minutes("break_jitter_min", d.break_jitter_s);
    s.early_probability = r.number("early_probability", d.early_probability, between(0, 1)).value_or(0);
    s.early_mean_s = minutes("early_mean_min", d.early_mean_s);
    const struct {
      double rate;
      const char* mean_key;
    } needs[] = {{s.late_probability, "late_mean_min"},
                 {s.unplanned_per_hour, "unplanned_mean_min"},
                 {s.early_probability, "early_mean_min"}};
    for (const auto& n : needs) {
      const toml::node* mean = r.get(n.mean_key);
      if (!(n.rate > 0)) continue;
      if (mean == nullptr) {
        r.missing(n.mean_key, "missing (required when its probability or rate is > 0)");
      } else if (mean->value<double>() == 0.0) {
        r.error(mean, n.mean_key, "must be > 0 when its probability or rate is > 0, got 0");
      }
    }
    return s;
  }

  void read_roles() {
    const toml::node* rn = root_.get("roles");
    if (rn == nullptr || !rn->is_array_of_tables() || rn->as_array()->empty()) {
      root_.error(rn, "roles", rn ? "must be an array of tables ([[roles]])" : "missing (required)");
      return;
    }
    if (rn->as_array()->size() > model::kMaxRoles) {
      // Before any role is read: role r is bit r of a mask, and the 33rd shifted past its width.
      root_.error(&(*rn->as_array())[model::kMaxRoles], "roles",
                  "at most " + std::to_string(model::kMaxRoles) + " roles, got " +
                      std::to_string(rn->as_array()->size()));
      return;
    }
    int index = 0;
    for (const auto& e : *rn->as_array()) {
      // Named like call types: roles.supervisor.wage_per_hour rather than roles[1]....
      const auto name = (*e.as_table())["name"].value<std::string>();
      Section r(e.as_table(), label("roles", name.value_or(""), index), errors_, file_);
      model::Role role;
      role.name = own_name(r, role_names_, "role").value_or("");
      if (const auto l = L_.levels(r, "levels", true)) role.levels = *l;
      const auto auth = r.choice("authority", "none", {"none", "supervisor", "manager"});
      role.authority = auth == "supervisor" ? model::Authority::supervisor
                       : auth == "manager"  ? model::Authority::manager
                                            : model::Authority::none;
      role.wage_per_hour = r.number("wage_per_hour", std::nullopt, between(0, kMaxWage)).value_or(0);
      role.rank = static_cast<int>(r.number("rank", index, whole(0, 1000)).value_or(index));
      role.shrinkage = read_shrinkage(r);
      role.chat_concurrency = read_chat_concurrency(r);
      r.finish();
      role_names_.push_back(role.name);
      sc_.center.roles.push_back(role);
      ++index;
    }
  }

  // [[call_types]]: names first, so escalation targets may come later in the file.
  void read_call_types() {
    types_node_ = root_.get("call_types");
    const toml::array* types = types_node_ ? types_node_->as_array() : nullptr;
    if (types == nullptr || !types_node_->is_array_of_tables() || types->empty()) {
      root_.error(types_node_, "call_types",
                  types_node_ ? "must be an array of tables ([[call_types]])" : "missing (required)");
      return;
    }
    if (types->size() > kMaxCallTypes) {  // as for roles: type t is bit t of a mask
      root_.error(&(*types)[kMaxCallTypes], "call_types",
                  "at most " + std::to_string(kMaxCallTypes) + " call types, got " +
                      std::to_string(types->size()));
      return;
    }
    for (const auto& e : *types) {
      type_names_.push_back((*e.as_table())["name"].value<std::string>().value_or(""));
    }
    has_types_ = true;
    int index = 0;
    for (const auto& e : *types) {
      Section s(e.as_table(), label("call_types", type_names_[static_cast<std::size_t>(index)], index),
                errors_, file_);
      sc_.center.call_types.push_back(read_call_type(s, index));
      ++index;
    }
  }

  model::CallType read_call_type(Section& s, int index) {
    model::CallType t;
    const std::vector<std::string> earlier(type_names_.begin(), type_names_.begin() + index);
    t.name = own_name(s, earlier, "call type").value_or("");
    shares_.push_back(s.number("share", 0.0, between(0, 1)).value_or(0));
    if (auto w = L_.distribution(s, "work", false, true)) t.work_s = *w;
    if (auto w = L_.distribution(s, "wrap", false, false)) t.wrap_s = *w;
    t.channel = read_channel(s);
    if (t.channel == model::Channel::written) {
      read_written_type(s, t);
    } else if (t.channel == model::Channel::outbound) {
      read_outbound_type(s, t);
    } else if (s.get("patience") != nullptr) {
      t.patience_s = L_.distribution(s, "patience", true, false);
    } else {
      s.error(nullptr, "patience", "missing (required; \"none\" for callers who never hang up)");
    }
    t.priority = static_cast<int>(s.number("priority", 0.0, whole(-1000, 1000)).value_or(0));
    t.eligible = roles_mask(
        L_.names(s, "eligible", role_names_, "role", true, "nobody could take the call"));
    t.overflow = roles_mask(L_.names(s, "overflow", role_names_, "role", false));
    t.overflow_after_s = s.number("overflow_after_s", std::numeric_limits<double>::infinity(),
                                  duration(0)).value_or(0);
    if (t.overflow != 0 && !std::isfinite(t.overflow_after_s)) {
      s.error(s.get("overflow"), "overflow_after_s", "missing (required with overflow roles)");
    }
    t.handle_weights = L_.weights(s, "handle_weights");
    t.fcr = s.number("fcr", 1.0, between(0, 1)).value_or(1);
    t.authority_probability = s.number("authority_probability", 0.0, between(0, 1)).value_or(0);
    const auto auth = s.choice("authority", "supervisor", {"supervisor", "manager"});
    t.authority = auth == "manager" ? model::Authority::manager : model::Authority::supervisor;
    t.irate_probability = s.number("irate_probability", 0.0, between(0, 1)).value_or(0);
    t.pre_escalation_fraction = s.number("pre_escalation_fraction", 0.4, between(0, 1)).value_or(0.4);
    t.error_probability = s.number("error_probability", 0.0, between(0, 1)).value_or(0);
    t.busyness_cv = s.number("busyness_cv", 0.0, busyness_cv()).value_or(0);
    t.role_ranks = read_role_ranks(s, t);
    if (s.get("sl_threshold_s") != nullptr) t.sl_threshold_s = s.number("sl_threshold_s", 0.0, duration(0));
    read_escalation(s, t);
    read_ivr_and_callback_acceptance(s, t);
    read_conference(s, t);
    read_balk(s, t);
    s.finish();
    return t;
  }

  // role_ranks = { role = rank } (issue 19): the type's row of the rank matrix, lower
  // served first (model::CallType::role_ranks); a role left out has rank 1. Only the type's
  // eligible and overflow roles may be ranked: a rank gives no eligibility.
  std::vector<int> read_role_ranks(Section& parent, const model::CallType& t) {
    const toml::node* n = parent.get("role_ranks");
    if (n == nullptr) return {};
    if (!n->is_table()) {
      parent.error(n, "role_ranks",
                   "must be a table like { english = 1, bilingual = 2 }, got " + Section::describe(*n));
      return {};
    }
    Section s(n->as_table(), parent.path("role_ranks"), errors_, file_);
    std::vector<int> ranks(role_names_.size(), 1);
    for (std::size_t r = 0; r < role_names_.size(); ++r) {
      const toml::node* v = s.get(role_names_[r]);
      if (v == nullptr) continue;
      if (!((t.eligible | t.overflow) >> r & 1u)) {
        s.error(v, role_names_[r], "role " + role_names_[r] +
                                       " is neither eligible nor overflow for this call type (a "
                                       "rank orders the roles that may take it)");
        continue;
      }
      ranks[r] = static_cast<int>(s.number(role_names_[r], 1.0, whole(1, 1000)).value_or(1));
    }
    s.finish();
    return ranks;
  }

  // Issue 19: `balk = { wait_s = 120, probability = 0.3 }` (model::CallType::Balk).
  void read_balk(Section& s, model::CallType& t) {
    const toml::table* balk = s.subtable("balk", false);
    if (balk == nullptr) return;
    if (t.channel != model::Channel::phone) {
      s.error(s.get("balk"), "balk", "is for phone calls (a chat or written item hears no wait)");
      return;
    }
    Section b(balk, s.path("balk"), errors_, file_);
    t.balk.wait_s = b.number("wait_s", 0.0, duration(0)).value_or(0);
    t.balk.probability = b.number("probability", std::nullopt, between(0, 1)).value_or(0);
    b.finish();
  }

  // A written type's keys (part E): no patience (a letter never hangs up); its response goal.
  void read_written_type(Section& s, model::CallType& t) {
    if (const toml::node* p = s.get("patience")) {
      s.error(p, "patience", "does not apply to written items (they never hang up): leave it out");
    }
    t.patience_s.reset();
    const model::CallType d;
    t.response_goal_s =
        s.number("response_goal_h", d.response_goal_s / 3600, between(0.5, 720)).value_or(24) * 3600;
  }

  // An outbound type's keys (issue 19): the center places these calls, so no share of the
  // day's calls and no patience; its list (model::OutboundList) is required.
  void read_outbound_type(Section& s, model::CallType& t) {
    if (const toml::node* p = s.get("patience")) {
      s.error(p, "patience", "does not apply to outbound calls (the center places them): leave it out");
    }
    t.patience_s.reset();
    if (!shares_.empty() && shares_.back() > 0) {
      s.error(s.get("share"), "share", "an outbound type has no arrivals: leave share out (or 0)");
    }
    const toml::table* list = s.subtable("outbound", false);
    if (list == nullptr) {
      if (s.get("outbound") == nullptr) {
        s.error(nullptr, "outbound", "missing (required with channel = \"outbound\": the list, "
                "e.g. { list_size = 400 })");
      }
      return;
    }
    Section o(list, s.path("outbound"), errors_, file_);
    const model::OutboundList d;  // the defaults, kept in one place
    model::OutboundList& l = t.outbound;
    l.list_size = static_cast<int>(o.number("list_size", std::nullopt, whole(0, 1000000)).value_or(0));
    l.right_party = o.number("right_party", d.right_party, between(0, 1)).value_or(d.right_party);
    l.no_answer = o.number("no_answer", d.no_answer, between(0, 1)).value_or(d.no_answer);
    if (l.right_party + l.no_answer > 1.0 + 1e-12) {
      o.error(o.get("no_answer"), "no_answer",
              "right_party + no_answer must be <= 1 (the rest is a wrong party or a machine), got " +
                  fmt(l.right_party + l.no_answer));
      l.no_answer = 1.0 - l.right_party;
    }
    l.ring_s = o.number("ring_s", d.ring_s, between(0, 600)).value_or(d.ring_s);
    l.wrong_party_s = o.number("wrong_party_s", d.wrong_party_s, between(0, 3600)).value_or(d.wrong_party_s);
    l.retry_after_s = 60 * o.number("retry_after_min", d.retry_after_s / 60, between(0, 10080))
                               .value_or(d.retry_after_s / 60);
    l.max_attempts = static_cast<int>(o.number("max_attempts", d.max_attempts, whole(1, 15)).value_or(1));
    o.finish();
  }

  // Calls per interval of an outbound type (issue 19) in the forecast file: the center
  // places those calls, so expected arrivals would be silently ignored; refused instead.
  void refuse_outbound_calls(Section& s) {
    const auto& types = sc_.center.call_types;
    for (std::size_t t = 0; t < types.size() && t < sc_.center.arrivals.size(); ++t) {
      const auto& row = sc_.center.arrivals[t];
      if (types[t].channel == model::Channel::outbound &&
          std::any_of(row.begin(), row.end(), [](double x) { return x > 0; })) {
        s.error(s.get("file"), "file", "gives calls to outbound call type " + types[t].name +
                                           " (the center places them): leave it out of the file");
      }
    }
  }

  // [outbound]: the dialer's blending rule (model::OutboundRules).
  void read_outbound() {
    Section s(root_.subtable("outbound", false), "outbound", errors_, file_);
    sc_.center.outbound.idle_reserve =
        static_cast<int>(s.number("idle_reserve", 0.0, whole(0, 1000)).value_or(0));
    s.finish();
  }

  // [written]: who works written items and the blending rule (model::WrittenRules).
  void read_written() {
    Section s(root_.subtable("written", false), "written", errors_, file_);
    model::WrittenRules& w = sc_.center.written;
    w.dedicated = roles_mask(L_.names(s, "dedicated_roles", role_names_, "role", false));
    w.idle_reserve = static_cast<int>(s.number("idle_reserve", 0.0, whole(0, 1000)).value_or(0));
    for (const model::CallType& t : sc_.center.call_types) {
      if (t.channel != model::Channel::written && t.eligible != 0 && (t.eligible & ~w.dedicated) == 0) {
        s.error(s.get("dedicated_roles"), "dedicated_roles",
                "leaves call type " + t.name + " with no role to take it (dedicated roles take "
                "written items only)");
      }
    }
    read_starting_backlog(s, w);
    s.finish();
  }

  // written.starting_backlog = [{ call_type = "email", count = 120, age_h = 20 }, ...]: items
  // waiting at the first day's opening, `age_h` old then.
  void read_starting_backlog(Section& s, model::WrittenRules& w) {
    const toml::node* n = s.get("starting_backlog");
    if (n == nullptr) return;
    const char* shape = "must be an array of tables ({ call_type = \"...\", count = N, age_h = H })";
    if (!n->is_array()) {
      s.error(n, "starting_backlog", shape);
      return;
    }
    int index = 0;
    for (const auto& e : *n->as_array()) {
      const std::string path = "written.starting_backlog[" + std::to_string(index++) + "]";
      if (!e.is_table()) {
        s.error(&e, "starting_backlog", shape);
        continue;
      }
      Section b(e.as_table(), path, errors_, file_);
      const auto name = b.string("call_type", std::nullopt);
      const auto count = b.number("count", std::nullopt, whole(1, 100000));
      const double age_h = b.number("age_h", 0.0, between(0, 8760)).value_or(0);
      b.finish();
      if (!name || !count || type_names_.empty()) continue;
      const auto it = std::find(type_names_.begin(), type_names_.end(), *name);
      const auto type = static_cast<std::size_t>(it - type_names_.begin());
      if (it == type_names_.end()) {
        b.error(b.get("call_type"), "call_type", unknown("call type", *name, type_names_));
      } else if (type >= sc_.center.call_types.size() ||
                 sc_.center.call_types[type].channel != model::Channel::written) {
        b.error(b.get("call_type"), "call_type", "must be a written call type (channel = \"written\"), got " + *name);
      } else {
        w.starting_backlog.insert(w.starting_backlog.end(), static_cast<std::size_t>(*count),
                                  {static_cast<int>(type), age_h * 3600});
      }
    }
  }

  void read_escalation(Section& s, model::CallType& t) {
    const auto esc = s.string("escalation_type", "");
    if (esc && !esc->empty()) {
      const auto it = std::find(type_names_.begin(), type_names_.end(), *esc);
      if (it == type_names_.end()) {
        s.error(s.get("escalation_type"), "escalation_type", unknown("call type", *esc, type_names_));
      } else if (*esc == t.name) {
        s.error(s.get("escalation_type"), "escalation_type", "must be another call type");
      } else {
        t.escalation_type = static_cast<int>(it - type_names_.begin());
      }
    }
    if ((t.authority_probability > 0 || t.irate_probability > 0) && t.escalation_type < 0 &&
        esc && esc->empty()) {  // a wrong one is reported above, not also as missing
      s.error(nullptr, "escalation_type",
              "missing (required when authority_probability or irate_probability > 0)");
    }
  }

  // Part C: `ivr = { time = <distribution>, containment = 0.3 }` and callback_acceptance.
  void read_ivr_and_callback_acceptance(Section& s, model::CallType& t) {
    t.callback_acceptance = s.number("callback_acceptance", 0.0, between(0, 1)).value_or(0);
    const toml::table* ivr = s.subtable("ivr", false);
    if (ivr == nullptr) return;
    Section v(ivr, s.path("ivr"), errors_, file_);
    model::Ivr out;
    if (auto time = L_.distribution(v, "time", false, true)) out.time_s = *time;
    out.containment = v.number("containment", 0.0, between(0, 1)).value_or(0);
    v.finish();
    t.ivr = out;
  }

  // Issue 19: `conference = { probability = 0.1, roles = ["supervisor"], time = <distribution> }`.
  void read_conference(Section& s, model::CallType& t) {
    const toml::table* conf = s.subtable("conference", false);
    if (conf == nullptr) return;
    Section v(conf, s.path("conference"), errors_, file_);
    model::Conference out;
    out.probability = v.number("probability", std::nullopt, between(0, 1)).value_or(0);
    out.roles = roles_mask(L_.names(v, "roles", role_names_, "role", true, "nobody could join"));
    if (auto time = L_.distribution(v, "time", false, true)) out.time_s = *time;
    v.finish();
    if (t.channel == model::Channel::written) {
      s.error(conf, "conference", "does not apply to written items (nobody is on the line)");
    }
    t.conference = out;
  }

  // [callbacks] (part C): virtual hold for phone calls; model::Callbacks has the rules.
  void read_callbacks() {
    const model::Callbacks d;  // the defaults, kept in one place
    Section s(root_.subtable("callbacks", false), "callbacks", errors_, file_);
    model::Callbacks& c = sc_.center.callbacks;
    c.enabled = s.boolean("enabled", d.enabled).value_or(false);
    c.offer_when_wait_above_s =
        s.number("offer_when_wait_above_s", d.offer_when_wait_above_s, between(0, 14400))
            .value_or(d.offer_when_wait_above_s);
    c.answer_probability =
        s.number("answer_probability", d.answer_probability, between(0, 1)).value_or(d.answer_probability);
    c.handle_multiplier =
        s.number("handle_multiplier", d.handle_multiplier, between(0.1, 10)).value_or(d.handle_multiplier);
    c.callback_patience_s =
        60 * s.number("callback_patience_min", d.callback_patience_s / 60, between(1, 1440))
                 .value_or(d.callback_patience_s / 60);
    c.callback_priority_after_s =
        60 * s.number("callback_priority_after_min", d.callback_priority_after_s / 60,
                      between(0, 1440))
                 .value_or(d.callback_priority_after_s / 60);
    s.finish();
  }

  std::optional<model::Routing> routing(Section& s) {
    const auto sel =
        s.choice("agent_selection", "longest_idle", {"longest_idle", "least_qualified_first", "random"});
    const auto pri = s.boolean("honour_priorities", true);
    if (!sel || !pri) return std::nullopt;
    return model::Routing{sel == "least_qualified_first" ? model::AgentSelection::least_qualified_first
                          : sel == "random"              ? model::AgentSelection::random
                                                         : model::AgentSelection::longest_idle,
                          *pri};
  }

  void read_routing() {
    Section s(root_.subtable("routing", false), "routing", errors_, file_);
    if (const auto r = routing(s)) sc_.center.routing = *r;
    s.finish();
  }

  void read_customers() {
    Section s(root_.subtable("customers", false), "customers", errors_, file_);
    model::Customers& cu = sc_.center.customers;
    cu.short_abandon_s = s.number("short_abandon_s", 5.0, duration(0)).value_or(5);
    cu.redial_probability = s.number("redial_probability", 0.0, between(0, 1)).value_or(0);
    cu.max_attempts = static_cast<int>(s.number("max_attempts", 4.0, whole(1, 15)).value_or(4));
    if (auto d = L_.distribution(s, "redial_delay", false, false)) cu.redial_delay_s = *d;
    if (auto d = L_.distribution(s, "repeat_delay", false, false)) cu.repeat_delay_s = *d;
    if (auto d = L_.distribution(s, "error_repeat_delay", false, false)) cu.error_repeat_delay_s = *d;
    cu.retrial_keeps_issue = s.boolean("retrial_keeps_issue", false).value_or(false);
    s.finish();
  }

  // [busyness]: arrival-rate uncertainty (model/busyness.h).
  void read_busyness() {
    Section s(root_.subtable("busyness", false), "busyness", errors_, file_);
    model::Busyness& b = sc_.center.busyness;
    b.day_cv = s.number("day_cv", 0.0, busyness_cv()).value_or(0);
    b.interval_cv = s.number("interval_cv", 0.0, busyness_cv()).value_or(0);
    b.interval_correlation = s.number("interval_correlation", 0.0, [](double x) {
      return x >= 0 && x < 1 ? "" : std::string("must be >= 0 and < 1");
    }).value_or(0);
    s.finish();
  }

  // --- chat (part D); `channel` is read here for every part ---
  model::Channel read_channel(Section& s) {
    const auto c = s.choice("channel", "phone", {"phone", "chat", "written", "outbound"});
    return c == "chat" ? model::Channel::chat
           : c == "written" ? model::Channel::written
           : c == "outbound" ? model::Channel::outbound
                            : model::Channel::phone;
  }
  int read_chat_concurrency(Section& r) {
    return static_cast<int>(
        r.number("chat_concurrency", 1.0, whole(1, model::kMaxChatConcurrency)).value_or(1));
  }
  void read_chat() {
    Section s(root_.subtable("chat", false), "chat", errors_, file_);
    sc_.center.chat.slowdown_per_extra =
        s.number("slowdown_per_extra", 0.0, between(0, 2)).value_or(0);
    s.finish();
  }

  void read_effects() {
    Section s(root_.subtable("competency_effects", false), "competency_effects", errors_, file_);
    model::CompetencyEffects& fx = sc_.center.effects;
    if (auto v = L_.triple(s, "handle_multiplier", fx.handle_multiplier, 0.1, 10)) fx.handle_multiplier = *v;
    if (auto v = L_.triple(s, "wrap_multiplier", fx.wrap_multiplier, 0.1, 10)) fx.wrap_multiplier = *v;
    if (auto v = L_.triple(s, "irate_transfer", fx.irate_transfer, 0, 1)) fx.irate_transfer = *v;
    if (auto v = L_.triple(s, "error_multiplier", fx.error_multiplier, 0, 100)) fx.error_multiplier = *v;
    fx.fcr_per_level = s.number("fcr_per_level", fx.fcr_per_level, between(0, 1)).value_or(0);
    // Issue 17: escalation by competency, floor support, the learning curve.
    if (auto v = L_.triple(s, "escalation_multiplier", fx.escalation_multiplier, 0, 100)) {
      fx.escalation_multiplier = *v;
    }
    if (auto v = L_.triple(s, "assist_probability", fx.assist_probability, 0, 1)) {
      fx.assist_probability = *v;
    }
    fx.learning_weeks =
        s.number("learning_weeks", fx.learning_weeks, between(0.1, kMaxTenureWeeks)).value_or(1);
    s.finish();
  }

  // [floor_support]: how long an assist takes and who gives one (issue 17).
  void read_floor_support() {
    Section s(root_.subtable("floor_support", false), "floor_support", errors_, file_);
    model::FloorSupport& f = sc_.center.floor_support;
    if (auto d = L_.distribution(s, "assist", false, false)) f.assist_s = *d;
    f.min_supervision = static_cast<int>(
        s.number("min_supervision", f.min_supervision, whole(1, 3)).value_or(2));
    s.finish();
  }

  // [forecast]: calls per interval and call type (file), or a day's calls spread by a
  // profile and the call types' shares (profile_file with daily_calls).
  void read_forecast(bool header_ok) {
    Section s(root_.subtable("forecast", true), "forecast", errors_, file_);
    const auto per_type = s.string("file", "");
    const auto profile = s.string("profile_file", "");
    const auto daily = s.get("daily_calls");
    // Neither and both used to get the same "not both" message.
    if (per_type && profile && per_type->empty() && profile->empty()) {
      s.missing("file", "missing (required): give file (calls per interval and call type) or "
                        "profile_file with daily_calls");
    } else if (per_type && profile && !per_type->empty() && !profile->empty()) {
      s.error(nullptr, "file", "give either file (calls per interval and call type) or "
                               "profile_file with daily_calls, not both");
    } else if (header_ok && per_type && !per_type->empty()) {
      if (auto calls = scenario::read_forecast(resolve_path(s, "file", *per_type), sc_.center,
                                               type_names_, limits_, errors_)) {
        sc_.center.arrivals = std::move(*calls);
        refuse_outbound_calls(s);
      }
    } else if (profile && !profile->empty()) {
      read_profile_forecast(s, *profile, header_ok);
    }
    if (daily != nullptr && per_type && !per_type->empty() && profile && profile->empty()) {
      s.error(daily, "daily_calls", "only used with profile_file");
    }
    s.finish();
  }

  void read_profile_forecast(Section& s, const std::string& profile, bool header_ok) {
    const auto total = s.number("daily_calls", std::nullopt, [&](double x) {
      const double most = limits_.max_calls_per_day;
      return between(0, most)(x) + (x > most ? kCallsLimitWhy : "");
    });
    double sum = 0;
    for (double x : shares_) sum += x;
    if (has_types_ && std::fabs(sum - 1.0) > 1e-6) {
      root_.error(types_node_, "call_types", "shares must sum to 1, they sum to " + fmt(sum));
    }
    if (!header_ok || !total) return;
    const auto p = read_profile(resolve_path(s, "profile_file", profile), sc_.center, limits_, errors_);
    if (!p) return;
    for (double share : shares_) {
      std::vector<double> row(p->size());
      for (std::size_t i = 0; i < p->size(); ++i) row[i] = *total * share * (*p)[i];
      sc_.center.arrivals.push_back(std::move(row));
    }
  }

  void read_roster(bool header_ok) {
    // Issue 19: a center staffed by count alone ([[staffing]]) needs no roster file.
    const toml::table* t = root_.subtable("roster", doc_.get("staffing") == nullptr);
    if (t == nullptr && doc_.get("staffing") != nullptr) return;
    Section s(t, "roster", errors_, file_);
    const auto roster = s.string("file", std::nullopt);
    if (header_ok && roster) {
      if (auto agents = scenario::read_roster(resolve_path(s, "file", *roster), sc_.center,
                                              role_names_, limits_, errors_)) {
        sc_.center.agents = std::move(*agents);
      }
    }
    s.finish();
  }

  // Issue 19: `[[staffing]]` with `role = "rep_1"` and `counts = [4, 6, ...]`, one whole
  // number per interval of the opening hours: a role staffed by count, besides (or instead
  // of) the roster's named shifts (model::add_staff_counts says how a drop is taken).
  void read_staffing(bool header_ok) {
    const toml::node* n = root_.get("staffing");
    if (n == nullptr) return;
    if (!n->is_array_of_tables()) {
      root_.error(n, "staffing", "must be an array of tables ([[staffing]])");
      return;
    }
    const std::size_t intervals = header_ok ? sc_.center.intervals() : 0;
    std::vector<std::string> seen;
    int index = 0;
    for (const auto& e : *n->as_array()) {
      Section s(e.as_table(), "staffing[" + std::to_string(index++) + "]", errors_, file_);
      const auto role = s.string("role", std::nullopt);
      const auto it = role ? std::find(role_names_.begin(), role_names_.end(), *role) : role_names_.end();
      if (role && it == role_names_.end()) s.error(s.get("role"), "role", unknown("role", *role, role_names_));
      if (role && std::find(seen.begin(), seen.end(), *role) != seen.end()) {
        s.error(s.get("role"), "role", "role " + *role + " is already staffed by count above");
      }
      if (role) seen.push_back(*role);
      const std::vector<int> counts = staff_counts(s, intervals);
      s.finish();
      if (it != role_names_.end() && header_ok && counts.size() == intervals && errors_.empty()) {
        model::add_staff_counts(sc_.center, static_cast<int>(it - role_names_.begin()), counts);
      }
    }
  }

  // `counts`: one whole number 0..max_agents per interval; empty when wrong (reported).
  std::vector<int> staff_counts(Section& s, std::size_t intervals) {
    const toml::node* n = s.get("counts");
    if (n == nullptr) {
      s.error(nullptr, "counts", "missing (required)");
      return {};
    }
    const toml::array* a = n->as_array();
    const std::string shape = "must be " + std::to_string(intervals) +
                              " whole numbers of agents, one per interval of the opening hours";
    if (a == nullptr || (intervals > 0 && a->size() != intervals)) {
      s.error(n, "counts", shape + (a ? ", got " + std::to_string(a->size()) : std::string()));
      return {};
    }
    std::vector<int> out;
    for (const auto& v : *a) {
      const auto x = v.value<double>();
      if (!x || *x < 0 || *x != std::floor(*x) || *x > static_cast<double>(limits_.max_agents)) {
        s.error(&v, "counts", shape + " (0 to " + std::to_string(limits_.max_agents) + "), got " +
                                  (x ? fmt(*x) : std::string("a non-number")));
        return {};
      }
      out.push_back(static_cast<int>(*x));
    }
    return out;
  }

  // [[events]]: the trainer's timed changes.
  void read_events() {
    const toml::node* en = root_.get("events");
    if (en == nullptr) return;
    if (!en->is_array_of_tables()) {
      root_.error(en, "events", "must be an array of tables ([[events]])");
      return;
    }
    int index = 0;
    for (const auto& e : *en->as_array()) {
      Section s(e.as_table(), "events[" + std::to_string(index++) + "]", errors_, file_);
      const auto kind =
          s.choice("kind", "", {"surge", "slowdown", "staff", "routing", "ivr_message"});
      if (kind == "ivr_message") {
        read_ivr_message(s);
      } else if (kind == "surge" || kind == "slowdown") {
        read_surge_or_slowdown(s, *kind);
      } else if (kind == "staff") {
        read_staff_event(s);
      } else if (kind == "routing") {
        read_routing_event(s);
      }
      if (kind) s.finish();  // an unknown kind asked for no key: do not list them all
    }
  }

  // Records an event for `ccsim check` ("09:30-12:00  surge: outage calls x8"; a routing
  // change has one time) and for the reports, from the one set of facts.
  void note_event(const std::string& kind, double start_s, double end_s, std::string what) {
    sc_.event_notes.push_back({kind, start_s, end_s, std::move(what)});
    sc_.events.push_back(in_words(sc_.event_notes.back()));
  }

  // [goals]: what the reports judge intervals by; shares strictly between 0 and 1 (a goal
  // of 100 % or 0 % would flag every interval or none).
  void read_goals() {
    const Goals d;  // the defaults, kept in one place
    Section s(root_.subtable("goals", false), "goals", errors_, file_);
    const auto share = [](double x) -> std::string {
      return x > 0 && x < 1 ? "" : "must be a share strictly between 0 and 1 (0.8 for 80 %)";
    };
    sc_.goals.service_level = s.number("service_level", d.service_level, share).value_or(d.service_level);
    sc_.goals.abandonment_rate =
        s.number("abandonment_rate", d.abandonment_rate, share).value_or(d.abandonment_rate);
    s.finish();
  }

  // An event wholly outside opening hours used to be accepted and change nothing.
  void outside(Section& s, std::string_view key, const std::string& what, bool outside_hours,
               const std::string& hint = "") {
    const Center& c = sc_.center;
    if (open_ && close_ && outside_hours) {
      s.error(s.get(key), key, what + " lies outside opening hours " + hms(c.open_s) + "-" +
                                   hms(c.close_s) + hint);
    }
  }

  // start and end of a surge, slowdown or staff change; nullopt if wrong (reported).
  std::optional<std::pair<double, double>> window(Section& s) {
    const auto start = s.time("start", std::nullopt), end = s.time("end", std::nullopt);
    if (!start || !end) return std::nullopt;
    if (*end <= *start) {
      s.error(s.get("end"), "end", "must be after start (" + hms(*start) + ")");
      return std::nullopt;
    }
    outside(s, "start", "the event " + hms(*start) + "-" + hms(*end),
            *start >= sc_.center.close_s || *end <= sc_.center.open_s);
    return std::pair{*start, *end};
  }

  // The event's call_types as a mask (all when left out), and their names.
  std::uint64_t event_types(Section& s, std::vector<std::string>& names) {
    names = L_.names(s, "call_types", type_names_, "call type", false,
                     "leave call_types out for all of them");
    std::uint64_t mask = names.empty() ? ~std::uint64_t{0} : 0;
    for (const auto& nm : names) {
      mask |= std::uint64_t{1} << (std::find(type_names_.begin(), type_names_.end(), nm) - type_names_.begin());
    }
    return mask;
  }

  // kind = "ivr_message" (part C): plays in the IVR of its call types, which must have one;
  // an optional name lets `--set events.NAME.deflect=0` address it.
  void read_ivr_message(Section& s) {
    s.string("name", "");
    std::vector<std::string> names;
    const std::uint64_t mask = event_types(s, names);
    for (const auto& nm : names) {
      const auto t = static_cast<std::size_t>(
          std::find(type_names_.begin(), type_names_.end(), nm) - type_names_.begin());
      if (t < sc_.center.call_types.size() && !sc_.center.call_types[t].ivr) {
        s.error(s.get("call_types"), "call_types",
                "call type " + nm + " has no ivr: the message plays in the IVR");
      }
    }
    const auto w = window(s);
    const auto deflect = s.number("deflect", std::nullopt, between(0, 1));
    if (!w || !deflect) return;
    sc_.center.ivr_messages.push_back({w->first, w->second, *deflect, mask});
    note_event("ivr_message", w->first, w->second,
               "IVR message deflects " + fmt(*deflect * 100) + " % of " +
                   (names.empty() ? "all" : joined(names)) + " calls");
  }

  void read_surge_or_slowdown(Section& s, const std::string& kind) {
    std::vector<std::string> names;
    const std::uint64_t mask = event_types(s, names);
    const auto w = window(s);
    const auto mult = s.number("multiplier", std::nullopt, between(0, 1000));
    if (!w || !mult) return;
    if (kind == "slowdown") {
      sc_.center.slowdowns.push_back({w->first, w->second, *mult, mask});
      note_event(kind, w->first, w->second,
                 "talk time x" + fmt(*mult) + " on " +
                     (names.empty() ? "all call types" : joined(names)));
    } else {
      model::apply_surge(sc_.center, {w->first, w->second, *mult, mask});
      note_event(kind, w->first, w->second,
                 (names.empty() ? "all" : joined(names)) + " calls x" + fmt(*mult));
    }
  }

  void read_staff_event(Section& s) {
    Center& c = sc_.center;
    const auto role = s.string("role", std::nullopt);
    const auto count = s.number("count", std::nullopt, [](double x) {
      return x == 0 ? "must not be 0 (> 0 adds agents, < 0 pulls agents off the phones)"
                    : whole(-10000, 10000)(x);
    });
    const auto w = window(s);
    std::optional<model::Levels> lv;
    if (s.get("levels") != nullptr) lv = L_.levels(s, "levels", false);
    const auto it = role ? std::find(role_names_.begin(), role_names_.end(), *role) : role_names_.end();
    if (role && it == role_names_.end()) s.error(s.get("role"), "role", unknown("role", *role, role_names_));
    // Checked before the agents are made: a million events of 10,000 agents fit in a file.
    const bool too_many = count && *count > 0 &&
                          c.agents.size() + static_cast<std::size_t>(*count) > limits_.max_agents;
    if (too_many) {
      s.error(s.get("count"), "count",
              "makes more than " + std::to_string(limits_.max_agents) + " agents (the limit, --max-agents)");
    }
    if (it == role_names_.end() || !count || !w || too_many) return;
    const int n = static_cast<int>(*count);
    const int r = static_cast<int>(it - role_names_.begin());
    const model::StaffChange done = model::apply_staff_change(c, r, n, w->first, w->second, lv);
    if (done.done < std::abs(n)) {
      s.error(s.get("count"), "count",
              "only " + std::to_string(done.done) + " " + *role + " agents are on shift at " +
                  hms(w->first) +
                  (done.pulled_already > 0 ? " and not pulled by an earlier event" : "") +
                  ", cannot pull " + std::to_string(-n));
    }
    // In words, so that a sign mistake (adding where a pull was meant) shows.
    const model::Levels& role_levels = c.roles[static_cast<std::size_t>(r)].levels;
    note_event("staff", w->first, w->second, staff_in_words(*role, n, done, role_levels, lv, c.agents));
  }

  void read_routing_event(Section& s) {
    const auto at = s.time("at", std::nullopt);
    if (at) {
      outside(s, "at", "the change at " + hms(*at),
              *at < sc_.center.open_s || *at >= sc_.center.close_s, "; for the whole day, set [routing]");
    }
    const auto r = routing(s);
    if (!at || !r) return;
    sc_.center.routing_changes.push_back({*at, *r});
    note_event("routing", *at, *at,
               std::string(model::agent_selection_name(r->agent_selection)) +
                   (r->honour_priorities ? "" : ", priorities ignored"));
  }

  // [schedule]: the rules `ccsim schedule` writes shifts by (sim/model/shift_rules.h; the
  // simulation never reads them). After the roles, which shift kinds and limits name, and
  // the center, whose hours are the default earliest start and latest end. Without the
  // table every value is shift_rules.h's default.
  void read_schedule() {
    model::ShiftRules& r = sc_.schedule;
    const model::ShiftRules d;  // the defaults, kept in one place
    r.roles.assign(role_names_.size(), model::RoleLimits{});
    Section s(root_.subtable("schedule", false), "schedule", errors_, file_);
    const auto earliest = s.time("earliest_start", d.earliest_start_s);
    const auto latest = s.time("latest_end", d.latest_end_s);
    r.start_grid_s = s.number("start_grid_min", d.start_grid_s / 60, day_grid()).value_or(0) * 60;
    r.break_grid_s = s.number("break_grid_min", d.break_grid_s / 60, day_grid()).value_or(0) * 60;
    r.max_part_time_share =
        s.number("max_part_time_share", d.max_part_time_share, between(0, 1)).value_or(0);
    r.overtime_after_s =
        s.number("overtime_after_h", d.overtime_after_s / 3600, between(0, 24)).value_or(0) * 3600;
    r.overtime_rate = s.number("overtime_rate", d.overtime_rate, between(1, 10)).value_or(1);
    if (earliest && latest) {
      r.earliest_start_s = *earliest;
      r.latest_end_s = *latest;
      check_schedule_hours(s);
    }
    read_shift_kinds(s);
    read_role_limits(s);
    s.finish();
  }

  // earliest_start before latest_end, either of them the center's hours when not given,
  // and neither further from them than a roster may reach (kShiftMarginS).
  void check_schedule_hours(Section& s) {
    const model::ShiftRules& r = sc_.schedule;
    if (!open_ || !close_ || *close_ <= *open_) return;  // wrong, and reported at [center]
    const double from = r.earliest_start(*open_), to = r.latest_end(*close_);
    if (from < *open_ - kShiftMarginS) {
      s.error(s.get("earliest_start"), "earliest_start",
              "must be at most an hour before center.open (" + hms(*open_) +
                  "): a roster's shifts may not start earlier");
      return;
    }
    if (to > *close_ + kShiftMarginS) {
      s.error(s.get("latest_end"), "latest_end",
              "must be at most an hour after center.close (" + hms(*close_) +
                  "): a roster's shifts may not end later");
      return;
    }
    if (to > from) return;
    if (r.latest_end_s >= 0) {
      s.error(s.get("latest_end"), "latest_end",
              "must be after earliest_start (" + hms(from) +
                  (r.earliest_start_s < 0 ? ", center.open" : "") + ")");
    } else {
      s.error(s.get("earliest_start"), "earliest_start",
              "must be before latest_end (" + hms(to) + ", center.close)");
    }
  }

  // [[schedule.shifts]], or default_shift_kinds() when there are none.
  void read_shift_kinds(Section& s) {
    const toml::node* n = s.get("shifts");
    if (n == nullptr) {
      sc_.schedule.shifts = model::default_shift_kinds();
      return;
    }
    if (!n->is_array_of_tables() || n->as_array()->empty()) {
      s.error(n, "shifts", "must be an array of tables ([[schedule.shifts]])");
      return;
    }
    const toml::array& a = *n->as_array();
    if (a.size() > kMaxShiftKinds) {
      s.error(&a[kMaxShiftKinds], "shifts",
              "at most " + std::to_string(kMaxShiftKinds) + " shift kinds, got " +
                  std::to_string(a.size()));
      return;
    }
    std::vector<std::string> earlier;
    int index = 0;
    for (const auto& e : a) {
      const auto name = (*e.as_table())["name"].value<std::string>();
      Section k(e.as_table(), label("schedule.shifts", name.value_or(""), index++), errors_, file_);
      model::ShiftKind kind;
      kind.name = own_name(k, earlier, "shift kind", NameUse::agent).value_or("");
      earlier.push_back(kind.name);
      const auto length_h = k.number("length_h", std::nullopt, within_day(24));
      if (length_h) kind.length_s = *length_h * 3600;
      kind.part_time = k.boolean("part_time", false).value_or(false);
      if (k.get("roles") != nullptr) {
        kind.roles = roles_mask(
            L_.names(k, "roles", role_names_, "role", false, "leave roles out for every role"));
      }
      kind.breaks = read_breaks(k, length_h ? std::optional(kind.length_s) : std::nullopt);
      k.finish();
      sc_.schedule.shifts.push_back(std::move(kind));
    }
  }

  // A shift kind's breaks, in the order taken: each inside the shift (`length_s`, when
  // known) and able to start after the one before it ends.
  std::vector<model::BreakRule> read_breaks(Section& k, std::optional<double> length_s) {
    std::vector<model::BreakRule> out;
    const toml::node* n = k.get("breaks");
    if (n == nullptr) return out;
    const toml::array* a = n->as_array();
    if (a == nullptr || (!a->empty() && !a->is_array_of_tables())) {
      k.error(n, "breaks",
              "must be an array of tables like { name = \"rest\", length_min = 15, paid = true, "
              "window_h = [1.5, 3.0] }");
      return out;
    }
    if (a->size() > kMaxBreaksPerShift) {
      k.error(&(*a)[kMaxBreaksPerShift], "breaks",
              "at most " + std::to_string(kMaxBreaksPerShift) + " breaks, got " +
                  std::to_string(a->size()));
      return out;
    }
    for (std::size_t i = 0; i < a->size(); ++i) {
      Section b((*a)[i].as_table(), k.path("breaks") + "[" + std::to_string(i) + "]", errors_,
                file_);
      if (auto br = read_break(b, length_s, out.empty() ? nullptr : &out.back())) {
        out.push_back(std::move(*br));
      }
      b.finish();
    }
    return out;
  }

  std::optional<model::BreakRule> read_break(Section& b, std::optional<double> length_s,
                                             const model::BreakRule* previous) {
    model::BreakRule br;
    const auto name = b.string("name", std::nullopt);
    if (name) {
      const std::string why = name_problem(*name, limits_.max_name_chars, NameUse::agent);
      if (!why.empty()) b.error(b.get("name"), "name", why);
      br.name = *name;
    }
    const auto length_min = b.number("length_min", std::nullopt, within_day(1440));
    br.paid = b.boolean("paid", true).value_or(true);
    const auto window = window_hours(b);
    if (!name || !length_min || !window) return std::nullopt;
    br.duration_s = *length_min * 60;
    br.earliest_s = window->first * 3600;
    br.latest_s = window->second * 3600;
    if (length_s && br.latest_s + br.duration_s > *length_s) {
      b.error(b.get("window_h"), "window_h",
              "a " + fmt(*length_min) + "-minute break starting as late as " + fmt(window->second) +
                  " h ends after its shift (" + fmt(*length_s / 3600) + " h)");
    } else if (previous && br.latest_s < previous->earliest_s + previous->duration_s) {
      b.error(b.get("window_h"), "window_h",
              "the latest start, " + fmt(window->second) +
                  " h, comes before the break before it ('" + previous->name + "') can end (" +
                  fmt((previous->earliest_s + previous->duration_s) / 3600) +
                  " h at the earliest): breaks are taken in order");
    }
    return br;
  }

  // window_h = [earliest, latest]: hours after the shift starts, 0-24, earliest <= latest.
  std::optional<std::pair<double, double>> window_hours(Section& b) {
    const toml::node* n = b.get("window_h");
    if (n == nullptr) {
      b.missing("window_h");
      return std::nullopt;
    }
    const toml::array* a = n->as_array();
    std::array<double, 2> w{};
    bool ok = a != nullptr && a->size() == 2;
    for (std::size_t i = 0; ok && i < 2; ++i) {
      const auto v = (*a)[i].value<double>();
      ok = (*a)[i].is_number() && v && *v >= 0 && *v <= 24;
      if (ok) w[i] = *v;
    }
    if (!ok) {
      b.error(n, "window_h",
              "must be two numbers of hours after the shift starts, 0-24, [earliest, latest]");
      return std::nullopt;
    }
    if (w[0] > w[1]) {
      b.error(n, "window_h",
              "the earliest start (" + fmt(w[0]) + " h) is after the latest (" + fmt(w[1]) + " h)");
      return std::nullopt;
    }
    return std::pair{w[0], w[1]};
  }

  // [[schedule.roles]]: heads per role; a role without an entry keeps RoleLimits' defaults.
  void read_role_limits(Section& s) {
    const toml::node* n = s.get("roles");
    if (n == nullptr) return;
    if (!n->is_array_of_tables()) {
      s.error(n, "roles", "must be an array of tables ([[schedule.roles]])");
      return;
    }
    std::vector<bool> seen(role_names_.size());
    int index = 0;
    for (const auto& e : *n->as_array()) {
      const auto name = (*e.as_table())["role"].value<std::string>().value_or("");
      const bool known =
          std::find(role_names_.begin(), role_names_.end(), name) != role_names_.end();
      Section r(e.as_table(), label("schedule.roles", known ? name : "", index++), errors_, file_);
      read_role_limit(r, seen);
      r.finish();
    }
  }

  void read_role_limit(Section& r, std::vector<bool>& seen) {
    const auto role = r.string("role", std::nullopt);
    const auto heads = whole(0, static_cast<double>(limits_.max_agents));
    const auto lo = r.number("min_heads", 0.0, heads);
    const auto hi = r.number("max_heads", -1.0, heads);  // -1: no limit
    const auto on_duty = r.number("min_on_duty", 0.0, heads);
    if (lo && hi && *hi >= 0 && *lo > *hi) {
      r.error(r.get("max_heads"), "max_heads",
              "must be at least min_heads (" + fmt(*lo) + "), got " + fmt(*hi));
    }
    if (!role) return;
    const auto it = std::find(role_names_.begin(), role_names_.end(), *role);
    if (it == role_names_.end()) {
      // No known names: the roles themselves were wrong, and reported.
      if (!role_names_.empty()) r.error(r.get("role"), "role", unknown("role", *role, role_names_));
      return;
    }
    const auto i = static_cast<std::size_t>(it - role_names_.begin());
    if (seen[i]) {
      r.error(r.get("role"), "role", "duplicate entry for role '" + *role + "'");
      return;
    }
    seen[i] = true;
    if (lo && hi && on_duty) {
      sc_.schedule.roles[i] = {static_cast<int>(*lo), static_cast<int>(*hi),
                               static_cast<int>(*on_duty)};
    }
  }

  toml::table& doc_;
  std::string file_;
  const Limits& limits_;
  InputErrors& errors_;
  Loader L_;
  Section root_;
  Scenario sc_;
  std::optional<double> open_, close_;  // as given, before defaults
  std::vector<std::string> role_names_, type_names_;
  std::vector<double> shares_;                // [call type] share of daily_calls
  const toml::node* types_node_ = nullptr;    // [[call_types]], for errors about all of them
  bool has_types_ = false;                    // call types were read
};

}  // namespace

// --- the horizon: [[days]] and [horizon] -------------------------------------------------
namespace {

// A [[days]] entry, checked: which keys it replaces in the one-day scenario.
struct DaySpec {
  std::string name;
  bool open = true;
  double volume = 1.0;
};
struct HorizonSpec {
  std::vector<DaySpec> days;
  std::size_t warm_up_days = 0;
};

// Keys a [[days]] entry moves into the day's own copy of the scenario: [forecast] and
// [roster] keys it replaces, by the entry's key.
constexpr std::array<std::array<const char*, 3>, 4> kDayKeys{{
    {"daily_calls", "forecast", "daily_calls"},
    {"profile_file", "forecast", "profile_file"},
    {"forecast_file", "forecast", "file"},
    {"roster_file", "roster", "file"},
}};

std::optional<HorizonSpec> read_horizon(toml::table& doc, const std::string& file,
                                        const Limits& limits, InputErrors& errors) {
  Section root(&doc, "", errors, file);
  const toml::node* dn = doc.get("days");
  HorizonSpec h;
  Section hz(root.subtable("horizon", false), "horizon", errors, file);
  if (dn == nullptr) {
    if (hz.present()) root.error(doc.get("horizon"), "horizon", "needs [[days]]: the days of the horizon");
    return std::nullopt;
  }
  if (!dn->is_array_of_tables()) {
    root.error(dn, "days", "must be an array of tables ([[days]])");
    return std::nullopt;
  }
  const auto n_days = dn->as_array()->size();
  if (n_days > kMaxHorizonDays) {
    root.error(dn, "days", "at most " + std::to_string(kMaxHorizonDays) + " days, got " +
                               std::to_string(n_days));
    return std::nullopt;
  }
  h.warm_up_days = static_cast<std::size_t>(
      hz.number("warm_up_days", 0.0, whole(0, static_cast<double>(kMaxWarmUpDays))).value_or(0));
  hz.finish();
  int index = 0;
  for (const auto& e : *dn->as_array()) {
    Section s(e.as_table(), "days[" + std::to_string(index++) + "]", errors, file);
    DaySpec d;
    d.name = s.string("name", std::nullopt).value_or("");
    if (const toml::node* n = s.get("name"); n != nullptr && n->is_string()) {
      std::string why = name_problem(d.name, limits.max_name_chars, NameUse::column);
      for (const DaySpec& other : h.days) {
        if (other.name == d.name) why = "duplicate day '" + d.name + "'";
      }
      if (!why.empty()) s.error(n, "name", why);
    }
    d.open = !s.boolean("closed", false).value_or(false);
    d.volume = s.number("volume", 1.0, between(0, 10)).value_or(1);
    s.number("daily_calls", 0.0, between(0, limits.max_calls_per_day));
    for (const char* key : {"profile_file", "forecast_file", "roster_file"}) s.string(key, "");
    if (!d.open) {
      for (const auto& k : kDayKeys) {
        if (const toml::node* n = s.get(k[0])) s.error(n, k[0], "a closed day takes no calls: remove it");
      }
    }
    s.finish();
    h.days.push_back(std::move(d));
  }
  if (errors.empty() && std::none_of(h.days.begin(), h.days.end(), [](const DaySpec& d) { return d.open; })) {
    root.error(dn, "days", "every day is closed: at least one must be open");
  }
  return h;
}

// The one-day scenario of day `j`: the entry's keys moved (not copied: a copy loses the
// file and line its errors and relative paths need) into [forecast] and [roster], and the
// [[events]] that are the day's: those with day = its name, or without a day on the first
// open day.
void make_day_document(toml::table& doc, std::size_t j, const std::string& name, bool first_open) {
  toml::table& entry = *(*doc.get_as<toml::array>("days"))[j].as_table();
  for (const auto& k : kDayKeys) {
    toml::node* n = entry.get(k[0]);
    if (n == nullptr) continue;
    toml::table* target = doc.get_as<toml::table>(k[1]);
    if (target == nullptr) {
      doc.insert_or_assign(k[1], toml::table{});
      target = doc.get_as<toml::table>(k[1]);
    }
    // A day's own forecast replaces the base's either way.
    if (std::string_view(k[0]) == "profile_file") target->erase("file");
    if (std::string_view(k[0]) == "forecast_file") target->erase("profile_file"), target->erase("daily_calls");
    target->insert_or_assign(k[2], std::move(*n));
  }
  if (toml::array* events = doc.get_as<toml::array>("events")) {
    for (std::size_t i = events->size(); i-- > 0;) {
      toml::table* e = (*events)[i].as_table();
      if (e == nullptr) continue;
      const toml::node* day = e->get("day");
      const bool mine = day == nullptr ? first_open : day->value<std::string>() == name;
      if (mine) {
        e->erase("day");
      } else {
        events->erase(events->begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    // A day with none of the events has none: an empty array is no array of tables, and
    // read_events() would refuse it (every later day of a scenario with events failed).
    if (events->empty()) doc.erase("events");
  }
  doc.erase("days");
  doc.erase("horizon");
}

// An [[events]] entry's day must name a day of the horizon (checked before the days are
// read, so a typo is not an event silently dropped).
void check_event_days(const toml::table& doc, const HorizonSpec* h, const std::string& file,
                      InputErrors& errors) {
  const toml::array* events = doc.get_as<toml::array>("events");
  if (events == nullptr) return;
  for (std::size_t i = 0; i < events->size(); ++i) {
    const toml::table* e = (*events)[i].as_table();
    const toml::node* day = e != nullptr ? e->get("day") : nullptr;
    if (day == nullptr) continue;
    const Where w = where(day, file);
    const std::string key = "events[" + std::to_string(i) + "].day";
    const auto name = day->value<std::string>();
    if (h == nullptr) {
      errors.add(w.file, w.line, w.column, key, "only a scenario with [[days]] has days");
      continue;
    }
    const auto it = std::find_if(h->days.begin(), h->days.end(),
                                 [&](const DaySpec& d) { return name && d.name == *name; });
    if (it == h->days.end()) {
      std::vector<std::string> names;
      for (const DaySpec& d : h->days) names.push_back(d.name);
      errors.add(w.file, w.line, w.column, key, unknown("day", name.value_or("?"), names));
    } else if (!it->open) {
      errors.add(w.file, w.line, w.column, key, "day '" + *name + "' is closed");
    }
  }
}

std::optional<toml::table> load_document(const fs::path& file,
                                         const std::vector<std::string>& overrides,
                                         const Limits& limits, InputErrors& errors) {
  auto doc = parse_with_base(file, errors, {}, limits);
  if (!doc) return doc;
  for (const auto& o : overrides) apply_override(*doc, o, limits, errors);
  if (!errors.empty()) return std::nullopt;
  return doc;
}

}  // namespace

LoadResult load_scenario(const fs::path& file, const std::vector<std::string>& overrides,
                         const Limits& limits) {
  LoadResult out;
  auto doc = load_document(file, overrides, limits, out.errors);
  if (!doc) return out;
  const auto spec = read_horizon(*doc, file.string(), limits, out.errors);
  check_event_days(*doc, spec ? &*spec : nullptr, file.string(), out.errors);
  if (!out.errors.empty()) return out;
  if (!spec) {
    out.scenario = ScenarioReader(*doc, file, limits, out.errors).read();
    return out;
  }
  // Each open day is the one-day scenario with its entry's keys: read from a fresh parse.
  std::optional<Scenario> first;
  model::Horizon horizon;
  std::vector<std::vector<EventNote>> notes;
  horizon.warm_up_days = spec->warm_up_days;
  for (std::size_t j = 0; j < spec->days.size(); ++j) {
    const DaySpec& d = spec->days[j];
    model::Day day{d.name, d.open, {}};
    if (d.open) {
      auto day_doc = j == 0 ? std::move(doc) : load_document(file, overrides, limits, out.errors);
      if (!day_doc) return out;
      make_day_document(*day_doc, j, d.name, !first.has_value());
      auto sc = ScenarioReader(*day_doc, file, limits, out.errors).read();
      if (!sc) return out;
      for (auto* table : {&sc->center.arrivals, &sc->center.forecast}) {
        for (auto& row : *table) {
          for (double& x : row) x *= d.volume;
        }
      }
      day.center = sc->center;
      notes.push_back(sc->event_notes);
      if (!first) {
        first = std::move(sc);
      } else {
        for (const std::string& e : sc->events) first->events.push_back(d.name + ": " + e);
      }
    }
    if (!d.open) notes.emplace_back();
    horizon.days.push_back(std::move(day));
  }
  first->horizon = std::move(horizon);
  first->day_event_notes = std::move(notes);
  out.scenario = std::move(first);
  return out;
}

}  // namespace sim::scenario
