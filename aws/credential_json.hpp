#pragma once
// Reads the credential documents that several sources share:
//   credential_process {Version, AccessKeyId, SecretAccessKey, SessionToken, Expiration}
//   container / IMDS   {AccessKeyId, SecretAccessKey, Token, Expiration[, Code]}
// Expiration is ISO-8601. Missing or mistyped keys are an error naming `source` (or
// `document`, the name of the text that was read) and the field; never its value.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

Result<Credentials> credentials_from_json(std::string_view body, const std::string& source);
// The same for a document already parsed; `document` names it in messages ("" = source).
Result<Credentials> credentials_from_document(const nlohmann::json& doc, const std::string& source,
                                              const std::string& document = {});

}  // namespace opsdeck::aws
