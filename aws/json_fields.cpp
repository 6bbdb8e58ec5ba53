#include "aws/json_fields.hpp"

#include <cmath>
#include <ctime>

namespace opsdeck::aws {

namespace {
const nlohmann::json* field(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}
}  // namespace

std::string jstr(const nlohmann::json& j, const char* key, const std::string& fallback) {
  auto* f = field(j, key);
  if (!f) return fallback;
  if (f->is_string()) return f->get<std::string>();
  if (f->is_number() || f->is_boolean()) return f->dump();
  return fallback;
}

long long jint(const nlohmann::json& j, const char* key, long long fallback) {
  auto* f = field(j, key);
  if (f && f->is_number()) return f->get<long long>();
  if (f && f->is_string()) {
    try {
      return std::stoll(f->get<std::string>());
    } catch (...) {
      return fallback;
    }
  }
  return fallback;
}

double jnum(const nlohmann::json& j, const char* key, double fallback) {
  auto* f = field(j, key);
  return f && f->is_number() ? f->get<double>() : fallback;
}

bool jbool(const nlohmann::json& j, const char* key, bool fallback) {
  auto* f = field(j, key);
  return f && f->is_boolean() ? f->get<bool>() : fallback;
}

std::vector<std::string> jstrings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  for (const auto& v : jarr(j, key))
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

const nlohmann::json& jarr(const nlohmann::json& j, const char* key) {
  static const nlohmann::json empty = nlohmann::json::array();
  auto* f = field(j, key);
  return f && f->is_array() ? *f : empty;
}

std::string iso8601_utc(double epoch_seconds) {
  if (!std::isfinite(epoch_seconds)) return "";
  std::time_t t = static_cast<std::time_t>(std::floor(epoch_seconds));
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return "";
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string jtime(const nlohmann::json& j, const char* key) {
  auto* f = field(j, key);
  if (!f) return "";
  if (f->is_number()) return iso8601_utc(f->get<double>());
  if (f->is_string()) return f->get<std::string>();
  return "";
}

AwsRequest json_request(const ServiceInfo& service, const char* operation, nlohmann::json input) {
  AwsRequest r;
  r.service = &service;
  r.operation = operation;
  r.input = std::move(input);
  return r;
}

}  // namespace opsdeck::aws
