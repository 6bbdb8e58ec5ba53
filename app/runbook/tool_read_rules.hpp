#pragma once
// Read-only rules for the commands whose arguments decide whether they change anything
// (the allow-list in read_only_allowlist.hpp dispatches to them). Each *_read_problem()
// returns "" when the command (wrappers already looked through) only reads, else why not.
//  - tool_read_rules.cpp: sed scripts (no e, w, s///e, s///w, -i) and awk programs (no
//    system(), pipes, output redirection, -f/-i/-l);
//  - http_read_rules.cpp: curl, wget and httpie may only GET or HEAD http(s) URLs with no
//    body, upload, form, config file, or output into a file;
//  - service_read_rules.cpp: aws, systemctl, journalctl, docker, kubectl, git, terraform.
// Pure functions; safe on any thread.

#include <string>
#include <string_view>

#include "app/runbook/shell_command.hpp"

namespace opsdeck::app::runbook {

// What a sed script or awk program does besides reading and printing.
struct ScriptEffects {
  bool runs_commands = false;
  bool writes_files = false;
  bool understood = true;
};
ScriptEffects sed_script_effects(std::string_view script);
ScriptEffects awk_program_effects(std::string_view program);

std::string sed_read_problem(const ShellCommand& command);
std::string awk_read_problem(const ShellCommand& command);
std::string curl_read_problem(const ShellCommand& command);
std::string wget_read_problem(const ShellCommand& command);
std::string httpie_read_problem(const ShellCommand& command);
std::string aws_read_problem(const ShellCommand& command);
std::string systemctl_read_problem(const ShellCommand& command);
std::string journalctl_read_problem(const ShellCommand& command);
std::string docker_read_problem(const ShellCommand& command);  // docker and docker-compose
std::string kubectl_read_problem(const ShellCommand& command);
std::string git_read_problem(const ShellCommand& command);
std::string terraform_read_problem(const ShellCommand& command);  // terraform and tofu

}  // namespace opsdeck::app::runbook
