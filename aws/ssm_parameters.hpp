#pragma once
// SSM Parameter Store (awsJson1_1): DescribeParameters (metadata only, never values),
// GetParameter with decryption (one value, on demand) and PutParameter (overwrite).
// Builders and parsers are pure; async calls complete on the AsyncCaller's thread
// (AwsClient: its IO thread). A parameter's Value is a secret: never log it.

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct ParameterMeta {
  std::string name;
  std::string type;           // String | StringList | SecureString
  long long version = 0;
  std::string last_modified;  // ISO-8601 UTC
  std::string last_modified_user;
  std::string description;
  std::string tier;
  nlohmann::json raw;         // DescribeParameters' item: metadata, no value
};

struct ParameterValue {
  std::string name;
  std::string type;
  std::string value;  // decrypted for SecureString (secret: never log it)
  long long version = 0;
};

AwsRequest describe_parameters_request();
AwsRequest get_parameter_request(const std::string& name, bool with_decryption = true);
// Overwrites `name` with `value`; `type` empty keeps the service's default.
AwsRequest put_parameter_request(const std::string& name, const std::string& value,
                                 const std::string& type);

Result<std::vector<ParameterMeta>> parse_describe_parameters(std::string_view body,
                                                             std::string* next_token);
Result<ParameterValue> parse_get_parameter(std::string_view body);

// Every page of DescribeParameters; `done` runs on the caller's completion thread.
void describe_parameters_async(AsyncCaller call,
                               std::function<void(Result<std::vector<ParameterMeta>>)> done);
void get_parameter_async(AsyncCaller call, const std::string& name,
                         std::function<void(Result<ParameterValue>)> done);

}  // namespace opsdeck::aws
