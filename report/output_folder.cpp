#include "report/output_folder.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <vector>

#include "sim/engine/interrupt.h"

namespace report {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPartialMarker = ".ccsim-partial";  // in a folder being written
constexpr const char* kPartialInfix = ".partial-";

std::string in_quotes(const std::string& p) { return "'" + p + "'"; }

std::string megabytes(std::uintmax_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

std::string fingerprint(const fs::path& file) {
  std::ifstream f(file, std::ios::binary);
  Fingerprint h;
  std::vector<char> buf(1 << 20);
  while (f) {
    f.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.add(std::string_view(buf.data(), static_cast<std::size_t>(f.gcount())));
  }
  return h.hex();
}

// One line per entry the command wrote: "file SIZE HASH NAME" or "dir - - NAME". The
// fingerprint lets a later command see that a user edited a file it wrote (a fitted
// scenario.toml, say) and refuse to replace it; it depends on the bytes only, so the
// marker is as reproducible as the files.
// `known`: fingerprints taken as the files were written (OutputFolder::close of a
// StreamedFile), used instead of reading those files back.
std::string describe_entry(const fs::directory_entry& e,
                           const std::map<std::string, std::string>& known = {}) {
  std::error_code ec;
  const std::string name = e.path().filename().string();
  if (e.is_directory(ec)) return "dir - - " + name;
  const auto k = known.find(name);
  return "file " + std::to_string(e.file_size(ec)) + " " +
         (k != known.end() ? k->second : fingerprint(e.path())) + " " + name;
}

// The marker's first line names the command; the rest describe the entries.
std::string marker_text(const fs::path& dir, const std::string& command,
                        const std::map<std::string, std::string>& known) {
  std::set<std::string> lines;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name == kOutputMarker || name == kPartialMarker) continue;
    lines.insert(describe_entry(e, known));
  }
  std::string text = "ccsim " + command + " output\n";
  for (const auto& l : lines) text += l + "\n";
  return text;
}

// Removes a folder ccsim made, its markers last: a process killed halfway leaves a folder
// that still says it is ccsim's, so the next command can finish the job.
bool remove_ours(const fs::path& dir) noexcept {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const auto name = e.path().filename();
    if (name != kOutputMarker && name != kPartialMarker) fs::remove_all(e.path(), ec);
  }
  fs::remove_all(dir, ec);
  return !ec;
}

bool process_gone(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH; }

// renameat2 with a flag; false with errno set if it failed.
bool rename2(const fs::path& from, const fs::path& to, unsigned flags) {
  return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0;
}

}  // namespace

std::string why_not_replaceable(const fs::path& destination, const std::string& command) {
  std::error_code ec;
  const auto st = fs::symlink_status(destination, ec);
  if (!fs::exists(st)) return "";
  if (fs::is_symlink(st)) return "is a symbolic link";
  if (!fs::is_directory(st)) return "exists and is not a folder";
  std::set<std::string> present;
  for (const auto& e : fs::directory_iterator(destination, ec)) {
    present.insert(e.path().filename().string());
  }
  if (ec) return "cannot be listed: " + ec.message();
  if (present.empty()) return "";
  std::ifstream marker(destination / kOutputMarker);
  std::string first;
  if (!marker || !std::getline(marker, first) || first.rfind("ccsim ", 0) != 0) {
    std::string some;
    int shown = 0;
    for (const auto& n : present) {
      if (shown++ == 3) break;
      some += (some.empty() ? "" : ", ") + in_quotes(n);
    }
    return "holds files ccsim did not write (" + some + (present.size() > 3 ? ", ..." : "") +
           ")";
  }
  if (first != "ccsim " + command + " output") {
    return "holds the output of '" + first.substr(0, first.size() - 7) +
           "', which 'ccsim " + command + "' does not replace";
  }
  std::set<std::string> written;
  for (std::string line; std::getline(marker, line);) written.insert(line);
  for (const auto& e : fs::directory_iterator(destination, ec)) {
    const std::string name = e.path().filename().string();
    if (name == kOutputMarker) continue;
    if (!written.count(describe_entry(e))) {
      return "holds " + in_quotes(name) + ", which ccsim did not write or which was changed since";
    }
  }
  return "";
}

std::size_t remove_stale_partials(const fs::path& dir) noexcept {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const auto at = name.rfind(kPartialInfix);
    if (name.empty() || name[0] != '.' || at == std::string::npos) continue;
    std::string digits = name.substr(at + std::strlen(kPartialInfix));
    if (digits.size() > 4 && digits.compare(digits.size() - 4, 4, ".old") == 0) {
      digits.resize(digits.size() - 4);
    }
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    if (!e.is_directory(ec) || !process_gone(std::stol(digits))) continue;
    // Only what ccsim made: an empty folder or one with either marker.
    const bool ours = fs::is_empty(e.path(), ec) || fs::exists(e.path() / kPartialMarker, ec) ||
                      fs::exists(e.path() / kOutputMarker, ec);
    if (ours && remove_ours(e.path())) ++removed;
  }
  return removed;
}

OutputFolder::OutputFolder(fs::path destination, OutputPlan plan)
    : destination_(std::move(destination)), plan_(std::move(plan)) {
  sim::engine::throw_if_stop_requested();
  if (destination_.filename().empty()) destination_ = destination_.parent_path();
  if (destination_.empty()) throw OutputError("--out: empty folder name");
  std::error_code ec;
  const fs::path dest_abs = fs::weakly_canonical(fs::absolute(destination_), ec);
  for (const auto& input : plan_.inputs) {
    const fs::path in = fs::weakly_canonical(fs::absolute(input), ec);
    const auto [d, i] = std::mismatch(dest_abs.begin(), dest_abs.end(), in.begin(), in.end());
    if (d == dest_abs.end()) {
      throw OutputError(destination_.string() + ": holds " + input.string() +
                        ", which this command reads; choose another --out");
    }
  }
  const fs::path parent = destination_.has_parent_path() ? destination_.parent_path() : ".";
  fs::create_directories(parent, ec);
  if (ec) throw OutputError(parent.string() + ": cannot create folder: " + ec.message());
  remove_stale_partials(parent);
  if (const auto why = why_not_replaceable(destination_, plan_.command);
      !why.empty() && !plan_.force) {
    throw OutputError(destination_.string() + ": " + why +
                      "; nothing was changed. Choose another --out, or add --force to move "
                      "it aside to " + destination_.string() + ".old-N first");
  }
  struct statvfs fsst {};
  if (::statvfs(parent.c_str(), &fsst) == 0) {
    const std::uintmax_t free_bytes =
        static_cast<std::uintmax_t>(fsst.f_bavail) * static_cast<std::uintmax_t>(fsst.f_frsize);
    if (plan_.expected_bytes > free_bytes) {
      throw OutputError(parent.string() + ": the output needs about " +
                        megabytes(plan_.expected_bytes) + " and its disk has " +
                        megabytes(free_bytes) + " free");
    }
  }
  temp_ = parent / ("." + destination_.filename().string() + kPartialInfix +
                    std::to_string(::getpid()));
  fs::remove_all(temp_, ec);
  if (!fs::create_directory(temp_, ec) || ec) {
    throw OutputError(parent.string() + ": cannot create a folder there: " +
                      (ec ? ec.message() : std::string("it exists")));
  }
  std::ofstream(temp_ / kPartialMarker).put('\n');
}

OutputFolder::~OutputFolder() {
  if (!done_) abandon();
}

void OutputFolder::abandon() noexcept {
  remove_ours(temp_);
  done_ = true;
}

std::ofstream OutputFolder::open(const std::string& name) const {
  sim::engine::throw_if_stop_requested();
  errno = 0;
  std::ofstream f(temp_ / name, std::ios::binary);
  if (!f) {
    throw OutputError("cannot write " + (destination_ / name).string() + ": " +
                      (errno ? std::strerror(errno) : "cannot open"));
  }
  errno = 0;  // so that close() can tell why a buffered write failed
  return f;
}

void Fingerprint::add(std::string_view bytes) {
  for (const char c : bytes) h_ = (h_ ^ static_cast<unsigned char>(c)) * 1099511628211ull;
}

std::string Fingerprint::hex() const {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h_));
  return hex;
}

StreamedFile OutputFolder::open_streamed(const std::string& name) const {
  return StreamedFile{open(name), {}};
}

void OutputFolder::close(StreamedFile& f, const std::string& name) {
  close(f.stream, name);
  streamed_[name] = f.fingerprint.hex();
}

void OutputFolder::close(std::ofstream& f, const std::string& name) const {
  f.close();
  if (!f) {
    throw OutputError("cannot write " + (destination_ / name).string() + ": " +
                      (errno ? std::strerror(errno) : "write failed"));
  }
  sim::engine::throw_if_stop_requested();
}

std::string OutputFolder::as_destination(std::string text) const {
  const std::string from = temp_.string(), to = destination_.string();
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

void OutputFolder::commit() {
  sim::engine::throw_if_stop_requested();
  {
    const std::string text = marker_text(temp_, plan_.command, streamed_);
    std::ofstream m(temp_ / kOutputMarker, std::ios::binary);
    m << text;
    close(m, kOutputMarker);
  }
  std::error_code ec;
  fs::remove(temp_ / kPartialMarker, ec);
  // Checked again: a long run gives a user time to put a file there.
  const std::string why = why_not_replaceable(destination_, plan_.command);
  if (!why.empty() && !plan_.force) {
    throw OutputError(destination_.string() + ": " + why +
                      " (since the command started); nothing was changed. Choose another "
                      "--out, or add --force");
  }
  const bool exists = fs::exists(fs::symlink_status(destination_, ec));
  if (!exists) {
    if (!rename2(temp_, destination_, RENAME_NOREPLACE)) {
      // EINVAL: a file system without the flag; a plain rename then.
      std::string why_not = std::strerror(errno);
      if (errno == EINVAL) {
        fs::rename(temp_, destination_, ec);
        why_not = ec ? ec.message() : "";
      }
      if (!why_not.empty()) {
        throw OutputError(destination_.string() +
                          ": cannot move the finished output into place: " + why_not);
      }
    }
    done_ = true;
    return;
  }
  // One step: the destination is never missing. Then temp_ holds the old content.
  if (!rename2(temp_, destination_, RENAME_EXCHANGE)) {
    if (errno != EINVAL) {
      throw OutputError(destination_.string() + ": cannot replace it: " + std::strerror(errno));
    }
    // A file system without RENAME_EXCHANGE: two renames, old content under a temp name.
    fs::path old = temp_;
    old += ".old";
    fs::rename(destination_, old, ec);
    if (ec) throw OutputError(destination_.string() + ": cannot replace it: " + ec.message());
    fs::rename(temp_, destination_, ec);
    if (ec) {
      fs::rename(old, destination_, ec);
      throw OutputError(destination_.string() + ": cannot move the finished output into place");
    }
    fs::rename(old, temp_, ec);
  }
  done_ = true;
  if (!why.empty()) {
    // --force on a folder ccsim did not write: keep it, visibly, beside the new one.
    for (int n = 1; n < 10000; ++n) {
      fs::path aside = destination_;
      aside += ".old-" + std::to_string(n);
      if (rename2(temp_, aside, RENAME_NOREPLACE)) {
        moved_aside_ = aside;
        return;
      }
      if (errno != EEXIST && errno != ENOTEMPTY) break;
    }
    throw OutputError("the previous " + destination_.string() + " is kept in " + temp_.string() +
                      ": it could not be moved to " + destination_.string() + ".old-N");
  }
  remove_ours(temp_);
}

}  // namespace report
