#pragma once
// Field access for JSON documents from outside the process, in two kinds — neither throws:
//
//  * Tolerant readers (jstr, jint, jobj, ...) for optional fields of AWS responses: a
//    missing or mistyped field reads as its fallback.
//  * Checked readers (require_*, optional_*) for fields a document must have, or must not
//    get wrong (credentials, config files, the runbook progress store): they return a
//    Result whose message names the document and the field's place in it, e.g.
//      credential_process output: field "Version" is a string, expected the number 1
//      progress file /x/p.json: steps[2].status is null, expected a string
//
// Plus the builder for a JSON-protocol request and the epoch -> ISO-8601 conversion the
// console shows. Pure functions; any thread.

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/aws_request.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

std::string jstr(const nlohmann::json& j, const char* key, const std::string& fallback = "");
long long jint(const nlohmann::json& j, const char* key, long long fallback = 0);
double jnum(const nlohmann::json& j, const char* key, double fallback = 0);
bool jbool(const nlohmann::json& j, const char* key, bool fallback = false);
std::vector<std::string> jstrings(const nlohmann::json& j, const char* key);
// The array at `key`, or an empty array.
const nlohmann::json& jarr(const nlohmann::json& j, const char* key);
// The object at `key`, or an empty object.
const nlohmann::json& jobj(const nlohmann::json& j, const char* key);
// The member `key` of object `j` whatever its type, or nullptr.
const nlohmann::json* jfield(const nlohmann::json& j, const char* key);
// A number (or a string of digits, for jint_opt) at `key`, or nothing.
std::optional<long long> jint_opt(const nlohmann::json& j, const char* key);
std::optional<double> jnum_opt(const nlohmann::json& j, const char* key);
// The string members of the object at `key` (others are skipped).
std::map<std::string, std::string> jstring_map(const nlohmann::json& j, const char* key);
// Epoch seconds (JSON timestamp) or an ISO string, as "2026-11-22T03:07:37Z"; "" if absent.
std::string jtime(const nlohmann::json& j, const char* key);
std::string iso8601_utc(double epoch_seconds);

// Where a JSON value sits, for the messages of the checked readers: the document a person
// can find ("config /home/me/.config/opsdeck/config.json", "credential_process output") and
// the path inside it ("" at the top level; "$" for config files, whose messages say
// "$.environments.prod.region"). `kind` and `hint` go into the Error as they are.
struct JsonPlace {
  std::string document;
  std::string path;
  ErrorKind kind = ErrorKind::Parse;
  std::string hint;

  // The place of member `key` ("steps" -> "steps", then "2" -> "steps[2]").
  JsonPlace member(std::string_view key) const;
  // The place of array element `index` ("health_checks[0]").
  JsonPlace element(std::size_t index) const;
  // How a message names member `key`: `field "Version"` at the top level, else the path
  // ("steps[2].status").
  std::string name_of(std::string_view key) const;
  // An Error at this place: "<document>: <what>".
  Error error(const std::string& what) const;
  // The value at this place has the wrong type: "<document>: <path> is a string, expected
  // <expected>" ("the document" at the top level).
  Error wrong_type(const nlohmann::json& value, std::string_view expected) const;
};

// What a value is, for messages: "null", "a string", "the number 2", "true", "an object".
// Strings are never quoted (they may be secrets).
std::string describe_json_value(const nlohmann::json& v);

// Required members of object `obj`: missing, null or of another type is an error naming
// the field ("is missing, expected a string"). A non-object `obj` has no members.
Result<std::string> require_string(const nlohmann::json& obj, const char* key, const JsonPlace& at);
Result<long long> require_int(const nlohmann::json& obj, const char* key, const JsonPlace& at);
Result<double> require_number(const nlohmann::json& obj, const char* key, const JsonPlace& at);
Result<bool> require_bool(const nlohmann::json& obj, const char* key, const JsonPlace& at);
// Pointers into `obj`, valid while it lives.
Result<const nlohmann::json*> require_object(const nlohmann::json& obj, const char* key, const JsonPlace& at);
Result<const nlohmann::json*> require_array(const nlohmann::json& obj, const char* key, const JsonPlace& at);
// The member must equal `expected` ("field "Version" is 2, expected the number 1").
Result<void> require_equal(const nlohmann::json& obj, const char* key, const nlohmann::json& expected,
                           const JsonPlace& at);

// Optional members that must not be mistyped: missing or null is `fallback`, any other
// type is an error like the require_* ones.
Result<std::string> optional_string(const nlohmann::json& obj, const char* key, const JsonPlace& at,
                                    std::string fallback = {});
Result<long long> optional_int(const nlohmann::json& obj, const char* key, const JsonPlace& at,
                               long long fallback = 0);
Result<double> optional_number(const nlohmann::json& obj, const char* key, const JsonPlace& at,
                               double fallback = 0);
Result<bool> optional_bool(const nlohmann::json& obj, const char* key, const JsonPlace& at,
                           bool fallback = false);
// An optional array of strings (missing or null: empty).
Result<std::vector<std::string>> optional_strings(const nlohmann::json& obj, const char* key,
                                                  const JsonPlace& at);

AwsRequest json_request(const ServiceInfo& service, const char* operation,
                        nlohmann::json input = nlohmann::json::object());

}  // namespace opsdeck::aws
