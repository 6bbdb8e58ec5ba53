#pragma once
// Endpoint resolution, in the AWS CLI's order of precedence:
//   --endpoint-url  >  AWS_ENDPOINT_URL_<SERVICE>  >  AWS_ENDPOINT_URL  >  regional default.
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true disables the two environment variables.
// Regional default: https://<prefix>.<region>.amazonaws.com (".amazonaws.com.cn" in cn-*),
// global services (Route 53) https://<prefix>.amazonaws.com, signed for us-east-1.
// Pure functions; the environment is passed in (EnvLookup) so tests need no setenv.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "aws/result.hpp"
#include "aws/service.hpp"

namespace opsdeck::aws {

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_env();  // reads ::getenv

struct Endpoint {
  std::string url;             // "https://ec2.us-east-1.amazonaws.com" (no trailing '/')
  std::string scheme;          // "https"
  std::string host;            // "ec2.us-east-1.amazonaws.com" or "127.0.0.1:5000"
  std::string base_path;       // "" or "/prefix" when the override URL has a path
  std::string signing_region;  // "us-east-1" for global services
  std::string source;          // "--endpoint-url", "AWS_ENDPOINT_URL_EC2", "default"
};

// "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2".
std::string endpoint_env_name(const ServiceInfo& service);
std::string default_endpoint_url(const ServiceInfo& service, std::string_view region);
Result<Endpoint> parse_endpoint_url(std::string_view url);
// The endpoint with an operation's model hostPrefix ("stream-") before its host, when it
// is the regional default; an overridden endpoint (flag, environment) is used as given.
Endpoint with_host_prefix(Endpoint endpoint, std::string_view prefix);
Result<Endpoint> resolve_endpoint(const ServiceInfo& service, std::string_view region,
                                  std::string_view endpoint_url_flag, const EnvLookup& env);

}  // namespace opsdeck::aws
