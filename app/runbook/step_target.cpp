#include "app/runbook/step_target.hpp"

#include <unistd.h>

#include "app/runbook/local_shell_target.hpp"
#include "app/runbook/remote_prelude.hpp"
#include "app/runbook/ssh_step_target.hpp"
#include "app/runbook/runner_step_target.hpp"

namespace opsdeck::app::runbook {

aws::Result<StepOutcome> StepTarget::execute(const std::string& script, const StepEnvironment& env,
                                             const OutputCallback& on_output, const std::atomic<bool>* cancel) {
  return run(export_prelude(env.set, env.unset) + script, on_output, cancel);
}

aws::Result<std::unique_ptr<StepTarget>> make_step_target(const std::string& spec,
                                                          const RemoteRunnerFactory& remote) {
  if (spec.empty() || spec == "local")
    return std::unique_ptr<StepTarget>(std::make_unique<LocalShellTarget>(isatty(STDIN_FILENO) != 0));
  auto colon = spec.find(':');
  std::string kind = spec.substr(0, colon);
  std::string id = colon == std::string::npos ? std::string() : spec.substr(colon + 1);
  if (kind == "ssh" && !id.empty()) return SshStepTarget::create(id);
  if (kind == "ssm" && !id.empty() && remote) {
    auto runner = remote(kind, id);
    if (!runner) return runner.error();
    return std::unique_ptr<StepTarget>(
        std::make_unique<RunnerStepTarget>(kind + ":" + id, std::move(*runner)));
  }
  if (kind == "ssm" && !id.empty())
    return aws::make_error(aws::ErrorKind::Usage,
                           kind + " targets are not available in this build yet (" + spec + ")",
                           "run the step on the host yourself, or use --target local");
  return aws::make_error(aws::ErrorKind::Usage, "unknown target '" + spec + "'",
                         "use local, ssm:INSTANCE_ID or ssh:HOST");
}

}  // namespace opsdeck::app::runbook
