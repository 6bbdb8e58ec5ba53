// libFuzzer target: the detail view (widgets/json_view.hpp) showing a remote document.
// Whatever the text — JSON nested past kMaxDepth, huge arrays, escapes in strings, or not
// JSON at all — set_text() never crashes or recurses without bound, keeps at most
// kMaxLines lines (plus the one that says so), every span it draws is inert (no control,
// bidi or invisible character: tests/fuzz/inert_text.hpp), and it renders into a grid.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/inert_text.hpp"
#include "widgets/cell_grid.hpp"
#include "widgets/json_view.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::ui;
  std::string_view text = opsdeck::fuzz::as_text(data, size);
  JsonView view;
  view.set_text(text);
  if (view.lines().size() > JsonView::kMaxLines + 1) opsdeck::fuzz::fail("the view kept more than kMaxLines lines");
  for (const auto& line : view.lines())
    for (const auto& span : line.spans)
      if (const char* why = opsdeck::fuzz::why_not_inert(span.text, false, false); *why)
        opsdeck::fuzz::fail(why, span.text);
  static CellGrid grid(100, 30);
  grid.clear();
  view.render(grid, grid.bounds());
  (void)view.set_search("error");
  return 0;
}
