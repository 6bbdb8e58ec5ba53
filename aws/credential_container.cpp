#include "aws/credential_container.hpp"

#include <fstream>
#include <sstream>

#include "aws/credential_json.hpp"
#include "aws/error_parser.hpp"
#include "aws/http_fetch.hpp"

namespace opsdeck::aws {

namespace {

bool allowed_http_host(const std::string& host) {
  std::string h = host.substr(0, host.rfind(':') == std::string::npos || host.front() == '[' ? host.size()
                                                                                               : host.rfind(':'));
  return h == "127.0.0.1" || h == "localhost" || h == "[::1]" || h == "169.254.170.2" || h == "169.254.170.23" ||
         h.starts_with("127.");
}

}  // namespace

Result<Credentials> ContainerCredentialsProvider::get() {
  std::string url;
  if (auto rel = env_("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); rel && !rel->empty()) {
    url = "http://169.254.170.2" + *rel;
  } else if (auto full = env_("AWS_CONTAINER_CREDENTIALS_FULL_URI"); full && !full->empty()) {
    url = *full;
  } else {
    return not_configured("no container credentials URI");
  }
  auto ep = parse_endpoint_url(url);
  if (!ep) return make_error(ErrorKind::Credentials, "container credentials URI '" + url + "' is not a URL");
  if (ep->scheme == "http" && !allowed_http_host(ep->host))
    return make_error(ErrorKind::Credentials,
                      "container credentials URI '" + url + "' uses http to a host that is not loopback or ECS/EKS");
  HttpRequest r;
  r.method = "GET";
  r.scheme = ep->scheme;
  r.host = ep->host;
  auto q = ep->base_path.find('?');
  r.path = ep->base_path.empty() ? "/" : ep->base_path.substr(0, q);
  std::string token;
  if (auto t = env_("AWS_CONTAINER_AUTHORIZATION_TOKEN"); t && !t->empty()) token = *t;
  if (auto f = env_("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); f && !f->empty()) {
    std::ifstream in(*f);
    std::stringstream ss;
    ss << in.rdbuf();
    token = ss.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  }
  if (!token.empty()) r.headers.emplace_back("Authorization", token);
  auto resp = fetch_sync(r, std::chrono::seconds(2), std::chrono::seconds(5));
  if (!resp) {
    Error e = resp.error();
    e.kind = ErrorKind::Credentials;
    e.message = "container credentials endpoint " + ep->url + ": " + e.message;
    return e;
  }
  if (resp->status != 200)
    return make_error(ErrorKind::Credentials, "container credentials endpoint " + ep->url + " answered HTTP " +
                                                  std::to_string(resp->status) + ": " +
                                                  sanitize_remote_text(resp->body, 160));
  return credentials_from_json(resp->body, "container credentials");
}

}  // namespace opsdeck::aws
