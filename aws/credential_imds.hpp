#pragma once
// EC2 instance profile credentials through IMDSv2: PUT /latest/api/token, then
// GET /latest/meta-data/iam/security-credentials/ (the role) and .../<role>.
// Endpoint: AWS_EC2_METADATA_SERVICE_ENDPOINT (tests use 127.0.0.1), else
// http://169.254.169.254. AWS_EC2_METADATA_DISABLED=true turns it off. Timeout 1 s per
// step (AWS_METADATA_SERVICE_TIMEOUT seconds) — off EC2 this fails fast and the chain
// reports "no credentials". Requests never go through a proxy (http_fetch.hpp ProxyUse::Never),
// whatever http_proxy / ALL_PROXY say, so the token and the credentials stay on the instance.

#include "aws/credential_provider.hpp"
#include "aws/endpoints.hpp"

namespace opsdeck::aws {

class ImdsCredentialsProvider : public CredentialsProvider {
 public:
  explicit ImdsCredentialsProvider(EnvLookup env = process_env()) : env_(std::move(env)) {}
  Result<Credentials> get() override;
  std::string name() const override { return "EC2 instance metadata"; }

 private:
  EnvLookup env_;
};

}  // namespace opsdeck::aws
