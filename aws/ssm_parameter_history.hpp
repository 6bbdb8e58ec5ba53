#pragma once
// SSM Parameter Store's version history (awsJson1_1 GetParameterHistory): every version of
// one parameter, oldest first, with who changed it and when. Without decryption a
// SecureString version's Value is its ciphertext; with decryption it is the secret itself —
// never log it, and wipe it (aws/secret_wipe.hpp) when done.
// Builders and parsers are pure; async calls complete on the AsyncCaller's thread.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct ParameterVersion {
  std::string name;
  std::string type;  // String | StringList | SecureString
  std::string value;  // see above: may be a secret
  long long version = 0;
  std::string last_modified;  // ISO-8601 UTC
  std::string last_modified_user;
  std::string description;
  std::vector<std::string> labels;
};

AwsRequest get_parameter_history_request(const std::string& name, bool with_decryption);
Result<std::vector<ParameterVersion>> parse_get_parameter_history(std::string_view body,
                                                                  std::string* next_token);

// Every page, oldest version first; `done` runs on the caller's completion thread.
void parameter_history_async(AsyncCaller call, const std::string& name, bool with_decryption,
                             std::function<void(Result<std::vector<ParameterVersion>>)> done);
Result<std::vector<ParameterVersion>> parameter_history(const SyncCaller& call, const std::string& name,
                                                        bool with_decryption);

}  // namespace opsdeck::aws
