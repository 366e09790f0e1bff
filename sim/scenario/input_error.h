// Input errors, printed like a compiler's:
//   scenarios/base/scenario.toml:42:3: call_types.billing.patience.mean_s: must be >= 0, got -30
// The scenario layer collects every error it can find before giving up, so a user fixes
// them in one pass; then the command exits with 65 (EX_DATAERR).
//
// One convention for "a value or input errors" in this layer: a function that reads input
// takes the InputErrors to add to and returns std::optional<T>, nullopt exactly when it
// added an error (read_call_log, which appends to a log, returns nothing); load_scenario
// hands out both at once as a LoadResult. A rule about one value (name_problem,
// toml_text_problem, the range checks in scenario.cpp) returns its problem, or nothing, for
// the caller to report at the right file, line and field.
#pragma once

#include <string>
#include <vector>

namespace sim::scenario {

struct InputError {
  std::string file;
  int line = 0;    // 1-based; 0 when the error concerns the whole file
  int column = 0;  // 1-based character (TOML) or field number (CSV); 0 when unknown
  std::string field;
  std::string message;

  // file:line:column: field: message, with control characters and bytes that are not
  // UTF-8 shown as \xNN and overlong parts cut: they echo what the user gave.
  std::string to_string() const;
};

// Keeps the first kKept errors and counts the rest: a 64 MB table of bad rows used to print
// a million lines (and hold them all).
class InputErrors {
 public:
  static constexpr std::size_t kKept = 100;

  void add(std::string file, int line, int column, std::string field, std::string message) {
    if (errors_.size() < kKept) {
      errors_.push_back({std::move(file), line, column, std::move(field), std::move(message)});
    }
    ++count_;
  }
  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }  // all of them, kept or not
  const std::vector<InputError>& all() const { return errors_; }  // the first kKept
  // One error per line, then "... and N more errors" if some were not kept.
  std::string to_string() const;

 private:
  std::vector<InputError> errors_;
  std::size_t count_ = 0;
};

// "; did you mean 'rep_1'?" with the closest of `candidates` to `word` by edit distance, or
// "" if none is close enough to be worth suggesting.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);
// "unknown role 'rep1'; did you mean 'rep_1'?" (what = "role").
std::string unknown(const std::string& what, const std::string& word,
                    const std::vector<std::string>& candidates);

}  // namespace sim::scenario
