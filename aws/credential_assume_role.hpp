#pragma once
// role_arn + source_profile (or credential_source): STS AssumeRole with the source's
// credentials. Optional external_id, duration_seconds, role_session_name and mfa_serial;
// with mfa_serial the `mfa_prompt` callback is asked for the current code (it runs on the
// thread that called get(), i.e. AwsClient's worker — the UI must marshal its prompt).
// STS endpoint: the regional default, or an override (--endpoint-url, AWS_ENDPOINT_URL_STS).

#include <functional>
#include <memory>

#include "aws/credential_provider.hpp"

namespace opsdeck::aws {

using MfaPrompt = std::function<Result<std::string>(const std::string& mfa_serial)>;

struct AssumeRoleParams {
  std::string role_arn;
  std::string session_name;      // default "opsdeck-<epoch seconds>"
  std::string external_id;
  int duration_seconds = 0;      // 0: STS default (1 h)
  std::string mfa_serial;
  std::string region;            // STS region (the profile's region, else us-east-1)
  std::string endpoint_url;      // override; empty: AWS_ENDPOINT_URL_STS / regional default
};

class AssumeRoleCredentialsProvider : public CredentialsProvider {
 public:
  AssumeRoleCredentialsProvider(AssumeRoleParams params, std::shared_ptr<CredentialsProvider> source,
                                MfaPrompt mfa_prompt = {});
  Result<Credentials> get() override;
  std::string name() const override { return "assume-role " + params_.role_arn; }

 private:
  AssumeRoleParams params_;
  std::shared_ptr<CredentialsProvider> source_;
  MfaPrompt mfa_prompt_;
};

}  // namespace opsdeck::aws
