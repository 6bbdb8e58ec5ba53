// libFuzzer target: theme files (widgets/theme_loader.hpp). Any text gives a theme: JSON
// that does not parse falls back to the built-in default with a problem naming its line
// and column; unknown roles and bad values are reported and skipped. Never a crash or an
// exception, and never a fall-back without a problem that says why.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_support.hpp"
#include "widgets/theme_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::ui;
  std::string_view text = opsdeck::fuzz::as_text(data, size);
  ThemeLoadResult r = parse_theme(text, "fuzz.json");
  std::size_t n = r.problems.size() + (r.fell_back ? 1 : 0);
  if (r.fell_back && r.problems.empty()) opsdeck::fuzz::fail("fell back to the default without saying why");
  for (const auto& p : r.problems) n += p.size();
  TextPosition at = position_of(text, size / 2);
  if (at.line < 1 || at.column < 1) opsdeck::fuzz::fail("position_of gave a position before the text");
  volatile std::size_t sink = n;
  (void)sink;
  return 0;
}
