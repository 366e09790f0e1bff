#include "sim/scenario/format.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace sim::text {

// Locale-independent, shortest-ish numbers: whole numbers exactly, others to 7 significant
// digits; undefined values (NaN) as an empty cell, which pandas and R read as missing.
void put_number(std::string& out, double x) {
  if (std::isnan(x)) return;
  char buf[64];
  const bool whole = x == std::floor(x) && std::fabs(x) < 1e15;
  const auto r = whole ? std::to_chars(buf, buf + sizeof buf, static_cast<long long>(x))
                       : std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 7);
  out.append(buf, r.ptr);
}

std::string time_of_day(double seconds, ClockUnit unit) {
  const long tenths = unit == ClockUnit::tenth ? std::lround(seconds * 10) : std::lround(seconds) * 10;
  const long t = tenths / 10, h = t / 3600, m = t / 60 % 60, s = t % 60;
  char buf[64];
  if (unit == ClockUnit::minute) {
    std::snprintf(buf, sizeof buf, "%02ld:%02ld", h, m);
  } else if (unit == ClockUnit::second) {
    std::snprintf(buf, sizeof buf, "%02ld:%02ld:%02ld", h, m, s);
  } else {
    std::snprintf(buf, sizeof buf, "%02ld:%02ld:%02ld.%ld", h, m, s, tenths % 10);
  }
  return buf;
}

// CSV field: quoted when it holds a comma, quote or newline (RFC 4180).
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

std::string quoted_string(std::string_view s) {
  // The escapes JSON and TOML share; any other control character as \uXXXX.
  static constexpr std::string_view kPlain = "\"\\\n\t\r", kEscaped[] = {"\\\"", "\\\\", "\\n", "\\t", "\\r"};
  std::string q = "\"";
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (const auto k = kPlain.find(ch); k != std::string_view::npos) {
      q += kEscaped[k];
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", u);
      q += buf;
    } else {
      q += ch;
    }
  }
  return q + "\"";
}

std::string exact_number(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

std::string number(double x) {
  std::string s;
  put_number(s, x);
  return s;
}

}  // namespace sim::text
