#include "aws/json_fields.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <limits>

#include <fmt/format.h>

namespace opsdeck::aws {

namespace {

using nlohmann::json;

const json* field(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

// A JSON number as a long long, when it is a whole number in range.
std::optional<long long> whole_number(const json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<long long>();
  if (v.is_number_unsigned()) {
    auto u = v.get<unsigned long long>();
    if (u > static_cast<unsigned long long>(std::numeric_limits<long long>::max())) return std::nullopt;
    return static_cast<long long>(u);
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (!std::isfinite(d) || std::floor(d) != d || d < -9.2e18 || d > 9.2e18) return std::nullopt;
    return static_cast<long long>(d);
  }
  return std::nullopt;
}

std::optional<long long> digits_number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || !end || *end != '\0') return std::nullopt;
  return v;
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
  return jint_opt(j, key).value_or(fallback);
}

std::optional<long long> jint_opt(const nlohmann::json& j, const char* key) {
  auto* f = field(j, key);
  if (!f) return std::nullopt;
  if (f->is_number()) return whole_number(*f);
  if (f->is_string()) return digits_number(f->get_ref<const std::string&>());
  return std::nullopt;
}

std::optional<double> jnum_opt(const nlohmann::json& j, const char* key) {
  auto* f = field(j, key);
  if (f && f->is_number()) return f->get<double>();
  return std::nullopt;
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

const nlohmann::json& jobj(const nlohmann::json& j, const char* key) {
  static const nlohmann::json empty = nlohmann::json::object();
  auto* f = field(j, key);
  return f && f->is_object() ? *f : empty;
}

const nlohmann::json* jfield(const nlohmann::json& j, const char* key) { return field(j, key); }

std::map<std::string, std::string> jstring_map(const nlohmann::json& j, const char* key) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : jobj(j, key).items())
    if (v.is_string()) out[k] = v.get<std::string>();
  return out;
}

std::string iso8601_utc(double epoch_seconds) {
  // Beyond year 9999 (or before year 0) is no time a person can use, and would overflow time_t.
  if (!std::isfinite(epoch_seconds) || std::fabs(epoch_seconds) > 253402300799.0) return "";
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

namespace {

bool is_identifier(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

bool is_digits(std::string_view key) {
  return !key.empty() && key.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string path_join(const std::string& path, std::string_view key) {
  if (is_digits(key)) return path + "[" + std::string(key) + "]";
  if (!is_identifier(key)) return path + "[" + json(std::string(key)).dump(-1, ' ', true, json::error_handler_t::replace) + "]";
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

const char* expected_text(json::value_t t) {
  switch (t) {
    case json::value_t::string: return "a string";
    case json::value_t::number_integer: return "an integer";
    case json::value_t::number_float: return "a number";
    case json::value_t::boolean: return "true or false";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    default: return "a value";
  }
}

bool has_type(const json& v, json::value_t t) {
  switch (t) {
    case json::value_t::string: return v.is_string();
    case json::value_t::number_integer: return whole_number(v).has_value();
    case json::value_t::number_float: return v.is_number();
    case json::value_t::boolean: return v.is_boolean();
    case json::value_t::object: return v.is_object();
    case json::value_t::array: return v.is_array();
    default: return true;
  }
}

// The member `key` when it has type `t`; else an error (`optional` lets missing/null through
// as nullptr).
Result<const json*> typed_member(const json& obj, const char* key, json::value_t t, const JsonPlace& at,
                                 bool optional) {
  const json* f = field(obj, key);
  if (!f || f->is_null()) {
    if (optional) return static_cast<const json*>(nullptr);
    return at.error(fmt::format("{} is {}, expected {}", at.name_of(key), f ? "null" : "missing", expected_text(t)));
  }
  if (!has_type(*f, t)) {
    std::string what = describe_json_value(*f);
    if (t == json::value_t::number_integer && f->is_number()) what += " (not a whole number in range)";
    return at.error(fmt::format("{} is {}, expected {}", at.name_of(key), what, expected_text(t)));
  }
  return f;
}

}  // namespace

JsonPlace JsonPlace::member(std::string_view key) const {
  JsonPlace p = *this;
  p.path = path_join(path, key);
  return p;
}

JsonPlace JsonPlace::element(std::size_t index) const {
  JsonPlace p = *this;
  p.path = path + "[" + std::to_string(index) + "]";
  return p;
}

std::string JsonPlace::name_of(std::string_view key) const {
  if (path.empty()) return "field " + json(std::string(key)).dump(-1, ' ', true, json::error_handler_t::replace);
  return path_join(path, key);
}

Error JsonPlace::error(const std::string& what) const {
  return make_error(kind, document.empty() ? what : document + ": " + what, hint);
}

Error JsonPlace::wrong_type(const nlohmann::json& value, std::string_view expected) const {
  return error(fmt::format("{} is {}, expected {}", path.empty() ? "the document" : path, describe_json_value(value),
                           expected));
}

std::string describe_json_value(const nlohmann::json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "the number " + v.dump();
    case json::value_t::string: return "a string";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    default: return "a binary value";
  }
}

Result<std::string> require_string(const nlohmann::json& obj, const char* key, const JsonPlace& at) {
  auto f = typed_member(obj, key, json::value_t::string, at, false);
  if (!f) return f.error();
  return (*f)->get<std::string>();
}

Result<long long> require_int(const nlohmann::json& obj, const char* key, const JsonPlace& at) {
  auto f = typed_member(obj, key, json::value_t::number_integer, at, false);
  if (!f) return f.error();
  return *whole_number(**f);
}

Result<double> require_number(const nlohmann::json& obj, const char* key, const JsonPlace& at) {
  auto f = typed_member(obj, key, json::value_t::number_float, at, false);
  if (!f) return f.error();
  return (*f)->get<double>();
}

Result<bool> require_bool(const nlohmann::json& obj, const char* key, const JsonPlace& at) {
  auto f = typed_member(obj, key, json::value_t::boolean, at, false);
  if (!f) return f.error();
  return (*f)->get<bool>();
}

Result<const nlohmann::json*> require_object(const nlohmann::json& obj, const char* key, const JsonPlace& at) {
  return typed_member(obj, key, json::value_t::object, at, false);
}

Result<const nlohmann::json*> require_array(const nlohmann::json& obj, const char* key, const JsonPlace& at) {
  return typed_member(obj, key, json::value_t::array, at, false);
}

Result<void> require_equal(const nlohmann::json& obj, const char* key, const nlohmann::json& expected,
                           const JsonPlace& at) {
  const json* f = field(obj, key);
  if (f && *f == expected) return {};
  std::string want = expected.is_string()
                         ? "the string " + expected.dump(-1, ' ', true, json::error_handler_t::replace)
                         : describe_json_value(expected);
  return at.error(fmt::format("{} is {}, expected {}", at.name_of(key), f ? describe_json_value(*f) : "missing", want));
}

Result<std::string> optional_string(const nlohmann::json& obj, const char* key, const JsonPlace& at,
                                    std::string fallback) {
  auto f = typed_member(obj, key, json::value_t::string, at, true);
  if (!f) return f.error();
  return *f ? (*f)->get<std::string>() : std::move(fallback);
}

Result<long long> optional_int(const nlohmann::json& obj, const char* key, const JsonPlace& at,
                               long long fallback) {
  auto f = typed_member(obj, key, json::value_t::number_integer, at, true);
  if (!f) return f.error();
  return *f ? *whole_number(**f) : fallback;
}

Result<double> optional_number(const nlohmann::json& obj, const char* key, const JsonPlace& at,
                               double fallback) {
  auto f = typed_member(obj, key, json::value_t::number_float, at, true);
  if (!f) return f.error();
  return *f ? (*f)->get<double>() : fallback;
}

Result<bool> optional_bool(const nlohmann::json& obj, const char* key, const JsonPlace& at, bool fallback) {
  auto f = typed_member(obj, key, json::value_t::boolean, at, true);
  if (!f) return f.error();
  return *f ? (*f)->get<bool>() : fallback;
}

Result<std::vector<std::string>> optional_strings(const nlohmann::json& obj, const char* key,
                                                  const JsonPlace& at) {
  auto f = typed_member(obj, key, json::value_t::array, at, true);
  if (!f) return f.error();
  std::vector<std::string> out;
  if (!*f) return out;
  JsonPlace list = at.member(key);
  for (std::size_t i = 0; i < (*f)->size(); ++i) {
    const json& v = (**f)[i];
    if (!v.is_string())
      return at.error(fmt::format("{} is {}, expected a string", list.element(i).path, describe_json_value(v)));
    out.push_back(v.get<std::string>());
  }
  return out;
}

AwsRequest json_request(const ServiceInfo& service, const char* operation, nlohmann::json input) {
  AwsRequest r;
  r.service = &service;
  r.operation = operation;
  r.input = std::move(input);
  return r;
}

}  // namespace opsdeck::aws
