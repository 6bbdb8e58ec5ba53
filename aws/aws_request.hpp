#pragma once
// One AWS API call as the service layer describes it, before encoding and signing.
// A codec turns it into an HttpRequest according to the service's protocol.

#include <nlohmann/json.hpp>

#include <string>

#include "aws/http_request.hpp"
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

  std::string name() const;  // "ec2:DescribeInstances"
};

}  // namespace opsdeck::aws
