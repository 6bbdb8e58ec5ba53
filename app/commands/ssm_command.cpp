// `opsdeck ssm run|session|forward|exec`: SSM Run Command and Session Manager, headless.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "app/commands/command_context.hpp"
#include "app/ssm/ssm_run.hpp"
#include "app/ssm/ssm_session_command.hpp"

namespace opsdeck::app {

void add_ssm_command(CLI::App& cli, CommandContext& ctx) {
  auto* ssm = cli.add_subcommand("ssm", "AWS Systems Manager: run commands, shells, port forwards");
  ssm->require_subcommand(1);

  auto run_opts = std::make_shared<SsmRunOptions>();
  auto* run =
      ssm->add_subcommand("run", "Run a shell command on an instance through SSM Run Command");
  run->add_option("instance", run_opts->instance, "Instance id, Name tag, or tag:KEY=V1,V2")
      ->required();
  run->add_option("command", run_opts->command, "Command after --")->required();
  run->add_option("--timeout", run_opts->timeout_seconds, "Seconds before the command is cancelled")
      ->default_val(1800);
  run->add_flag("--yes", run_opts->yes, "Answer the production yes/no question (never a typed name)");
  run->add_flag("--raw", run_opts->raw, "Output as raw bytes when not a terminal (for pipes)");
  run->footer(
      "Exit status: the command's; 1 when it failed without one, timed out or was cancelled;\n"
      "5 when the guard refuses (--readonly and the command is not proven read-only; production\n"
      "without confirmation); 130 after Ctrl-C (the command is cancelled).");
  run->callback([&ctx, run_opts] {
    ctx.action = [&ctx, run_opts] { return run_ssm_run(*ctx.sessions, ctx.global, *run_opts); };
  });

  auto session_opts = std::make_shared<SsmSessionOptions>();
  auto* session =
      ssm->add_subcommand("session", "Open a Session Manager shell");
  session->add_option("instance", session_opts->instance, "Instance id or Name tag")->required();
  session->add_flag("--yes", session_opts->yes, "Answer the production yes/no question");
  session->callback([&ctx, session_opts] {
    session_opts->kind = SsmSessionOptions::Kind::Shell;
    ctx.action = [&ctx, session_opts] {
      return run_ssm_session_command(*ctx.sessions, ctx.global, *session_opts);
    };
  });

  auto fwd_opts = std::make_shared<SsmSessionOptions>();
  auto* fwd =
      ssm->add_subcommand("forward", "Forward a local port to HOST:PORT through an instance (SSM)");
  fwd->add_option("instance", fwd_opts->instance, "Instance id or Name tag")->required();
  fwd->add_option("--host", fwd_opts->host,
                  "Remote host as the instance sees it (e.g. an RDS endpoint)")
      ->required();
  fwd->add_option("--port", fwd_opts->port, "Remote port")->required()->check(CLI::Range(1, 65535));
  fwd->add_option("--local-port", fwd_opts->local_port,
                  "Local port (default: a free one)")
      ->check(CLI::Range(0, 65535));
  fwd->add_option("--idle-timeout", fwd_opts->idle_timeout_seconds,
                  "Close after this many seconds without traffic (native client only)")
      ->check(CLI::Range(0, 86400 * 7));
  fwd->add_flag("--yes", fwd_opts->yes, "Answer the production yes/no question");
  fwd->footer(
      "Runs opsdeck's native Session Manager client (as `opsdeck forward`) unless the config says\n"
      "\"ssm\": {\"client\": \"plugin\"}, which hands the session to session-manager-plugin.");
  fwd->callback([&ctx, fwd_opts] {
    fwd_opts->kind = SsmSessionOptions::Kind::Forward;
    ctx.action = [&ctx, fwd_opts] { return run_ssm_session_command(*ctx.sessions, ctx.global, *fwd_opts); };
  });

  auto exec_opts = std::make_shared<SsmSessionOptions>();
  auto* exec = ssm->add_subcommand(
      "exec", "ECS Exec into a task's container");
  exec->add_option("cluster", exec_opts->cluster, "ECS cluster")->required();
  exec->add_option("task", exec_opts->task, "Task id or ARN")->required();
  exec->add_option("--container", exec_opts->container, "Container name (default: the first)");
  exec->add_option("--command", exec_opts->command, "Command to run")->default_val("/bin/sh");
  exec->add_flag("--yes", exec_opts->yes, "Answer the production yes/no question");
  exec->callback([&ctx, exec_opts] {
    exec_opts->kind = SsmSessionOptions::Kind::EcsExec;
    ctx.action = [&ctx, exec_opts] { return run_ssm_session_command(*ctx.sessions, ctx.global, *exec_opts); };
  });
}

}  // namespace opsdeck::app
