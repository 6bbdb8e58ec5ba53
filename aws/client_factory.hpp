#pragma once
// One call that turns the global flags into a ready AwsClient: the default credential chain
// (credential_defaults.hpp), the region in the AWS CLI's order, endpoint overrides and
// read-only mode. What app/ uses for every headless command and the console.
//
// Errors (as values): a malformed ~/.aws file (Usage, with file:line), an explicitly named
// profile that does not exist (Credentials, naming it), no region anywhere (Usage, with a
// hint). Missing credentials are reported by the first call (Credentials, with a hint).

#include <memory>
#include <string>

#include "aws/aws_client.hpp"
#include "aws/credential_defaults.hpp"

namespace opsdeck::aws {

struct ClientSetup {
  std::string profile;       // --profile
  std::string region;        // --region
  std::string endpoint_url;  // --endpoint-url
  bool readonly = false;     // --readonly
  MfaPrompt mfa_prompt;      // runs on the client's worker thread; empty: MFA profiles fail clearly
  EnvLookup env = process_env();
  // When set, the client signs with these instead of the profile's own chain (the profile
  // and region are still resolved from the files): clients of one profile in several
  // regions share one cache, so a role is assumed (and its MFA code asked) once.
  std::shared_ptr<CredentialsProvider> credentials;
};

struct ClientBundle {
  std::unique_ptr<AwsClient> client;
  std::string profile;  // in effect
  std::string region;   // in effect
  std::shared_ptr<CredentialsProvider> credentials;  // what the client signs with
};

Result<ClientBundle> make_client(const ClientSetup& setup);

}  // namespace opsdeck::aws
