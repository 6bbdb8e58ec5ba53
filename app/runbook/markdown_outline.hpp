#pragma once
// The structure of a Markdown document as the runbook loader needs it, read with md4c:
// fenced code blocks (also inside list items and block quotes) with the exact 1-based
// line of their opening fence, prose blocks with their lines, headings, and the items of
// numbered lists — in document order. Pure function; the input is not retained.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app::runbook {

struct OutlineItem {
  enum class Type { Heading, Prose, Fence };
  Type type = Type::Prose;
  int line = 0;        // 1-based; for a Fence the line of the opening fence
  int level = 0;       // heading level (1..6)
  std::string text;    // heading/prose text (code spans kept in backticks) or the code
  std::string info;    // Fence: the info string
  bool in_ordered_list_item = false;  // Prose: first paragraph of a numbered-list item
};

// Never fails: md4c accepts any input. Indented (non-fenced) code blocks are not steps
// and are reported as nothing.
std::vector<OutlineItem> outline_markdown(std::string_view markdown);

}  // namespace opsdeck::app::runbook
