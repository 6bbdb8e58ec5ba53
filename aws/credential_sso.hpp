#pragma once
// IAM Identity Center (SSO) profiles: reads the token that `aws sso login` cached in
// ~/.aws/sso/cache/<sha1>.json — sha1 of the sso_session name (sso_session profiles) or of
// sso_start_url (legacy profiles) — and exchanges it at the portal
// (GET https://portal.sso.<sso_region>.amazonaws.com/federation/credentials, override
// AWS_ENDPOINT_URL_SSO) for role credentials. A missing or expired token is an error that
// says to run `aws sso login`.

#include "aws/credential_provider.hpp"
#include "aws/endpoints.hpp"

namespace opsdeck::aws {

struct SsoParams {
  std::string profile;       // for messages
  std::string session_name;  // sso_session (empty for legacy profiles)
  std::string start_url;
  std::string sso_region;
  std::string account_id;
  std::string role_name;
};

class SsoCredentialsProvider : public CredentialsProvider {
 public:
  SsoCredentialsProvider(SsoParams params, EnvLookup env = process_env(), WallClock clock = {});
  Result<Credentials> get() override;
  std::string name() const override { return "sso " + params_.profile; }

  static std::string cache_key(const SsoParams& p);  // hex sha1

 private:
  SsoParams params_;
  EnvLookup env_;
  WallClock clock_;
};

}  // namespace opsdeck::aws
