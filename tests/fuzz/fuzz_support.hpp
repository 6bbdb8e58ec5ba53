#pragma once
// Helpers shared by the fuzz targets (tests/fuzz/*_fuzz.cpp): splitting one input into
// parts, a per-process scratch directory for parsers that read files, and touching parse
// results so every field is read (ASan then sees any dangling or uninitialised read).
// Used from the single thread that calls LLVMFuzzerTestOneInput.

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include "aws/lazy_document.hpp"
#include "aws/result.hpp"

namespace opsdeck::fuzz {

// The input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits `text` at the first `sep`: the part before it is returned and removed from
// `text`; without `sep` the whole text is returned and `text` becomes empty.
inline std::string_view take_until(std::string_view& text, char sep) {
  auto at = text.find(sep);
  std::string_view head = text.substr(0, at);
  text = at == std::string_view::npos ? std::string_view{} : text.substr(at + 1);
  return head;
}

// Stops the run with a message (libFuzzer reports the input as a crash); `detail` (the
// offending value) is printed with non-printable bytes escaped.
[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  if (!detail.empty()) {
    std::string shown;
    for (unsigned char c : detail.substr(0, 400)) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      shown += c >= 0x20 && c < 0x7f ? std::string(1, static_cast<char>(c)) : std::string(hex);
    }
    std::fprintf(stderr, "  detail: %s\n", shown.c_str());
  }
  std::abort();
}

// A directory of this process's own under $TMPDIR (or /tmp), created on first use and
// removed at exit. Targets that must hand a parser a file write it here.
class ScratchDir {
 public:
  static const std::filesystem::path& path() {
    static ScratchDir dir;
    return dir.path_;
  }

 private:
  ScratchDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/opsdeck-fuzz-XXXXXX";
    if (!mkdtemp(tmpl.data())) fail("cannot create a scratch directory");
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::filesystem::path path_;
};

// Writes `bytes` to `path` (truncating).
inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) fail("cannot write a scratch file");
}

// Reads every part of a value so sanitizers see each byte; the sum keeps it observable.
inline std::size_t touch(const std::string& s) {
  std::size_t n = s.size();
  for (unsigned char c : s) n += c;
  return n;
}
inline std::size_t touch(const nlohmann::json& j) {
  // replace: remote text may hold invalid UTF-8, which the views print with replacement.
  return touch(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}
// A lazily built document is built, as the detail view would.
inline std::size_t touch(const aws::LazyDocument& d) { return touch(d.get()); }
inline std::size_t touch(const aws::Error& e) { return touch(e.describe()) + touch(e.hint); }
template <class T>
std::size_t touch(const aws::Result<T>& r) {
  if (!r.ok()) return touch(r.error());
  if constexpr (requires { touch(*r); }) return touch(*r);
  else return 1;
}

}  // namespace opsdeck::fuzz
