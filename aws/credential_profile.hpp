#pragma once
// Credentials of one named profile from ~/.aws/credentials + ~/.aws/config, in botocore's
// order for a profile: role_arn (+ source_profile / credential_source) through STS
// AssumeRole, then SSO (sso_session / sso_start_url), then credential_process, then static
// aws_access_key_id / aws_secret_access_key (/ aws_session_token).
// An explicitly chosen profile that does not exist is an error naming it (and the files);
// the implicit "default" profile missing is "not configured" so the chain goes on.

#include <memory>

#include "aws/credential_assume_role.hpp"
#include "aws/credential_provider.hpp"
#include "aws/shared_config.hpp"

namespace opsdeck::aws {

struct ProfileOptions {
  bool explicit_profile = false;  // --profile or AWS_PROFILE named it
  std::string region;             // for STS when the profile has none
  std::string endpoint_url;       // --endpoint-url (also used for STS and the SSO portal? STS only)
  MfaPrompt mfa_prompt;
  EnvLookup env = process_env();
};

class ProfileCredentialsProvider : public CredentialsProvider {
 public:
  ProfileCredentialsProvider(std::string profile, std::shared_ptr<const SharedConfig> config,
                             ProfileOptions options = {});
  Result<Credentials> get() override;
  std::string name() const override { return "profile " + profile_; }

 private:
  Result<std::shared_ptr<CredentialsProvider>> provider_for(const std::string& profile,
                                                             std::vector<std::string>& visited) const;

  std::string profile_;
  std::shared_ptr<const SharedConfig> config_;
  ProfileOptions options_;
};

}  // namespace opsdeck::aws
