#pragma once
// The read-only gate's one table: every operation of the services in aws/service.cpp that
// changes something and that opsdeck may call. AwsClient refuses these in read-only mode
// before anything is signed or sent (ErrorKind::ReadOnly).
//
// Decisions (documented here, the one place):
//   - sts:AssumeRole / GetSessionToken are NOT mutating (they only mint credentials).
//   - logs:StartQuery / StopQuery / StartLiveTail are NOT mutating: they read log data and
//     change no resource (AWS's managed ReadOnlyAccess policy allows them).
//   - sqs:ReceiveMessage IS mutating: it hides messages from other consumers.
//   - ssm:StartSession / ecs:ExecuteCommand ARE mutating: they open a shell on a host.
// Safety net: an operation missing from the table whose name starts with a write verb
// (Create, Delete, Put, Update, Modify, Start, Stop, Reboot, ...) is treated as mutating
// too, unless it is one of the read-only exceptions above.

#include <span>
#include <string_view>

#include "aws/service.hpp"

namespace opsdeck::aws {

struct MutatingOperation {
  const ServiceInfo* service;
  std::string_view operation;
};

std::span<const MutatingOperation> mutating_operations();
bool is_mutating(const ServiceInfo& service, std::string_view operation);

}  // namespace opsdeck::aws
