#pragma once
// Permission for AwsClient to send ONE mutating operation while the client is in read-only
// mode. Carried by the request it permits (AwsRequest::read_only_grant); absent by default.
//
// Set it only for a call the action gate proved read-only: ssm:SendCommand of a script
// whose every command only reads, ssm:StartSession / ecs:ExecuteCommand for such a
// script, and the ssm:CancelCommand / ssm:TerminateSession that clean up after one. The
// client honours a grant only when `operation` names the request exactly ("ssm:SendCommand"
// == AwsRequest::name()) and the operation is one of those five
// (aws/mutating_operations.hpp: read_only_grant_admits); any other grant is ignored and the
// call is refused as usual.
//
// Plain data.

#include <string>

namespace opsdeck::aws {

struct ReadOnlyGrant {
  std::string operation;  // "ssm:SendCommand": service id and operation, as AwsRequest::name()
  std::string reason;     // why the gate let it through, for messages ("step 3: df -h only reads")
};

}  // namespace opsdeck::aws
