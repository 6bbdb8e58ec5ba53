#include "aws/credential_sso.hpp"

#include <openssl/sha.h>

#include <fstream>
#include <sstream>

#include "aws/error_parser.hpp"
#include "aws/http_fetch.hpp"
#include "aws/iso8601.hpp"
#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"
#include "aws/shared_config.hpp"

namespace opsdeck::aws {

SsoCredentialsProvider::SsoCredentialsProvider(SsoParams params, EnvLookup env, WallClock clock)
    : params_(std::move(params)),
      env_(std::move(env)),
      clock_(clock ? std::move(clock) : WallClock([] { return std::chrono::system_clock::now(); })) {}

std::string SsoCredentialsProvider::cache_key(const SsoParams& p) {
  const std::string& in = p.session_name.empty() ? p.start_url : p.session_name;
  unsigned char d[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(in.data()), in.size(), d);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : d) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::string sso_login_command(const std::string& profile) { return "aws sso login --profile " + profile; }

std::string sso_portal_url(const SsoParams& params, const EnvLookup& env) {
  if (auto o = env("AWS_ENDPOINT_URL_SSO"); o && !o->empty()) return *o;
  return "https://portal.sso." + params.sso_region + ".amazonaws.com";
}

Result<std::optional<SsoParams>> sso_params_of(const std::string& profile, const IniSection& section,
                                               const SharedConfig& config) {
  auto setting = [](const IniSection& s, const char* key) {
    auto it = s.find(key);
    return it == s.end() ? std::string() : it->second;
  };
  std::string sso_session = setting(section, "sso_session");
  if (sso_session.empty() && setting(section, "sso_start_url").empty()) return std::optional<SsoParams>();
  SsoParams sp;
  sp.profile = profile;
  sp.account_id = setting(section, "sso_account_id");
  sp.role_name = setting(section, "sso_role_name");
  if (!sso_session.empty()) {
    auto ss = config.sso_session(sso_session);
    if (!ss)
      return make_error(ErrorKind::Credentials, "profile '" + profile + "' names sso_session '" + sso_session +
                                                    "' but there is no [sso-session " + sso_session + "]");
    sp.session_name = sso_session;
    sp.start_url = setting(*ss, "sso_start_url");
    sp.sso_region = setting(*ss, "sso_region");
  } else {
    sp.start_url = setting(section, "sso_start_url");
    sp.sso_region = setting(section, "sso_region");
  }
  if (sp.account_id.empty() || sp.role_name.empty() || sp.sso_region.empty())
    return make_error(ErrorKind::Credentials,
                      "SSO profile '" + profile + "' needs sso_account_id, sso_role_name and sso_region");
  return std::optional<SsoParams>(std::move(sp));
}

Result<SsoToken> read_sso_token(const SsoParams& params, const EnvLookup& env) {
  const std::string login = sso_login_command(params.profile);
  SsoToken t;
  t.path = home_dir(env) + "/.aws/sso/cache/" + SsoCredentialsProvider::cache_key(params) + ".json";
  std::ifstream in(t.path);
  if (!in)
    return make_error(ErrorKind::Credentials, "no SSO token for profile " + params.profile + " (" + t.path + ")",
                      "run '" + login + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  // Written by `aws sso login`; a broken one is re-created by logging in again.
  const JsonPlace cache{"the SSO token cache " + t.path, "", ErrorKind::Credentials, "run '" + login + "'"};
  auto j = parse_json_document(ss.str(), cache.document);
  if (!j) {
    Error e = j.error();
    e.kind = cache.kind;
    e.hint = cache.hint;
    return e;
  }
  auto token = require_string(*j, "accessToken", cache);
  if (!token) return token.error();
  auto expires = require_string(*j, "expiresAt", cache);
  if (!expires) return expires.error();
  if (expires->ends_with("UTC")) *expires = expires->substr(0, expires->size() - 3) + "Z";
  auto exp = parse_iso8601(*expires);
  if (token->empty() || !exp)
    return make_error(ErrorKind::Credentials, "the SSO token cache " + t.path + " is unreadable", "run '" + login + "'");
  t.access_token = std::move(*token);
  t.expires_at = *exp;
  return t;
}

Result<Credentials> SsoCredentialsProvider::get() {
  const std::string login = sso_login_command(params_.profile);
  auto cached = read_sso_token(params_, env_);
  if (!cached) return cached.error();
  if (clock_() >= cached->expires_at)
    return make_error(ErrorKind::Credentials, "the SSO session for profile " + params_.profile + " has expired",
                      "run '" + login + "'");
  const std::string& token = cached->access_token;

  auto ep = parse_endpoint_url(sso_portal_url(params_, env_));
  if (!ep) return ep.error();
  HttpRequest r;
  r.method = "GET";
  r.scheme = ep->scheme;
  r.host = ep->host;
  r.path = ep->base_path + "/federation/credentials";
  r.query = {{"account_id", params_.account_id}, {"role_name", params_.role_name}};
  r.headers = {{"x-amz-sso_bearer_token", token}};
  auto resp = fetch_sync(r, std::chrono::seconds(5), std::chrono::seconds(30));
  if (!resp) {
    Error e = resp.error();
    e.kind = ErrorKind::Credentials;
    e.message = "SSO portal " + ep->url + ": " + e.message;
    return e;
  }
  if (resp->status == 401 || resp->status == 403)
    return make_error(ErrorKind::Credentials, "the SSO portal refused the cached token (HTTP " +
                                                  std::to_string(resp->status) + ")",
                      "run '" + login + "'");
  if (resp->status != 200)
    return make_error(ErrorKind::Credentials, "SSO portal answered HTTP " + std::to_string(resp->status) + ": " +
                                                  sanitize_remote_text(resp->body, 160));
  const JsonPlace answer{"SSO portal answer", "", ErrorKind::Parse, ""};
  auto body = parse_json_document(resp->body, answer.document);
  if (!body) return body.error();
  auto rc = require_object(*body, "roleCredentials", answer);
  if (!rc) return rc.error();
  const JsonPlace creds = answer.member("roleCredentials");
  auto id = require_string(**rc, "accessKeyId", creds);
  if (!id) return id.error();
  auto secret = require_string(**rc, "secretAccessKey", creds);
  if (!secret) return secret.error();
  auto session = optional_string(**rc, "sessionToken", creds);
  if (!session) return session.error();
  auto expiration = optional_int(**rc, "expiration", creds, -1);  // epoch milliseconds
  if (!expiration) return expiration.error();
  Credentials c;
  c.access_key_id = std::move(*id);
  c.secret_access_key = std::move(*secret);
  c.session_token = std::move(*session);
  if (*expiration >= 0)
    c.expiration = std::chrono::system_clock::time_point(std::chrono::milliseconds(*expiration));
  c.source = name();
  c.account_id = params_.account_id;  // the portal issued them for this account
  if (c.empty()) return make_error(ErrorKind::Parse, "SSO portal answer has empty credentials");
  return c;
}

}  // namespace opsdeck::aws
