#include "sim/scenario/tables.h"

// csv.h copies file names with strncpy into a fixed buffer, on purpose; GCC 12 warns.
#pragma GCC diagnostic push
#if !defined(__clang__)  // a GCC-only warning
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
#include <csv.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

#include "sim/scenario/format.h"
#include "sim/scenario/input_file.h"
#include "sim/scenario/scenario.h"

namespace sim::scenario {

using text::hms;

namespace {

template <unsigned Columns>
using ReaderOf = io::CSVReader<Columns, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>,
                               io::throw_on_overflow, io::single_and_empty_line_comment<'#'>>;
using Reader = ReaderOf<6>;
using RosterReader = ReaderOf<7>;  // the roster's tenure_weeks (issue 17) is its 7th

// Turns the parser's exceptions into compiler-style errors; `columns` lists the table's
// columns, so that a wrong header says what it should be.
void report(const io::error::base& e, const std::string& file, const std::string& columns,
            InputErrors& errors) {
  int line = 0;
  if (const auto* l = dynamic_cast<const io::error::with_file_line*>(&e)) line = l->file_line;
  std::string what;
  if (dynamic_cast<const io::error::can_not_open_file*>(&e)) {
    what = "cannot open file (is the name right? it is relative to the scenario file)";
  } else if (const auto* c = dynamic_cast<const io::error::extra_column_in_header*>(&e)) {
    what = std::string("unknown column '") + c->column_name + "'; the columns are " + columns;
    line = 1;
  } else if (const auto* c2 = dynamic_cast<const io::error::duplicated_column_in_header*>(&e)) {
    what = std::string("duplicate column '") + c2->column_name + "'";
    line = 1;
  } else if (dynamic_cast<const io::error::header_missing*>(&e)) {
    what = "the header row is missing";
  } else if (dynamic_cast<const io::error::too_few_columns*>(&e)) {
    what = "fewer fields than the header has columns (keep the commas of empty fields)";
  } else if (dynamic_cast<const io::error::too_many_columns*>(&e)) {
    what = "more fields than the header has columns (a field with a comma needs double quotes)";
  } else if (dynamic_cast<const io::error::escaped_string_not_closed*>(&e)) {
    what = "a quoted field is not closed";
  } else {
    what = e.what();
  }
  errors.add(file, line, 0, "", what);
}

// The table's text, or nullopt (reported). The parser gets the text, never the path: it
// would open a FIFO and wait forever, and it silently split rows at a NUL byte.
std::optional<std::string> table_text(const std::string& file, const Limits& limits,
                                      InputErrors& errors) {
  return read_input_file(file, limits, errors,
                         "cannot open file (is the name right? it is relative to the scenario file)");
}

// A plain decimal number ("12", "-0.5", "1e3"): strtod alone also took "0x37" (55), "inf"
// and "nan".
std::optional<double> number(const std::string& s) {
  if (s.empty() || s.find_first_not_of("0123456789+-.eE") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

struct Row {
  const std::string& file;
  int line;
  InputErrors& errors;
  void error(int column, const std::string& field, const std::string& message) const {
    errors.add(file, line, column, field, message);
  }
};

// The interval index whose start is `t`, or nullopt if `t` is not on the grid.
std::optional<std::size_t> interval_of(const model::Center& c, double t) {
  const double k = (t - c.open_s) / c.interval_s;
  if (k < 0 || k != std::floor(k) || static_cast<std::size_t>(k) >= c.intervals()) return std::nullopt;
  return static_cast<std::size_t>(k);
}

std::optional<std::size_t> read_interval(const Row& r, int column, const std::string& text,
                                         const model::Center& c) {
  const auto t = parse_time_of_day(text);
  if (!t) {
    r.error(column, "interval_start", "\"" + text + "\" is not a time of day (HH:MM)");
    return std::nullopt;
  }
  const auto k = interval_of(c, *t);
  if (!k) {
    r.error(column, "interval_start",
            text + " is not the start of an interval (" + hms(c.open_s) + " to " +
                hms(c.close_s) + " every " + fmt(c.interval_s / 60) + " min)");
  }
  return k;
}

template <class In>
bool require_columns(In& in, const std::string& file, const std::vector<std::string>& cols,
                     InputErrors& errors) {
  bool ok = true;
  for (const auto& col : cols) {
    if (!in.has_column(col)) {
      errors.add(file, 1, 0, "", "missing column '" + col + "'");
      ok = false;
    }
  }
  return ok;
}

}  // namespace

const std::vector<std::string>& competency_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (std::size_t c = 0; c < model::kCompetencies; ++c) {
      v.emplace_back(model::competency_name(static_cast<model::Competency>(c)));
    }
    return v;
  }();
  return names;
}

std::string fmt(double x) {
  // Whole numbers in full: a limit of 1e7 read "1e+07" in messages.
  if (x == std::floor(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
  std::ostringstream os;
  os << x;
  return os.str();
}

std::optional<std::vector<std::vector<double>>> read_forecast(
    const std::string& file, const model::Center& c, const std::vector<std::string>& types,
    const Limits& limits, InputErrors& errors) {
  const auto text = table_text(file, limits, errors);
  if (!text) return std::nullopt;
  std::vector<std::vector<double>> calls(types.size(), std::vector<double>(c.intervals(), 0.0));
  std::vector<std::vector<bool>> seen(types.size(), std::vector<bool>(c.intervals(), false));
  const std::size_t before = errors.size();
  bool rows = false;
  // One interval of one call type may hold the whole day's limit (check_totals adds them up).
  const double max_calls = limits.max_calls_per_day;
  try {
    Reader in(file, text->data(), text->data() + text->size());
    in.read_header(io::ignore_missing_column, "interval_start", "call_type", "calls", "_4",
                   "_5", "_6");
    if (!require_columns(in, file, {"interval_start", "call_type", "calls"}, errors)) return std::nullopt;
    std::string start, type, n, d4, d5, d6;
    while (in.read_row(start, type, n, d4, d5, d6)) {
      const Row r{file, static_cast<int>(in.get_file_line()), errors};
      const auto k = read_interval(r, 1, start, c);
      const auto it = std::find(types.begin(), types.end(), type);
      if (it == types.end()) r.error(2, "call_type", unknown("call type", type, types));
      // Capped: a typo like 1e9 passed the check and then `ccsim run` never finished.
      const auto v = number(n);
      const bool ok = v && *v >= 0 && *v <= max_calls;
      if (!ok) {
        r.error(3, "calls", "must be a number from 0 to " + fmt(max_calls) + ", got \"" + n + "\"");
      }
      if (k && it != types.end() && ok) {
        const auto t = static_cast<std::size_t>(it - types.begin());
        if (seen[t][*k]) {
          r.error(1, "interval_start", "duplicate row for " + start + " and " + type);
        }
        seen[t][*k] = true;
        calls[t][*k] = *v;
      }
      rows = true;
    }
    // A header alone used to pass as a day without calls.
    if (!rows) errors.add(file, 0, 0, "", "the forecast has no rows; give calls per interval_start and call_type");
  } catch (const io::error::base& e) {
    report(e, file, "interval_start, call_type, calls", errors);
  }
  if (errors.size() != before) return std::nullopt;
  return calls;
}

std::optional<std::vector<double>> read_profile(const std::string& file, const model::Center& c,
                                                const Limits& limits, InputErrors& errors) {
  const auto text = table_text(file, limits, errors);
  if (!text) return std::nullopt;
  std::vector<double> share(c.intervals(), 0.0);
  std::vector<bool> seen(c.intervals(), false);
  const std::size_t before = errors.size();
  int last_line = 1;
  try {
    Reader in(file, text->data(), text->data() + text->size());
    in.read_header(io::ignore_missing_column, "interval_start", "share", "_3", "_4", "_5", "_6");
    if (!require_columns(in, file, {"interval_start", "share"}, errors)) return std::nullopt;
    std::string start, s, d3, d4, d5, d6;
    while (in.read_row(start, s, d3, d4, d5, d6)) {
      const Row r{file, last_line = static_cast<int>(in.get_file_line()), errors};
      const auto k = read_interval(r, 1, start, c);
      const auto v = number(s);
      if (!v || *v < 0 || *v > 1) r.error(2, "share", "must be a number in [0, 1], got \"" + s + "\"");
      if (k && v) {
        if (seen[*k]) r.error(1, "interval_start", "duplicate row for " + start);
        seen[*k] = true;
        share[*k] = *v;
      }
    }
  } catch (const io::error::base& e) {
    report(e, file, "interval_start, share", errors);
    return std::nullopt;
  }
  if (errors.size() != before) return std::nullopt;
  for (std::size_t k = 0; k < seen.size(); ++k) {
    if (!seen[k]) {
      errors.add(file, 0, 0, "interval_start",
                 "no row for " + hms(c.open_s + c.interval_s * static_cast<double>(k)) +
                     ": give every interval from open to close (share 0 for none)");
      return std::nullopt;
    }
  }
  double sum = 0;
  for (double x : share) sum += x;
  if (std::fabs(sum - 1.0) > 1e-6) {
    errors.add(file, last_line, 2, "share", "shares must sum to 1, they sum to " + fmt(sum));
    return std::nullopt;
  }
  return share;
}

std::optional<std::vector<model::Agent>> read_roster(const std::string& file,
                                                     const model::Center& c,
                                                     const std::vector<std::string>& roles,
                                                     const Limits& limits, InputErrors& errors) {
  const auto text = table_text(file, limits, errors);
  if (!text) return std::nullopt;
  std::vector<model::Agent> agents;
  const std::size_t before = errors.size();
  const std::vector<std::string>& competencies = competency_names();
  try {
    RosterReader in(file, text->data(), text->data() + text->size());
    in.read_header(io::ignore_missing_column, "agent", "role", "shift_start", "shift_end",
                   "breaks", "levels", "tenure_weeks");
    if (!require_columns(in, file, {"agent", "role", "shift_start", "shift_end"}, errors)) return std::nullopt;
    std::string name, role, start, end, breaks, levels, tenure;
    std::map<std::string, int> names;
    std::size_t rows = 0;
    while (in.read_row(name, role, start, end, breaks, levels, tenure)) {
      const Row r{file, static_cast<int>(in.get_file_line()), errors};
      if (++rows > limits.max_agents) {  // stop reading: the rest could be millions of rows
        r.error(0, "", "more than " + std::to_string(limits.max_agents) + " agents (the limit, --max-agents)");
        break;
      }
      model::Agent a;
      a.name = name;
      if (const std::string why = name_problem(name, limits.max_name_chars, NameUse::agent);
          !why.empty()) {
        r.error(1, "agent", why);
      } else if (names.count(name)) {
        r.error(1, "agent", "duplicate agent '" + name + "' (also on line " +
                                std::to_string(names[name]) + ")");
      }
      names[name] = r.line;
      const auto it = std::find(roles.begin(), roles.end(), role);
      if (it == roles.end()) r.error(2, "role", unknown("role", role, roles));
      a.role = static_cast<int>(it - roles.begin());
      const auto s = parse_time_of_day(start), e = parse_time_of_day(end);
      if (!s) r.error(3, "shift_start", "\"" + start + "\" is not a time of day (HH:MM)");
      if (!e) r.error(4, "shift_end", "\"" + end + "\" is not a time of day (HH:MM)");
      if (s && e) {
        if (*e <= *s) {
          r.error(4, "shift_end", "must be after shift_start (" + start + "), got " + end);
        } else if (*s < c.open_s - kShiftMarginS || *e > c.close_s + kShiftMarginS || *s >= c.close_s ||
                   *e <= c.open_s) {
          r.error(3, "shift_start", "shift " + start + "-" + end + " lies outside opening hours " +
                                        hms(c.open_s) + "-" +
                                        hms(c.close_s) + " (one hour either side allowed)");
        }
        a.shift_start_s = *s;
        a.shift_end_s = *e;
      }
      // breaks: "10:00/15;12:00/30" (start/minutes)
      std::stringstream bs(breaks);
      for (std::string b; std::getline(bs, b, ';');) {
        if (b.empty()) continue;
        const auto slash = b.find('/');
        const auto bt = slash == std::string::npos ? std::nullopt : parse_time_of_day(b.substr(0, slash));
        const auto bm = slash == std::string::npos ? std::nullopt : number(b.substr(slash + 1));
        if (!bt || !bm) {
          r.error(5, "breaks", "\"" + b + "\" must be start/minutes, e.g. 10:00/15");
        } else if (*bm <= 0) {
          r.error(5, "breaks", "\"" + b + "\": the minutes must be > 0");
        } else if (*bm > kMaxDurationS / 60) {
          r.error(5, "breaks", "\"" + b + "\": the minutes must be at most " +
                                   fmt(kMaxDurationS / 60) + " (30 days)");
        } else if (s && e && (*bt < *s || *bt >= *e)) {
          r.error(5, "breaks", "break at " + b.substr(0, slash) + " lies outside the shift " + start + "-" + end);
        } else {
          a.breaks.push_back({*bt, *bm * 60.0});
        }
      }
      // levels: "job_knowledge=3;interpersonal=3" over the role's levels
      if (!levels.empty() && it != roles.end()) {
        model::Levels l = c.roles[static_cast<std::size_t>(a.role)].levels;
        std::stringstream ls(levels);
        for (std::string kv; std::getline(ls, kv, ';');) {
          if (kv.empty()) continue;
          const auto eq = kv.find('=');
          const std::string key = kv.substr(0, eq);
          const auto ci = std::find(competencies.begin(), competencies.end(), key);
          const auto v = eq == std::string::npos ? std::nullopt : number(kv.substr(eq + 1));
          if (ci == competencies.end()) {
            r.error(6, "levels", unknown("competency", key, competencies));
          } else if (!v || (*v != 1 && *v != 2 && *v != 3)) {
            r.error(6, "levels", key + " must be 1, 2 or 3, got \"" + kv.substr(eq == std::string::npos ? kv.size() : eq + 1) + "\"");
          } else {
            l[static_cast<std::size_t>(ci - competencies.begin())] = static_cast<std::uint8_t>(*v);
          }
        }
        a.levels = l;
      }
      // tenure_weeks: weeks on the job (learning curve); empty: none, the levels stay.
      if (!tenure.empty()) {
        const auto w = number(tenure);
        if (!w || *w < 0 || *w > kMaxTenureWeeks) {
          r.error(7, "tenure_weeks", "must be a number of weeks from 0 to " +
                                         fmt(kMaxTenureWeeks) + ", got \"" + tenure + "\"");
        } else {
          a.tenure_weeks = *w;
        }
      }
      agents.push_back(std::move(a));
    }
    if (agents.empty() && errors.size() == before) {
      errors.add(file, 0, 0, "", "the roster has no agents");
    }
  } catch (const io::error::base& e) {
    report(e, file, "agent, role, shift_start, shift_end, breaks, levels, tenure_weeks", errors);
  }
  if (errors.size() != before) return std::nullopt;
  return agents;
}

}  // namespace sim::scenario
