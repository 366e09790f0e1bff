#include "sim/scenario/call_log.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "sim/scenario/scenario.h"

namespace sim::scenario {

std::int32_t days_from_civil(int year, unsigned month, unsigned day) {
  const std::chrono::sys_days d =
      std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day};
  return static_cast<std::int32_t>(d.time_since_epoch().count());
}

void civil_from_days(std::int32_t days, int& year, unsigned& month, unsigned& day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  year = static_cast<int>(ymd.year());
  month = static_cast<unsigned>(ymd.month());
  day = static_cast<unsigned>(ymd.day());
}

std::string iso_date(std::int32_t days) {
  int y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char b[32];
  std::snprintf(b, sizeof b, "%04d-%02u-%02u", y, m, d);
  return b;
}

namespace {

struct Key {
  const char* name;
  std::string ColumnMap::*member;
  const char* meaning;
};
const Key kKeys[] = {
    {"date", &ColumnMap::date, "call date: yymmdd, yyyymmdd or yyyy-mm-dd"},
    {"arrival", &ColumnMap::arrival, "time of day (h:mm:ss) the caller asked for an agent"},
    {"queue_start", &ColumnMap::queue_start, "time the call joined the queue; 0:00:00: never"},
    {"wait", &ColumnMap::wait, "seconds in the agent queue"},
    {"outcome", &ColumnMap::outcome, "what became of the call"},
    {"service_start", &ColumnMap::service_start, "time of day service began"},
    {"service_time", &ColumnMap::service_time, "seconds of service"},
    {"agent", &ColumnMap::agent, "who served the call (required: staffing is fitted from it)"},
    {"type", &ColumnMap::type, "call type (empty: one type for all)"},
    {"priority", &ColumnMap::priority, "customer priority (read; not modelled)"},
    {"answered", &ColumnMap::answered, "outcome of a served call ('|' between several)"},
    {"abandoned", &ColumnMap::abandoned, "outcome of a caller who hung up"},
    {"ignored", &ColumnMap::ignored, "outcome of records to leave out"},
    {"no_agent", &ColumnMap::no_agent, "agent value meaning nobody"},
};

bool one_of(const std::string& value, const std::string& alternatives) {
  std::stringstream ss(alternatives);
  for (std::string a; std::getline(ss, a, '|');) {
    if (!a.empty() && a == value) return true;
  }
  return false;
}

std::vector<std::string> split(const std::string& line, bool comma) {
  std::vector<std::string> out;
  std::string cur;
  if (comma) {
    for (const char c : line) {
      if (c == ',') {
        out.push_back(std::move(cur));
        cur.clear();
      } else if (c != '\r') {
        cur += c;
      }
    }
    out.push_back(std::move(cur));
    for (auto& f : out) {  // trim blanks around comma-separated fields
      const auto b = f.find_first_not_of(" \t");
      const auto e = f.find_last_not_of(" \t");
      f = b == std::string::npos ? std::string() : f.substr(b, e - b + 1);
    }
    return out;
  }
  for (const char c : line) {
    if (c == ' ' || c == '\t' || c == '\r') {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// A whole field as a finite number ("12", "12.5", "-3"); nothing else.
std::optional<double> number(const std::string& s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// A wait or a service: seconds, not above a day (a record beyond that is not a call's).
bool seconds(const std::optional<double>& s) { return s && *s >= 0 && *s <= 86400; }

// yymmdd (years 70-99 are 19xx), yyyymmdd, yyyy-mm-dd.
std::optional<std::int32_t> parse_date(const std::string& s) {
  int y = 0;
  unsigned m = 0, d = 0;
  auto digits = [&](std::size_t from, std::size_t n, auto& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + static_cast<std::remove_reference_t<decltype(out)>>(s[i] - '0');
    }
    return true;
  };
  bool ok = false;
  if (s.size() == 6) {
    ok = digits(0, 2, y) && digits(2, 2, m) && digits(4, 2, d);
    y += y >= 70 ? 1900 : 2000;
  } else if (s.size() == 8) {
    ok = digits(0, 4, y) && digits(4, 2, m) && digits(6, 2, d);
  } else if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    ok = digits(0, 4, y) && digits(5, 2, m) && digits(8, 2, d);
  }
  if (!ok) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return days_from_civil(y, m, d);
}

// A row is a few hundred bytes; a longer line is not a call log (and is not held whole).
constexpr std::size_t kMaxLineBytes = 65536;

// The next line of `in` without its '\n' (and a '\r' before it) into `line`, at most
// kMaxLineBytes of it; `too_long` says when more was dropped. False at the end of input.
bool next_line(std::streambuf& in, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  int c = 0;
  while ((c = in.sbumpc()) != std::char_traits<char>::eof() && c != '\n') {
    if (line.size() < kMaxLineBytes) {
      line += static_cast<char>(c);
    } else {
      too_long = true;
    }
  }
  if (c == std::char_traits<char>::eof() && line.empty() && !too_long) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

// Length of the UTF-8 sequence starting at s[i], or 0 if it is not one (overlong forms,
// surrogates and code points above U+10FFFF are not).
std::size_t utf8_length(const std::string& s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size() || b(1) < lo || b(1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (b(k) < 0x80 || b(k) > 0xBF) return 0;
  }
  return n;
}

std::int32_t intern(std::vector<std::string>& names, std::unordered_map<std::string, int>& index,
                    const std::string& name) {
  const auto it = index.find(name);
  if (it != index.end()) return it->second;
  names.push_back(name);
  return index[name] = static_cast<int>(names.size() - 1);
}

// Length of the character at s[i] if it is printable UTF-8 (not a C0 or C1 control nor
// DEL), else 0.
std::size_t printable_length(const std::string& s, std::size_t i) {
  const std::size_t n = utf8_length(s, i);
  const auto c = static_cast<unsigned char>(s[i]);
  const bool control = c < 0x20 || c == 0x7F ||
                       (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0);
  return control ? 0 : n;
}

// `s` as an error message shows it: '"' and '\' escaped, any other byte that is not
// printable UTF-8 as \xNN, so a message never carries raw bytes to the terminal.
std::string shown(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = printable_length(s, i);
    if (n == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned char>(s[i]));
      out += hex;
      ++i;
      continue;
    }
    if (s[i] == '"' || s[i] == '\\') out += '\\';
    out.append(s, i, n);
    i += n;
  }
  return out;
}

// Why `name` cannot name a call type of the fitted scenario, or "" if it can: it becomes a
// TOML string in scenario.toml and an unquoted field of forecast.csv.
std::string bad_type_name(const std::string& name) {
  for (std::size_t i = 0; i < name.size();) {
    if (utf8_length(name, i) == 0) return "is not valid UTF-8";
    const std::size_t n = printable_length(name, i);
    if (n == 0) return "holds a control character";
    if (name[i] == '"' || name[i] == ',') return "holds a '\"' or ','";
    i += n;
  }
  return "";
}

}  // namespace

namespace {
std::optional<ColumnMap> parse_columns(const std::string& text, std::string& error) {
  ColumnMap m;
  std::set<const Key*> given;  // a key given twice is a typo for another
  std::stringstream ss(text);
  for (std::string kv; std::getline(ss, kv, ',');) {
    if (kv.empty()) continue;
    const auto eq = kv.find('=');
    const std::string key = kv.substr(0, eq);
    const Key* k = nullptr;
    for (const Key& c : kKeys) {
      if (key == c.name) k = &c;
    }
    if (k == nullptr) {
      std::vector<std::string> names;
      for (const Key& c : kKeys) names.emplace_back(c.name);
      error = unknown("key", key, names);
      return std::nullopt;
    }
    if (eq == std::string::npos) {
      error = "'" + key + "' needs a value: " + key + "=NAME";
      return std::nullopt;
    }
    if (!given.insert(k).second) {
      error = "'" + key + "' is given twice";
      return std::nullopt;
    }
    m.*(k->member) = kv.substr(eq + 1);
  }
  // The fit needs each call's date, arrival, wait and outcome, and who served it (staffing).
  for (const char* required : {"date", "arrival", "wait", "outcome", "agent", "answered", "abandoned"}) {
    for (const Key& c : kKeys) {
      if (std::string(c.name) == required && (m.*(c.member)).empty()) {
        error = std::string("'") + required + "' cannot be empty";
        return std::nullopt;
      }
    }
  }
  // An outcome value in two lists would be read as whichever is tested first.
  const std::pair<const char*, const std::string*> outcomes[] = {
      {"answered", &m.answered}, {"abandoned", &m.abandoned}, {"ignored", &m.ignored}};
  for (std::size_t i = 0; i < 3; ++i) {
    std::stringstream values(*outcomes[i].second);
    for (std::string v; std::getline(values, v, '|');) {
      for (std::size_t j = i + 1; j < 3; ++j) {
        if (one_of(v, *outcomes[j].second)) {
          error = "outcome '" + v + "' is both " + outcomes[i].first + " and " + outcomes[j].first;
          return std::nullopt;
        }
      }
    }
  }
  return m;
}
}  // namespace

std::optional<ColumnMap> parse_column_map(const std::string& text, InputErrors& errors) {
  std::string why;
  auto m = parse_columns(text, why);
  if (!m) errors.add("--columns", 0, 0, "", why);
  return m;
}

std::string column_map_help() {
  const ColumnMap d;
  std::string s;
  for (const Key& k : kKeys) {
    std::string line = "  " + std::string(k.name);
    line.resize(16, ' ');
    line += k.meaning;
    line += " [default \"" + d.*(k.member) + "\"]\n";
    s += line;
  }
  return s;
}

namespace {

// Only a regular file: a FIFO or a device could block forever or never end.
bool open_log(const std::string& file, std::filebuf& in, InputErrors& errors) {
  std::error_code ec;
  const auto type = std::filesystem::status(file, ec).type();
  if (type != std::filesystem::file_type::regular) {
    errors.add(file, 0, 0, "",
               type == std::filesystem::file_type::not_found ? "cannot open file"
               : type == std::filesystem::file_type::directory ? "is a folder, not a file"
                                                               : "is not a regular file");
    return false;
  }
  if (in.open(file, std::ios::in | std::ios::binary) == nullptr) {
    errors.add(file, 0, 0, "", "cannot open file");
    return false;
  }
  return true;
}

// The log's lines, numbered; a line too long or holding a NUL byte is reported and given
// as empty.
struct LogLines {
  const std::string& file;
  std::filebuf& in;
  int ln = 0;
  std::string line;

  bool next(InputErrors& problems) {
    bool too_long = false;
    if (!next_line(in, line, too_long)) return false;
    ++ln;
    if (ln == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a UTF-8 BOM
    if (too_long || line.find('\0') != std::string::npos) {
      problems.add(file, ln, 0, "",
                   too_long ? "line longer than " + std::to_string(kMaxLineBytes) + " bytes"
                            : "holds a NUL byte");
      line.clear();
    }
    return true;
  }
};

// Column index of each mapped field; -1 when not mapped (""), -2 when missing (reported).
struct LogColumns {
  int date, arrival, wait, outcome, qstart, sstart, stime, agent, type, prio;
};
LogColumns find_log_columns(const std::vector<std::string>& header, const ColumnMap& cm,
                            const std::string& file, InputErrors& errors) {
  auto find = [&](const std::string& name, const char* key) {
    if (name.empty()) return -1;
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      errors.add(file, 1, 0, key,
                 "no column '" + name + "' in the header" + shown(did_you_mean(name, header)) +
                     " (map it with --columns " + key + "=NAME)");
      return -2;
    }
    return static_cast<int>(it - header.begin());
  };
  const ColumnMap defaults;
  auto optional_col = [&](const std::string& name, const std::string& dflt, const char* key) {
    // A default optional column that is absent is simply not used.
    if (name == dflt && std::find(header.begin(), header.end(), name) == header.end()) return -1;
    return find(name, key);
  };
  LogColumns c{};
  c.date = find(cm.date, "date");
  c.arrival = find(cm.arrival, "arrival");
  c.wait = find(cm.wait, "wait");
  c.outcome = find(cm.outcome, "outcome");
  c.qstart = optional_col(cm.queue_start, defaults.queue_start, "queue_start");
  c.sstart = optional_col(cm.service_start, defaults.service_start, "service_start");
  c.stime = optional_col(cm.service_time, defaults.service_time, "service_time");
  c.agent = find(cm.agent, "agent");
  c.type = optional_col(cm.type, defaults.type, "type");
  c.prio = optional_col(cm.priority, defaults.priority, "priority");
  return c;
}

// One row's fields, read and checked; every problem goes to `local`.
struct LogRow {
  std::optional<std::int32_t> day;
  std::optional<double> arrival, wait, qstart, sstart, stime, prio = 0.0;
  bool answered = false, abandoned = false, ignored = false;
};

// Reads the rows of one log into a CallLog, interning call types and agents.
class LogReader {
 public:
  LogReader(const std::string& file, const ColumnMap& cm, CallLog& log,
            const std::vector<std::string>& header, const LogColumns& cols)
      : file_(file), cm_(cm), log_(log), header_(header), c_(cols) {
    for (std::size_t i = 0; i < log.types.size(); ++i) type_index_[log.types[i]] = static_cast<int>(i);
    for (std::size_t i = 0; i < log.agents.size(); ++i) agent_index_[log.agents[i]] = static_cast<int>(i);
  }

  // Reads the row `f` of line `ln`; keeps it (or counts why not) when it has no problem.
  void row(const std::vector<std::string>& f, int ln, InputErrors& local) {
    ln_ = ln;
    f_ = &f;
    const LogRow r = parse(local);
    if (local.empty()) keep(r);
  }

 private:
  const std::string& field(int c) const { return (*f_)[static_cast<std::size_t>(c)]; }
  std::string quoted(int c) const { return "\"" + shown(field(c)) + "\""; }
  void bad(InputErrors& local, int col, const std::string& what) const {
    local.add(file_, ln_, col + 1, col >= 0 && static_cast<std::size_t>(col) < header_.size()
                                       ? header_[static_cast<std::size_t>(col)] : "",
              what);
  }
  const std::string& type_name() const { return c_.type >= 0 ? field(c_.type) : only_type_; }

  std::optional<double> time_of_day(int c, InputErrors& local) const {
    const auto t = parse_time_of_day(field(c));
    if (!t) bad(local, c, quoted(c) + " is not a time of day (h:mm:ss)");
    return t;
  }
  std::optional<double> duration(int c, InputErrors& local) const {
    const auto x = number(field(c));
    if (!seconds(x)) bad(local, c, "must be a number of seconds from 0 to 86400, got " + quoted(c));
    return x;
  }

  LogRow parse(InputErrors& local) const {
    LogRow r;
    r.day = parse_date(field(c_.date));
    if (!r.day) bad(local, c_.date, quoted(c_.date) + " is not a date (yymmdd, yyyymmdd or yyyy-mm-dd)");
    r.arrival = time_of_day(c_.arrival, local);
    r.wait = duration(c_.wait, local);
    const std::string& outcome = field(c_.outcome);
    r.answered = one_of(outcome, cm_.answered);
    r.abandoned = one_of(outcome, cm_.abandoned);
    r.ignored = one_of(outcome, cm_.ignored);
    if (!r.answered && !r.abandoned && !r.ignored) {
      bad(local, c_.outcome, "unknown outcome '" + shown(outcome) + "'; expected " + cm_.answered +
                                 ", " + cm_.abandoned + " or " + cm_.ignored + " (see --columns)");
    }
    if (c_.qstart >= 0) r.qstart = time_of_day(c_.qstart, local);
    // Service fields may be empty (a call nobody served).
    if (c_.sstart >= 0 && !field(c_.sstart).empty()) r.sstart = time_of_day(c_.sstart, local);
    if (c_.stime >= 0 && !field(c_.stime).empty()) r.stime = duration(c_.stime, local);
    if (const std::string why = bad_type_name(type_name()); !why.empty()) {
      bad(local, c_.type, "call type " + quoted(c_.type) + " " + why +
                              "; it would name a call type in the fitted scenario");
    } else if (log_.types.size() > UINT16_MAX && type_index_.count(type_name()) == 0) {
      bad(local, c_.type, "more than " + std::to_string(UINT16_MAX + 1) + " call types");
    }
    if (c_.prio >= 0) {
      r.prio = number(field(c_.prio));
      if (!r.prio || *r.prio != std::floor(*r.prio) || std::abs(*r.prio) > 1e9) {
        bad(local, c_.prio, "must be a whole number from -1000000000 to 1000000000, got " + quoted(c_.prio));
      }
    }
    return r;
  }

  void keep(const LogRow& p) {
    // Queued: joined the queue (a queue-start time that is not 0:00:00), or, without that
    // column, waited or was answered.
    const bool queued = p.qstart ? *p.qstart > 0 || *p.wait > 0 : (*p.wait > 0 || p.answered);
    if (p.ignored) {
      ++log_.skipped["outcome " + field(c_.outcome) + " (to be ignored)"];
      return;
    }
    if (p.abandoned && !queued) {
      ++log_.skipped["hung up before reaching the agent queue (in the VRU)"];
      return;
    }
    CallRecord r;
    r.line = ln_;
    r.day = *p.day;
    r.weekday = static_cast<std::uint8_t>(
        std::chrono::weekday{std::chrono::sys_days{std::chrono::days{*p.day}}}.c_encoding());
    r.answered = p.answered;
    r.arrival_s = *p.arrival;
    r.wait_s = *p.wait;
    r.priority = static_cast<std::int32_t>(*p.prio);
    r.type = static_cast<std::uint16_t>(intern(log_.types, type_index_, type_name()));
    if (!field(c_.agent).empty() && field(c_.agent) != cm_.no_agent) {
      r.agent = intern(log_.agents, agent_index_, field(c_.agent));
    }
    if (p.answered) {
      r.service_known = p.stime && *p.stime > 0 && (c_.sstart < 0 || (p.sstart && *p.sstart > 0)) &&
                        r.agent >= 0;
      if (r.service_known) {
        r.service_s = *p.stime;
        r.service_start_s = p.sstart ? *p.sstart : *p.arrival + *p.wait;
      } else {
        ++log_.notes["answered without a service record (kept for the queue figures, "
                     "left out of the service-time fit and the staffing)"];
      }
    }
    log_.records.push_back(r);
  }

  const std::string& file_;
  const ColumnMap& cm_;
  CallLog& log_;
  const std::vector<std::string>& header_;
  const LogColumns c_;
  const std::string only_type_ = "calls";  // a log without a type column: "all" names totals
  std::unordered_map<std::string, int> type_index_, agent_index_;
  int ln_ = 0;
  const std::vector<std::string>* f_ = nullptr;
};

}  // namespace

bool read_call_log(const std::string& file, const ColumnMap& cm, CallLog& log,
                   InputErrors& errors, bool skip_malformed) {
  const std::size_t errors_before = errors.size();
  log.files.push_back(file);
  std::filebuf in;
  if (!open_log(file, in, errors)) return false;
  LogLines lines{file, in, 0, {}};
  if (!lines.next(errors)) {
    errors.add(file, 0, 0, "", "empty file: expected a header row");
    return false;
  }
  if (errors.size() != errors_before) return false;
  const bool comma =
      lines.line.find(',') != std::string::npos && lines.line.find('\t') == std::string::npos;
  const std::vector<std::string> header = split(lines.line, comma);
  const LogColumns cols = find_log_columns(header, cm, file, errors);
  if (errors.size() != errors_before) return false;
  LogReader reader(file, cm, log, header, cols);
  InputErrors local;
  while (lines.next(local)) {
    const std::vector<std::string> f = split(lines.line, comma);
    if (f.empty() && local.empty()) continue;  // blank line
    ++log.rows;
    if (!local.empty()) {
      // Already reported by LogLines.
    } else if (f.size() != header.size()) {
      local.add(file, lines.ln, 0, "",
                "expected " + std::to_string(header.size()) + " fields like the header, got " +
                    std::to_string(f.size()));
    } else {
      reader.row(f, lines.ln, local);
    }
    if (!local.empty()) {
      if (skip_malformed) {
        ++log.skipped["malformed row"];
      } else {
        for (const auto& e : local.all()) errors.add(e.file, e.line, e.column, e.field, e.message);
      }
      local = InputErrors();
    }
  }
  return errors.size() == errors_before;
}

}  // namespace sim::scenario
