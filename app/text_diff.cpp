#include "app/text_diff.hpp"

#include <dtl/dtl.hpp>
#include <nlohmann/json.hpp>

namespace opsdeck::app {

namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) out.emplace_back(text.substr(start));
      break;
    }
    out.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

DiffLineKind kind_of(long long ses_type) {
  if (ses_type == dtl::SES_ADD) return DiffLineKind::Added;
  if (ses_type == dtl::SES_DELETE) return DiffLineKind::Removed;
  return DiffLineKind::Context;
}

}  // namespace

TextDiff diff_lines(std::string_view before, std::string_view after) {
  using Lines = std::vector<std::string>;
  Lines a = split_lines(before);
  Lines b = split_lines(after);
  dtl::Diff<std::string, Lines> d(a, b);
  d.compose();
  d.composeUnifiedHunks();
  TextDiff out;
  for (const auto& h : d.getUniHunks()) {
    out.lines.push_back({DiffLineKind::Hunk, "@@ -" + std::to_string(h.a) + "," + std::to_string(h.b) + " +" +
                                                 std::to_string(h.c) + "," + std::to_string(h.d) + " @@"});
    for (const auto& e : h.common[0]) out.lines.push_back({DiffLineKind::Context, e.first});
    for (const auto& e : h.change) {
      DiffLineKind k = kind_of(e.second.type);
      if (k == DiffLineKind::Added) ++out.added;
      if (k == DiffLineKind::Removed) ++out.removed;
      out.lines.push_back({k, e.first});
    }
    for (const auto& e : h.common[1]) out.lines.push_back({DiffLineKind::Context, e.first});
  }
  for (auto* v : {&a, &b})
    for (auto& line : *v) std::fill(line.begin(), line.end(), '\0');
  return out;
}

std::string unified_text(const TextDiff& diff) {
  std::string out;
  for (const auto& l : diff.lines) {
    switch (l.kind) {
      case DiffLineKind::Hunk: break;
      case DiffLineKind::Context: out += ' '; break;
      case DiffLineKind::Removed: out += '-'; break;
      case DiffLineKind::Added: out += '+'; break;
    }
    out += l.text;
    out += '\n';
  }
  return out;
}

std::string comparable_text(std::string_view value) {
  auto doc = nlohmann::json::parse(value, nullptr, false);
  if (doc.is_discarded() || !(doc.is_object() || doc.is_array())) return std::string(value);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace opsdeck::app
