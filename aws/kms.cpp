#include "aws/kms.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "aws/json_fields.hpp"

namespace opsdeck::aws {

namespace services {
const ServiceInfo kms{"kms", "kms", "kms", Protocol::Json11, "2014-11-01", "TrentService"};
}

namespace {

std::string base64_decoded(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return {};
  size_t pad = 0;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) ++pad;
  out.resize(static_cast<size_t>(n) - std::min<size_t>(pad, static_cast<size_t>(n)));
  return out;
}

Error parse_error(std::string message) {
  Error e = make_error(ErrorKind::Parse, std::move(message));
  e.operation = "kms:GenerateDataKey";
  return e;
}

}  // namespace

AwsRequest generate_data_key_request(const std::string& key_id, int bytes,
                                     const std::map<std::string, std::string>& encryption_context) {
  nlohmann::json j{{"KeyId", key_id}, {"NumberOfBytes", bytes}};
  if (!encryption_context.empty()) j["EncryptionContext"] = encryption_context;
  return json_request(services::kms, "GenerateDataKey", std::move(j));
}

Result<DataKey> parse_generate_data_key(std::string_view body, int bytes) {
  auto j = parse_json_body(body, "kms:GenerateDataKey");
  if (!j) return j.error();
  std::string plain_b64 = jstr(*j, "Plaintext");
  DataKey key{base64_decoded(plain_b64), base64_decoded(jstr(*j, "CiphertextBlob"))};
  OPENSSL_cleanse(plain_b64.data(), plain_b64.size());
  if (key.ciphertext_blob.empty() || key.plaintext.size() != static_cast<size_t>(bytes)) {
    OPENSSL_cleanse(key.plaintext.data(), key.plaintext.size());
    return parse_error("GenerateDataKey answered without a " + std::to_string(bytes) +
                       "-byte key and its encrypted copy");
  }
  return key;
}

Result<DataKey> generate_data_key(const SyncCaller& call, const std::string& key_id, int bytes,
                                  const std::map<std::string, std::string>& encryption_context) {
  auto resp = call(generate_data_key_request(key_id, bytes, encryption_context));
  if (!resp) return resp.error();
  return parse_generate_data_key(resp->body, bytes);
}

}  // namespace opsdeck::aws
