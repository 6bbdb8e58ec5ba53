#pragma once
// The machinery behind peel_wrappers() (shell_command.hpp), shared by shell_wrappers.cpp
// (wrappers that run their command on this host) and shell_remote_wrappers.cpp (ssh,
// kubectl/docker exec and run, aws ssm send-command, ecs execute-command). Internal to the
// shell guard; one Peeler per command, on one thread.

#include <deque>
#include <string>
#include <vector>

#include "app/runbook/shell_command.hpp"

namespace opsdeck::app::runbook {

class Peeler {
 public:
  using Words = std::vector<ShellWord>;
  static bool is_assignment(const ShellWord& w);                // NAME=value
  static std::string joined_code(const Words& w, size_t from);  // words[from..] joined by spaces

  explicit Peeler(PeeledCommand& out) : out_(out) {}

  void run(const ShellCommand& first) {
    queue_.push_back(first);
    for (int steps = 0; !queue_.empty(); ++steps) {
      ShellCommand c = std::move(queue_.front());
      queue_.pop_front();
      if (steps > 64) {
        out_.unseen.emplace_back(c, "wrappers nested too deeply to follow");
        continue;
      }
      peel(c);
    }
  }

 private:
  PeeledCommand& out_;
  std::deque<ShellCommand> queue_;

  void problem(std::string why) {
    if (out_.wrapper_problem.empty() && !why.empty()) out_.wrapper_problem = std::move(why);
  }
  void emit(const ShellCommand& c) { out_.commands.push_back(c); }
  // Shell text `c` runs; it reads `c`'s stdin unless it is run later (trap, alias, hooks).
  void script(const ShellCommand& c, std::string code, std::string via, bool remote,
              bool reads_stdin = true) {
    out_.scripts.push_back({std::move(code), std::move(via), c.line, remote || c.remote,
                            reads_stdin ? c.input : StdinSource{}});
  }
  // Runs words[i..] as the wrapped command (nothing when there are none).
  void run_rest(const ShellCommand& c, size_t i, bool remote = false) {
    if (i >= c.words.size()) return;
    ShellCommand next;
    next.line = c.line;
    next.input = c.input;
    next.remote = c.remote || remote;
    next.words.assign(c.words.begin() + static_cast<long>(i), c.words.end());
    name_command(next);
    queue_.push_back(std::move(next));
  }
  // A shell reading its script from stdin: a here-document is judged, a pipe cannot be.
  void shell_stdin(const ShellCommand& c, const std::string& via) {
    switch (c.input.kind) {
      case StdinSource::Kind::Text:
        script(c, c.input.code, via + " <<", false);
        break;
      case StdinSource::Kind::Unseen:
        out_.unseen.emplace_back(c, "runs shell text from a pipe");
        break;
      default:
        emit(c);  // an interactive shell, or a script file
    }
  }
  size_t skip_assignments(const ShellCommand& c, size_t i) {
    while (i < c.words.size() && is_assignment(c.words[i])) {
      problem(sensitive_variable_problem(c.words[i].text.substr(0, c.words[i].text.find('='))));
      ++i;
    }
    return i;
  }

  // shell_wrappers.cpp: wrappers that run their command on this host.
  void peel(const ShellCommand& c);
  bool peel_simple(const ShellCommand& c, const std::string& name);
  void peel_shell(const ShellCommand& c, const std::string& name);
  void peel_xargs(const ShellCommand& c);
  void peel_find(const ShellCommand& c);
  // shell_remote_wrappers.cpp: commands run on another host or in a container.
  void peel_ssh(const ShellCommand& c);
  void peel_exec_in(const ShellCommand& c, const std::string& name);
  void peel_aws(const ShellCommand& c);
};

}  // namespace opsdeck::app::runbook
