// How every output file spells numbers, times and text fields, so that all of them open the
// same way in a spreadsheet, pandas and R.
#pragma once

#include <string>

namespace sim::text {

// Locale-independent numbers: whole numbers exactly, others to 7 significant digits;
// undefined values (NaN) append nothing, an empty cell that pandas and R read as missing.
void put_number(std::string& out, double x);
std::string number(double x);
// Seconds since midnight as an ISO 8601 time "08:30:00" (hours may pass 23).
std::string hms(double seconds);
// A CSV field, quoted when it holds a comma, quote or newline (RFC 4180).
std::string csv_field(const std::string& s);
// A JSON string literal and a JSON number (null when not finite).
std::string json_string(const std::string& s);
std::string json_number(double x);

}  // namespace sim::text
