#include "app/runbook/tool_read_rules.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "app/runbook/command_args.hpp"

namespace opsdeck::app::runbook {

using namespace command_args;

namespace {


}  // namespace

std::string sed_read_problem(const ShellCommand& c) {
  std::vector<std::string> scripts, operands;
  bool from_option = false;
  auto p = visit(
      c, 1, {"efl", {"--expression", "--file", "--line-length"}}, [&](const Arg& a) -> std::string {
        if (a.operand()) {
          operands.push_back(a.known ? a.value : std::string("\x01"));
          return {};
        }
        if (a.name == "-i" || a.name.starts_with("--in-place"))
          return "sed -i edits files in place";
        if (in(a.name, {"-f", "--file"})) return "sed -f runs a script file opsdeck cannot see";
        if (in(a.name, {"-e", "--expression"})) {
          if (!a.known) return "sed script opsdeck cannot see";
          scripts.push_back(a.value);
          from_option = true;
          return {};
        }
        if (!in(a.name, {"-n", "-E", "-r", "-s", "-u", "-z", "-l", "--quiet", "--silent", "--posix",
                         "--debug", "--sandbox", "--regexp-extended", "--separate", "--unbuffered",
                         "--null-data", "--line-length", "--follow-symlinks"}))
          return "sed option " + a.name + " is not understood";
        return {};
      });
  if (!p.empty()) return p;
  if (!from_option && !operands.empty()) scripts.push_back(operands.front());
  for (const auto& s : scripts) {
    if (s == "\x01") return "sed script opsdeck cannot see";
    auto e = sed_script_effects(s);
    if (e.runs_commands) return "sed script runs shell commands (e)";
    if (e.writes_files) return "sed script writes files (w)";
    if (!e.understood) return "sed script `" + s + "` is not understood";
  }
  return {};
}

std::string awk_read_problem(const ShellCommand& c) {
  std::vector<std::string> programs, operands;
  bool from_option = false;
  auto p = visit(
      c, 1,
      {"FvfeilEW",
       {"--field-separator", "--assign", "--file", "--source", "--include", "--load", "--exec"}},
      [&](const Arg& a) -> std::string {
        if (a.operand()) {
          operands.push_back(a.known ? a.value : std::string("\x01"));
          return {};
        }
        if (in(a.name, {"-F",
                        "-v",
                        "--field-separator",
                        "--assign",
                        "-b",
                        "-c",
                        "-C",
                        "-M",
                        "-N",
                        "-n",
                        "-O",
                        "-P",
                        "-r",
                        "-s",
                        "-S",
                        "-t",
                        "-V",
                        "-h",
                        "--characters-as-bytes",
                        "--traditional",
                        "--bignum",
                        "--use-lc-numeric",
                        "--non-decimal-data",
                        "--optimize",
                        "--posix",
                        "--re-interval",
                        "--no-optimize",
                        "--sandbox",
                        "--help",
                        "--version",
                        "--copyright"}))
          return {};
        if (in(a.name, {"-e", "--source"})) {
          if (!a.known) return "awk program opsdeck cannot see";
          programs.push_back(a.value);
          from_option = true;
          return {};
        }
        return "awk " + a.name + " runs or writes files opsdeck cannot judge";
      });
  if (!p.empty()) return p;
  if (!from_option && !operands.empty()) programs.push_back(operands.front());
  for (const auto& s : programs) {
    if (s == "\x01") return "awk program opsdeck cannot see";
    auto e = awk_program_effects(s);
    if (e.runs_commands) return "awk program runs shell commands (system() or a pipe)";
    if (e.writes_files) return "awk program writes files (print >)";
    if (!e.understood) return "awk program uses @load/@include or indirect calls";
  }
  return {};
}

ScriptEffects sed_script_effects(std::string_view s) {
  ScriptEffects e;
  size_t i = 0;
  const size_t n = s.size();
  auto bad = [&] {
    e.understood = false;
    return e;
  };
  auto skip_blank = [&] {
    while (i < n && (s[i] == ' ' || s[i] == '\t')) ++i;
  };
  auto rest_of_line = [&] {
    skip_blank();
    size_t b = i;
    while (i < n && s[i] != '\n') ++i;
    std::string_view f = s.substr(b, i - b);
    while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
    return f;
  };
  // Moves past the next unescaped `d`; brackets in regular expressions may hold `d`.
  auto past = [&](char d, bool regex) {
    bool bracket = false;
    while (i < n) {
      char ch = s[i];
      if (ch == '\\') {
        i += 2;
        continue;
      }
      if (regex && !bracket && ch == '[') {
        bracket = true;
        ++i;
        if (i < n && s[i] == '^') ++i;
        if (i < n && s[i] == ']') ++i;
        continue;
      }
      if (bracket) {
        if (ch == '[' && i + 1 < n && (s[i + 1] == ':' || s[i + 1] == '.' || s[i + 1] == '=')) {
          auto close = s.find(std::string{s[i + 1], ']'}, i + 2);
          i = close == std::string_view::npos ? n : close + 2;
          continue;
        }
        if (ch == ']') bracket = false;
        ++i;
        continue;
      }
      ++i;
      if (ch == d) return true;
    }
    return false;
  };
  auto address = [&]() -> bool {  // false: malformed
    if (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) {
      while (i < n && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '~')) ++i;
    } else if (i < n && s[i] == '$') {
      ++i;
    } else if (i < n && (s[i] == '/' || s[i] == '\\')) {
      char d = '/';
      if (s[i] == '\\') {
        if (++i >= n) return false;
        d = s[i];
      }
      ++i;
      if (!past(d, true)) return false;
      while (i < n && (s[i] == 'I' || s[i] == 'M')) ++i;
    }
    return true;
  };
  while (i < n) {
    while (i < n && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == ';')) ++i;
    if (i >= n) break;
    if (s[i] == '#') {
      rest_of_line();
      continue;
    }
    if (!address()) return bad();
    skip_blank();
    if (i < n && s[i] == ',') {
      ++i;
      skip_blank();
      if (i < n && (s[i] == '+' || s[i] == '~')) {
        ++i;
        while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      } else if (!address()) {
        return bad();
      }
    }
    skip_blank();
    while (i < n && (s[i] == '!' || s[i] == ' ')) ++i;
    if (i >= n) return bad();
    char cmd = s[i++];
    switch (cmd) {
      case '{':
        continue;
      case '}':
      case '=':
      case 'd':
      case 'D':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'x':
      case 'z':
      case 'F':
        break;
      case 'l':
      case 'L':
      case 'q':
      case 'Q':
        skip_blank();
        while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        break;
      case ':':
      case 'b':
      case 't':
      case 'T':
      case 'v':
        skip_blank();
        while (i < n && s[i] != '\n' && s[i] != ';') ++i;
        break;
      case 'a':
      case 'i':
      case 'c':
        while (i < n && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
        break;
      case 'r':
      case 'R':
        rest_of_line();
        break;
      case 'w':
      case 'W':
        if (!in(rest_of_line(), {"/dev/stdout", "/dev/stderr"})) e.writes_files = true;
        break;
      case 'e':
        e.runs_commands = true;
        rest_of_line();
        break;
      case 's': {
        if (i >= n || s[i] == '\n' || s[i] == '\\') return bad();
        char d = s[i++];
        if (!past(d, true) || !past(d, false)) return bad();
        while (i < n) {
          char f = s[i];
          if (f == 'e') e.runs_commands = true;
          if (f == 'w') {
            ++i;
            if (!in(rest_of_line(), {"/dev/stdout", "/dev/stderr"})) e.writes_files = true;
            break;
          }
          if (std::string_view("gpiImMe").find(f) == std::string_view::npos &&
              !std::isdigit(static_cast<unsigned char>(f)))
            break;
          ++i;
        }
        break;
      }
      case 'y': {
        if (i >= n) return bad();
        char d = s[i++];
        if (!past(d, false) || !past(d, false)) return bad();
        break;
      }
      default:
        return bad();
    }
    skip_blank();
    if (i < n && !(s[i] == ';' || s[i] == '\n' || s[i] == '}' || s[i] == '#')) return bad();
  }
  return e;
}

ScriptEffects awk_program_effects(std::string_view s) {
  ScriptEffects e;
  const size_t n = s.size();
  size_t i = 0;
  char prev = 0;  // the last significant character, to tell a regex `/` from division
  int paren = 0, print_paren = -1;  // print_paren >= 0 inside a print/printf statement
  while (i < n) {
    char ch = s[i];
    if (ch == '\\' && i + 1 < n && s[i + 1] == '\n') {
      i += 2;
      continue;
    }
    if (ch == '\n' || ch == ';' || ch == '{' || ch == '}') print_paren = -1;
    if (std::isspace(static_cast<unsigned char>(ch))) {
      if (ch == '\n') prev = '\n';
      ++i;
      continue;
    }
    if (ch == '#') {
      while (i < n && s[i] != '\n') ++i;
      continue;
    }
    if (ch == '"') {
      for (++i; i < n && s[i] != '"'; ++i)
        if (s[i] == '\\') ++i;
      ++i;
      prev = '"';
      continue;
    }
    // After an operand (name, number, string, `)`, `]`, `++`) a slash divides; elsewhere it opens a
    // regex.
    if (ch == '/' &&
        (prev == 0 || std::string_view("(,;{}!~&|=?:\n").find(prev) != std::string_view::npos)) {
      bool bracket = false;
      for (++i; i < n && (bracket || s[i] != '/'); ++i) {
        if (s[i] == '\\')
          ++i;
        else if (s[i] == '[')
          bracket = true;
        else if (s[i] == ']')
          bracket = false;
        else if (s[i] == '\n')
          return e.understood = false, e;
      }
      ++i;
      prev = '/';
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
      size_t b = i;
      while (i < n && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
      std::string_view word = s.substr(b, i - b);
      if (word == "system") e.runs_commands = true;
      if (word == "print" || word == "printf") print_paren = paren;
      prev = 'a';
      continue;
    }
    if (ch == '@') e.understood = false;
    if (ch == '|') {
      if (i + 1 < n && s[i + 1] == '|') {
        i += 2;
        prev = '|';
        continue;
      }
      e.runs_commands = true;
    }
    if (ch == '>' && print_paren == paren) {
      size_t j = i + 1;
      if (j < n && s[j] == '>') ++j;
      while (j < n && (s[j] == ' ' || s[j] == '\t')) ++j;
      auto target = s.substr(j);
      if (!target.starts_with("\"/dev/stdout\"") && !target.starts_with("\"/dev/stderr\""))
        e.writes_files = true;
    }
    if (ch == '(') ++paren;
    if (ch == ')') --paren;
    prev = ch;
    ++i;
  }
  return e;
}

}  // namespace opsdeck::app::runbook
