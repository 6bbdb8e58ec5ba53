// Replays fuzz inputs without libFuzzer: the main() that a fuzz target is linked with in an
// ordinary build (any compiler, OPSDECK_FUZZ off), so ctest runs every corpus file through
// LLVMFuzzerTestOneInput on each build (tests `fuzz.<target>`).
//
//   fuzz_<target> [-flag=value ...] PATH...
// Each PATH is a file or a directory (its regular files, in name order; not recursive; names
// starting with '.' skipped). Arguments starting with '-' are libFuzzer options and are
// ignored, so a libFuzzer command line replays here too. Exits 1 when no input was found
// (an empty or mistyped corpus must not pass silently); a crashing input aborts the process
// after its path has been printed.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

bool read_whole(const fs::path& path, std::vector<std::uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// The inputs PATH names: itself, or the regular files directly inside it.
std::vector<fs::path> inputs_of(const fs::path& path, bool& ok) {
  std::vector<fs::path> found;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::directory_iterator(path, ec)) {
      if (!e.is_regular_file(ec) || e.path().filename().string().starts_with(".")) continue;
      found.push_back(e.path());
    }
    std::sort(found.begin(), found.end());
  } else if (fs::is_regular_file(path, ec)) {
    found.push_back(path);
  } else {
    std::fprintf(stderr, "fuzz replay: %s is neither a file nor a directory\n", path.c_str());
    ok = false;
  }
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  bool ok = true;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.starts_with("-")) continue;
    auto more = inputs_of(arg, ok);
    inputs.insert(inputs.end(), more.begin(), more.end());
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "fuzz replay: no inputs (usage: %s FILE-OR-DIRECTORY...)\n", argv[0]);
    return 1;
  }
  std::vector<std::uint8_t> data;
  for (const auto& path : inputs) {
    if (!read_whole(path, data)) {
      std::fprintf(stderr, "fuzz replay: cannot read %s\n", path.c_str());
      ok = false;
      continue;
    }
    // Printed before the run, so the input that crashes is the last path in the output.
    std::fprintf(stderr, "fuzz replay: %s (%zu bytes)\n", path.c_str(), data.size());
    std::fflush(stderr);
    // A heap copy of exactly `size` bytes, as libFuzzer passes: reading past it is an
    // overflow that ASan builds catch.
    auto exact = std::make_unique<std::uint8_t[]>(data.size() + (data.empty() ? 1 : 0));
    std::copy(data.begin(), data.end(), exact.get());
    LLVMFuzzerTestOneInput(exact.get(), data.size());
  }
  std::fprintf(stderr, "fuzz replay: %zu inputs replayed\n", inputs.size());
  return ok ? 0 : 1;
}
