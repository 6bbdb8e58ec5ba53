#pragma once
// ShellLauncher: `s` on an EC2 instance row opens a shell on it, and `s` on an ECS task row
// opens ECS Exec in one of its containers (a prompt with Tab completion chooses when the
// task has several); both return to the console exactly as it was.
//
//  1. Facts (DescribeInstances + DescribeInstanceInformation) are gathered asynchronously
//     on the AwsClient; the connect method is decided (app/ssm/connect_method.hpp) from them and the
//     config's "shell" settings (SSM when the agent is Online, else SSH; "method" forces one).
//  2. SSH: the connection is opened and authenticated BEFORE curses is left, by the
//     SshConnector (host-key and passphrase questions in dialogs); a mismatched key, a
//     refusal or an authentication failure ends in the status line, curses untouched. Then `suspend` hands the terminal to the PTY shell (ssh/interactive_shell.hpp) on the
//     same pooled connection.
//     SSM: read-only mode refuses StartSession; else `suspend` runs StartSession and the
//     session on opsdeck's own Session Manager client (ssh/ssm/), or, with "ssm":
//     {"client": "plugin"}, on session-manager-plugin (a missing plugin is reported in the
//     status line with how to install it). ECS Exec likewise with ExecuteCommand.
//  3. When the shell ends the status line says how (exit status, or the error), and the
//     screen is repainted in full with the same focus, selection, filter and zoom.
// The action gate judges every shell first (a shell can change anything): refused in
// --readonly (SSH and SSM alike), a yes/no question in production. Each shell is written
// to the audit log (start / end); when the start record cannot be written, no shell opens.
//
// Threads: everything here runs on the UI thread except the AwsClient completions (IO
// thread, only post()). The shell itself
// runs synchronously on the UI thread inside `suspend`, so the EventLoop handles no fd and
// draws nothing meanwhile; AwsClient and log-tail completions keep queueing with post().
// Ownership: borrows the view, loop and live console, which must outlive this object. The
// destructor stops the SSH client before returning. SSM: StartSession is a blocking call
// made inside `suspend` (the terminal already belongs to the session then).

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/console/console_overlay.hpp"
#include "app/action_gate.hpp"
#include "app/audit_log.hpp"
#include "app/console/gate_question.hpp"
#include "app/console/live_console.hpp"
#include "app/console/ssh_connector.hpp"
#include "app/console/sources/console_settings.hpp"
#include "app/ssm/connect_method.hpp"
#include "ssh/ssh_client.hpp"
#include "ssh/ssm_session_plugin.hpp"
#include "widgets/confirm_dialog.hpp"
#include "widgets/prompt.hpp"

namespace opsdeck::app {

// The guard's view of the console (profile, region and client come from the live
// console's Session).
struct ShellContext {
  std::string environment;
  bool production = false;
  bool readonly = false;
  // As ActionContext::account_guard: the environment and production now, or why not.
  std::function<aws::Result<std::pair<std::string, bool>>()> account_guard;
};

class ShellLauncher : public ConsoleOverlay {
 public:
  // Runs `body` with curses suspended (ui::TerminalSuspend) and restores it afterwards.
  using Suspend = std::function<void(const std::function<void()>& body)>;

  ShellLauncher(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live, ShellContext context,
                ShellSettings settings, Suspend suspend, AuditLog audit);
  ~ShellLauncher();
  ShellLauncher(const ShellLauncher&) = delete;
  ShellLauncher& operator=(const ShellLauncher&) = delete;

  // Adds the "shell" command (`s`) to the view's command table; it opens a shell on the
  // focused pane's selected row.
  void add_commands();
  ui::Outcome open_shell();

  // The gate's question, the container prompt, or the SSH connection's questions.
  bool modal() const override {
    return gate_.open() || container_prompt_.has_value() || connector_.modal();
  }
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  void render(ui::CellGrid& grid, bool ascii) const override;

 private:
  struct Target {
    std::string id;
    std::string label;  // "clinic-api (i-0abc)", display-safe
  };
  void gather_facts();
  void after_gate();                                  // facts for an instance, a container for a task
  void start_ecs_exec(const std::string& container);  // ECS Exec into the task's container
  ssh::SessionContext ssm_context() const;            // the live session's, with the configured client
  void on_facts(aws::Result<ConnectFacts> facts);
  void start_ssm(const ConnectDecision& d);
  void start_ssh(const ConnectDecision& d);
  void on_connected(std::optional<aws::Error> error);
  void finish(const std::string& audit_result, ui::Severity severity, const std::string& status);
  aws::Result<void> audit(const std::string& phase, const std::string& result) const;
  // Writes the start record; false (and the status line says why) when it cannot be written.
  bool audit_start();

  ConsoleView& view_;
  ui::EventLoop& loop_;
  LiveConsole& live_;
  ShellContext ctx_;
  ShellSettings settings_;
  Suspend suspend_;
  AuditLog audit_;

  bool busy_ = false;  // a shell is being opened or is running
  Target target_;
  std::string via_;    // "ssh:user@host" / "ssm:i-..." for the audit log
  std::unique_ptr<ssh::SshClient> client_;  // the connected client, while its shell runs
  ssh::HostSettings host_;
  GateQuestion gate_;  // the gate's production question
  struct EcsTaskTarget {
    std::string cluster, task;
    std::vector<std::string> containers;
  };
  std::optional<EcsTaskTarget> task_;           // set when the shell is ECS Exec into a task
  std::optional<ui::Prompt> container_prompt_;  // which container, when the task has several
  SshConnector connector_;  // last: destroyed first, so its callbacks never find the rest gone
};

}  // namespace opsdeck::app
