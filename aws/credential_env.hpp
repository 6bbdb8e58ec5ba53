#pragma once
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optional AWS_SESSION_TOKEN
// (AWS_SECURITY_TOKEN as the legacy alias), and AWS_CREDENTIAL_EXPIRATION (ISO-8601).

#include "aws/credential_provider.hpp"
#include "aws/endpoints.hpp"

namespace opsdeck::aws {

class EnvCredentialsProvider : public CredentialsProvider {
 public:
  explicit EnvCredentialsProvider(EnvLookup env = process_env()) : env_(std::move(env)) {}
  Result<Credentials> get() override;
  std::string name() const override { return "environment"; }

 private:
  EnvLookup env_;
};

}  // namespace opsdeck::aws
