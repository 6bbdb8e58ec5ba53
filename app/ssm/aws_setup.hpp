#pragma once
// Builds the AwsClient a headless SSM command uses from the global flags: the default
// credential chain and region (aws/credential_defaults.hpp), --endpoint-url, --readonly.
// Also resolves an operator's instance argument (an id, or a Name tag through EC2).
//
// Threads: make_aws_client() and resolve_instance() block the calling thread (never call
// them from the AWS IO thread or the UI thread).

#include <memory>
#include <string>

#include "app/global_options.hpp"
#include "aws/aws_client.hpp"
#include "aws/result.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::app {

struct AwsSetup {
  std::shared_ptr<aws::AwsClient> client;
  std::string profile;         // in effect ("default" when none named)
  bool profile_named = false;  // --profile or AWS_PROFILE given (passed on to the SSM plugin)
  std::string region;
};

aws::Result<AwsSetup> make_aws_client(const GlobalOptions& global);

// "i-0abc..." is returned as is; anything else is a Name tag looked up with EC2
// DescribeInstances (tag:Name, not terminated). No match is NotFound; several running
// matches is a Usage error listing them (the operator picks one).
aws::Result<std::string> resolve_instance(const aws::SyncCaller& call,
                                          const std::string& id_or_name);

}  // namespace opsdeck::app
