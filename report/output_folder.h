// Where a command writes: a folder built next to its destination under a hidden temporary
// name and swapped into place in one step when the command completes, so an interrupted or
// killed command leaves nothing half-written, and nothing a user wrote is ever deleted.
//
// The rules (scenarios/README.md, "Output folders"):
// - A destination is written only if it is absent, empty, or a folder this command wrote
//   before that holds nothing else (its `.ccsim-output` marker names the command and every
//   entry it wrote). Anything else is refused before any work is done, unless --force,
//   which moves the old folder aside to DEST.old-N (kept, never deleted).
// - A destination that holds one of the command's inputs is always refused.
// - The finished folder replaces an old one with renameat2(RENAME_EXCHANGE): there is no
//   moment at which the destination is missing. The old content is then removed.
// - Temporary folders are `.NAME.partial-PID`; those of processes that are gone (killed)
//   are removed by the next command that writes beside them.
// - Free disk space is checked against the command's estimate before work.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace report {

// The output cannot be written (exit 74): refused destination, no space, I/O error.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct OutputPlan {
  std::string command;                         // "run", "staff", ...: recorded in the marker
  bool force = false;                          // move a foreign destination aside
  std::uintmax_t expected_bytes = 0;           // checked against the free space
  std::vector<std::filesystem::path> inputs;   // files read: the destination may not hold one
};

// FNV-1a over a file's bytes, fed in pieces: the fingerprint each entry of the marker
// carries (a fingerprint, not a defence against an adversary).
class Fingerprint {
 public:
  void add(std::string_view bytes);
  std::string hex() const;  // 16 hex digits

 private:
  std::uint64_t h_ = 14695981039346656037ull;
};

// A file written in pieces and fingerprinted as it goes, so that commit() need not read
// it back (a run's calls.csv can be hundreds of MB, and reading it back is work on one
// thread after all the others are done). Write to it only through write().
struct StreamedFile {
  std::ofstream stream;
  Fingerprint fingerprint;
  void write(std::string_view bytes) {
    stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    fingerprint.add(bytes);
  }
};

class OutputFolder {
 public:
  // Checks the destination and the free space, removes stale temporary folders beside it,
  // and creates this command's temporary folder. Throws OutputError.
  OutputFolder(std::filesystem::path destination, OutputPlan plan);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  const std::filesystem::path& destination() const { return destination_; }
  const std::filesystem::path& temp() const { return temp_; }
  // Where --force moved the old destination, or empty.
  const std::filesystem::path& moved_aside() const { return moved_aside_; }

  // A file of the folder, open for writing (throws OutputError, or Interrupted on Ctrl-C).
  std::ofstream open(const std::string& name) const;
  // Opens `name`, lets `fill` write it, and throws OutputError naming the file and the
  // reason if anything could not be written.
  template <class Fill>
  void write(const std::string& name, Fill&& fill) const {
    auto f = open(name);
    fill(f);
    close(f, name);
  }
  // Closes a file from open() and throws OutputError if any write to it failed.
  void close(std::ofstream& f, const std::string& name) const;
  // The same for a file written in pieces; the marker takes its fingerprint as written.
  StreamedFile open_streamed(const std::string& name) const;
  void close(StreamedFile& f, const std::string& name);
  // Writes the marker and swaps the folder into place. Throws OutputError or Interrupted.
  void commit();
  void abandon() noexcept;  // removes the temporary folder
  // `text` (an error message) with the temporary folder's path replaced by the
  // destination's: users are told about the folder they asked for, not a hidden one.
  std::string as_destination(std::string text) const;

 private:
  std::filesystem::path destination_, temp_, moved_aside_;
  OutputPlan plan_;
  std::map<std::string, std::string> streamed_;  // file name -> fingerprint as written
  bool done_ = false;
};

// The name of the marker file in every folder ccsim writes.
inline constexpr const char* kOutputMarker = ".ccsim-output";

// Why `destination` may not be replaced by `command`'s output, or "" if it may.
std::string why_not_replaceable(const std::filesystem::path& destination,
                                const std::string& command);

// Removes `.NAME.partial-PID` folders in `dir` whose process is gone. Returns how many.
std::size_t remove_stale_partials(const std::filesystem::path& dir) noexcept;

}  // namespace report
