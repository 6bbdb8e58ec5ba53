#include "app/runbook/classifier.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>
#include <string>

#include "app/runbook/command_units.hpp"
#include "app/runbook/shell_text.hpp"
#include "app/runbook/unit_facts.hpp"

namespace opsdeck::app::runbook {

namespace {

const std::set<std::string, std::less<>> kShellLangs = {
    "bash", "sh", "shell", "zsh", "ksh", "fish", "console", "shell-session", "shellsession",
    "terminal", "cli", "cmd", "command", "commands", "ps", "powershell", "pwsh"};
// Languages that are never a shell command, whatever the text looks like.
const std::set<std::string, std::less<>> kContentLangs = {
    "json", "jsonc", "json5", "yaml", "yml", "nginx", "apache", "conf", "config", "ini",
    "toml", "env", "dotenv", "properties", "sql", "pgsql", "postgresql", "postgres", "mysql",
    "plsql", "xml", "html", "css", "hcl", "tf", "terraform", "dockerfile", "docker",
    "make", "makefile", "diff", "patch", "log", "csv", "tsv", "markdown", "md", "mermaid",
    "python", "py", "javascript", "js", "typescript", "ts", "ruby", "rb", "go", "rust", "java",
    "c", "cpp", "c++", "php", "systemd", "service", "caddyfile", "text", "txt", "plain",
    "plaintext", "output", "tree", "graphql", "proto", "jinja", "j2", "vcl", "lua",
    "crontab", "cron"};

bool has_box_drawing(std::string_view code) {
  // U+2500..U+257F are E2 94 80 .. E2 95 BF in UTF-8.
  for (size_t i = 0; i + 2 < code.size(); ++i) {
    auto a = static_cast<unsigned char>(code[i]);
    auto b = static_cast<unsigned char>(code[i + 1]);
    if (a == 0xE2 && (b == 0x94 || b == 0x95)) return true;
  }
  return false;
}

bool looks_like_ascii_box_or_tree(const std::vector<std::string_view>& lines) {
  static const std::regex box(R"(^\s*[+|][-=+|]{3,}|^\s*\+[-=]{2,}.*\+\s*$)");
  static const std::regex tree(R"(^\s*(\||`--|\|--|\+--)\s*\S)");
  static const std::regex piped(R"(^\s*\|\s*([A-Za-z][\w.-]*))");
  int hits = 0;
  int dirs = 0;
  int nonempty = 0;
  bool continued = false;  // the line before ends in \ or |: this one goes on with its command
  for (auto l : lines) {
    auto t = trim(l);
    if (t.empty()) continue;
    ++nonempty;
    std::string s = regex_input(l);
    std::smatch m;
    bool pipeline = continued || (std::regex_search(s, m, piped) && is_known_command(m[1].str()));
    continued = t.back() == '\\' || t.back() == '|';
    if (pipeline) continue;
    if (std::regex_search(s, box) || std::regex_search(s, tree)) ++hits;
    if (t.back() == '/' && t.find(' ') == std::string_view::npos) ++dirs;
  }
  if (nonempty == 0) return false;
  return hits * 2 >= nonempty || (dirs >= 2 && dirs * 3 >= nonempty);
}

bool looks_like_json(std::string_view code) {
  auto t = trim(code);
  if (t.empty() || (t.front() != '{' && t.front() != '[')) return false;
  if (nlohmann::json::accept(t, /*ignore_comments=*/true)) return true;
  static const std::regex key(R"re("[^"\n]+"\s*:)re");
  return std::regex_search(regex_input(t), key);
}

bool looks_like_sql(std::string_view first_line) {
  static const std::regex sql(
      R"(^\s*(select|insert\s+into|update\s+\w+\s+set|delete\s+from|create\s+(table|index|user|role|database|extension|schema|view)|alter\s+(table|user|role|database)|drop\s+(table|database|schema|index|user|role|view)|grant|revoke|truncate|begin;|commit;|with\s+\w+\s+as|explain|vacuum|analyze|\\[a-z]+\b))",
      std::regex::icase);
  return std::regex_search(regex_input(first_line), sql);
}

bool is_env_line(std::string_view l) {
  static const std::regex env(R"(^[A-Za-z_][A-Za-z0-9_]*=\S*.*$)");
  if (l.size() > kRegexMaxInput) return false;
  std::string s(l);
  if (!std::regex_match(s, env)) return false;
  // An assignment followed by a command (`FOO=1 ./run`) is a command.
  auto eq = s.find('=');
  auto value = trim(std::string_view(s).substr(eq + 1));
  if (value.empty() || value.front() == '"' || value.front() == '\'') return true;
  if (value.starts_with("$(") || value.starts_with("`")) return false;  // computed: shell
  return value.find(' ') == std::string_view::npos || value.find(" #") != std::string_view::npos;
}

struct Shape {
  int lines = 0;     // non-empty, non-comment lines
  int commands = 0;  // lines starting with a known command / path / assignment+command
  int env = 0;       // KEY=value lines
  int config = 0;    // nginx/ini/yaml/systemd-ish lines
  int pipes = 0;     // table rows with | separators or aligned columns
};

Shape shape_of(const std::vector<std::string_view>& lines) {
  static const std::regex yaml(R"(^\s*(- )?[A-Za-z0-9_.\-"']+:(\s|$))");
  static const std::regex conf(
      R"(^\s*([a-z_]+(\s+[^;{}]+)?;\s*(#.*)?$|[^#;]*\{\s*$|\}\s*$|\[[A-Za-z0-9 _.:"-]+\]\s*$|[A-Z][A-Za-z]+=\S))");
  static const std::regex table(R"(^\s*\|.*\|\s*$|\S\s{2,}\S.*\S\s{2,}\S)");
  Shape s;
  bool continuation = false;
  for (auto raw : lines) {
    auto l = trim(raw);
    if (l.empty() || l.front() == '#') continue;
    ++s.lines;
    if (continuation) {
      ++s.commands;
      continuation = l.back() == '\\';
      continue;
    }
    continuation = l.back() == '\\';
    std::string line = regex_input(l);
    if (line.starts_with("$ ")) line = line.substr(2);
    std::string head = command_head(line);
    if (is_env_line(line)) {
      ++s.env;
    } else if (is_known_command(head)) {
      ++s.commands;
    }
    std::string rawline = regex_input(raw);
    if (std::regex_search(rawline, conf) || std::regex_search(rawline, yaml)) ++s.config;
    if (std::regex_search(rawline, table)) ++s.pipes;
  }
  return s;
}

// A listing of names that look like paths (log groups, parameter names): every line one
// word starting with '/', none of them a script.
bool lone_paths(const std::vector<std::string_view>& lines) {
  int paths = 0;
  for (auto raw : lines) {
    auto l = trim(raw);
    if (l.empty() || l.front() == '#') continue;
    if (l.front() != '/' || l.find_first_of(" \t") != std::string_view::npos) return false;
    if (l.ends_with(".sh") || l.ends_with(".py") || l.find("/bin/") != std::string_view::npos) return false;
    ++paths;
  }
  return paths >= 2;
}

// Logical commands (a multi-line quoted argument is one) that an operator types, counting
// the SQL typed into a client the block opens (`psql …` then `SELECT …;`).
bool mostly_commands(std::string_view lang, std::string_view code) {
  auto units = split_command_units(code, is_prompted_block(lang, code));
  if (units.empty()) return false;
  size_t commands = 0;
  bool client = false;
  for (const auto& u : units) {
    auto f = unit_facts(u.text);
    std::string head = f.words.empty() ? std::string() : f.words.front();
    if (client && f.content) ++commands;
    else if (is_known_command(head) || f.state) ++commands;
    client = client || f.opens_client;
  }
  return commands * 2 >= units.size() + 1;
}

// `ID=$(aws …) \` + `psql …`: the first logical command runs something.
bool first_unit_is_command(std::string_view lang, std::string_view code) {
  auto units = split_command_units(code, is_prompted_block(lang, code));
  if (units.empty()) return false;
  auto f = unit_facts(units.front().text);
  return !f.computed.empty() && !f.words.empty() && is_known_command(f.words.front());
}

bool mentions_script_file(std::string_view description) {
  static const std::regex script_file(
      R"((create|save|write|add|put|paste|contents?|following|edit|place|looks? like|as)[^\n]*\b[\w./-]+\.(sh|bash)\b|\b[\w./-]+\.(sh|bash)`?\s*(:|with|containing))",
      std::regex::icase);
  // Only the last paragraph speaks for the block right below it.
  auto pos = description.rfind("\n");
  std::string last = regex_input(pos == std::string_view::npos ? description : description.substr(pos + 1));
  return std::regex_search(last, script_file);
}

}  // namespace

StepKind classify_kind(std::string_view lang, std::string_view code, std::string_view description) {
  auto lines = split_lines(code);
  std::string_view first;
  for (auto l : lines)
    if (!trim(l).empty()) {
      first = trim(l);
      break;
    }
  if (first.starts_with("#!")) return StepKind::Script;
  if (!lang.empty() && kContentLangs.count(lang)) return StepKind::Content;
  bool shell_lang = !lang.empty() && kShellLangs.count(lang);
  if (!lang.empty() && !shell_lang) return StepKind::Content;  // some other language listing

  // Text-based judgement (bare fences, and content pasted into shell fences).
  if (first.empty()) return shell_lang ? StepKind::Command : StepKind::Content;
  if (has_box_drawing(code) || looks_like_ascii_box_or_tree(lines)) return StepKind::Content;
  if (looks_like_json(code)) return StepKind::Content;
  if (lone_paths(lines)) return StepKind::Content;
  Shape s = shape_of(lines);
  std::string head = command_head(first.starts_with("$ ") ? first.substr(2) : first);
  bool first_is_command = is_known_command(head) ||
                          (is_env_line(first) && s.commands > 0 && s.commands + s.env == s.lines) ||
                          first_unit_is_command(lang, code);
  if (!first_is_command && looks_like_sql(first)) return StepKind::Content;
  if (s.env == s.lines && s.lines > 0 && !first_is_command) return StepKind::Content;
  bool shell_ish = first_is_command && (s.commands * 2 >= s.lines || mostly_commands(lang, code));
  if (shell_ish || (shell_lang && (first_is_command || s.config * 2 < s.lines))) {
    if (mentions_script_file(description)) return StepKind::Script;
    return StepKind::Command;
  }
  return StepKind::Content;
}

StepWhere classify_where(std::string_view code) {
  for (const auto& u : split_command_units(code, false))
    if (unit_facts(u.text).side == Side::Host) return StepWhere::Host;
  return StepWhere::Local;
}

std::string runnable_script(std::string_view lang, std::string_view code) {
  auto lines = split_lines(code);
  bool prompted = lang == "console" || lang == "shell-session" || lang == "shellsession";
  if (!prompted) {
    for (auto l : lines) {
      auto t = trim(l);
      if (t.empty() || t.front() == '#') continue;
      prompted = t.starts_with("$ ");
      break;
    }
  }
  if (!prompted) return std::string(code);
  std::string out;
  bool continuing = false;
  for (auto l : lines) {
    auto t = trim(l);
    if (t.starts_with("$ ") || continuing) {
      auto cmd = t.starts_with("$ ") && !continuing ? t.substr(2) : t;
      out.append(cmd);
      out.push_back('\n');
      continuing = !t.empty() && t.back() == '\\';
    }
  }
  return out;
}

}  // namespace opsdeck::app::runbook
