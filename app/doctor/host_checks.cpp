#include "app/doctor/host_checks.hpp"

#include <langinfo.h>

#include <clocale>
#include <filesystem>
#include <string>

#include "app/data_paths.hpp"

#include "ssh/agent_probe.hpp"
#include "ssh/program_lookup.hpp"
#include "ssh/ssm_session_plugin.hpp"
#include "widgets/terminal_capabilities.hpp"

namespace opsdeck::app {

namespace {

void check_plugin(const CheckSink& report) {
  if (auto plugin = ssh::find_session_plugin()) {
    report({CheckStatus::Ok, ssh::kSessionPluginName, *plugin, ""});
    return;
  }
  report({CheckStatus::Warn, ssh::kSessionPluginName,
          "not on PATH: SSM shells, port forwards and ECS Exec use opsdeck's own Session Manager client; "
          "only the config's \"ssm\": {\"client\": \"plugin\"} needs the plugin",
          ssh::missing_plugin_error().hint});
}

void check_ssh(const aws::EnvLookup& env, const CheckSink& report) {
  if (auto ssh = ssh::find_program("ssh")) report({CheckStatus::Ok, "ssh", *ssh, ""});
  else
    report({CheckStatus::Warn, "ssh", "not on PATH: runbook steps that run ssh fail (opsdeck's own SSH does not need it)",
            "install OpenSSH's client (Debian: apt install openssh-client)"});

  const std::string socket = env("SSH_AUTH_SOCK").value_or("");
  if (socket.empty()) {
    report({CheckStatus::Warn, "ssh-agent", "SSH_AUTH_SOCK is not set: SSH offers only identity_file and ~/.ssh keys",
            "start one: eval \"$(ssh-agent)\" && ssh-add"});
    return;
  }
  auto count = ssh::count_agent_identities(socket);
  if (!count) {
    report({CheckStatus::Warn, "ssh-agent", count.error().message, count.error().hint});
  } else if (*count == 0) {
    report({CheckStatus::Warn, "ssh-agent", "reachable at " + socket + " but holds no identities",
            "add your key: ssh-add ~/.ssh/id_ed25519 (or the key your hosts expect)"});
  } else {
    report({CheckStatus::Ok, "ssh-agent",
            std::to_string(*count) + (*count == 1 ? " identity" : " identities") + " at " + socket, ""});
  }
}

void check_terminal(const aws::EnvLookup& env, const CheckSink& report) {
  const std::string term = env("TERM").value_or("");
  const std::string fix_term = "run opsdeck in a colour terminal (TERM=xterm-256color)";
  if (term.empty() || term == "dumb" || term == "unknown") {
    report({CheckStatus::Warn, "terminal", "TERM is " + (term.empty() ? std::string("not set") : term) +
                                               ": the console draws in monochrome ASCII", fix_term});
    return;
  }
  ui::TerminalCapabilities caps = ui::terminal_capabilities(term);
  if (!caps.known) {
    report({CheckStatus::Fail, "terminal", "no terminfo entry for TERM=" + term + ": the console cannot start",
            "install it (Debian: apt install ncurses-term) or set TERM=xterm-256color"});
    return;
  }
  const bool no_color = !env("NO_COLOR").value_or("").empty();
  std::string detail = "TERM=" + term + ", " + std::to_string(caps.colours) + " colours";
  if (no_color) {
    report({CheckStatus::Ok, "terminal", detail + "; NO_COLOR is set: the console draws in monochrome", ""});
  } else if (caps.colours < 8) {
    report({CheckStatus::Warn, "terminal", detail + ": the console draws in monochrome", fix_term});
  } else {
    report({CheckStatus::Ok, "terminal", detail, ""});
  }
}

void check_locale(const CheckSink& report) {
  const char* before = std::setlocale(LC_CTYPE, nullptr);
  const std::string saved = before ? before : "C";
  const char* chosen = std::setlocale(LC_CTYPE, "");
  const std::string codeset = chosen ? nl_langinfo(CODESET) : "";
  const std::string name = chosen ? chosen : "";
  std::setlocale(LC_CTYPE, saved.c_str());
  if (!chosen) {
    report({CheckStatus::Warn, "locale", "the locale named by LANG / LC_ALL / LC_CTYPE is not installed",
            "use an installed UTF-8 locale: export LANG=C.UTF-8"});
  } else if (codeset != "UTF-8") {
    report({CheckStatus::Warn, "locale", name + " (" + codeset + "): line drawing, sparklines and non-ASCII names may not display",
            "use a UTF-8 locale: export LANG=C.UTF-8"});
  } else {
    report({CheckStatus::Ok, "locale", name + " (UTF-8)", ""});
  }
}

void check_themes(const CheckSink& report) {
  const std::filesystem::path dir = themes_directory();
  int count = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") ++count;
  if (count == 0) {
    report({CheckStatus::Warn, "themes", "none in " + dir.string() + ": only the built-in dark and monochrome themes",
            "reinstall opsdeck, or point OPSDECK_THEMES_DIR at a directory of theme files"});
    return;
  }
  report({CheckStatus::Ok, "themes", dir.string() + " (" + std::to_string(count) + " themes)", ""});
}

}  // namespace

void check_host(const aws::EnvLookup& env, const CheckSink& report) {
  check_plugin(report);
  check_ssh(env, report);
  check_terminal(env, report);
  check_locale(report);
  check_themes(report);
}

}  // namespace opsdeck::app
