#pragma once
// Where a step runs, decided per step (not per runbook):
//   - a laptop step (StepWhere::Local) always runs on this machine, whatever target the
//     operator chose for host steps;
//   - a host step runs on the chosen target; without one, on the host its own block
//     reaches it with (`ssh HOST …` -> ssh:HOST, `aws ssm start-session --target X` ->
//     ssm:X), with the step's variables filled into that name;
//   - otherwise it has no target yet (the caller asks for one).
// A filled host name must be a plain destination (letters, digits, . _ - @ : and
// brackets for IPv6), else it is refused naming the variable. Pure.

#include <map>
#include <string>

#include "app/runbook/step.hpp"
#include "aws/result.hpp"

namespace opsdeck::app::runbook {

struct StepDestination {
  std::string target;  // "local", "ssh:HOST", "ssm:ID", "ecs:…", or "" (none yet)
  std::string note;    // why it differs from the chosen target, for the plan
};

// `chosen`: the operator's target for host steps ("" when none).
aws::Result<StepDestination> step_destination(const Step& step, const std::string& chosen,
                                              const std::map<std::string, std::string>& values);

}  // namespace opsdeck::app::runbook
