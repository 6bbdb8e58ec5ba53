#include "aws/credential_imds.hpp"

#include <cstdlib>
#include <string_view>

#include "aws/credential_json.hpp"
#include "aws/http_fetch.hpp"

namespace opsdeck::aws {

Result<Credentials> ImdsCredentialsProvider::get() {
  if (auto d = env_("AWS_EC2_METADATA_DISABLED"); d && (*d == "true" || *d == "TRUE" || *d == "1"))
    return not_configured("instance metadata disabled by AWS_EC2_METADATA_DISABLED");
  std::string base = "http://169.254.169.254";
  if (auto e = env_("AWS_EC2_METADATA_SERVICE_ENDPOINT"); e && !e->empty()) base = *e;
  auto ep = parse_endpoint_url(base);
  if (!ep) return make_error(ErrorKind::Credentials, "AWS_EC2_METADATA_SERVICE_ENDPOINT '" + base + "' is not a URL");
  // A zero, negative or unreadable value keeps the default: curl reads 0 as "no timeout",
  // and off EC2 that would hang the chain.
  std::chrono::milliseconds timeout(1000);
  if (auto t = env_("AWS_METADATA_SERVICE_TIMEOUT"); t && !t->empty()) {
    char* end = nullptr;
    double secs = std::strtod(t->c_str(), &end);
    if (end && *end == '\0' && secs > 0 && secs <= 3600)
      timeout = std::chrono::milliseconds(static_cast<long long>(secs * 1000));
  }

  auto req = [&](std::string method, std::string path) {
    HttpRequest r;
    r.method = std::move(method);
    r.scheme = ep->scheme;
    r.host = ep->host;
    r.path = ep->base_path + path;
    return r;
  };
  HttpRequest tok = req("PUT", "/latest/api/token");
  tok.headers.emplace_back("x-aws-ec2-metadata-token-ttl-seconds", "21600");
  auto t = fetch_sync(tok, timeout, timeout, ProxyUse::Never);
  if (!t) return not_configured("no instance metadata service at " + ep->url + " (" + t.error().message + ")");
  if (t->status != 200)
    return make_error(ErrorKind::Credentials,
                      "instance metadata token request answered HTTP " + std::to_string(t->status));
  const std::string token = t->body;
  if (token.empty() || token.find_first_of("\r\n") != std::string::npos)
    return make_error(ErrorKind::Credentials, "instance metadata token response is empty or spans several lines");

  HttpRequest role_req = req("GET", "/latest/meta-data/iam/security-credentials/");
  role_req.headers.emplace_back("x-aws-ec2-metadata-token", token);
  auto role = fetch_sync(role_req, timeout, timeout, ProxyUse::Never);
  if (!role) return make_error(ErrorKind::Credentials, "instance metadata: " + role.error().message);
  if (role->status == 404) return not_configured("this instance has no IAM instance profile");
  if (role->status != 200 || role->body.empty())
    return make_error(ErrorKind::Credentials, "instance metadata role lookup answered HTTP " +
                                                  std::to_string(role->status));
  std::string name = role->body.substr(0, role->body.find('\n'));
  if (!name.empty() && name.back() == '\r') name.pop_back();
  // IAM role names: letters, digits and +=,.@_- only; anything else would change the URL.
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              std::string_view("+=,.@_-").find(c) != std::string_view::npos;
    if (!ok || name.size() > 128)
      return make_error(ErrorKind::Credentials, "instance metadata returned a role name that is not an IAM role name");
  }

  HttpRequest cred_req = req("GET", "/latest/meta-data/iam/security-credentials/" + name);
  cred_req.headers.emplace_back("x-aws-ec2-metadata-token", token);
  auto creds = fetch_sync(cred_req, timeout, timeout, ProxyUse::Never);
  if (!creds) return make_error(ErrorKind::Credentials, "instance metadata: " + creds.error().message);
  if (creds->status != 200)
    return make_error(ErrorKind::Credentials, "instance metadata credentials answered HTTP " +
                                                  std::to_string(creds->status));
  auto c = credentials_from_json(creds->body, "EC2 instance metadata (role " + name + ")");
  return c;
}

}  // namespace opsdeck::aws
