#pragma once
// IAM Identity Center (SSO) profiles: reads the token that `aws sso login` cached in
// ~/.aws/sso/cache/<sha1>.json — sha1 of the sso_session name (sso_session profiles) or of
// sso_start_url (legacy profiles) — and exchanges it at the portal
// (GET https://portal.sso.<sso_region>.amazonaws.com/federation/credentials, override
// AWS_ENDPOINT_URL_SSO) for role credentials. A missing or expired token is an error that
// says to run `aws sso login`.

#include <chrono>
#include <optional>

#include "aws/credential_provider.hpp"
#include "aws/endpoints.hpp"
#include "aws/ini_file.hpp"

namespace opsdeck::aws {

struct SsoParams {
  std::string profile;       // for messages
  std::string session_name;  // sso_session (empty for legacy profiles)
  std::string start_url;
  std::string sso_region;
  std::string account_id;
  std::string role_name;
};

class SharedConfig;

// The SSO settings of a profile's section (sso_session, else legacy sso_start_url), or
// nullopt when it is not an SSO profile; an error when they are incomplete or name an
// [sso-session] section the config does not have.
Result<std::optional<SsoParams>> sso_params_of(const std::string& profile, const IniSection& section,
                                               const SharedConfig& config);

// The token `aws sso login` cached for `params`, not judged for expiry. A missing or
// unreadable cache file is a Credentials error whose hint is the `aws sso login` to run.
struct SsoToken {
  std::string path;          // the cache file
  std::string access_token;  // a secret: never printed or logged
  std::chrono::system_clock::time_point expires_at;
};
Result<SsoToken> read_sso_token(const SsoParams& params, const EnvLookup& env);

// Where the token is exchanged: AWS_ENDPOINT_URL_SSO, else https://portal.sso.REGION.amazonaws.com.
std::string sso_portal_url(const SsoParams& params, const EnvLookup& env);

// "aws sso login --profile P": what renews a profile's token.
std::string sso_login_command(const std::string& profile);

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
