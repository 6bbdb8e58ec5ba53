#include "app/console/runbook_step_job.hpp"

#include "app/audit_log.hpp"
#include "app/redactor.hpp"
#include "app/runbook/local_shell_target.hpp"

namespace opsdeck::app {

namespace {

// Answers the gate with what the operator already typed in the console's dialog.
class TypedAnswer : public Confirmer {
 public:
  explicit TypedAnswer(std::string answer) : answer_(std::move(answer)) {}
  bool interactive() const override { return !answer_.empty(); }
  std::string ask(const std::string&, const std::vector<std::string>&) override { return answer_; }

 private:
  std::string answer_;
};

}  // namespace

aws::Result<std::unique_ptr<runbook::StepTarget>> console_step_target(
    const std::string& spec, const runbook::RemoteRunnerFactory& remote, const EcsTargetFactory& ecs) {
  if (spec.empty() || spec == "local")
    return std::unique_ptr<runbook::StepTarget>(std::make_unique<runbook::LocalShellTarget>(false));
  if (spec.rfind("ecs:", 0) == 0) {
    if (!ecs) return aws::make_error(aws::ErrorKind::Usage, "ECS targets need an AWS session");
    return ecs(spec.substr(4));
  }
  return runbook::make_step_target(spec, remote);
}

std::string describe_target_spec(const std::string& spec) {
  if (spec.empty() || spec == "local") return "local shell (/bin/bash -c) on this machine";
  auto colon = spec.find(':');
  std::string kind = spec.substr(0, colon);
  std::string id = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (kind == "ssm") return "SSM Run Command (AWS-RunShellScript) on instance " + id;
  if (kind == "ssh") return "SSH to " + id + " (bash -c, host key checked)";
  if (kind == "ecs") return "ECS ExecuteCommand in task " + id + " (session-manager-plugin)";
  return "unknown target " + spec;
}

runbook::StepRunResult run_step_job(const StepJob& job, const runbook::OutputCallback& on_output,
                                    const std::atomic<bool>* cancel) {
  runbook::StepRunResult res;
  const auto& steps = job.runbook->steps;
  if (job.step_index < 1 || job.step_index > static_cast<int>(steps.size())) {
    res.message = "no step " + std::to_string(job.step_index);
    return res;
  }
  const runbook::Step& step = steps[static_cast<std::size_t>(job.step_index - 1)];
  auto target = console_step_target(job.target_spec, job.remote, job.ecs);
  if (!target) {
    res.message = target.error().describe();
    return res;
  }
  Redactor redactor;
  for (const auto& s : job.plan.secrets) redactor.add_secret(s);
  TypedAnswer answer(job.confirmation);
  GatePolicy policy = job.policy;
  policy.assume_yes = false;
  ActionGate gate(policy, &answer);
  AuditLog audit(job.audit_path);
  runbook::ProgressStore store(job.state_dir, job.runbook->path, job.scope.environment);
  runbook::RunbookRunner runner(gate, audit, store, job.scope);
  return runner.run(step, job.plan, **target, redactor, on_output, cancel);
}

}  // namespace opsdeck::app
