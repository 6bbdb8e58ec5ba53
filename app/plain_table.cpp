#include "app/plain_table.hpp"

#include <algorithm>

#include "widgets/unicode_width.hpp"

namespace opsdeck::app {

std::string sanitize_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    char32_t cp = ui::next_codepoint(text, pos);
    bool invalid = cp == 0xFFFD && !(pos - start == 3 && text.substr(start, 3) == "\xEF\xBF\xBD");
    if (cp < 0x20) {
      ui::append_utf8(out, 0x2400 + cp);
    } else if (cp == 0x7F) {
      ui::append_utf8(out, 0x2421);
    } else if (invalid || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
               (cp >= 0x2066 && cp <= 0x2069)) {
      ui::append_utf8(out, 0xFFFD);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

PlainTable::PlainTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void PlainTable::add_row(std::vector<std::string> cells) {
  for (auto& c : cells) c = sanitize_for_terminal(c);
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string PlainTable::render(int gap) const {
  std::vector<int> widths(headers_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], ui::display_width(row[i]));
  };
  measure(headers_);
  for (const auto& r : rows_) measure(r);
  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size())
        line.append(static_cast<size_t>(widths[i] - ui::display_width(row[i]) + gap), ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  };
  emit(headers_);
  for (const auto& r : rows_) emit(r);
  return out;
}

}  // namespace opsdeck::app
