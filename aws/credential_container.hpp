#pragma once
// ECS / EKS container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (joined to
// http://169.254.170.2) or AWS_CONTAINER_CREDENTIALS_FULL_URI (https, or http to a loopback
// or the ECS/EKS link-local addresses only), with an Authorization header from
// AWS_CONTAINER_AUTHORIZATION_TOKEN or the file named by AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE.

#include "aws/credential_provider.hpp"
#include "aws/endpoints.hpp"

namespace opsdeck::aws {

class ContainerCredentialsProvider : public CredentialsProvider {
 public:
  explicit ContainerCredentialsProvider(EnvLookup env = process_env()) : env_(std::move(env)) {}
  Result<Credentials> get() override;
  std::string name() const override { return "container credentials"; }

 private:
  EnvLookup env_;
};

}  // namespace opsdeck::aws
