#pragma once
// Reads the credential documents that several sources share:
//   credential_process {Version, AccessKeyId, SecretAccessKey, SessionToken, Expiration}
//   container / IMDS   {AccessKeyId, SecretAccessKey, Token, Expiration[, Code]}
// Expiration is ISO-8601. Missing keys are an error naming `source`.

#include <string>

#include "aws/credentials.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

Result<Credentials> credentials_from_json(std::string_view body, const std::string& source);

}  // namespace opsdeck::aws
