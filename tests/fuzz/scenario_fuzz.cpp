// libFuzzer harness: the scenario loader (TOML, its CSV tables, base chains) on any bytes.
// An input is one or more files: the first is scenario.toml, each further one starts
// after a line "=== NAME" (NAME relative to scenario.toml's folder: forecast.csv, or
// ../default/scenario.toml for a base). tests/README.md says how to run it.
//
// Property: load_scenario returns a scenario or input errors; it never crashes, throws,
// hangs or trips ASan or UBSan.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/scenario/scenario.h"
#include "tests/fuzz/fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto& scratch = fuzz::scratch();
  scratch.clear();
  const std::string root = scratch.root().lexically_normal().string() + "/";
  // Files are written in order (a name given twice: the last wins), inside the folder only.
  auto write = [&](const std::string& name, std::string_view bytes) {
    const auto path = (scratch.root() / "case" / name).lexically_normal();
    if (path.string().rfind(root, 0) == 0 && path.has_filename()) {
      scratch.write(path.lexically_relative(scratch.root()).string(), bytes);
    }
  };
  std::string name = "scenario.toml";
  std::size_t begin = 0;
  for (std::size_t line = 0; line <= in.size();) {
    const std::size_t eol = std::min(in.find('\n', line), in.size());
    if (in.substr(line, 4) == "=== ") {
      write(name, in.substr(begin, line - begin));
      name = std::string(in.substr(line + 4, eol - line - 4));
      begin = std::min(eol + 1, in.size());
    }
    line = eol + 1;
  }
  write(name, in.substr(begin));

  const auto loaded = sim::scenario::load_scenario(scratch.root() / "case" / "scenario.toml");
  if (loaded.scenario.has_value() == !loaded.errors.empty()) {
    fuzz::violated("load_scenario must give a scenario or errors, not both or neither");
  }
  return 0;
}
