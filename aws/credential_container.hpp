#pragma once
// ECS / EKS container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (joined to
// http://169.254.170.2) or AWS_CONTAINER_CREDENTIALS_FULL_URI, with an Authorization header
// from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (preferred) or AWS_CONTAINER_AUTHORIZATION_TOKEN.
//
// Which URLs are fetched — the AWS SDKs' rule (botocore ContainerMetadataFetcher):
//   - https: any host.
//   - http: only a loopback IP literal (127.0.0.0/8 as a canonical dotted quad such as
//     127.0.0.1 or 127.2.3.4, or [::1]), `localhost`, or the ECS / EKS link-local endpoints
//     169.254.170.2, 169.254.170.23 and [fd00:ec2::23].
// The URL is parsed, not prefix-matched: user information (`http://127.0.0.1@evil/`), a
// trailing dot, other spellings of an address (`2130706433`, `0x7f.1`, `127.1`, `0177.0.0.1`)
// and host names that merely start with "127." are refused before anything is sent, with a
// message naming the variable and the rule.
//
// The request never goes through a proxy (see http_fetch.hpp): http_proxy and friends are
// ignored for this endpoint, as the SDKs do, so the token and the credentials stay on the box.

#include <string_view>

#include "aws/credential_provider.hpp"
#include "aws/endpoints.hpp"
#include "aws/http_request.hpp"

namespace opsdeck::aws {

// The GET request for a container credentials URL taken from `variable` (named in errors),
// or an Error (kind Credentials) saying which part of the rule above the URL breaks.
// Pure; any thread.
Result<HttpRequest> container_credentials_request(std::string_view url, std::string_view variable);

class ContainerCredentialsProvider : public CredentialsProvider {
 public:
  explicit ContainerCredentialsProvider(EnvLookup env = process_env()) : env_(std::move(env)) {}
  Result<Credentials> get() override;
  std::string name() const override { return "container credentials"; }

 private:
  EnvLookup env_;
};

}  // namespace opsdeck::aws
