#include "app/runbook/shell_command.hpp"

#include <algorithm>
#include <initializer_list>

namespace opsdeck::app::runbook {

namespace {
template <class Names>
bool in(std::string_view s, const Names& names) {
  return std::find(std::begin(names), std::end(names), s) != std::end(names);
}
bool in(std::string_view s, std::initializer_list<std::string_view> names) {
  return in<decltype(names)>(s, names);
}
}  // namespace

std::string ShellCommand::name() const {
  return words.empty() || !words[0].known ? std::string() : words[0].text;
}

std::string ShellCommand::text() const {
  static constexpr std::string_view kPlain =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=,@%+^-~";
  std::string out;
  for (const auto& w : words) {
    std::string t = w.text;
    for (char& ch : t)
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
    bool plain = !t.empty() && std::all_of(t.begin(), t.end(), [](char ch) {
      return static_cast<unsigned char>(ch) >= 0x80 || kPlain.find(ch) != std::string_view::npos;
    });
    if (!out.empty()) out += ' ';
    bool substitution = t.starts_with("<(") || t.starts_with(">(");
    if (plain || (!w.known && (substitution || (t.find(' ') == std::string::npos && !t.empty())))) {
      out += t;
    } else if (!w.known) {
      out += "\"" + t + "\"";
    } else {
      out += '\'';
      for (char ch : t) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
      out += '\'';
    }
  }
  return out;
}

void name_command(ShellCommand& command) {
  if (command.words.empty() || !command.words[0].known) return;
  ShellWord& w = command.words[0];
  if (w.text.find('/') != std::string::npos) command.path = w.text;
  w.code = w.text = command_basename(w.text);
}

bool is_shell_program(std::string_view name) {
  return in(name, {"sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "yash", "rbash", "fish",
                   "csh", "tcsh"});
}

std::string command_basename(std::string_view word) {
  auto slash = word.find_last_of('/');
  if (slash == std::string_view::npos || slash + 1 == word.size()) return std::string(word);
  return std::string(word.substr(slash + 1));
}

std::string sensitive_variable_problem(std::string_view name) {
  static constexpr std::string_view kRunsThings[] = {"PATH",
                                                     "LD_PRELOAD",
                                                     "LD_LIBRARY_PATH",
                                                     "LD_AUDIT",
                                                     "BASH_ENV",
                                                     "ENV",
                                                     "IFS",
                                                     "PROMPT_COMMAND",
                                                     "PS4",
                                                     "SHELLOPTS",
                                                     "BASHOPTS",
                                                     "PAGER",
                                                     "GIT_PAGER",
                                                     "SYSTEMD_PAGER",
                                                     "MANPAGER",
                                                     "LESSOPEN",
                                                     "LESSCLOSE",
                                                     "EDITOR",
                                                     "VISUAL",
                                                     "SYSTEMD_EDITOR",
                                                     "GIT_SSH",
                                                     "GIT_SSH_COMMAND",
                                                     "GIT_EXTERNAL_DIFF",
                                                     "GIT_ASKPASS",
                                                     "SSH_ASKPASS",
                                                     "SUDO_ASKPASS",
                                                     "GIT_CONFIG",
                                                     "GIT_CONFIG_PARAMETERS",
                                                     "GIT_CONFIG_GLOBAL",
                                                     "GIT_CONFIG_SYSTEM",
                                                     "GIT_CONFIG_COUNT",
                                                     "GIT_EXEC_PATH",
                                                     "CURL_HOME",
                                                     "WGETRC",
                                                     "PYTHONSTARTUP",
                                                     "PERL5OPT",
                                                     "NODE_OPTIONS",
                                                     "BASH_LOADABLES_PATH",
                                                     "GLOBIGNORE",
                                                     "CDPATH",
                                                     "TMOUT",
                                                     "HISTFILE",
                                                     "PSQLRC",
                                                     "MYSQL_HOME",
                                                     "PGSERVICEFILE"};
  if (in(name, kRunsThings) || name.starts_with("BASH_FUNC_") || name.starts_with("GIT_CONFIG_") ||
      name.starts_with("LD_") || name.starts_with(kUnseenPrefix))
    return "sets " + std::string(name) + ", which changes what commands run";
  return {};
}

}  // namespace opsdeck::app::runbook
