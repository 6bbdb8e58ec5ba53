#pragma once
// The work behind `opsdeck instances | databases | alarms | services [--output table|json]`:
// one read of the list (app/resources/resource_list.hpp: the same read and the same rows
// as the console's panes), printed as a table or a JSON array of the documented objects.
// Blocks the calling thread until the read completes; returns what to print and the exit
// code, so tests can drive it with captured responses (aws::inline_async_caller).
//
// Lightsail and ElastiCache are optional: when their call fails (unsupported region,
// endpoint without the service, unreachable) the other rows still print and a warning goes
// to `err`.

#include <string>

#include "app/resources/resource_list.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::app {

struct ListOutcome {
  std::string out;  // stdout: JSON array or table
  std::string err;  // stderr: warnings and errors (app/message_printer.hpp cli_text)
  int exit_code = 0;
};

// kind: instances | databases | alarms | services; format: table | json.
ListOutcome run_list(const std::string& kind, const std::string& format, const aws::AsyncCaller& call);

// Rows of `list` as its table (the keys upper-cased as headers) or a JSON array of their
// fields: what run_list prints, for commands that read rows another way (`queue peek`).
std::string format_rows(const ResourceList& list, const std::vector<Resource>& rows, const std::string& format);

}  // namespace opsdeck::app
