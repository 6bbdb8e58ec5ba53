#include "widgets/theme_loader.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

// Header-only: the one JSON reader for files people edit (comments, depth limit,
// file:line:column messages), shared with config.json.
#include "aws/json_document.hpp"

namespace opsdeck::ui {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 8> kBasic = {"black", "red",     "green", "yellow",
                                                    "blue",  "magenta", "cyan",  "white"};

int cube_level(int v) { return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40; }

bool parse_colour(const json& v, int& out) {
  if (v.is_number_integer()) {
    auto n = v.get<long long>();
    if (n < -1 || n > 255) return false;
    out = static_cast<int>(n);
    return true;
  }
  if (!v.is_string()) return false;
  std::string s = v.get<std::string>();
  if (s == "default") {
    out = kDefaultColour;
    return true;
  }
  bool bright = false;
  std::string_view name = s;
  if (name.starts_with("bright-")) {
    bright = true;
    name.remove_prefix(7);
  }
  for (std::size_t i = 0; i < kBasic.size(); ++i) {
    if (kBasic[i] == name) {
      out = static_cast<int>(i) + (bright ? 8 : 0);
      return true;
    }
  }
  if (s.size() == 7 && s[0] == '#') {
    char* end = nullptr;
    long rgb = std::strtol(s.c_str() + 1, &end, 16);
    if (*end != '\0') return false;
    int r = cube_level(static_cast<int>((rgb >> 16) & 0xFF));
    int g = cube_level(static_cast<int>((rgb >> 8) & 0xFF));
    int b = cube_level(static_cast<int>(rgb & 0xFF));
    out = 16 + 36 * r + 6 * g + b;
    return true;
  }
  return false;
}

void apply_style(const json& spec, Style& style, const std::string& where,
                 std::vector<std::string>& problems) {
  if (!spec.is_object()) {
    problems.push_back(fmt::format("{}: expected an object", where));
    return;
  }
  for (const auto& [key, value] : spec.items()) {
    if (key == "fg" || key == "bg") {
      int c = 0;
      if (parse_colour(value, c)) (key == "fg" ? style.fg : style.bg) = c;
      else problems.push_back(fmt::format("{}.{}: bad colour {}", where, key, value.dump()));
    } else if (key == "bold" || key == "dim" || key == "underline" || key == "reverse") {
      if (!value.is_boolean()) {
        problems.push_back(fmt::format("{}.{}: expected true or false", where, key));
        continue;
      }
      bool b = value.get<bool>();
      if (key == "bold") style.bold = b;
      else if (key == "dim") style.dim = b;
      else if (key == "underline") style.underline = b;
      else style.reverse = b;
    } else {
      problems.push_back(fmt::format("{}: unknown attribute '{}'", where, key));
    }
  }
}

ThemeLoadResult fallback(std::string problem) {
  ThemeLoadResult r;
  r.theme = Theme::builtin_dark();
  r.fell_back = true;
  r.problems.push_back(std::move(problem) + "; using the built-in default theme");
  return r;
}

}  // namespace

TextPosition position_of(std::string_view text, std::size_t offset) {
  auto [line, column] = aws::json_detail::line_column(text, offset);
  return {line, column};
}

ThemeLoadResult parse_theme(std::string_view json_text, std::string_view origin) {
  json doc;
  aws::JsonProblem problem;
  aws::JsonReadOptions options;
  options.comments = true;
  options.quote_input = true;
  if (!aws::read_json_text(json_text, doc, problem, options))
    return fallback(aws::file_problem_text(origin, problem));
  if (!doc.is_object()) return fallback(fmt::format("{}: a theme must be a JSON object", origin));

  ThemeLoadResult r;
  r.theme = Theme::builtin_dark();
  r.theme.name = std::string(origin);
  if (auto name = doc.find("name"); name != doc.end()) {
    if (name->is_string()) r.theme.name = name->get<std::string>();
    else r.problems.push_back(fmt::format("{}: name: expected a string", origin));
  }
  auto roles_it = doc.find("roles");
  const json* roles = roles_it == doc.end() ? nullptr : &*roles_it;
  if (!roles || !roles->is_object()) {
    r.problems.push_back(fmt::format("{}: no \"roles\" object; nothing to apply", origin));
    return r;
  }
  for (const auto& [name, spec] : roles->items()) {
    Role role;
    if (!role_from_name(name, role)) {
      r.problems.push_back(fmt::format("{}: unknown role '{}'", origin, name));
      continue;
    }
    Style s;  // a role named in the file is described completely by the file
    apply_style(spec, s, fmt::format("{}: roles.{}", origin, name), r.problems);
    r.theme.style(role) = s;
  }
  return r;
}

ThemeLoadResult load_theme_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fallback(fmt::format("{}: cannot read the theme file", file.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_theme(ss.str(), file.string());
}

TerminalTraits TerminalTraits::detect() {
  TerminalTraits t;
  const char* nc = std::getenv("NO_COLOR");
  t.no_color = nc && *nc;
  const char* term = std::getenv("TERM");
  std::string_view tv = term ? term : "";
  t.dumb = tv.empty() || tv == "dumb" || tv == "unknown";
  return t;
}

ThemeLoadResult resolve_theme(std::string_view name_or_file, const std::filesystem::path& themes_dir,
                              TerminalTraits traits) {
  if (traits.no_color || traits.dumb) {
    ThemeLoadResult r;
    r.theme = Theme::monochrome();
    if (!name_or_file.empty() && name_or_file != "monochrome")
      r.problems.push_back(fmt::format("theme '{}' ignored: {}", name_or_file,
                                       traits.no_color ? "NO_COLOR is set" : "the terminal has no colours"));
    return r;
  }
  if (name_or_file.empty() || name_or_file == "default") return {Theme::builtin_dark(), {}, false};
  if (name_or_file == "monochrome") return {Theme::monochrome(), {}, false};
  std::filesystem::path file;
  if (name_or_file.find('/') != std::string_view::npos || name_or_file.ends_with(".json"))
    file = std::string(name_or_file);
  else
    file = themes_dir / (std::string(name_or_file) + ".json");
  if (!std::filesystem::exists(file))
    return fallback(fmt::format("theme '{}' not found ({})", name_or_file, file.string()));
  return load_theme_file(file);
}

}  // namespace opsdeck::ui
