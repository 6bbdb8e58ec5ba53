#pragma once
// Loads themes from JSON. A theme file maps role names (role.hpp, e.g. "state-bad") to
// styles; roles it leaves out keep the built-in default's style:
//   { "name": "light",
//     "roles": { "state-bad": { "fg": "red", "bold": true },
//                "selected":  { "fg": "black", "bg": 153 } } }
// Colours: "default", a basic name ("black" .. "white", "bright-red" ...), a 256-colour
// index (0-255) or "#rrggbb" (mapped to the nearest 256-colour index).
// Attributes: "bold", "dim", "underline", "reverse" (booleans).
// Read like config.json (aws/json_document.hpp: // and /* */ comments, nesting bounded).
// A file that is not valid JSON is reported with its line and column and the built-in
// default is used; unknown role names and bad values are reported and skipped.
// Runs wherever it is called (the UI thread at start-up); no shared state.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "widgets/theme.hpp"

namespace opsdeck::ui {

struct ThemeLoadResult {
  Theme theme;
  std::vector<std::string> problems;  // for the status line / stderr; empty when all is well
  bool fell_back = false;             // the built-in default is used instead of the file
};

// 1-based line and column of byte `offset` in `text`.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);

ThemeLoadResult parse_theme(std::string_view json_text, std::string_view origin);
ThemeLoadResult load_theme_file(const std::filesystem::path& file);

// What the terminal environment allows; decided from the environment by detect().
struct TerminalTraits {
  bool no_color = false;  // NO_COLOR is set and not empty (https://no-color.org)
  bool dumb = false;      // TERM is unset, "dumb" or "unknown"
  static TerminalTraits detect();
};

// Picks the theme to use: "" or "default" -> built-in dark; "monochrome" -> built-in;
// a name -> <themes_dir>/<name>.json; anything with a '/' or ending in .json -> that file.
// NO_COLOR and dumb terminals always get monochrome (and a note when a theme was asked for).
ThemeLoadResult resolve_theme(std::string_view name_or_file, const std::filesystem::path& themes_dir,
                              TerminalTraits traits);

}  // namespace opsdeck::ui
