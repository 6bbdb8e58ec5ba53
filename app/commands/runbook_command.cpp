// `opsdeck runbook FILE [--list] [--step N|next] [--var K=V]... [--target T] [--dry-run] [--yes]`
// T: local | ssm:ID | ssh:HOST | ecs:CLUSTER/TASK[/CONTAINER] (ECS Exec, app/ssm/ecs_exec_step_target.hpp)
//
// Exit codes: 0 done / listed / dry run; 1 the step failed or could not run; 2 bad
// arguments, unknown step, missing variables, broken config; 4 runbook file not found;
// 5 refused by --readonly or a guard (or the confirmation was not given).

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/action_gate.hpp"
#include "app/audit_log.hpp"
#include "app/caller_identity.hpp"
#include "app/commands/command_context.hpp"
#include "app/config.hpp"
#include "app/exit_codes.hpp"
#include "app/redactor.hpp"
#include "app/runbook/loader.hpp"
#include "app/runbook/read_only_commands.hpp"
#include "app/runbook/runbook_runner.hpp"
#include "app/runbook/step_listing.hpp"
#include "app/runbook/variable_resolver.hpp"
#include "app/runbook/variables.hpp"
#include "app/ssm/ecs_exec_step_target.hpp"
#include "app/ssm/remote_runner_factory.hpp"

namespace opsdeck::app {

namespace {

using namespace runbook;

struct RunbookOptions {
  std::string file;
  bool list = false;
  std::string step;
  std::vector<std::string> vars;
  std::string target;
  bool dry_run = false;
  bool yes = false;
  std::string output = "text";
};

std::atomic<bool> g_cancel{false};
extern "C" void on_sigint(int) { g_cancel.store(true); }

int fail(int code, const std::string& msg) {
  std::fprintf(stderr, "opsdeck: %s\n", msg.c_str());
  return code;
}

int fail(const aws::Error& e) {
  int code = e.kind == aws::ErrorKind::Usage ? kExitUsage : exit_code_for(e);
  std::fprintf(stderr, "opsdeck: %s\n", e.describe().c_str());
  return code;
}

std::string fmt_duration(std::chrono::milliseconds d) {
  if (d.count() < 1000) return fmt::format("{} ms", d.count());
  return fmt::format("{:.1f} s", static_cast<double>(d.count()) / 1000.0);
}

int pick_step(const Runbook& rb, const RunbookProgress& progress, const std::string& spec) {
  if (spec == "next") {
    for (const auto& s : rb.steps) {
      auto it = progress.steps.find(s.index);
      if (s.runnable() && shown_status(s, it == progress.steps.end() ? nullptr : &it->second) != "done")
        return s.index;
    }
    return 0;
  }
  try {
    size_t used = 0;
    int n = std::stoi(spec, &used);
    return used == spec.size() ? n : -1;
  } catch (const std::exception&) {
    return -1;
  }
}

int run_runbook(const GlobalOptions& g, const RunbookOptions& o) {
  auto config = load_config(g.config_path);
  if (!config.ok()) return fail(config.error());
  auto env = resolve_environment(*config, g.environment);
  if (!env.ok()) return fail(env.error());

  std::vector<std::string> bad_patterns;
  DestructivePatterns patterns(config->runbooks.destructive_patterns, &bad_patterns);
  for (const auto& p : bad_patterns)
    std::fprintf(stderr, "opsdeck: warning: ignoring invalid destructive pattern in %s: %s\n",
                 config->path.c_str(), p.c_str());

  auto rb = load_runbook(o.file, patterns);
  if (!rb.ok()) return fail(kExitNotFound, rb.error().describe());

  ProgressStore store(state_directory(), o.file, env->name);
  auto loaded = store.load();
  if (!loaded.ok())
    std::fprintf(stderr, "opsdeck: warning: %s; starting without saved progress\n", loaded.error().describe().c_str());
  RunbookProgress progress = loaded.ok() ? *loaded : RunbookProgress{};

  if (o.output != "text" && o.output != "json" && o.output != "table")
    return fail(kExitUsage, "--output must be text or json");

  if (o.list || o.step.empty()) {
    if (o.output == "json") {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& s : rb->steps) {
        auto it = progress.steps.find(s.index);
        arr.push_back(step_to_json(s, it == progress.steps.end() ? nullptr : &it->second));
      }
      std::printf("%s\n", arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
      std::printf("%s (%zu steps, environment %s%s)\n\n%s", o.file.c_str(), rb->steps.size(),
                  env->name.c_str(), env->production ? ", PRODUCTION" : "",
                  steps_table(*rb, progress).c_str());
    }
    return kExitOk;
  }

  int n = pick_step(*rb, progress, o.step);
  if (n == 0) return fail(kExitOk, "every runnable step is done");
  if (n < 1 || n > static_cast<int>(rb->steps.size()))
    return fail(kExitUsage, fmt::format("no step {} (this runbook has {} steps; see --list)", o.step, rb->steps.size()));
  const Step& step = rb->steps[static_cast<size_t>(n - 1)];
  if (!step.runnable())
    return fail(kExitUsage, fmt::format("step {} (line {}) is {}, shown but not run:\n{}", n, step.line,
                                        step.kind == StepKind::Script ? "a script body" : "file content",
                                        step.code));

  // Variables.
  VariableSources src;
  for (const auto& kv : o.vars) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return fail(kExitUsage, "--var takes K=V, got '" + kv + "'");
    src.cli[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  src.config_env = env->vars;
  src.config_all = config->runbooks.vars;
  src.remembered = progress.vars;
  TerminalConfirmer terminal;
  if (terminal.interactive()) {
    src.ask = [](const std::string& name, std::string& value) {
      std::fprintf(stderr, "%s%s: ", name.c_str(), is_secret_name(name) ? " (secret, not saved)" : "");
      std::fflush(stderr);
      if (!std::getline(std::cin, value) || value.empty()) return false;
      return true;
    };
  }
  ResolvedVariables vars = resolve_variables(step, src);
  if (!vars.missing.empty()) {
    std::string names;
    for (const auto& m : vars.missing) names += (names.empty() ? "" : ", ") + m;
    return fail(kExitUsage, fmt::format("step {} needs values for: {} (pass --var NAME=VALUE, or set them "
                                        "in the environment or the config)", n, names));
  }
  Redactor redactor;
  for (const auto& [k, v] : vars.values)
    if (is_secret_name(k)) redactor.add_secret(v);
  std::string script = fill_variables(step.script, vars.values, true);

  // Target.
  if (step.where == StepWhere::Host && o.target.empty())
    return fail(kExitUsage, fmt::format("step {} belongs on the server (sudo/systemctl/docker/...); pass "
                                        "--target ssm:INSTANCE_ID, ssh:HOST or ecs:CLUSTER/TASK, or --target local "
                                        "to run it on this machine anyway", n));
  auto target = o.target.rfind("ecs:", 0) == 0
                    ? make_ecs_exec_target(with_environment_defaults(g, *env), o.target.substr(4))
                    : make_step_target(o.target, make_remote_runner_factory(g));
  if (!target.ok()) return fail(target.error());

  GatePolicy policy{g.readonly, env->production, env->name, o.yes};
  bool changes = !is_read_only_script(script);
  FILE* plan = o.dry_run ? stdout : stderr;
  std::fprintf(plan, "Step %d of %s (line %d, section \"%s\")\n", n, o.file.c_str(), step.line, step.section.c_str());
  std::fprintf(plan, "Environment: %s%s\n", env->name.c_str(), env->production ? " (PRODUCTION)" : "");
  std::fprintf(plan, "Target: %s\n", (*target)->describe().c_str());
  std::fprintf(plan, "Changes something: %s%s\n", changes ? "yes" : "no (read-only)", step.destructive ? ", DESTRUCTIVE" : "");
  for (const auto& r : step.destructive_reasons) std::fprintf(plan, "  ! %s\n", r.c_str());
  std::fprintf(plan, "Will run:\n%s%s", redactor.redact(script).c_str(), script.ends_with("\n") ? "" : "\n");
  std::fflush(plan);

  if (o.dry_run) {
    const char* guard = !changes ? "none (read-only)"
                        : g.readonly ? "refused (--readonly)"
                        : !step.destructive ? "none"
                        : env->production ? "typed confirmation of the environment name (--yes is not enough)"
                                          : "--yes or y/N confirmation";
    std::printf("Guard: %s\nDry run: nothing was run.\n", guard);
    return kExitOk;
  }

  ActionGate gate(policy, &terminal);
  AuditLog audit(AuditLog::default_path());
  RunScope scope{progress.runbook.empty() ? o.file : progress.runbook,
                 env->name, g.profile.empty() ? env->profile : g.profile,
                 g.region.empty() ? env->region : g.region,
                 audit_caller_arn(with_environment_defaults(g, *env))};
  std::map<std::string, std::string> remember;
  for (const auto& k : vars.to_remember)
    if (!is_secret_name(k)) remember[k] = vars.values[k];

  std::signal(SIGINT, on_sigint);
  std::signal(SIGTERM, on_sigint);
  RunbookRunner runner(gate, audit, store, scope);
  auto result = runner.run(
      step, script, **target, redactor, remember,
      [](OutputStream s, std::string_view chunk) {
        FILE* f = s == OutputStream::Stdout ? stdout : stderr;
        std::fwrite(chunk.data(), 1, chunk.size(), f);
        std::fflush(f);
      },
      &g_cancel);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (!result.message.empty() && result.status != StepRunStatus::Refused && result.status != StepRunStatus::Error)
    std::fprintf(stderr, "opsdeck: %s\n", result.message.c_str());
  switch (result.status) {
    case StepRunStatus::Refused:
      return fail(kExitRefused, result.message);
    case StepRunStatus::Error:
      return fail(kExitError, result.message);
    case StepRunStatus::Done:
      std::fprintf(stderr, "step %d done (exit 0) in %s\n", n, fmt_duration(result.duration).c_str());
      return kExitOk;
    case StepRunStatus::Failed:
      std::fprintf(stderr, "step %d failed (exit %d) in %s\n", n, result.exit_code, fmt_duration(result.duration).c_str());
      return g_cancel.load() ? kExitInterrupted : kExitError;
  }
  return kExitError;
}

}  // namespace

void add_runbook_command(CLI::App& cli, CommandContext& ctx) {
  auto o = std::make_shared<RunbookOptions>();
  auto* sub = cli.add_subcommand("runbook", "List or run the steps of a Markdown runbook");
  sub->add_option("file", o->file, "Runbook file")->required();
  sub->add_flag("--list", o->list, "List steps (the default without --step)");
  sub->add_option("--step", o->step, "Run step N (1-based, see --list), or 'next'");
  sub->add_option("--var", o->vars, "Variable value K=V (repeatable)")->allow_extra_args(false);
  sub->add_option("--target", o->target, "Where to run: local|ssm:ID|ssh:HOST|ecs:CLUSTER/TASK[/CONTAINER] (default local)");
  sub->add_flag("--dry-run", o->dry_run, "Show the filled-in command and its target; run nothing");
  sub->add_flag("--yes", o->yes, "Do not ask for confirmation (never enough in production)");
  sub->add_option("--output,-o", o->output, "text|json");
  sub->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_runbook(ctx.global, *o); }; });
}

}  // namespace opsdeck::app
