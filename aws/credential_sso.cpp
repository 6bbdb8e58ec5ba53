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

Result<Credentials> SsoCredentialsProvider::get() {
  const std::string login = "aws sso login --profile " + params_.profile;
  std::string path = home_dir(env_) + "/.aws/sso/cache/" + cache_key(params_) + ".json";
  std::ifstream in(path);
  if (!in)
    return make_error(ErrorKind::Credentials, "no SSO token for profile " + params_.profile + " (" + path + ")",
                      "run '" + login + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  // Written by `aws sso login`; a broken one is re-created by logging in again.
  const JsonPlace cache{"the SSO token cache " + path, "", ErrorKind::Credentials, "run '" + login + "'"};
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
    return make_error(ErrorKind::Credentials, "the SSO token cache " + path + " is unreadable", "run '" + login + "'");
  if (clock_() >= *exp)
    return make_error(ErrorKind::Credentials, "the SSO session for profile " + params_.profile + " has expired",
                      "run '" + login + "'");

  std::string base = "https://portal.sso." + params_.sso_region + ".amazonaws.com";
  if (auto o = env_("AWS_ENDPOINT_URL_SSO"); o && !o->empty()) base = *o;
  auto ep = parse_endpoint_url(base);
  if (!ep) return ep.error();
  HttpRequest r;
  r.method = "GET";
  r.scheme = ep->scheme;
  r.host = ep->host;
  r.path = ep->base_path + "/federation/credentials";
  r.query = {{"account_id", params_.account_id}, {"role_name", params_.role_name}};
  r.headers = {{"x-amz-sso_bearer_token", *token}};
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
  if (c.empty()) return make_error(ErrorKind::Parse, "SSO portal answer has empty credentials");
  return c;
}

}  // namespace opsdeck::aws
