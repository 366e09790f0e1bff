// libFuzzer harness: the call-log reader behind `ccsim fit` (sim/scenario/call_log.h) on
// any bytes. A first line "#fuzz columns=SPEC" reads the rest through that --columns
// mapping, "#fuzz skip" as --skip-bad-rows would (both: "#fuzz skip columns=SPEC").
//
// Property: read_call_log returns records or input errors; it never crashes, throws, hangs
// or trips ASan or UBSan, and every record it keeps is in range and every call type can
// name a call type in a scenario file (what `ccsim fit` writes next).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "sim/scenario/call_log.h"
#include "tests/fuzz/fuzz_files.h"

namespace {

// A call-type name scenario.toml and forecast.csv can hold: no byte below 0x20, no DEL,
// '"' or ',', and (checked loosely) no lone continuation or invalid lead byte.
bool writable_name(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F || c == '"' || c == ',' || c == 0xC0 || c == 0xC1 || c > 0xF4) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  sim::scenario::ColumnMap columns;
  bool skip = false;
  if (in.substr(0, 6) == "#fuzz ") {
    const std::size_t eol = std::min(in.find('\n'), in.size());
    std::istringstream options{std::string(in.substr(6, eol - 6))};
    in.remove_prefix(std::min(eol + 1, in.size()));
    for (std::string word; options >> word;) {
      if (word == "skip") skip = true;
      if (word.rfind("columns=", 0) != 0) continue;
      sim::scenario::InputErrors why;
      const auto m = sim::scenario::parse_column_map(word.substr(8), why);
      if (m.has_value() != why.empty()) fuzz::violated("parse_column_map: a mapping or why not");
      if (!m) {
        return 0;
      }
      columns = *m;
    }
  }
  const std::string file = fuzz::scratch().write("log.txt", in);
  sim::scenario::CallLog log;
  sim::scenario::InputErrors errors;
  const bool ok = sim::scenario::read_call_log(file, columns, log, errors, skip);
  if (ok != errors.empty()) fuzz::violated("read_call_log: true exactly when there are no errors");
  for (const auto& e : errors.all()) {
    if (skip && e.line > 1) fuzz::violated("read_call_log: with skip_malformed, bad rows are skipped");
  }
  for (const auto& t : log.types) {
    if (!writable_name(t)) fuzz::violated("read_call_log: call types fit in a scenario file");
  }
  for (const auto& r : log.records) {
    if (r.type >= log.types.size()) fuzz::violated("read_call_log: a known type");
    if (r.agent >= 0 && static_cast<std::size_t>(r.agent) >= log.agents.size()) {
      fuzz::violated("read_call_log: a known agent");
    }
    if (!(r.arrival_s >= 0 && r.arrival_s <= 48 * 3600.0 && r.wait_s >= 0 && r.wait_s <= 86400 &&
          r.service_s >= 0 && r.service_s <= 86400 && std::isfinite(r.service_start_s))) {
      fuzz::violated("read_call_log: times in range");
    }
  }
  return 0;
}
