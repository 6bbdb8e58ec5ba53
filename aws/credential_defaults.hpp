#pragma once
// The default credential chain and region, in the AWS CLI's order — what app/ calls:
//   flags (static keys) -> environment (skipped when --profile is given, as in botocore)
//   -> the profile (role / SSO / process / keys) -> container credentials -> IMDSv2,
// wrapped in one CachingCredentialsProvider (refresh 5 min before expiry, shared refresh).

#include <memory>
#include <string>

#include "aws/credential_assume_role.hpp"
#include "aws/credential_provider.hpp"
#include "aws/endpoints.hpp"

namespace opsdeck::aws {

struct CredentialOptions {
  std::string profile_flag;      // --profile
  std::string region_flag;       // --region
  std::string endpoint_url;      // --endpoint-url (STS for role profiles)
  Credentials static_credentials;  // from flags, if any
  MfaPrompt mfa_prompt;          // asked on the client's worker thread
  EnvLookup env = process_env();
};

struct ResolvedSetup {
  std::shared_ptr<CredentialsProvider> credentials;
  std::string profile;  // the profile in effect ("default" when none was named)
  std::string region;   // "" when nothing configures one
};

// A malformed ~/.aws file is an error (with file:line); everything else is resolved lazily.
Result<ResolvedSetup> make_default_setup(const CredentialOptions& options);

}  // namespace opsdeck::aws
