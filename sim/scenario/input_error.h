// Input errors, printed like a compiler's:
//   scenarios/base/scenario.toml:42:3: call_types.billing.patience.mean_s: must be > 0, got -30
// The scenario layer collects every error it can find before giving up, so a user fixes
// them in one pass; then the command exits with 65 (EX_DATAERR).
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

  std::string to_string() const;
};

class InputErrors {
 public:
  void add(std::string file, int line, int column, std::string field, std::string message) {
    errors_.push_back({std::move(file), line, column, std::move(field), std::move(message)});
  }
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  const std::vector<InputError>& all() const { return errors_; }
  std::string to_string() const;  // one error per line

 private:
  std::vector<InputError> errors_;
};

// The closest of `candidates` to `word` by edit distance, or "" if none is close enough
// to be worth suggesting.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace sim::scenario
