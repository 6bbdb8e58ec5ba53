#include "aws/endpoints.hpp"

#include <cctype>
#include <cstdlib>

namespace opsdeck::aws {

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

std::string endpoint_env_name(const ServiceInfo& service) {
  std::string_view base = service.env_name.empty() ? service.id : service.env_name;
  std::string out = "AWS_ENDPOINT_URL_";
  for (char c : base) {
    out += (c == '-' || c == ' ') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string default_endpoint_url(const ServiceInfo& service, std::string_view region) {
  std::string suffix = region.starts_with("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com";
  if (service.global) return "https://" + std::string(service.endpoint_prefix) + suffix;
  return "https://" + std::string(service.endpoint_prefix) + "." + std::string(region) + suffix;
}

Result<Endpoint> parse_endpoint_url(std::string_view url) {
  Endpoint e;
  auto sep = url.find("://");
  if (sep == std::string_view::npos)
    return make_error(ErrorKind::Usage, "endpoint URL '" + std::string(url) + "' has no scheme",
                      "write it as http://host:port or https://host");
  e.scheme = std::string(url.substr(0, sep));
  for (auto& c : e.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (e.scheme != "http" && e.scheme != "https")
    return make_error(ErrorKind::Usage, "endpoint URL '" + std::string(url) + "' is not http or https");
  std::string_view rest = url.substr(sep + 3);
  auto slash = rest.find('/');
  e.host = std::string(rest.substr(0, slash));
  if (e.host.empty()) return make_error(ErrorKind::Usage, "endpoint URL '" + std::string(url) + "' has no host");
  if (slash != std::string_view::npos) {
    e.base_path = std::string(rest.substr(slash));
    while (!e.base_path.empty() && e.base_path.back() == '/') e.base_path.pop_back();
  }
  e.url = e.scheme + "://" + e.host + e.base_path;
  return e;
}

Result<Endpoint> resolve_endpoint(const ServiceInfo& service, std::string_view region,
                                  std::string_view endpoint_url_flag, const EnvLookup& env) {
  std::string url, source;
  if (!endpoint_url_flag.empty()) {
    url = std::string(endpoint_url_flag);
    source = "--endpoint-url";
  } else {
    auto ignore = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    bool use_env = !(ignore && (*ignore == "true" || *ignore == "TRUE" || *ignore == "1"));
    std::string specific = endpoint_env_name(service);
    if (auto v = use_env ? env(specific) : std::nullopt; v && !v->empty()) {
      url = *v;
      source = specific;
    } else if (auto g = use_env ? env("AWS_ENDPOINT_URL") : std::nullopt; g && !g->empty()) {
      url = *g;
      source = "AWS_ENDPOINT_URL";
    }
  }
  if (url.empty()) {
    if (region.empty() && !service.global)
      return make_error(ErrorKind::Usage, "no region configured for " + std::string(service.id),
                        "pass --region, set AWS_REGION, or add region= to the profile");
    url = default_endpoint_url(service, region);
    source = "default";
  }
  auto e = parse_endpoint_url(url);
  if (!e) {
    e.error().message += " (from " + source + ")";
    return e;
  }
  e->source = source;
  e->signing_region = service.global ? "us-east-1" : std::string(region);
  if (e->signing_region.empty()) e->signing_region = "us-east-1";
  return e;
}

Endpoint with_host_prefix(Endpoint endpoint, std::string_view prefix) {
  if (prefix.empty() || endpoint.source != "default") return endpoint;
  endpoint.host = std::string(prefix) + endpoint.host;
  endpoint.url = endpoint.scheme + "://" + endpoint.host + endpoint.base_path;
  return endpoint;
}

}  // namespace opsdeck::aws
