#pragma once
// Resolves an operator's instance argument: an instance id as is, or a Name tag looked up
// through EC2.
//
// Threads: resolve_instance() blocks the calling thread (never call it from the AWS IO
// thread or the UI thread).

#include <string>

#include "aws/result.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::app {

// "i-0abc..." is returned as is; anything else is a Name tag looked up with EC2
// DescribeInstances (tag:Name, not terminated). No match is NotFound; several running
// matches is a Usage error listing them (the operator picks one).
aws::Result<std::string> resolve_instance(const aws::SyncCaller& call,
                                          const std::string& id_or_name);

}  // namespace opsdeck::app
