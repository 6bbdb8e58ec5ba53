#pragma once
// The work behind `opsdeck instances | databases | alarms | services [--output table|json]`,
// independent of how the AWS client was built: it takes a SyncCaller (blocking; run on the
// command's own thread) and returns what to print and the exit code, so tests can drive
// it with captured responses.
//
// Lightsail and ElastiCache are optional: when their call fails (unsupported region,
// endpoint without the service, unreachable) the EC2/ECS/RDS rows still print and a warning
// goes to `err`. Optional calls make one attempt with a short timeout (optional_probe).

#include <string>

#include "aws/service_call.hpp"

namespace opsdeck::app {

struct ListOutcome {
  std::string out;  // stdout: JSON array or table
  std::string err;  // stderr: warnings and errors (app/message_printer.hpp cli_text)
  int exit_code = 0;
};

// kind: instances | databases | alarms | services; format: table | json.
ListOutcome run_list(const std::string& kind, const std::string& format, const aws::SyncCaller& call);

}  // namespace opsdeck::app
