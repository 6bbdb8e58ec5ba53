#include "ssh/private_key_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "ssh/base64.hpp"

namespace opsdeck::ssh {

namespace {

// "openssh-key-v1\0" then string ciphername: anything but "none" is encrypted.
bool openssh_format_encrypted(const std::string& pem) {
  const std::string begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
  auto b = pem.find(begin);
  auto e = pem.find("-----END", b == std::string::npos ? 0 : b);
  if (b == std::string::npos || e == std::string::npos) return false;
  std::string b64;
  for (size_t i = b + begin.size(); i < e; ++i)
    if (!std::isspace(static_cast<unsigned char>(pem[i]))) b64 += pem[i];
  auto raw = base64_decode(b64);
  const std::string magic("openssh-key-v1\0", 15);
  if (!raw || raw->compare(0, magic.size(), magic) != 0 || raw->size() < magic.size() + 4) return false;
  auto at = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>((*raw)[i])); };
  size_t p = magic.size();
  uint32_t len = (at(p) << 24) | (at(p + 1) << 16) | (at(p + 2) << 8) | at(p + 3);
  if (len > raw->size() - p - 4) return false;
  return raw->substr(p + 4, len) != "none";
}

}  // namespace

PrivateKeyInfo inspect_private_key(const std::filesystem::path& path) {
  PrivateKeyInfo info;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return info;
  info.exists = true;
  // ssh refuses a key it owns that group or others can access (sshkey_perm_ok).
  if (st.st_uid == ::getuid() && (st.st_mode & 077) != 0) {
    info.refusal = fmt::format(
        "permissions {:04o} for '{}' are too open: a private key must not be accessible by others (chmod 600 it)",
        st.st_mode & 0777, path.string());
    return info;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    info.refusal = "cannot read '" + path.string() + "'";
    return info;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  info.encrypted = text.find("ENCRYPTED") != std::string::npos || openssh_format_encrypted(text);
  return info;
}

}  // namespace opsdeck::ssh
