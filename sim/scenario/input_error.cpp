#include "sim/scenario/input_error.h"

#include <algorithm>

#include "sim/scenario/input_file.h"

namespace sim::scenario {

std::string InputError::to_string() const {
  std::string s = printable(file, 1000);
  if (line > 0) {
    s.append(":").append(std::to_string(line));
    if (column > 0) s.append(":").append(std::to_string(column));
  }
  s.append(": ");
  if (!field.empty()) s.append(printable(field, 200)).append(": ");
  return s.append(printable(message, 1000));
}

std::string InputErrors::to_string() const {
  std::string s;
  for (const InputError& e : errors_) s += e.to_string() + "\n";
  if (count_ > errors_.size()) {
    const std::size_t more = count_ - errors_.size();
    s += "... and " + std::to_string(more) + (more == 1 ? " more error\n" : " more errors\n");
  }
  return s;
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best = c;
      best_d = d;
    }
  }
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

std::string unknown(const std::string& what, const std::string& word,
                    const std::vector<std::string>& candidates) {
  return "unknown " + what + " '" + word + "'" + did_you_mean(word, candidates);
}

}  // namespace sim::scenario
