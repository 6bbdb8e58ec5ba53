#include "widgets/key_event.hpp"

#include <array>
#include <utility>

#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

namespace {

constexpr std::array<std::pair<Key, std::string_view>, 27> kNamed = {{
    {Key::Enter, "enter"},   {Key::Escape, "esc"},   {Key::Tab, "tab"},
    {Key::BackTab, "s-tab"}, {Key::Backspace, "bs"}, {Key::Delete, "del"},
    {Key::Insert, "ins"},    {Key::Up, "up"},        {Key::Down, "down"},
    {Key::Left, "left"},     {Key::Right, "right"},  {Key::Home, "home"},
    {Key::End, "end"},       {Key::PageUp, "pgup"},  {Key::PageDown, "pgdn"},
    {Key::F1, "f1"},         {Key::F2, "f2"},        {Key::F3, "f3"},
    {Key::F4, "f4"},         {Key::F5, "f5"},        {Key::F6, "f6"},
    {Key::F7, "f7"},         {Key::F8, "f8"},        {Key::F9, "f9"},
    {Key::F10, "f10"},       {Key::F11, "f11"},      {Key::F12, "f12"},
}};

}  // namespace

std::string KeyEvent::name() const {
  if (key == Key::Char) {
    std::string base;
    if (ch == ' ') base = "space";
    else append_utf8(base, ch);
    if (!ctrl && !alt && ch != ' ') return base;
    return std::string("<") + (ctrl ? "c-" : "") + (alt ? "a-" : "") + base + ">";
  }
  for (const auto& [k, n] : kNamed)
    if (k == key) return std::string("<") + (alt ? "a-" : "") + std::string(n) + ">";
  return {};
}

std::optional<KeyEvent> KeyEvent::parse(std::string_view name) {
  if (name.empty()) return std::nullopt;
  if (name.size() < 3 || name.front() != '<' || name.back() != '>') {
    std::size_t pos = 0;
    char32_t cp = next_codepoint(name, pos);
    if (pos != name.size() || cp < 0x20) return std::nullopt;
    return character(cp);
  }
  std::string_view inner = name.substr(1, name.size() - 2);
  KeyEvent e;
  for (;;) {
    if (inner.starts_with("c-") && inner.size() > 2) {
      e.ctrl = true;
      inner.remove_prefix(2);
    } else if (inner.starts_with("a-") && inner.size() > 2) {
      e.alt = true;
      inner.remove_prefix(2);
    } else {
      break;
    }
  }
  for (const auto& [k, n] : kNamed) {
    if (n == inner && !e.ctrl) {
      e.key = k;
      return e;
    }
  }
  if (inner == "space") {
    e.key = Key::Char;
    e.ch = ' ';
    return e;
  }
  std::size_t pos = 0;
  char32_t cp = next_codepoint(inner, pos);
  if (pos != inner.size() || cp < 0x20 || !(e.ctrl || e.alt)) return std::nullopt;
  e.key = Key::Char;
  e.ch = cp;
  return e;
}

}  // namespace opsdeck::ui
