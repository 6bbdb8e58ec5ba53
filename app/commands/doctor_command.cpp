// `opsdeck doctor`: checks a machine's setup for opsdeck and prints one line per check —
// OK, WARN or FAIL with what to fix (app/doctor/). Exit 0 without a FAIL, 7 with one.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "app/commands/command_context.hpp"
#include "app/config_check.hpp"
#include "app/doctor/aws_setup_checks.hpp"
#include "app/doctor/host_checks.hpp"
#include "app/exit_codes.hpp"

namespace opsdeck::app {

namespace {

void check_config(const GlobalOptions& global, const CheckSink& report) {
  ConfigCheckReport r = check_config_file(global.config_path);
  if (!r.exists) {
    report({CheckStatus::Ok, "config", "none at " + r.path + " (defaults)", ""});
    return;
  }
  for (const auto& p : r.problems)
    report({p.error ? CheckStatus::Fail : CheckStatus::Warn, "config", p.what, p.fix});
  if (r.errors() == 0 && r.warnings() == 0) report({CheckStatus::Ok, "config", r.path + " is valid", ""});
}

int run_doctor(const GlobalOptions& global) {
  int counts[3] = {0, 0, 0};
  CheckSink report = [&counts](const CheckResult& r) {
    ++counts[static_cast<int>(r.status)];
    std::fputs(check_line(r).c_str(), stdout);
    std::fflush(stdout);
  };
  const aws::EnvLookup env = aws::process_env();
  check_config(global, report);
  check_aws_setup(global, env, report);
  check_host(env, report);
  std::printf("doctor: %d OK, %d WARN, %d FAIL\n", counts[0], counts[1], counts[2]);
  return counts[static_cast<int>(CheckStatus::Fail)] ? kExitCheckFailed : kExitOk;
}

}  // namespace

void add_doctor_command(CLI::App& cli, CommandContext& ctx) {
  auto* sub = cli.add_subcommand("doctor", "Check this machine's setup for opsdeck and say what to fix");
  sub->footer(
      "Checks the config, per AWS profile (--profile or --env: that one) its credentials (SSO token age, roles,\n"
      "credential_process) and region, the AWS endpoints, session-manager-plugin, ssh, ssh-agent, the terminal's\n"
      "colours and a UTF-8 locale; one line each: OK, WARN or FAIL with a fix.\n"
      "Exit: 0 nothing FAILed (warnings allowed); 7 something FAILed.");
  sub->callback([&ctx] { ctx.action = [&ctx] { return run_doctor(ctx.global); }; });
}

}  // namespace opsdeck::app
