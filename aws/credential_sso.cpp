#include "aws/credential_sso.hpp"

#include <openssl/sha.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aws/error_parser.hpp"
#include "aws/http_fetch.hpp"
#include "aws/iso8601.hpp"
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
  auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  std::string token = j.is_object() ? j.value("accessToken", "") : "";
  std::string expires = j.is_object() ? j.value("expiresAt", "") : "";
  if (expires.ends_with("UTC")) expires = expires.substr(0, expires.size() - 3) + "Z";
  auto exp = parse_iso8601(expires);
  if (token.empty() || !exp)
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
  auto body = nlohmann::json::parse(resp->body, nullptr, false);
  if (!body.is_object() || !body.contains("roleCredentials") || !body["roleCredentials"].is_object())
    return make_error(ErrorKind::Parse, "SSO portal answer has no roleCredentials");
  const auto& rc = body["roleCredentials"];
  Credentials c;
  c.access_key_id = rc.value("accessKeyId", "");
  c.secret_access_key = rc.value("secretAccessKey", "");
  c.session_token = rc.value("sessionToken", "");
  if (rc.contains("expiration") && rc["expiration"].is_number())
    c.expiration = std::chrono::system_clock::time_point(std::chrono::milliseconds(rc["expiration"].get<long long>()));
  c.source = name();
  if (c.empty()) return make_error(ErrorKind::Parse, "SSO portal answer has empty credentials");
  return c;
}

}  // namespace opsdeck::aws
