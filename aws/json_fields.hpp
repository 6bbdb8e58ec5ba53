#pragma once
// Tolerant readers for JSON-protocol responses: a missing or mistyped optional field reads
// as its fallback instead of throwing. Plus the builder for a JSON-protocol request and
// the epoch -> ISO-8601 conversion the console shows. Pure functions.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "aws/aws_request.hpp"

namespace opsdeck::aws {

std::string jstr(const nlohmann::json& j, const char* key, const std::string& fallback = "");
long long jint(const nlohmann::json& j, const char* key, long long fallback = 0);
double jnum(const nlohmann::json& j, const char* key, double fallback = 0);
bool jbool(const nlohmann::json& j, const char* key, bool fallback = false);
std::vector<std::string> jstrings(const nlohmann::json& j, const char* key);
// The array at `key`, or an empty array.
const nlohmann::json& jarr(const nlohmann::json& j, const char* key);
// Epoch seconds (JSON timestamp) or an ISO string, as "2026-11-22T03:07:37Z"; "" if absent.
std::string jtime(const nlohmann::json& j, const char* key);
std::string iso8601_utc(double epoch_seconds);

AwsRequest json_request(const ServiceInfo& service, const char* operation,
                        nlohmann::json input = nlohmann::json::object());

}  // namespace opsdeck::aws
