// libFuzzer harness: the scenario's CSV tables (sim/scenario/tables.h) on any bytes. The
// first byte picks the table ('f' forecast.csv, 'p' profile.csv, 'r' roster.csv; other
// bytes by their value mod 3), the rest is the file, read against tests/data/tiny's center
// (08:00-10:00 in half hours; roles rep and supervisor; call types billing, outage,
// escalated).
//
// Property: each reader returns its table or input errors; it never crashes, throws, hangs
// or trips ASan or UBSan, and what it returns is in range.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/tables.h"
#include "tests/fuzz/fuzz_files.h"

namespace {

sim::model::Center tiny_center() {
  sim::model::Center c;
  c.open_s = 8 * 3600.0;
  c.close_s = 10 * 3600.0;
  c.interval_s = 1800.0;
  c.roles.resize(2);
  c.roles[0].name = "rep";
  c.roles[1].name = "supervisor";
  c.call_types.resize(3);
  c.call_types[0].name = "billing";
  c.call_types[1].name = "outage";
  c.call_types[2].name = "escalated";
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const sim::model::Center center = tiny_center();
  static const std::vector<std::string> roles = {"rep", "supervisor"};
  static const std::vector<std::string> types = {"billing", "outage", "escalated"};
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const char which = data[0] == 'f' || data[0] == 'p' || data[0] == 'r' ? static_cast<char>(data[0])
                                                                       : "fpr"[data[0] % 3];
  const std::string file =
      fuzz::scratch().write(which == 'f' ? "forecast.csv" : which == 'p' ? "profile.csv" : "roster.csv", bytes);
  static const sim::scenario::Limits limits;
  sim::scenario::InputErrors errors;
  if (which == 'f') {
    const auto calls = sim::scenario::read_forecast(file, center, types, limits, errors);
    if (calls.has_value() != errors.empty()) fuzz::violated("read_forecast: a table or errors");
    for (const auto& row : calls.value_or(std::vector<std::vector<double>>{})) {
      if (row.size() != center.intervals()) fuzz::violated("read_forecast: one value per interval");
      for (double x : row) {
        if (!(std::isfinite(x) && x >= 0)) fuzz::violated("read_forecast: calls finite and >= 0");
      }
    }
  } else if (which == 'p') {
    const auto share = sim::scenario::read_profile(file, center, limits, errors);
    if (share.has_value() != errors.empty()) fuzz::violated("read_profile: a profile or errors");
    for (double x : share.value_or(std::vector<double>{})) {
      if (!(x >= 0 && x <= 1)) fuzz::violated("read_profile: shares in [0, 1]");
    }
  } else {
    const auto agents = sim::scenario::read_roster(file, center, roles, limits, errors);
    if (agents.has_value() != errors.empty()) fuzz::violated("read_roster: agents or errors");
    for (const auto& a : agents.value_or(std::vector<sim::model::Agent>{})) {
      if (a.role < 0 || a.role >= 2) fuzz::violated("read_roster: a known role");
      if (!(a.shift_start_s < a.shift_end_s)) fuzz::violated("read_roster: shift end after start");
      for (const auto& b : a.breaks) {
        if (!(std::isfinite(b.start_s) && std::isfinite(b.duration_s) && b.duration_s > 0)) {
          fuzz::violated("read_roster: breaks finite, of positive length");
        }
      }
    }
  }
  return 0;
}
