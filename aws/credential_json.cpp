#include "aws/credential_json.hpp"

#include <nlohmann/json.hpp>

#include "aws/iso8601.hpp"

namespace opsdeck::aws {

Result<Credentials> credentials_from_json(std::string_view body, const std::string& source) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object())
    return make_error(ErrorKind::Credentials, source + " returned something that is not a JSON object");
  if (auto code = j.find("Code"); code != j.end() && code->is_string() && *code != "Success")
    return make_error(ErrorKind::Credentials, source + " answered Code=" + code->get<std::string>());
  auto str = [&](const char* k) -> std::string {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  Credentials c;
  c.access_key_id = str("AccessKeyId");
  c.secret_access_key = str("SecretAccessKey");
  c.session_token = str("SessionToken");
  if (c.session_token.empty()) c.session_token = str("Token");
  if (std::string exp = str("Expiration"); !exp.empty()) {
    c.expiration = parse_iso8601(exp);
    if (!c.expiration)
      return make_error(ErrorKind::Credentials, source + " returned an unreadable Expiration '" + exp + "'");
  }
  c.source = source;
  if (c.empty())
    return make_error(ErrorKind::Credentials, source + " returned no AccessKeyId/SecretAccessKey");
  return c;
}

}  // namespace opsdeck::aws
