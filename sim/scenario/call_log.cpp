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

std::optional<ColumnMap> parse_column_map(const std::string& text, std::string& error) {
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
      error = unknown("key", key, names);
      return std::nullopt;
    }
    if (eq == std::string::npos) {
      error = "'" + key + "' needs a value: " + key + "=NAME";
      return std::nullopt;
    }
    m.*(k->member) = kv.substr(eq + 1);
  }
  for (const char* required : {"date", "arrival", "wait", "outcome"}) {
    for (const Key& c : kKeys) {
      if (std::string(c.name) == required && (m.*(c.member)).empty()) {
        error = std::string("'") + required + "' cannot be empty";
        return std::nullopt;
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

bool read_call_log(const std::string& file, const ColumnMap& cm, CallLog& log,
                   InputErrors& errors, bool skip_malformed) {
  const std::size_t errors_before = errors.size();
  std::unordered_map<std::string, int> type_index, agent_index;
  for (std::size_t i = 0; i < log.types.size(); ++i) type_index[log.types[i]] = static_cast<int>(i);
  for (std::size_t i = 0; i < log.agents.size(); ++i) agent_index[log.agents[i]] = static_cast<int>(i);
  log.files.push_back(file);
  try {
    io::LineReader in(file);
    const char* header_line = in.next_line();
    if (header_line == nullptr) {
      errors.add(file, 0, 0, "", "empty file: expected a header row");
      return false;
    }
    const std::string header_text(header_line);
    const bool comma = header_text.find(',') != std::string::npos &&
                       header_text.find('\t') == std::string::npos;
    const std::vector<std::string> header = split(header_line, comma);
    // Column index of each mapped field; -1 when not mapped ("").
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
    const int c_date = find(cm.date, "date");
    const int c_arrival = find(cm.arrival, "arrival");
    const int c_wait = find(cm.wait, "wait");
    const int c_outcome = find(cm.outcome, "outcome");
    const int c_qstart = optional_col(cm.queue_start, defaults.queue_start, "queue_start");
    const int c_sstart = optional_col(cm.service_start, defaults.service_start, "service_start");
    const int c_stime = optional_col(cm.service_time, defaults.service_time, "service_time");
    const int c_agent = optional_col(cm.agent, defaults.agent, "agent");
    const int c_type = optional_col(cm.type, defaults.type, "type");
    const int c_prio = optional_col(cm.priority, defaults.priority, "priority");
    if (errors.size() != errors_before) return false;
    const std::string only_type = "all";

    while (const char* line = in.next_line()) {
      const int ln = static_cast<int>(in.get_file_line());
      const std::vector<std::string> f = split(line, comma);
      if (f.empty()) continue;  // blank line
      ++log.rows;
      InputErrors local;
      auto bad = [&](int col, const std::string& what) {
        local.add(file, ln, col + 1, col >= 0 && static_cast<std::size_t>(col) < header.size()
                                        ? header[static_cast<std::size_t>(col)] : "",
                  what);
      };
      if (f.size() != header.size()) {
        local.add(file, ln, 0, "",
                  "expected " + std::to_string(header.size()) + " fields like the header, got " +
                      std::to_string(f.size()));
      } else {
        CallRecord r;
        r.line = ln;
        auto field = [&](int c) -> const std::string& { return f[static_cast<std::size_t>(c)]; };
        const auto day = parse_date(field(c_date));
        if (!day) bad(c_date, "\"" + field(c_date) + "\" is not a date (yymmdd, yyyymmdd or yyyy-mm-dd)");
        const auto arrival = parse_time_of_day(field(c_arrival));
        if (!arrival) bad(c_arrival, "\"" + field(c_arrival) + "\" is not a time of day (h:mm:ss)");
        const auto wait = number(field(c_wait));
        if (!wait || *wait < 0) bad(c_wait, "must be a number of seconds >= 0, got \"" + field(c_wait) + "\"");
        const std::string& outcome = field(c_outcome);
        const bool answered = one_of(outcome, cm.answered);
        const bool abandoned = one_of(outcome, cm.abandoned);
        const bool ignored = one_of(outcome, cm.ignored);
        if (!answered && !abandoned && !ignored) {
          bad(c_outcome, "unknown outcome '" + outcome + "'; expected " + cm.answered + ", " +
                             cm.abandoned + " or " + cm.ignored + " (see --columns)");
        }
        std::optional<double> qstart;
        if (c_qstart >= 0) {
          qstart = parse_time_of_day(field(c_qstart));
          if (!qstart) bad(c_qstart, "\"" + field(c_qstart) + "\" is not a time of day (h:mm:ss)");
        }
        std::optional<double> sstart, stime;
        // Service fields may be empty (a call nobody served).
        if (c_sstart >= 0 && !field(c_sstart).empty()) {
          sstart = parse_time_of_day(field(c_sstart));
          if (!sstart) bad(c_sstart, "\"" + field(c_sstart) + "\" is not a time of day (h:mm:ss)");
        }
        if (c_stime >= 0 && !field(c_stime).empty()) {
          stime = number(field(c_stime));
          if (!stime || *stime < 0) {
            bad(c_stime, "must be a number of seconds >= 0, got \"" + field(c_stime) + "\"");
          }
        }
        std::optional<double> prio = 0.0;
        if (c_prio >= 0) {
          prio = number(field(c_prio));
          if (!prio || *prio != std::floor(*prio)) {
            bad(c_prio, "must be a whole number, got \"" + field(c_prio) + "\"");
          }
        }
        if (local.empty()) {
          // Queued: joined the queue (a queue-start time that is not 0:00:00), or, without
          // that column, waited or was answered.
          const bool queued = qstart ? *qstart > 0 || *wait > 0 : (*wait > 0 || answered);
          if (ignored) {
            ++log.skipped["outcome " + outcome + " (to be ignored)"];
          } else if (abandoned && !queued) {
            ++log.skipped["hung up before reaching the agent queue (in the VRU)"];
          } else {
            r.day = *day;
            r.weekday = static_cast<std::uint8_t>(
                std::chrono::weekday{std::chrono::sys_days{std::chrono::days{*day}}}.c_encoding());
            r.answered = answered;
            r.arrival_s = *arrival;
            r.wait_s = *wait;
            r.priority = static_cast<std::int32_t>(*prio);
            r.type = static_cast<std::uint16_t>(
                intern(log.types, type_index, c_type >= 0 ? field(c_type) : only_type));
            if (c_agent >= 0 && !field(c_agent).empty() && field(c_agent) != cm.no_agent) {
              r.agent = intern(log.agents, agent_index, field(c_agent));
            }
            if (answered) {
              r.service_known = stime && *stime > 0 && (c_sstart < 0 || (sstart && *sstart > 0)) &&
                                (c_agent < 0 || r.agent >= 0);
              if (r.service_known) {
                r.service_s = *stime;
                r.service_start_s = sstart ? *sstart : *arrival + *wait;
              } else {
                ++log.notes["answered without a service record (kept for the queue figures, "
                            "left out of the service-time fit and the staffing)"];
              }
            }
            log.records.push_back(r);
          }
        }
      }
      if (!local.empty()) {
        if (skip_malformed) {
          ++log.skipped["malformed row"];
        } else {
          for (const auto& e : local.all()) errors.add(e.file, e.line, e.column, e.field, e.message);
        }
      }
    }
  } catch (const io::error::can_not_open_file&) {
    errors.add(file, 0, 0, "", "cannot open file");
  } catch (const io::error::base& e) {
    errors.add(file, 0, 0, "", e.what());
  }
  return errors.size() == errors_before;
}

}  // namespace sim::scenario
