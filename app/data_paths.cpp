#include "app/data_paths.hpp"

#include <cstdlib>
#include <system_error>

namespace opsdeck::app {

namespace {

// The directory of the running executable ("" when /proc cannot say).
std::filesystem::path executable_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

}  // namespace

std::filesystem::path themes_directory() {
  if (const char* d = std::getenv("OPSDECK_THEMES_DIR"); d && *d) return d;
#ifdef OPSDECK_DATA_DIR_FROM_BIN
  if (auto bin = executable_dir(); !bin.empty()) {
    auto installed = (bin / OPSDECK_DATA_DIR_FROM_BIN / "themes").lexically_normal();
    std::error_code ec;
    if (std::filesystem::is_directory(installed, ec)) return installed;
  }
#endif
#ifdef OPSDECK_SOURCE_THEMES_DIR
  return OPSDECK_SOURCE_THEMES_DIR;
#else
  return "themes";
#endif
}

}  // namespace opsdeck::app
