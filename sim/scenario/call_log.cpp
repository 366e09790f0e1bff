#include "sim/scenario/call_log.h"

// csv.h copies file names with strncpy into a fixed buffer, on purpose; GCC 12 warns.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <csv.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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
    {"agent", &ColumnMap::agent, "who served the call"},
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

std::vector<std::string> split(const char* line, bool comma) {
  std::vector<std::string> out;
  std::string cur;
  if (comma) {
    for (const char* p = line; *p; ++p) {
      if (*p == ',') {
        out.push_back(std::move(cur));
        cur.clear();
      } else if (*p != '\r') {
        cur += *p;
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
  for (const char* p = line;; ++p) {
    const bool blank = *p == ' ' || *p == '\t' || *p == '\r' || *p == 0;
    if (blank) {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
      if (*p == 0) break;
    } else {
      cur += *p;
    }
  }
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

std::int32_t intern(std::vector<std::string>& names, std::unordered_map<std::string, int>& index,
                    const std::string& name) {
  const auto it = index.find(name);
  if (it != index.end()) return it->second;
  names.push_back(name);
  return index[name] = static_cast<int>(names.size() - 1);
}

}  // namespace

std::optional<ColumnMap> parse_column_map(const std::string& text, InputErrors& errors) {
  const auto fail = [&](const std::string& why) {
    errors.add("--columns", 0, 0, "", why);
    return std::nullopt;
  };
  ColumnMap m;
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
      return fail(unknown("key", key, names));
    }
    if (eq == std::string::npos) return fail("'" + key + "' needs a value: " + key + "=NAME");
    m.*(k->member) = kv.substr(eq + 1);
  }
  for (const char* required : {"date", "arrival", "wait", "outcome"}) {
    for (const Key& c : kKeys) {
      if (std::string(c.name) == required && (m.*(c.member)).empty()) {
        return fail(std::string("'") + required + "' cannot be empty");
      }
    }
  }
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

// Column index of each mapped field in the header row; -1 when the field is not mapped (or
// is an optional default column the export does not have).
struct Columns {
  int date = -1, arrival = -1, wait = -1, outcome = -1, queue_start = -1, service_start = -1,
      service_time = -1, agent = -1, type = -1, priority = -1;
};

// The mapped columns in `header`; a missing one is an error naming the --columns key.
std::optional<Columns> find_columns(const std::vector<std::string>& header, const ColumnMap& cm,
                                    const std::string& file, InputErrors& errors) {
  const std::size_t errors_before = errors.size();
  auto find = [&](const std::string& name, const char* key) {
    if (name.empty()) return -1;
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      errors.add(file, 1, 0, key,
                 "no column '" + name + "' in the header" + did_you_mean(name, header) +
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
  Columns c;
  c.date = find(cm.date, "date");
  c.arrival = find(cm.arrival, "arrival");
  c.wait = find(cm.wait, "wait");
  c.outcome = find(cm.outcome, "outcome");
  c.queue_start = optional_col(cm.queue_start, defaults.queue_start, "queue_start");
  c.service_start = optional_col(cm.service_start, defaults.service_start, "service_start");
  c.service_time = optional_col(cm.service_time, defaults.service_time, "service_time");
  c.agent = optional_col(cm.agent, defaults.agent, "agent");
  c.type = optional_col(cm.type, defaults.type, "type");
  c.priority = optional_col(cm.priority, defaults.priority, "priority");
  if (errors.size() != errors_before) return std::nullopt;
  return c;
}

// One row's fields, read and checked.
struct Row {
  std::int32_t day = 0;
  double arrival = 0, wait = 0, priority = 0;
  bool answered = false, abandoned = false, ignored = false;
  std::optional<double> queue_start, service_start, service_time;
};

class RowReader {
 public:
  RowReader(const std::vector<std::string>& header, const Columns& c, const ColumnMap& cm,
            const std::string& file)
      : header_(header), c_(c), cm_(cm), file_(file) {}

  // The row's fields, or nullopt with every problem in `problems`.
  std::optional<Row> read(const std::vector<std::string>& f, int line, InputErrors& problems) {
    f_ = &f;
    line_ = line;
    problems_ = &problems;
    Row r;
    const auto day = parse_date(field(c_.date));
    if (!day) bad(c_.date, "\"" + field(c_.date) + "\" is not a date (yymmdd, yyyymmdd or yyyy-mm-dd)");
    const auto arrival = time(c_.arrival);
    const auto wait = seconds(c_.wait);
    const std::string& outcome = field(c_.outcome);
    r.answered = one_of(outcome, cm_.answered);
    r.abandoned = one_of(outcome, cm_.abandoned);
    r.ignored = one_of(outcome, cm_.ignored);
    if (!r.answered && !r.abandoned && !r.ignored) {
      bad(c_.outcome, "unknown outcome '" + outcome + "'; expected " + cm_.answered + ", " +
                          cm_.abandoned + " or " + cm_.ignored + " (see --columns)");
    }
    if (c_.queue_start >= 0) r.queue_start = time(c_.queue_start);
    // Service fields may be empty (a call nobody served).
    if (c_.service_start >= 0 && !field(c_.service_start).empty()) r.service_start = time(c_.service_start);
    if (c_.service_time >= 0 && !field(c_.service_time).empty()) r.service_time = seconds(c_.service_time);
    if (c_.priority >= 0) {
      const auto prio = number(field(c_.priority));
      if (!prio || *prio != std::floor(*prio)) {
        bad(c_.priority, "must be a whole number, got \"" + field(c_.priority) + "\"");
      } else {
        r.priority = *prio;
      }
    }
    if (!problems.empty()) return std::nullopt;
    r.day = *day;
    r.arrival = *arrival;
    r.wait = *wait;
    return r;
  }

 private:
  const std::string& field(int c) const { return (*f_)[static_cast<std::size_t>(c)]; }
  void bad(int col, const std::string& what) {
    const bool named = col >= 0 && static_cast<std::size_t>(col) < header_.size();
    problems_->add(file_, line_, col + 1, named ? header_[static_cast<std::size_t>(col)] : "", what);
  }
  std::optional<double> time(int c) {
    const auto t = parse_time_of_day(field(c));
    if (!t) bad(c, "\"" + field(c) + "\" is not a time of day (h:mm:ss)");
    return t;
  }
  std::optional<double> seconds(int c) {
    const auto s = number(field(c));
    if (!s || *s < 0) bad(c, "must be a number of seconds >= 0, got \"" + field(c) + "\"");
    return s;
  }

  const std::vector<std::string>& header_;
  const Columns& c_;
  const ColumnMap& cm_;
  const std::string& file_;
  const std::vector<std::string>* f_ = nullptr;
  int line_ = 0;
  InputErrors* problems_ = nullptr;
};

// Appends rows to a log: a record, or a count of why it was left out.
class LogAppender {
 public:
  LogAppender(CallLog& log, const Columns& c, const ColumnMap& cm) : log_(log), c_(c), cm_(cm) {
    for (std::size_t i = 0; i < log.types.size(); ++i) types_[log.types[i]] = static_cast<int>(i);
    for (std::size_t i = 0; i < log.agents.size(); ++i) agents_[log.agents[i]] = static_cast<int>(i);
  }

  void add(const Row& row, const std::vector<std::string>& f, int line) {
    auto field = [&](int c) -> const std::string& { return f[static_cast<std::size_t>(c)]; };
    // Queued: joined the queue (a queue-start time that is not 0:00:00), or, without that
    // column, waited or was answered.
    const bool queued =
        row.queue_start ? *row.queue_start > 0 || row.wait > 0 : (row.wait > 0 || row.answered);
    if (row.ignored) {
      ++log_.skipped["outcome " + field(c_.outcome) + " (to be ignored)"];
      return;
    }
    if (row.abandoned && !queued) {
      ++log_.skipped["hung up before reaching the agent queue (in the VRU)"];
      return;
    }
    CallRecord r;
    r.line = line;
    r.day = row.day;
    r.weekday = static_cast<std::uint8_t>(
        std::chrono::weekday{std::chrono::sys_days{std::chrono::days{row.day}}}.c_encoding());
    r.answered = row.answered;
    r.arrival_s = row.arrival;
    r.wait_s = row.wait;
    r.priority = static_cast<std::int32_t>(row.priority);
    r.type = static_cast<std::uint16_t>(intern(log_.types, types_, c_.type >= 0 ? field(c_.type) : "all"));
    if (c_.agent >= 0 && !field(c_.agent).empty() && field(c_.agent) != cm_.no_agent) {
      r.agent = intern(log_.agents, agents_, field(c_.agent));
    }
    if (r.answered) {
      const auto& st = row.service_time;
      const auto& ss = row.service_start;
      r.service_known = st && *st > 0 && (c_.service_start < 0 || (ss && *ss > 0)) &&
                        (c_.agent < 0 || r.agent >= 0);
      if (r.service_known) {
        r.service_s = *st;
        r.service_start_s = ss ? *ss : row.arrival + row.wait;
      } else {
        ++log_.notes["answered without a service record (kept for the queue figures, "
                     "left out of the service-time fit and the staffing)"];
      }
    }
    log_.records.push_back(r);
  }

 private:
  CallLog& log_;
  const Columns& c_;
  const ColumnMap& cm_;
  std::unordered_map<std::string, int> types_, agents_;
};

}  // namespace

void read_call_log(const std::string& file, const ColumnMap& cm, CallLog& log,
                   InputErrors& errors, bool skip_malformed) {
  log.files.push_back(file);
  try {
    io::LineReader in(file);
    const char* header_line = in.next_line();
    if (header_line == nullptr) {
      errors.add(file, 0, 0, "", "empty file: expected a header row");
      return;
    }
    const std::string header_text(header_line);
    const bool comma = header_text.find(',') != std::string::npos &&
                       header_text.find('\t') == std::string::npos;
    const std::vector<std::string> header = split(header_line, comma);
    const auto columns = find_columns(header, cm, file, errors);
    if (!columns) return;
    RowReader reader(header, *columns, cm, file);
    LogAppender appender(log, *columns, cm);
    while (const char* line = in.next_line()) {
      const int ln = static_cast<int>(in.get_file_line());
      const std::vector<std::string> f = split(line, comma);
      if (f.empty()) continue;  // blank line
      ++log.rows;
      InputErrors local;
      if (f.size() != header.size()) {
        local.add(file, ln, 0, "",
                  "expected " + std::to_string(header.size()) + " fields like the header, got " +
                      std::to_string(f.size()));
      } else if (const auto row = reader.read(f, ln, local)) {
        appender.add(*row, f, ln);
      }
      if (local.empty()) continue;
      if (skip_malformed) {
        ++log.skipped["malformed row"];
      } else {
        for (const auto& e : local.all()) errors.add(e.file, e.line, e.column, e.field, e.message);
      }
    }
  } catch (const io::error::can_not_open_file&) {
    errors.add(file, 0, 0, "", "cannot open file");
  } catch (const io::error::base& e) {
    errors.add(file, 0, 0, "", e.what());
  }
}

}  // namespace sim::scenario
