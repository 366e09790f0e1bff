// The raw text of the scenario's files, checked before any parser sees it: regular files
// only (a FIFO blocked `check` forever), within the size limit, and, for TOML, text that
// Debian's toml++ 3.3.0 parses without crashing. Also the rule for names that go into the
// outputs. Internal to sim/scenario.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/scenario/input_error.h"
#include "sim/scenario/limits.h"

namespace sim::scenario {

// The whole of `file`, or nullopt after adding one error naming it: `not_found` when it does
// not exist, "not a regular file" (a folder, FIFO, socket or device: never opened, so never
// blocks), too large, unreadable, or holding a NUL byte (binary; CSV rows silently split at one).
std::optional<std::string> read_input_file(const std::string& file, const Limits& limits,
                                           InputErrors& errors,
                                           const std::string& not_found = "file not found");

struct TextProblem {
  int line = 0, column = 0;  // 1-based; column in characters
  std::string message;
};
// The first reason not to hand `text` to toml++, or nullopt: invalid UTF-8, a line longer
// than limits.max_toml_line_chars, arrays and inline tables nested deeper than
// limits.max_toml_depth or a key of more parts, or a non-ASCII character outside a string
// or comment (never valid TOML; toml++ 3.3.0 reaches __builtin_unreachable on some).
std::optional<TextProblem> toml_text_problem(std::string_view text, const Limits& limits);

enum class NameUse {
  column,  // call type, role: a CSV cell and a JSON key in every output, next to "all"
  agent,   // a CSV cell of trace.csv
  title,   // the scenario's name: a JSON string and the report's title
};
// "" or why `name` cannot be used: empty, longer than max_chars characters, not UTF-8, a
// control character, a space at either end; in a CSV cell also a comma or a double quote
// (the outputs write names as they are); for call types and roles "all", the outputs' total.
std::string name_problem(std::string_view name, std::size_t max_chars, NameUse use);

// `text` safe to print on a terminal: control characters and bytes that are not UTF-8 as
// \xNN, and cut after max_chars characters with "...".
std::string printable(std::string_view text, std::size_t max_chars);

}  // namespace sim::scenario
