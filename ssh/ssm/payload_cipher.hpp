#pragma once
// Session Manager's optional payload encryption (notes §5 "KMS encryption"): a 64-byte KMS
// data key whose first 32 bytes encrypt what the agent sends and last 32 bytes what the
// client sends; each payload is AES-256-GCM with a fresh 12-byte nonce in front and the
// 16-byte tag behind, no associated data (OpenSSL EVP).
//
// Owns the key bytes and wipes them when destroyed. Immutable after construction; any thread.

#include <memory>
#include <string>
#include <string_view>

#include "aws/result.hpp"

namespace opsdeck::ssh::ssm {

struct KmsDataKey {
  std::string plaintext;        // 64 bytes; wiped by whoever holds it once the cipher exists
  std::string ciphertext_blob;  // raw bytes, sent to the agent base64-encoded
};

class PayloadCipher {
 public:
  // Refuses a key that is not 64 bytes.
  static aws::Result<std::unique_ptr<PayloadCipher>> from_data_key(std::string_view plaintext);
  ~PayloadCipher();
  PayloadCipher(const PayloadCipher&) = delete;
  PayloadCipher& operator=(const PayloadCipher&) = delete;

  std::string encrypt_to_agent(std::string_view plain) const;
  // Refuses (ErrorKind::Parse) a payload that is too short or fails authentication.
  aws::Result<std::string> decrypt_from_agent(std::string_view sealed) const;
  // The agent's own direction, for the test peer's side of the challenge and for tests.
  std::string encrypt_from_agent(std::string_view plain) const;
  aws::Result<std::string> decrypt_to_agent(std::string_view sealed) const;

 private:
  PayloadCipher() = default;
  unsigned char agent_key_[32]{};   // encrypts agent -> client
  unsigned char client_key_[32]{};  // encrypts client -> agent
};

}  // namespace opsdeck::ssh::ssm
