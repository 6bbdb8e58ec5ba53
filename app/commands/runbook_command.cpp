// `opsdeck runbook FILE [--list] [--step N|next] [--var K=V]... [--target T] [--dry-run] [--yes]`
// T: local | ssm:ID | ssh:HOST | ecs:CLUSTER/TASK[/CONTAINER] (ECS Exec, app/ssm/ecs_exec_step_target.hpp)
// Text output (plan, --list, step output, errors) is neutralised: no escape sequence,
// C1 or bidi control from a runbook or a host reaches the terminal (--raw off a TTY only).
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
#include "app/guard_scope.hpp"
#include "app/message_printer.hpp"
#include "app/redactor.hpp"
#include "app/secret_names.hpp"
#include "app/secret_prompt.hpp"
#include "app/terminal_text.hpp"
#include "app/runbook/loader.hpp"
#include "app/runbook/runbook_runner.hpp"
#include "app/runbook/step_aws_env.hpp"
#include "app/runbook/step_destination.hpp"
#include "app/runbook/step_plan.hpp"
#include "app/runbook/step_listing.hpp"
#include "app/runbook/variable_resolver.hpp"
#include "app/ssm/ecs_exec_step_target.hpp"
#include "app/ssm/remote_runner_factory.hpp"
#include "aws/secret_wipe.hpp"

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
  bool raw = false;
  std::string output = "text";
};

std::atomic<bool> g_cancel{false};
extern "C" void on_sigint(int) { g_cancel.store(true); }

int fail(int code, const std::string& msg) {
  print_message(UserMessage::error(msg));
  return code;
}

int fail(const aws::Error& e) {
  int code = e.kind == aws::ErrorKind::Usage ? kExitUsage : exit_code_for(e);
  print_message(from_error(e));
  return code;
}

std::string fmt_duration(std::chrono::milliseconds d) {
  if (d.count() < 1000) return fmt::format("{} ms", d.count());
  return fmt::format("{:.1f} s", static_cast<double>(d.count()) / 1000.0);
}

int pick_step(const Runbook& rb, const RunbookProgress& progress, const std::string& spec) {
  if (spec == "next") {
    auto done = [&](const Step& s) {
      auto it = progress.steps.find(s.index);
      return shown_status(s, it == progress.steps.end() ? nullptr : &it->second) == "done";
    };
    for (const auto& s : rb.steps) {
      if (!s.runnable() || done(s)) continue;
      bool alternative_done = false;  // one of its alternatives ran: this one is not next
      for (const auto& other : rb.steps)
        alternative_done = alternative_done || (s.choice_group != 0 && other.choice_group == s.choice_group &&
                                                other.index != s.index && done(other));
      if (!alternative_done) return s.index;
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

// Writes text for the terminal: neutralised unless raw output was asked for off a TTY.
void print_text(FILE* f, const std::string& text, bool raw) {
  std::string out = raw ? text : neutralise_text(text);
  std::fwrite(out.data(), 1, out.size(), f);
  std::fflush(f);
}

int run_runbook(const std::shared_ptr<SessionRegistry>& sessions, const GlobalOptions& g,
                const RunbookOptions& o) {
  auto config = load_config(g.config_path);
  if (!config.ok()) return fail(config.error());
  auto env = resolve_environment(*config, g.environment);
  if (!env.ok()) return fail(env.error());
  const bool raw_out = output_mode_for(o.raw, STDOUT_FILENO) == OutputMode::Raw;
  const bool raw_err = output_mode_for(o.raw, STDERR_FILENO) == OutputMode::Raw;

  std::vector<std::string> bad_patterns;
  DestructivePatterns patterns(config->runbooks.destructive_patterns, &bad_patterns);
  for (const auto& p : bad_patterns)
    print_message(UserMessage::warning("the destructive pattern '" + p + "' in " + config->path + " does not compile",
                                       "every step counts as destructive (and asks first) until it is fixed"));

  auto rb = load_runbook(o.file, patterns);
  if (!rb.ok()) return fail(kExitNotFound, rb.error().describe());

  ProgressStore store(state_directory(), o.file, env->name);
  auto loaded = store.load();
  if (!loaded.ok()) {
    UserMessage m = from_error(loaded.error(), MessageSeverity::Warning);
    m.summary += "; starting without saved progress";
    print_message(m);
  }
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
      std::printf("%s\n", json_dump_safe(arr, 2).c_str());
    } else {
      print_text(stdout,
                 fmt::format("{} ({} steps, environment {}{})\n\n{}", o.file, rb->steps.size(), env->name,
                             env->production ? ", PRODUCTION" : "", steps_table(*rb, progress)),
                 raw_out);
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
    src.ask = [&config](const std::string& name, std::string& value) {
      bool secret = is_secret_name(name, config->runbooks.secret_names);
      std::string prompt = neutralise_text(name) + (secret ? " (secret, not shown, not saved)" : "") + ": ";
      if (secret) {
        auto answer = read_line_no_echo(STDIN_FILENO, STDERR_FILENO, prompt);
        if (!answer || answer->empty()) return false;
        value = std::move(*answer);
        aws::wipe(answer);  // what the move left behind
        return true;
      }
      std::fputs(prompt.c_str(), stderr);
      std::fflush(stderr);
      return std::getline(std::cin, value) && !value.empty();
    };
  }
  ResolvedVariables vars = resolve_variables(step, src);

  // The session the step belongs to: its profile, region and account decide the guard.
  GlobalOptions effective = with_environment_defaults(g, *env);
  std::string why_no_identity;
  std::string caller_arn = audit_caller_arn(*sessions, effective, &why_no_identity);
  StepAwsContext aws_context{effective.profile, !effective.profile.empty(), effective.region, effective.endpoint_url};
  if (auto session = sessions->get(effective); session.ok()) {
    aws_context.profile = (*session)->profile();
    aws_context.region = (*session)->region();
  }
  auto scope = resolve_guard_scope({&*config, &*env, "", aws_context.profile, !g.profile.empty(),
                                    account_of_arn(caller_arn), true});
  if (!scope.ok()) return fail(kExitRefused, scope.error().describe());

  std::vector<std::string> missing;
  for (const auto& m : vars.missing)
    if (!step_aws_environment(aws_context).set.count(m)) missing.push_back(m);
  if (!missing.empty()) {
    std::string names;
    for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
    return fail(kExitUsage, fmt::format("step {} needs values for: {} (pass --var NAME=VALUE, or set them "
                                        "in the environment or the config)", n, names));
  }

  StepPlanInput input;
  input.step = &step;
  input.values = vars.values;
  input.patterns = &patterns;
  input.rules = &rb->rules;
  input.aws_env = step.where == StepWhere::Local || o.target == "local" ? step_aws_environment(aws_context)
                                                                        : StepEnvironment{};
  input.secret_names = config->runbooks.secret_names;
  input.runbook = o.file;
  auto plan = plan_step(input);
  if (!plan.ok()) return fail(kExitUsage, "step " + std::to_string(n) + " not run: " + plan.error().describe());
  for (auto it = plan->remember.begin(); it != plan->remember.end();)
    it = vars.to_remember.count(it->first) ? std::next(it) : plan->remember.erase(it);
  Redactor redactor;
  for (const auto& secret : plan->secrets) redactor.add_secret(secret);

  // Target: laptop steps run here; host steps on --target, else on the host their block
  // reaches with ssh / ssm start-session.
  auto destination = step_destination(step, o.target, vars.values);
  if (!destination.ok()) return fail(kExitUsage, "step " + std::to_string(n) + ": " + destination.error().describe());
  if (destination->target.empty())
    return fail(kExitUsage, fmt::format("step {} belongs on the server (sudo/systemctl/docker/...); pass "
                                        "--target ssm:INSTANCE_ID, ssh:HOST or ecs:CLUSTER/TASK, or --target local "
                                        "to run it on this machine anyway", n));
  const std::string target_spec = destination->target;
  // Under --readonly a proven read-only step may still run remotely: the AWS layer is
  // granted exactly its one SendCommand / ExecuteCommand (aws/read_only_grant.hpp).
  std::string grant = g.readonly && plan->judgement.read_only()
                          ? "step " + std::to_string(n) + " is proven read-only"
                          : std::string();
  auto target = target_spec.rfind("ecs:", 0) == 0
                    ? make_ecs_exec_target(*sessions, effective, target_spec.substr(4), grant)
                    : make_step_target(target_spec, make_remote_runner_factory(sessions, effective, grant));
  if (!target.ok()) return fail(target.error());

  GatePolicy policy{g.readonly, scope->production, scope->environment, o.yes};
  ActionGate gate(policy, &terminal);
  GateRequest request = plan->request;
  request.target = (*target)->describe();
  GateDecision judged = gate.judge(request);
  PlanHeader header{o.file, step.line, step.section, scope->environment, scope->production, (*target)->describe()};
  std::string shown = render_plan(*plan, header, judged);
  for (const auto& why : scope->why) shown += "Production because " + why + "\n";
  if (!destination->note.empty()) shown += "Where: " + destination->note + "\n";
  if (step.follow) shown += "Follows output until stopped: Ctrl-C ends it (reported as stopped, not failed)\n";
  print_text(o.dry_run ? stdout : stderr, shown, o.dry_run ? raw_out : raw_err);
  if (o.dry_run) {
    std::printf("Dry run: nothing was run.\n");
    return kExitOk;
  }

  AuditLog audit(AuditLog::default_path());
  RunScope run_scope{progress.runbook.empty() ? o.file : progress.runbook, scope->environment,
                     aws_context.profile, aws_context.region, caller_arn};
  std::signal(SIGINT, on_sigint);
  std::signal(SIGTERM, on_sigint);
  StreamNeutraliser out_filter, err_filter;
  RunbookRunner runner(gate, audit, store, run_scope);
  auto result = runner.run(
      step, *plan, **target, redactor,
      [&](OutputStream s, std::string_view chunk) {
        bool to_out = s == OutputStream::Stdout;
        FILE* f = to_out ? stdout : stderr;
        std::string text = (to_out ? raw_out : raw_err) ? std::string(chunk)
                                                        : (to_out ? out_filter : err_filter).feed(chunk);
        std::fwrite(text.data(), 1, text.size(), f);
        std::fflush(f);
      },
      &g_cancel);
  for (auto* filter : {&out_filter, &err_filter}) {
    std::string rest = filter->finish();
    std::fwrite(rest.data(), 1, rest.size(), filter == &out_filter ? stdout : stderr);
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (!result.message.empty() && result.status != StepRunStatus::Refused && result.status != StepRunStatus::Error &&
      !(step.follow && g_cancel.load()))
    print_message(UserMessage::info(result.message));
  switch (result.status) {
    case StepRunStatus::Refused:
      return fail(kExitRefused, result.message);
    case StepRunStatus::Error:
      return fail(kExitError, result.message);
    case StepRunStatus::Done:
      if (step.follow && g_cancel.load())
        std::fprintf(stderr, "step %d stopped after %s\n", n, fmt_duration(result.duration).c_str());
      else
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
  sub->add_flag("--raw", o->raw, "Step output as raw bytes when stdout/stderr is not a terminal (for pipes)");
  sub->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_runbook(ctx.sessions, ctx.global, *o); }; });
}

}  // namespace opsdeck::app
