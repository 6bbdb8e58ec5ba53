#include "ssh/known_hosts.hpp"

#include <fcntl.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

// Splits "|1|salt|hash" into its decoded parts; false when malformed.
bool parse_hashed(std::string_view field, std::string& salt, std::string& hash) {
  if (field.substr(0, 3) != "|1|") return false;
  auto bar = field.find('|', 3);
  if (bar == std::string_view::npos) return false;
  auto s = base64_decode(field.substr(3, bar - 3));
  auto h = base64_decode(field.substr(bar + 1));
  if (!s || !h || s->size() != 20 || h->size() != 20) return false;
  salt = std::move(*s);
  hash = std::move(*h);
  return true;
}

std::string location(const std::filesystem::path& file, int line) {
  if (file.empty()) return "line " + std::to_string(line);
  return file.string() + ":" + std::to_string(line);
}

enum class ReadOutcome { Read, Missing, Unreadable };

// Reads a whole known_hosts file into `out`. Missing (or a path through a non-directory)
// is not an error, as for ssh; anything else that stops the read is, with the reason in
// `out`. Files over 64 MiB are refused rather than read without end (/dev/zero).
ReadOutcome read_known_hosts_file(const std::filesystem::path& path, std::string& out) {
  constexpr size_t kMax = 64u << 20;
  out.clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return ReadOutcome::Missing;
    out = "cannot read known_hosts file " + path.string() + ": " + std::strerror(errno);
    return ReadOutcome::Unreadable;
  }
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      out = "cannot read known_hosts file " + path.string() + ": " + std::strerror(err);
      return ReadOutcome::Unreadable;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > kMax) {
      ::close(fd);
      out = "cannot read known_hosts file " + path.string() + ": larger than 64 MiB";
      return ReadOutcome::Unreadable;
    }
  }
  ::close(fd);
  return ReadOutcome::Read;
}

}  // namespace

std::string HostKeyCheck::where() const { return location(file, line); }

std::string HostKeyCheck::cert_authority_where() const { return location(cert_authority_file, cert_authority_line); }

std::vector<std::filesystem::path> KnownHostsFiles::all() const {
  std::vector<std::filesystem::path> out = user;
  out.insert(out.end(), global.begin(), global.end());
  return out;
}

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

KnownHosts KnownHosts::parse(std::string_view text, const std::filesystem::path& origin) {
  KnownHosts kh;
  kh.origins_.push_back(origin);
  const std::string at = origin.empty() ? "line " : origin.string() + ":";
  auto warn = [&](int line_no, const std::string& what) {
    kh.warnings_.push_back(at + std::to_string(line_no) + ": " + what);
  };
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
      if (e.marker != "@revoked" && e.marker != "@cert-authority") {
        warn(line_no, "unknown marker " + e.marker);
        continue;
      }
    }
    if (f.size() < 3) {
      warn(line_no, "expected hosts, key type and key");
      continue;
    }
    auto blob = base64_decode(f[2]);
    if (!blob || key_type_of_blob(*blob) != f[1]) {
      warn(line_no, "unreadable " + std::string(f[1]) + " key");
      continue;
    }
    e.hosts = std::string(f[0]);
    if (e.hosts.front() == '|' && !parse_hashed(e.hosts, e.salt, e.hash)) {
      warn(line_no, "unreadable hashed host name");
      continue;
    }
    e.key = HostKey{std::string(f[1]), std::move(*blob)};
    kh.entries_.push_back(std::move(e));
  }
  return kh;
}

KnownHosts KnownHosts::load(const std::filesystem::path& path) {
  KnownHosts kh;
  std::string text;
  switch (read_known_hosts_file(path, text)) {
    case ReadOutcome::Read:
      return parse(text, path);
    case ReadOutcome::Missing:
      kh.origins_.push_back(path);
      return kh;
    case ReadOutcome::Unreadable:
      kh.origins_.push_back(path);
      kh.load_errors_.push_back(std::move(text));
      return kh;
  }
  return kh;
}

KnownHosts KnownHosts::load_files(const std::vector<std::filesystem::path>& paths) {
  KnownHosts all;
  for (const auto& p : paths) all.append(load(p));
  return all;
}

void KnownHosts::append(KnownHosts&& other) {
  const size_t base = origins_.size();
  for (auto& o : other.origins_) origins_.push_back(std::move(o));
  for (auto& e : other.entries_) {
    e.origin += base;
    entries_.push_back(std::move(e));
  }
  for (auto& w : other.warnings_) warnings_.push_back(std::move(w));
  for (auto& l : other.load_errors_) load_errors_.push_back(std::move(l));
}

bool KnownHosts::hosts_match(const Entry& e, std::string_view name) {
  if (!e.salt.empty()) return hmac_sha1(e.salt, name) == e.hash;
  return match_pattern_list(name, e.hosts, ",");
}

HostKeyCheck KnownHosts::check(std::string_view host, int port, const HostKey& key) const {
  const std::string name = known_hosts_name(host, port);
  auto verdict = [&](HostKeyStatus status, const Entry& e) {
    HostKeyCheck c;
    c.status = status;
    c.line = e.line;
    c.file = origins_[e.origin];
    return c;
  };
  const Entry* match = nullptr;
  const Entry* mismatch = nullptr;
  const Entry* authority = nullptr;
  std::vector<std::string> other_types;
  for (const auto& e : entries_) {
    if (!hosts_match(e, name)) continue;
    if (e.marker == "@revoked") {
      // Revoked in any file wins over everything, whatever comes before or after it.
      if (e.key.blob == key.blob) return verdict(HostKeyStatus::Revoked, e);
      continue;
    }
    if (e.marker == "@cert-authority") {
      if (!authority) authority = &e;
      continue;
    }
    if (e.key.type != key.type) {
      other_types.push_back(e.key.type);
      continue;
    }
    if (e.key.blob == key.blob) {
      if (!match) match = &e;
    } else if (!mismatch) {
      mismatch = &e;
    }
  }
  // A match wins over a stale entry of the same type, as in ssh (several keys per host are
  // legitimate during rotation); a plain key, matching or not, decides before a CA line.
  if (match) return verdict(HostKeyStatus::Match, *match);
  if (mismatch) return verdict(HostKeyStatus::Mismatch, *mismatch);
  HostKeyCheck result;
  result.other_key_types = std::move(other_types);
  if (authority) {
    result.cert_authority_line = authority->line;
    result.cert_authority_file = origins_[authority->origin];
  }
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
