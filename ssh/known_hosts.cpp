#include "ssh/known_hosts.hpp"

#include <fcntl.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "ssh/base64.hpp"
#include "ssh/host_pattern.hpp"

namespace opsdeck::ssh {

namespace {

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    size_t end = line.find_first_of(" \t", i);
    if (end == std::string_view::npos) end = line.size();
    out.push_back(line.substr(i, end - i));
    i = end;
  }
  return out;
}

std::string hmac_sha1(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

// "|1|salt|hash" against a lookup name.
bool hashed_match(std::string_view field, std::string_view name) {
  if (field.substr(0, 3) != "|1|") return false;
  auto bar = field.find('|', 3);
  if (bar == std::string_view::npos) return false;
  auto salt = base64_decode(field.substr(3, bar - 3));
  auto hash = base64_decode(field.substr(bar + 1));
  if (!salt || !hash || salt->size() != 20) return false;
  return hmac_sha1(*salt, name) == *hash;
}

}  // namespace

const char* to_string(HostKeyStatus s) {
  switch (s) {
    case HostKeyStatus::Match: return "match";
    case HostKeyStatus::Mismatch: return "mismatch";
    case HostKeyStatus::Unknown: return "unknown";
    case HostKeyStatus::Revoked: return "revoked";
  }
  return "?";
}

std::string known_hosts_name(std::string_view host, int port) {
  if (port == 22 || port <= 0) return std::string(host);
  return "[" + std::string(host) + "]:" + std::to_string(port);
}

KnownHosts KnownHosts::parse(std::string_view text) {
  KnownHosts kh;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto f = split_fields(line);
    if (f.empty() || f[0].front() == '#') continue;
    Entry e;
    e.line = line_no;
    if (f[0].front() == '@') {
      e.marker = std::string(f[0]);
      f.erase(f.begin());
      if (e.marker == "@cert-authority") continue;
      if (e.marker != "@revoked") {
        kh.warnings_.push_back("line " + std::to_string(line_no) + ": unknown marker " + e.marker);
        continue;
      }
    }
    if (f.size() < 3) {
      kh.warnings_.push_back("line " + std::to_string(line_no) + ": expected hosts, key type and key");
      continue;
    }
    auto blob = base64_decode(f[2]);
    if (!blob || key_type_of_blob(*blob) != f[1]) {
      kh.warnings_.push_back("line " + std::to_string(line_no) + ": unreadable " + std::string(f[1]) + " key");
      continue;
    }
    e.hosts = std::string(f[0]);
    e.key = HostKey{std::string(f[1]), std::move(*blob)};
    kh.entries_.push_back(std::move(e));
  }
  return kh;
}

KnownHosts KnownHosts::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str());
}

bool KnownHosts::hosts_match(const Entry& e, std::string_view name) {
  if (e.hosts.front() == '|') return hashed_match(e.hosts, name);
  return match_pattern_list(name, e.hosts, ",");
}

HostKeyCheck KnownHosts::check(std::string_view host, int port, const HostKey& key) const {
  const std::string name = known_hosts_name(host, port);
  HostKeyCheck result;
  const Entry* mismatch = nullptr;
  for (const auto& e : entries_) {
    if (!hosts_match(e, name)) continue;
    if (e.marker == "@revoked") {
      if (e.key.blob == key.blob) return {HostKeyStatus::Revoked, e.line, {}};
      continue;
    }
    if (e.key.type != key.type) {
      result.other_key_types.push_back(e.key.type);
      continue;
    }
    if (e.key.blob == key.blob) {
      result.status = HostKeyStatus::Match;
      result.line = e.line;
    } else if (!mismatch) {
      mismatch = &e;
    }
  }
  // A revoked key wins over everything (checked above); a match wins over a stale entry of
  // the same type, as in ssh (several keys per host are legitimate during rotation).
  if (result.status == HostKeyStatus::Match) return {HostKeyStatus::Match, result.line, {}};
  if (mismatch) return {HostKeyStatus::Mismatch, mismatch->line, {}};
  return result;
}

std::vector<std::string> KnownHosts::key_types_for(std::string_view host, int port) const {
  const std::string name = known_hosts_name(host, port);
  std::vector<std::string> types;
  for (const auto& e : entries_) {
    if (e.marker.empty() && hosts_match(e, name)) {
      bool seen = false;
      for (const auto& t : types) seen = seen || t == e.key.type;
      if (!seen) types.push_back(e.key.type);
    }
  }
  return types;
}

std::string format_known_host(std::string_view host, int port, const HostKey& key, bool hashed) {
  std::string name = known_hosts_name(host, port);
  if (hashed) {
    unsigned char salt[20];
    RAND_bytes(salt, sizeof salt);
    std::string s(reinterpret_cast<char*>(salt), sizeof salt);
    name = "|1|" + base64_encode(s) + "|" + base64_encode(hmac_sha1(s, name));
  }
  return name + " " + key.openssh_public();
}

aws::Result<void> append_known_host(const std::filesystem::path& path, std::string_view host, int port,
                                    const HostKey& key, bool hashed) {
  std::error_code ec;
  if (path.has_parent_path() && !std::filesystem::exists(path.parent_path())) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (!ec) ::chmod(path.parent_path().c_str(), 0700);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    return aws::make_error(aws::ErrorKind::Internal,
                           "cannot record host key in " + path.string() + ": " + std::strerror(errno));
  // Start on a fresh line even when the file's last line has no newline.
  std::string line = format_known_host(host, port, key, hashed) + "\n";
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    char last = '\n';
    int rfd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (rfd >= 0) {
      if (::pread(rfd, &last, 1, st.st_size - 1) != 1) last = '\n';
      ::close(rfd);
    }
    if (last != '\n') line.insert(line.begin(), '\n');
  }
  ssize_t n = ::write(fd, line.data(), line.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(line.size()))
    return aws::make_error(aws::ErrorKind::Internal, "short write recording host key in " + path.string());
  return {};
}

}  // namespace opsdeck::ssh
