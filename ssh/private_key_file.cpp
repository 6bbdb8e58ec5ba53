#include "ssh/private_key_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>

#include "aws/secret_wipe.hpp"
#include "ssh/base64.hpp"

namespace opsdeck::ssh {

namespace {

constexpr off_t kMaxKeyFile = 1024 * 1024;  // far above any real key

// "openssh-key-v1\0" then string ciphername: anything but "none" is encrypted. The decoded
// bytes of an unencrypted key are the private key itself: wiped before returning.
bool openssh_format_encrypted(const std::string& pem) {
  const std::string begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
  auto b = pem.find(begin);
  auto e = pem.find("-----END", b == std::string::npos ? 0 : b);
  if (b == std::string::npos || e == std::string::npos) return false;
  std::string b64;
  b64.reserve(e - b);
  for (size_t i = b + begin.size(); i < e; ++i)
    if (!std::isspace(static_cast<unsigned char>(pem[i]))) b64 += pem[i];
  auto raw = base64_decode(b64);
  aws::wipe(b64);
  const std::string magic("openssh-key-v1\0", 15);
  bool encrypted = false;
  if (raw && raw->compare(0, magic.size(), magic) == 0 && raw->size() >= magic.size() + 4) {
    auto at = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>((*raw)[i])); };
    size_t p = magic.size();
    uint32_t len = (at(p) << 24) | (at(p + 1) << 16) | (at(p + 2) << 8) | at(p + 3);
    if (len <= raw->size() - p - 4) encrypted = raw->compare(p + 4, len, "none") != 0;
  }
  aws::wipe(raw);
  return encrypted;
}

// The whole file into one buffer sized up front (no stream buffers, no regrowth), so that
// wiping it leaves no other copy of the key text behind.
bool read_key_text(const std::filesystem::path& path, off_t size, std::string& text) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  text.resize(static_cast<size_t>(size));
  size_t got = 0;
  while (got < text.size()) {
    ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  text.resize(got);
  return true;
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
  std::string text;
  if (st.st_size > kMaxKeyFile || !read_key_text(path, st.st_size, text)) {
    info.refusal = "cannot read '" + path.string() + "'";
    return info;
  }
  info.encrypted = text.find("ENCRYPTED") != std::string::npos || openssh_format_encrypted(text);
  aws::wipe(text);
  return info;
}

}  // namespace opsdeck::ssh
