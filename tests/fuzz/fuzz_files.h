// Scratch files for the libFuzzer harnesses: the readers under test take file names, so
// each input is written to a private folder first (under $TMPDIR, removed at exit).
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace fuzz {

class ScratchFolder {
 public:
  ScratchFolder() {
    const char* tmp = std::getenv("TMPDIR");
    root_ = std::filesystem::path(tmp != nullptr && *tmp != 0 ? tmp : "/tmp") /
            ("ccsim-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root_);
  }
  ~ScratchFolder() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& root() const { return root_; }
  // Empties the folder, so nothing of the previous input is read with this one.
  void clear() const {
    for (const auto& e : std::filesystem::directory_iterator(root_)) std::filesystem::remove_all(e.path());
  }
  // Writes `bytes` to root()/name, making the folders on the way. A name the file system
  // refuses (a fuzzed name: too long, or a file where a folder must be) writes nothing.
  std::filesystem::path write(const std::string& name, std::string_view bytes) const {
    const auto file = root_ / name;
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) return file;
    std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return file;
  }

 private:
  std::filesystem::path root_;
};

// One per process: libFuzzer calls the harness millions of times.
inline const ScratchFolder& scratch() {
  static const ScratchFolder folder;
  return folder;
}

// A property of what was read does not hold: report it as a crash, with the input saved.
[[noreturn]] inline void violated(const char* what) {
  std::fprintf(stderr, "fuzz harness: property violated: %s\n", what);
  std::abort();
}

}  // namespace fuzz
