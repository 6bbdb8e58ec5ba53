#pragma once
// One runbook step as the console runs it: everything the worker thread needs, copied or
// shared (never a reference into the UI), and the function that runs it through the SAME
// RunbookRunner as the headless `opsdeck runbook --step` — action gate, audit start/end
// (fsync'd), progress store, target. The console asks the operator first (its confirm
// dialog) and passes the typed answer here; the gate then checks it like the terminal's.
//
// Threads: run_step_job() blocks its (worker) thread; `on_output` runs on that thread.
// describe_target_spec() and console_step_target() are pure / blocking respectively.

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/action_gate.hpp"
#include "app/runbook/runbook_runner.hpp"
#include "app/runbook/step_plan.hpp"
#include "app/runbook/step.hpp"
#include "app/runbook/step_target.hpp"
#include "app/ssm/ecs_exec_step_target.hpp"

namespace opsdeck::app {

struct StepJob {
  std::shared_ptr<const runbook::Runbook> runbook;
  int step_index = 0;            // 1-based
  runbook::StepPlan plan;        // from plan_step(): script, environment, gate request
  std::string target_spec;       // "local", "ssm:ID", "ssh:HOST", "ecs:CLUSTER/TASK[/CONTAINER]"
  GatePolicy policy;             // readonly, production, environment (assume_yes stays false)
  std::string confirmation;      // what the operator typed in the dialog; "" when not asked
  runbook::RunScope scope;
  std::string audit_path;
  std::string state_dir;
  runbook::RemoteRunnerFactory remote;            // ssm runners (may be empty)
  EcsTargetFactory ecs;                           // ecs:ID targets (may be empty)
};

// Runs the step (worker thread). Never throws; an unusable target is an Error result.
runbook::StepRunResult run_step_job(const StepJob& job, const runbook::OutputCallback& on_output,
                                    const std::atomic<bool>* cancel);

// The target for a spec, with the local shell never reading the console's terminal.
aws::Result<std::unique_ptr<runbook::StepTarget>> console_step_target(
    const std::string& spec, const runbook::RemoteRunnerFactory& remote, const EcsTargetFactory& ecs);

// What the plan shows for a spec, without connecting anywhere.
std::string describe_target_spec(const std::string& spec);

}  // namespace opsdeck::app
