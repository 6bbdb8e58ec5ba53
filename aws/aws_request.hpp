#pragma once
// One AWS API call as the service layer describes it, before encoding and signing.
// A codec turns it into an HttpRequest according to the service's protocol.

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "aws/http_request.hpp"
#include "aws/read_only_grant.hpp"
#include "aws/service.hpp"

namespace opsdeck::aws {

using QueryParams = HeaderList;  // name/value pairs, e.g. {"Filter.1.Name", "tag:env"}

struct AwsRequest {
  const ServiceInfo* service = nullptr;
  std::string operation;          // "DescribeInstances"

  // Ec2Query / AwsQuery: parameters beyond Action and Version (added by the codec).
  QueryParams params;
  // Json10 / Json11: the input object ({} when empty).
  nlohmann::json input = nlohmann::json::object();
  // RestXml / RestJson: method, path (percent-encoded), query and body as sent.
  std::string method = "POST";
  std::string path = "/";
  HeaderList query;
  std::string body;

  // Per-request overrides of the client's options (0 = the client's value; max_attempts
  // can only lower the client's). Optional
  // probes (Lightsail next to EC2) use max_attempts = 1 and a short timeout, so a service
  // that is absent costs one quick answer instead of the full retry budget.
  int max_attempts = 0;
  std::chrono::milliseconds timeout{0};
  // Streaming calls (AwsClient::stream): fail when no byte arrives for this long (0: 30 s).
  std::chrono::milliseconds idle_timeout{0};
  // The model's endpoint hostPrefix ("stream-" for logs:StartLiveTail): put before the
  // host of the regional default endpoint; an endpoint override is used as given.
  std::string host_prefix;

  // Lets this one mutating call through a read-only client (aws/read_only_grant.hpp). Set
  // only for a step the gate proved read-only; empty by default.
  std::optional<ReadOnlyGrant> read_only_grant;

  std::string name() const;  // "ec2:DescribeInstances"
};

// The timeout of an optional probe (a service whose absence only leaves rows out).
inline constexpr std::chrono::milliseconds kOptionalProbeTimeout{3000};

// `r` as an optional probe: one attempt, kOptionalProbeTimeout.
inline AwsRequest optional_probe(AwsRequest r) {
  r.max_attempts = 1;
  r.timeout = kOptionalProbeTimeout;
  return r;
}

}  // namespace opsdeck::aws
