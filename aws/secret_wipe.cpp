#include "aws/secret_wipe.hpp"

#include <openssl/crypto.h>

#include <algorithm>

namespace opsdeck::aws {

void wipe(std::string& secret) {
  // resize() to the capacity never reallocates and makes every byte of the buffer part of
  // the string, so writing all of them is well-defined.
  secret.resize(secret.capacity());
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

void wipe(std::optional<std::string>& secret) {
  if (secret) wipe(*secret);
  secret.reset();
}

void append_secret(std::string& secret, char c) {
  if (secret.size() == secret.capacity()) {
    std::string larger;
    larger.reserve(std::max<std::size_t>(secret.capacity() * 2, 64));
    larger.assign(secret);
    wipe(secret);
    secret.swap(larger);  // `larger` now holds the wiped old buffer
  }
  secret.push_back(c);
}

}  // namespace opsdeck::aws
