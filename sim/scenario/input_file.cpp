#include "sim/scenario/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace sim::scenario {
namespace {

// The code point at text[i] and its length in bytes; length 0 if the bytes there are not
// UTF-8 (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF).
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};
CodePoint decode(std::string_view text, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return {c, 1};
  std::size_t n = 0;
  char32_t cp = 0, min = 0;
  if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07, min = 0x10000;
  else return {};
  if (i + n > text.size()) return {};
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return {};
    cp = cp << 6 | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, n};
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

std::string hex_byte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02X", c);
  return buf;
}

std::string code_point_name(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a named pipe";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "a special file";
}

}  // namespace

std::optional<std::string> read_input_file(const std::string& file, const Limits& limits,
                                           InputErrors& errors, const std::string& not_found) {
  auto fail = [&](const std::string& why) {
    errors.add(file, 0, 0, "", why);
    return std::nullopt;
  };
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return fail(errno == ENOENT || errno == ENOTDIR ? not_found
                                                    : std::string("cannot read: ") + std::strerror(errno));
  }
  // Checked before opening: opening a FIFO for reading waits for a writer.
  if (!S_ISREG(st.st_mode)) {
    return fail(std::string("is ") + kind_of(st.st_mode) +
                ", not a regular file: scenario files and tables must be regular files");
  }
  const auto too_big = [&](std::uintmax_t size) {
    return fail("the file is " + std::to_string(size) + " bytes, more than the limit of " +
                std::to_string(limits.max_file_bytes));
  };
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > limits.max_file_bytes) return too_big(size);
  // O_NONBLOCK and a second look: the path may have been replaced since stat().
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail(std::string("cannot read: ") + std::strerror(errno));
  std::string text;
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  int err = ok ? 0 : EINVAL;
  char buf[1 << 16];
  while (ok) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false, err = errno;
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > limits.max_file_bytes) {  // grew since stat()
      ::close(fd);
      return too_big(text.size());
    }
  }
  ::close(fd);
  if (!ok) return fail(std::string("cannot read: ") + std::strerror(err));
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(nul), '\n'));
    errors.add(file, line, 0, "", "a NUL byte: this is not a text file");
    return std::nullopt;
  }
  return text;
}

std::optional<TextProblem> toml_text_problem(std::string_view text, const Limits& limits) {
  enum class In { code, comment, basic, literal, ml_basic, ml_literal };
  In in = In::code;
  bool escaped = false;     // the previous character of a basic string was a backslash
  std::vector<char> nest;   // '[' array or '{' inline table, innermost last
  bool at_key = true;       // before the '=' of a key/value pair (or in a [table] header)
  bool key_begun = false;   // a character of the key seen (a '[' after it is no header)
  bool in_header = false;   // between [ and ] of a table header
  std::size_t key_parts = 1;
  int line = 1, column = 0;
  auto problem = [&](const std::string& message) {
    return std::optional<TextProblem>(TextProblem{line, column, message});
  };
  auto new_key = [&] {
    at_key = true;
    key_begun = false;
    key_parts = 1;
  };
  std::size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a byte-order mark: toml++ skips it
  while (i < text.size()) {
    const CodePoint cp = decode(text, i);
    ++column;
    if (cp.length == 0) {
      return problem("TOML syntax: not UTF-8 text (byte " +
                     hex_byte(static_cast<unsigned char>(text[i])) + ")");
    }
    if (static_cast<std::size_t>(column) > limits.max_toml_line_chars) {
      return problem("the line is longer than " + std::to_string(limits.max_toml_line_chars) +
                     " characters (the limit)");
    }
    const char32_t c = cp.value;
    // How many times `q` repeats from here (for """ and ''').
    auto run_of = [&](char q) {
      std::size_t n = 0;
      while (i + n < text.size() && text[i + n] == q) ++n;
      return n;
    };
    std::size_t advance = cp.length;
    if (c == '\n') {
      ++line;
      column = 0;
      escaped = false;  // a line-ending backslash
      if (in == In::comment || in == In::basic || in == In::literal) in = In::code;
      if (in == In::code && nest.empty()) {
        in_header = false;
        new_key();
      }
    } else if (in == In::comment) {
    } else if (in == In::basic || in == In::ml_basic) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"' && in == In::basic) {
        in = In::code;
      } else if (c == '"' && run_of('"') >= 3) {
        advance = std::min<std::size_t>(run_of('"'), 5);  // up to two quotes end the text
        column += static_cast<int>(advance) - 1;
        in = In::code;
      }
    } else if (in == In::literal || in == In::ml_literal) {
      if (c == '\'' && in == In::literal) {
        in = In::code;
      } else if (c == '\'' && run_of('\'') >= 3) {
        advance = std::min<std::size_t>(run_of('\''), 5);
        column += static_cast<int>(advance) - 1;
        in = In::code;
      }
    } else if (c == '#') {
      in = In::comment;
    } else if (c == '"' || c == '\'') {
      const bool multi = run_of(static_cast<char>(c)) >= 3;
      in = c == '"' ? (multi ? In::ml_basic : In::basic) : (multi ? In::ml_literal : In::literal);
      if (multi) advance = 3, column += 2;
      if (at_key) key_begun = true;
    } else if (c >= 0x80) {
      // Bare keys and values are ASCII in TOML; only strings and comments hold more.
      return problem("TOML syntax: unexpected character " + code_point_name(c) + " '" +
                     std::string(text.substr(i, cp.length)) + "' outside a string or comment");
    } else if (c == ' ' || c == '\t' || c == '\r') {
    } else if (in_header) {
      if (c == '.' && ++key_parts > limits.max_toml_depth) {
        return problem("a table name of more than " + std::to_string(limits.max_toml_depth) +
                       " dotted parts (the limit)");
      }
      if (c == ']') in_header = false, at_key = false;
    } else if (at_key) {
      if (c == '[' && !key_begun && nest.empty()) {
        in_header = true;
        if (run_of('[') >= 2) advance = 2, column += 1;
      } else if (c == '.') {
        if (++key_parts > limits.max_toml_depth) {
          return problem("a key of more than " + std::to_string(limits.max_toml_depth) +
                         " dotted parts (the limit)");
        }
      } else if (c == '=') {
        at_key = false;
      } else if (c == '}' && !nest.empty() && nest.back() == '{') {  // {} or a trailing comma
        nest.pop_back();
        at_key = false;
      } else {
        key_begun = true;
      }
    } else if (c == '[' || c == '{') {
      nest.push_back(static_cast<char>(c));
      if (nest.size() > limits.max_toml_depth) {
        return problem("arrays and inline tables nested more than " +
                       std::to_string(limits.max_toml_depth) + " deep (the limit)");
      }
      if (c == '{') new_key();
    } else if ((c == ']' || c == '}') && !nest.empty()) {
      nest.pop_back();
    } else if (c == ',' && !nest.empty() && nest.back() == '{') {
      new_key();
    }
    i += advance;
  }
  return std::nullopt;
}

std::string name_problem(std::string_view name, std::size_t max_chars, NameUse use) {
  if (name.empty()) return "must not be empty";
  if (use == NameUse::column && name == "all") {
    return "\"all\" is reserved: the outputs name their totals so";
  }
  std::size_t chars = 0;
  bool forbidden = false;
  for (std::size_t i = 0; i < name.size(); ++chars) {
    const CodePoint cp = decode(name, i);
    if (cp.length == 0) return "must be UTF-8 text";
    forbidden |= is_control(cp.value) ||
                 (use != NameUse::title && (cp.value == ',' || cp.value == '"'));
    i += cp.length;
  }
  if (forbidden) {
    return use != NameUse::title
               ? "must not hold a comma, a double quote or a control character (the outputs "
                 "write names as they are)"
               : "must not hold a control character";
  }
  if (chars > max_chars) {
    return "must be at most " + std::to_string(max_chars) + " characters, got " +
           std::to_string(chars);
  }
  if (name.front() == ' ' || name.back() == ' ') return "must not begin or end with a space";
  return "";
}

std::string printable(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++chars) {
    if (chars == max_chars) return out + "...";
    const CodePoint cp = decode(text, i);
    if (cp.length == 0 || is_control(cp.value)) {
      for (std::size_t k = 0; k < std::max<std::size_t>(cp.length, 1); ++k) {
        out += hex_byte(static_cast<unsigned char>(text[i + k]));
      }
      i += std::max<std::size_t>(cp.length, 1);
      continue;
    }
    out.append(text.substr(i, cp.length));
    i += cp.length;
  }
  return out;
}

}  // namespace sim::scenario
