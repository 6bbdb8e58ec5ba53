#pragma once
// KMS (awsJson1_1, TrentService): GenerateDataKey, for Session Manager sessions whose
// preferences ask for KMS encryption. The plaintext key is the caller's to wipe.
// Sync call: blocks the calling thread. GenerateDataKey changes nothing, but it is not a
// read either (it uses the key): read-only mode refuses it, like the session it serves.

#include <map>
#include <string>

#include "aws/service.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::aws {

namespace services {
extern const ServiceInfo kms;
}

struct DataKey {
  std::string plaintext;        // raw bytes
  std::string ciphertext_blob;  // raw bytes
};

AwsRequest generate_data_key_request(const std::string& key_id, int bytes,
                                     const std::map<std::string, std::string>& encryption_context);
// Refuses (ErrorKind::Parse) an answer without both keys or with a plaintext of another length.
Result<DataKey> parse_generate_data_key(std::string_view body, int bytes);
Result<DataKey> generate_data_key(const SyncCaller& call, const std::string& key_id, int bytes,
                                  const std::map<std::string, std::string>& encryption_context);

}  // namespace opsdeck::aws
