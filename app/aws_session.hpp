#pragma once
// The ONE place an AwsClient is built from the global flags (--profile, --region,
// --endpoint-url, --readonly): the default credential chain (flags, environment, profile
// with role/SSO/process, container, IMDSv2), the region in the AWS CLI's order and the
// endpoint override. Every headless command and the console use it.
//
// Threads: call on the main thread. The MFA prompt (role profiles with mfa_serial) runs on
// the client's credentials worker and reads the code from the controlling terminal.
// Ownership: the caller owns the returned client; it must outlive every call made on it.

#include <memory>

#include "app/global_options.hpp"
#include "aws/aws_client.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

struct AwsSession {
  std::shared_ptr<aws::AwsClient> client;
  std::string profile;  // in effect ("default" when none was named)
  std::string region;
};

// Errors: a malformed ~/.aws file (Usage, with file:line); no region anywhere (Usage).
aws::Result<AwsSession> make_aws_session(const GlobalOptions& global);

}  // namespace opsdeck::app
