// How every output file spells numbers, times and text fields, so that all of them open the
// same way in a spreadsheet, pandas and R.
#pragma once

#include <string>
#include <string_view>

namespace sim::text {

// Locale-independent numbers: whole numbers exactly, others to 7 significant digits;
// undefined values (NaN) append nothing, an empty cell that pandas and R read as missing.
void put_number(std::string& out, double x);
std::string number(double x);
// The shortest text that reads back as the same double ("0.1", "1800", "1e+20"): for the
// scenario files ccsim writes, which must load back bit for bit.
std::string exact_number(double x);
// Seconds since midnight as an ISO 8601 time of day, the project's one clock formatter:
// "08:30" (minute), "08:30:00" (second) or "08:30:00.0" (tenth). Hours may pass 23. The
// time is rounded to the second (to the tenth for tenth), then shown to the unit asked
// for, as a clock shows it: 08:29:45 is "08:29".
enum class ClockUnit { minute, second, tenth };
std::string time_of_day(double seconds, ClockUnit unit);
inline std::string hms(double seconds) { return time_of_day(seconds, ClockUnit::second); }
inline std::string hhmm(double seconds) { return time_of_day(seconds, ClockUnit::minute); }
// A CSV field, quoted when it holds a comma, quote or newline (RFC 4180).
std::string csv_field(const std::string& s);
// A double-quoted string literal, valid both as a JSON string and as a TOML basic string:
// quotes, backslashes and every control character (DEL too) escaped.
std::string quoted_string(std::string_view s);

}  // namespace sim::text
