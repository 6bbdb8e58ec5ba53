#pragma once
// One input event from the terminal as a small value: a key (with modifiers), a mouse
// event, or a resize. Backends produce them (CursesScreen::read_key); widgets and key maps
// consume them; tests build them directly. No curses in here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace opsdeck::ui {

enum class Key : std::uint8_t {
  None, Char, Enter, Escape, Tab, BackTab, Backspace, Delete, Insert,
  Up, Down, Left, Right, Home, End, PageUp, PageDown,
  F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12,
  Mouse, Resize,
};

enum class MouseAction : std::uint8_t { None, Press, Release, WheelUp, WheelDown };

struct KeyEvent {
  Key key = Key::None;
  char32_t ch = 0;    // for Key::Char: the character (with ctrl: the letter, lower case)
  bool ctrl = false;  // Ctrl+letter
  bool alt = false;   // Alt / Meta (ESC prefix)
  MouseAction mouse = MouseAction::None;
  int mouse_button = 0;  // 1 left, 2 middle, 3 right
  int x = 0, y = 0;      // mouse position, screen cells

  static KeyEvent of(Key k) { KeyEvent e; e.key = k; return e; }
  static KeyEvent character(char32_t c) { KeyEvent e; e.key = Key::Char; e.ch = c; return e; }
  static KeyEvent control(char32_t letter) {
    KeyEvent e = character(letter);
    e.ctrl = true;
    return e;
  }
  static KeyEvent click(int x, int y, MouseAction a = MouseAction::Press, int button = 1) {
    KeyEvent e = of(Key::Mouse);
    e.mouse = a;
    e.mouse_button = button;
    e.x = x;
    e.y = y;
    return e;
  }

  bool is_char(char32_t c) const { return key == Key::Char && ch == c && !ctrl && !alt; }
  // Canonical name used by key maps and the help overlay: "q", "G", "<enter>", "<s-tab>",
  // "<c-r>", "<a-x>", "<pgdn>", "<f5>", "<space>". Mouse and resize have no name ("").
  std::string name() const;
  // Inverse of name(); nullopt for an unknown name.
  static std::optional<KeyEvent> parse(std::string_view name);

  bool operator==(const KeyEvent&) const = default;
};

}  // namespace opsdeck::ui
