#include "ssh/host_key.hpp"

#include <openssl/sha.h>

#include "ssh/base64.hpp"

namespace opsdeck::ssh {

std::string HostKey::sha256_fingerprint() const {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(blob.data()), blob.size(), digest);
  std::string b64 = base64_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return "SHA256:" + b64;
}

std::string HostKey::openssh_public() const { return type + " " + base64_encode(blob); }

std::string key_type_of_blob(std::string_view blob) {
  if (blob.size() < 4) return {};
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(blob[i])); };
  uint32_t len = (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
  if (len > blob.size() - 4) return {};
  return std::string(blob.substr(4, len));
}

}  // namespace opsdeck::ssh
