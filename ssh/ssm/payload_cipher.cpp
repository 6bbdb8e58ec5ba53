#include "ssh/ssm/payload_cipher.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>

namespace opsdeck::ssh::ssm {
namespace {

constexpr int kNonce = 12, kTag = 16;

struct CipherCtx {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); }
};

std::string seal(const unsigned char* key, std::string_view plain) {
  std::string out(static_cast<size_t>(kNonce) + plain.size() + kTag, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  RAND_bytes(o, kNonce);
  CipherCtx c;
  int len = 0, total = 0;
  EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr);
  EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_IVLEN, kNonce, nullptr);
  EVP_EncryptInit_ex(c.ctx, nullptr, nullptr, key, o);
  EVP_EncryptUpdate(c.ctx, o + kNonce, &len, reinterpret_cast<const unsigned char*>(plain.data()),
                    static_cast<int>(plain.size()));
  total = len;
  EVP_EncryptFinal_ex(c.ctx, o + kNonce + total, &len);
  EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, kTag, o + kNonce + plain.size());
  return out;
}

aws::Result<std::string> open(const unsigned char* key, std::string_view sealed) {
  if (sealed.size() < static_cast<size_t>(kNonce + kTag))
    return aws::make_error(aws::ErrorKind::Parse, "encrypted Session Manager payload is too short",
                           "the agent and opsdeck disagree about the session's KMS encryption");
  const auto* in = reinterpret_cast<const unsigned char*>(sealed.data());
  size_t body = sealed.size() - kNonce - kTag;
  std::string out(body, '\0');
  CipherCtx c;
  int len = 0;
  EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr);
  EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_IVLEN, kNonce, nullptr);
  EVP_DecryptInit_ex(c.ctx, nullptr, nullptr, key, in);
  EVP_DecryptUpdate(c.ctx, reinterpret_cast<unsigned char*>(out.data()), &len, in + kNonce, static_cast<int>(body));
  EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, kTag, const_cast<unsigned char*>(in + kNonce + body));
  if (EVP_DecryptFinal_ex(c.ctx, reinterpret_cast<unsigned char*>(out.data()) + len, &len) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return aws::make_error(aws::ErrorKind::Parse, "encrypted Session Manager payload failed authentication",
                           "the payload was altered or encrypted with another key; the session cannot be trusted");
  }
  return out;
}

}  // namespace

aws::Result<std::unique_ptr<PayloadCipher>> PayloadCipher::from_data_key(std::string_view plaintext) {
  if (plaintext.size() != 64)
    return aws::make_error(aws::ErrorKind::Parse,
                           "KMS data key has " + std::to_string(plaintext.size()) + " bytes, not 64",
                           "Session Manager encryption needs GenerateDataKey with NumberOfBytes 64");
  std::unique_ptr<PayloadCipher> cipher(new PayloadCipher());
  std::memcpy(cipher->agent_key_, plaintext.data(), 32);
  std::memcpy(cipher->client_key_, plaintext.data() + 32, 32);
  return cipher;
}

PayloadCipher::~PayloadCipher() {
  OPENSSL_cleanse(agent_key_, sizeof agent_key_);
  OPENSSL_cleanse(client_key_, sizeof client_key_);
}

std::string PayloadCipher::encrypt_to_agent(std::string_view plain) const { return seal(client_key_, plain); }
aws::Result<std::string> PayloadCipher::decrypt_from_agent(std::string_view sealed) const {
  return open(agent_key_, sealed);
}
std::string PayloadCipher::encrypt_from_agent(std::string_view plain) const { return seal(agent_key_, plain); }
aws::Result<std::string> PayloadCipher::decrypt_to_agent(std::string_view sealed) const {
  return open(client_key_, sealed);
}

}  // namespace opsdeck::ssh::ssm
