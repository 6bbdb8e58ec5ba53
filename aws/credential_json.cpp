#include "aws/credential_json.hpp"

#include "aws/iso8601.hpp"
#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::aws {

Result<Credentials> credentials_from_json(std::string_view body, const std::string& source) {
  auto j = parse_json_document(body, source + " answer");
  if (!j) {
    Error e = j.error();
    e.kind = ErrorKind::Credentials;
    return e;
  }
  return credentials_from_document(*j, source);
}

Result<Credentials> credentials_from_document(const nlohmann::json& j, const std::string& source,
                                              const std::string& document) {
  if (!j.is_object())
    return make_error(ErrorKind::Credentials, source + " returned something that is not a JSON object");
  JsonPlace at{document.empty() ? source : document, "", ErrorKind::Credentials, ""};
  // Container and IMDS answers say Code=Success; anything else is the reason they failed.
  auto code = optional_string(j, "Code", at, "Success");
  if (!code) return code.error();
  if (*code != "Success") return make_error(ErrorKind::Credentials, source + " answered Code=" + *code);
  auto id = require_string(j, "AccessKeyId", at);
  if (!id) return id.error();
  auto secret = require_string(j, "SecretAccessKey", at);
  if (!secret) return secret.error();
  auto token = optional_string(j, "SessionToken", at);
  if (!token) return token.error();
  auto imds_token = optional_string(j, "Token", at);
  if (!imds_token) return imds_token.error();
  auto exp = optional_string(j, "Expiration", at);
  if (!exp) return exp.error();
  Credentials c;
  c.access_key_id = std::move(*id);
  c.secret_access_key = std::move(*secret);
  c.session_token = token->empty() ? std::move(*imds_token) : std::move(*token);
  if (!exp->empty()) {
    c.expiration = parse_iso8601(*exp);
    if (!c.expiration)
      return make_error(ErrorKind::Credentials, source + " returned an unreadable Expiration '" + *exp + "'");
  }
  c.source = source;
  if (c.empty())
    return make_error(ErrorKind::Credentials, source + " returned no AccessKeyId/SecretAccessKey");
  return c;
}

}  // namespace opsdeck::aws
