#include "widgets/json_view.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "aws/json_document.hpp"  // header-only: the one reader of outside JSON
#include "widgets/text_sanitizer.hpp"
#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

namespace {

using nlohmann::json;

std::string json_quoted(const std::string& s) {
  // dump() escapes quotes and C0 controls; the sanitiser catches C1 and bidi controls.
  return sanitize_plain(json(s).dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

void JsonView::add_value(const json& v, std::string prefix_key, int depth, int indent, bool last) {
  if (lines_.size() >= kMaxLines) {
    ++values_left_out_;
    return;
  }
  auto start_line = [&](int d) {
    Line l;
    l.spans.push_back({std::string(static_cast<std::size_t>(d * indent), ' '), Role::Default});
    return l;
  };
  Line line = start_line(depth);
  if (!prefix_key.empty()) {
    line.spans.push_back({json_quoted(prefix_key), Role::JsonKey});
    line.spans.push_back({": ", Role::JsonPunct});
  }
  std::string comma = last ? "" : ",";
  auto finish = [&](Line l) {
    for (const auto& s : l.spans) l.plain += s.text;
    lines_.push_back(std::move(l));
  };
  if (v.is_object() || v.is_array()) {
    bool obj = v.is_object();
    if (v.empty()) {
      line.spans.push_back({std::string(obj ? "{}" : "[]") + comma, Role::JsonPunct});
      return finish(std::move(line));
    }
    if (depth >= kMaxDepth) {  // recursion stops here; the elision says how much is hidden
      line.spans.push_back({std::string(obj ? "{…}" : "[…]") + comma, Role::JsonPunct});
      line.spans.push_back({"  (" + std::to_string(v.size()) + (v.size() == 1 ? " value" : " values") +
                                " nested deeper than " + std::to_string(kMaxDepth) + " levels, not shown)",
                            Role::Default});
      return finish(std::move(line));
    }
    line.spans.push_back({obj ? "{" : "[", Role::JsonPunct});
    finish(std::move(line));
    std::size_t i = 0, n = v.size();
    if (obj) {
      for (const auto& [k, child] : v.items()) add_value(child, k, depth + 1, indent, ++i == n);
    } else {
      for (const auto& child : v) add_value(child, {}, depth + 1, indent, ++i == n);
    }
    Line close = start_line(depth);
    close.spans.push_back({std::string(obj ? "}" : "]") + comma, Role::JsonPunct});
    return finish(std::move(close));
  }
  if (v.is_string()) {
    line.spans.push_back({json_quoted(v.get<std::string>()), Role::JsonString});
  } else if (v.is_number()) {
    line.spans.push_back({v.dump(), Role::JsonNumber});
  } else {
    line.spans.push_back({v.dump(), Role::JsonLiteral});  // true, false, null
  }
  if (!comma.empty()) line.spans.push_back({comma, Role::JsonPunct});
  finish(std::move(line));
}

void JsonView::set_document(const json& doc, int indent) {
  lines_.clear();
  top_ = 0;
  match_ = -1;
  values_left_out_ = 0;
  add_value(doc, {}, 0, indent, true);
  if (values_left_out_ > 0) {
    std::string note = "… " + std::to_string(values_left_out_) + " more values not shown (over " +
                       std::to_string(kMaxLines) + " lines)";
    lines_.push_back({{{note, Role::Default}}, note});
  }
}

void JsonView::set_text(std::string_view text) {
  json doc;
  aws::JsonProblem problem;
  if (aws::read_json_text(text, doc, problem)) return set_document(doc);
  lines_.clear();
  top_ = 0;
  match_ = -1;
  values_left_out_ = 0;
  SanitizeOptions o;
  o.keep_newlines = true;
  std::string safe = sanitize_plain(text, o);
  std::size_t start = 0;
  while (start <= safe.size()) {
    std::size_t nl = safe.find('\n', start);
    std::string part = safe.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    lines_.push_back({{{part, Role::Default}}, part});
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

bool JsonView::set_search(std::string_view typed) {
  search_ = TextFilter(typed);
  match_ = -1;
  if (search_.empty()) return false;
  for (int i = top_; i < static_cast<int>(lines_.size()); ++i) {
    if (search_.matches(lines_[static_cast<std::size_t>(i)].plain)) {
      match_ = i;
      top_ = i;
      return true;
    }
  }
  return jump(+1);
}

bool JsonView::jump(int direction) {
  int n = static_cast<int>(lines_.size());
  if (search_.empty() || n == 0) return false;
  int from = match_ < 0 ? (direction > 0 ? -1 : n) : match_;
  for (int step = 1; step <= n; ++step) {
    int i = ((from + direction * step) % n + n) % n;  // wraps around, like vim
    if (search_.matches(lines_[static_cast<std::size_t>(i)].plain)) {
      match_ = i;
      if (i < top_ || i >= top_ + page_) top_ = std::max(0, i - page_ / 3);
      return true;
    }
  }
  return false;
}

Outcome JsonView::handle_key(const KeyEvent& e) {
  int before = top_, before_match = match_;
  int last = std::max(0, static_cast<int>(lines_.size()) - page_);
  if (e.key == Key::Down || e.is_char('j')) ++top_;
  else if (e.key == Key::Up || e.is_char('k')) --top_;
  else if (e.key == Key::PageDown || e.is_char(' ')) top_ += page_;
  else if (e.key == Key::PageUp) top_ -= page_;
  else if (e.key == Key::Home || e.is_char('g')) top_ = 0;
  else if (e.key == Key::End || e.is_char('G')) top_ = last;
  else if (e.is_char('n')) jump(+1);
  else if (e.is_char('N')) jump(-1);
  else return Outcome::Ignored;
  top_ = std::clamp(top_, 0, std::max(last, match_ >= 0 ? match_ : 0));
  return top_ == before && match_ == before_match ? Outcome::Handled : Outcome::Redraw;
}

void JsonView::render(CellGrid& grid, Rect area) const {
  page_ = std::max(1, area.h);
  int end = area.x + area.w;
  for (int i = 0; i < area.h; ++i) {
    int li = top_ + i;
    if (li >= static_cast<int>(lines_.size())) break;
    const Line& line = lines_[static_cast<std::size_t>(li)];
    int x = area.x;
    for (const Span& s : line.spans) x += grid.put(x, area.y + i, s.text, s.role, end);
    if (li == match_) {
      auto [pos, len] = search_.first_match(line.plain);
      if (pos != std::string::npos) {
        int mx = area.x + display_width(std::string_view(line.plain).substr(0, pos));
        grid.set_role(mx, area.y + i, std::min(display_width(std::string_view(line.plain).substr(pos, len)), end - mx),
                      Role::Match);
      }
    }
  }
}

}  // namespace opsdeck::ui
