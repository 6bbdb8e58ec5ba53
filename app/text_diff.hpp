#pragma once
// Line diffs of two texts (dtl, the diff template library): unified hunks with three lines
// of context around each change, as lines a screen or a terminal prints — what the
// parameter history (`:params` → `h`, `opsdeck param diff`) shows between two versions.
// Pure, thread-safe. The texts may be secrets: callers wipe what they pass and get back.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app {

enum class DiffLineKind { Hunk, Context, Removed, Added };

struct DiffLine {
  DiffLineKind kind = DiffLineKind::Context;
  std::string text;  // the line without its marker; for a Hunk "@@ -a,b +c,d @@"
};

struct TextDiff {
  std::vector<DiffLine> lines;
  int added = 0;
  int removed = 0;
  bool same() const { return added == 0 && removed == 0; }
};

TextDiff diff_lines(std::string_view before, std::string_view after);

// The diff as `diff -u` prints its hunks: "@@ ... @@", then " ", "-" or "+" and the line.
std::string unified_text(const TextDiff& diff);

// A value in the form best compared line by line: a JSON object or array pretty-printed
// (two spaces, keys sorted), anything else unchanged.
std::string comparable_text(std::string_view value);

}  // namespace opsdeck::app
