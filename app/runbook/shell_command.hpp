#pragma once
// One simple command of a shell script as it will run, for the guards in shell_judge.hpp:
// its words after quote removal and variable expansion, with wrappers looked through.
//
// `peel_wrappers()` turns `sudo -u pg env A=1 timeout 5 psql -c '…'` into `psql -c '…'`,
// `find . -exec rm {} \;` into `find …` plus `rm {}`, `xargs rm` into `rm …`, and hands
// back the shell text that `bash -c`, `sh <<EOF`, `ssh host '…'`, `su -c`, `eval`, `watch`,
// `trap`, `alias` and `env -S` run, for the caller to parse and judge in turn.
//
// Everything here is a pure function of its arguments; safe on any thread.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app::runbook {

// One argument as the command receives it.
struct ShellWord {
  std::string text;  // quotes and escapes removed; parts opsdeck cannot know are shown as written
                     // ($X, $(…))
  std::string code;  // shell text for the same word where unknown parts are `${OPSDECK_UNSEEN_<n>}`
                     // placeholders
  bool known = true;  // `text` is exactly what the command receives
  bool may_split =
      false;  // may turn into several words, or none (unquoted expansion, glob, brace expansion)
  bool may_be_option = false;  // an unknown part at its start: may begin with '-'
};

// Where a command's standard input comes from.
struct StdinSource {
  enum class Kind { Inherited, File, Text, Unseen };
  Kind kind = Kind::Inherited;
  std::string
      text;  // File: the path; Text: the here-document, here-string or echoed text (display form)
  std::string code;  // Text: the same as shell text with placeholders for unknown parts
};

struct ShellCommand {
  std::vector<ShellWord>
      words;         // words[0]: the command name with directories stripped (`/bin/rm` → `rm`)
  std::string path;  // the command word as written when it names a file (`./deploy.sh`, `/bin/rm`)
  int line = 0;      // 1-based line in the script the judge was given
  StdinSource input;
  bool remote = false;  // runs on another host or in a container (ssh, kubectl/docker exec)

  // The command name when it is a literal word, else "".
  std::string name() const;
  // The words joined by spaces, each quoted when needed: rm -rf /data, psql -c 'DROP TABLE x'.
  // Control characters are shown as spaces.
  std::string text() const;
};

// Shell text that a command hands to a shell to parse and run.
struct NestedScript {
  std::string code;  // may contain `${OPSDECK_UNSEEN_<n>}` placeholders
  std::string via;   // "bash -c", "ssh", "eval", "trap", ...
  int line = 0;
  bool remote = false;  // runs on another host or in a container: none of the local variables apply
  StdinSource
      input;  // what the text reads on stdin (the here-document of `ssh host bash -s <<EOF`)
};

struct PeeledCommand {
  std::vector<ShellCommand> commands;  // what runs once wrappers are looked through, in order
  std::vector<NestedScript> scripts;   // shell text those commands run
  // Commands that run shell text opsdeck cannot see at all (`curl … | sh`), with why.
  std::vector<std::pair<ShellCommand, std::string>> unseen;
  // Why a wrapper is itself not read-only or not understood (`sudo -e`, `ssh -F cfg`), "" if none.
  std::string wrapper_problem;
};

// Placeholder variables standing for values only known when the command runs.
inline constexpr std::string_view kUnseenPrefix = "OPSDECK_UNSEEN_";
inline constexpr std::string_view kXargsInput =
    "OPSDECK_UNSEEN_XARGS";  // arguments xargs reads from stdin
inline constexpr std::string_view kFoundPath =
    "OPSDECK_UNSEEN_FOUND";  // a path found by find -exec {}

// Looks through wrappers (shell_wrappers.cpp, shell_remote_wrappers.cpp): sudo, doas, env,
// nice, nohup, timeout, command, builtin, exec, time, xargs, busybox, stdbuf, ionice, chroot,
// setsid, flock, nsenter, unshare, setpriv, taskset, chrt, prlimit, systemd-run, su/runuser,
// sh/bash/dash/zsh/ksh, source/. of <(…), ssh, watch, eval, find -exec, trap, alias,
// mapfile -C, git -c settings that hold commands, kubectl/docker exec and run, aws ssm
// send-command/start-session and aws ecs execute-command.
PeeledCommand peel_wrappers(const ShellCommand& command);

// Strips the directories from a literal command word, keeping the word as written in `path`.
void name_command(ShellCommand& command);

// True for the shells whose `-c` text and stdin are parsed as scripts.
bool is_shell_program(std::string_view name);

// "" when assigning `name` is harmless; else why it changes what commands run
// ("sets PATH, which changes what commands run"): PATH, LD_*, BASH_ENV, IFS, PAGER,
// GIT_SSH_COMMAND, ...
std::string sensitive_variable_problem(std::string_view name);

// The last path component of a command word (`/usr/bin/rm` → `rm`).
std::string command_basename(std::string_view word);

}  // namespace opsdeck::app::runbook
