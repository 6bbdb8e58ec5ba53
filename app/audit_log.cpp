#include "app/audit_log.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <thread>
#include <vector>

#include "app/config.hpp"
#include "app/redactor.hpp"
#include "ssh/unique_fd.hpp"

namespace opsdeck::app {

namespace {

using ssh::UniqueFd;
namespace fs = std::filesystem;

constexpr auto kLockWait = std::chrono::seconds(5);

aws::Error audit_error(std::string message, std::string hint = {}) {
  return aws::make_error(aws::ErrorKind::Internal, std::move(message), std::move(hint));
}

std::string octal_mode(mode_t mode) { return fmt::format("{:04o}", mode & 07777); }

const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

// fsync of a directory, so that an entry created in it survives a crash. Best effort: a
// filesystem that cannot fsync directories has nothing more to offer.
void fsync_directory(const std::string& dir) {
  UniqueFd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d.valid()) (void)::fsync(d.get());
}

// Creates each missing component of `dir` with mode 0700; existing ones are left as they
// are (check_directory judges the last one).
aws::Result<void> make_directories(const fs::path& dir) {
  fs::path prefix;
  for (const auto& part : dir) {
    prefix /= part;
    const std::string p = prefix.string();
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode))
        return audit_error("audit log directory " + p + " is " + file_kind(st.st_mode),
                           "set OPSDECK_AUDIT_LOG to a file in a directory you own");
      continue;
    }
    if (errno != ENOENT)
      return audit_error("cannot reach the audit log directory " + p + ": " + std::strerror(errno),
                         "set OPSDECK_AUDIT_LOG to a file in a directory you own");
    if (::mkdir(p.c_str(), 0700) == 0) {
      fsync_directory(prefix.has_parent_path() ? prefix.parent_path().string() : ".");
    } else if (errno != EEXIST) {
      return audit_error("cannot create the audit log directory " + p + ": " + std::strerror(errno),
                         "make " + prefix.parent_path().string() +
                             " writable, or set OPSDECK_AUDIT_LOG to a file in a directory you own");
    }
  }
  return {};
}

// The directory that holds the log: someone else who can write to it could swap the file
// for another between two appends.
aws::Result<void> check_directory(const struct stat& st, const std::string& dir) {
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
    return audit_error(fmt::format("audit log directory {} is writable by others (mode {}): chmod go-w {}", dir,
                                   octal_mode(st.st_mode), dir),
                       "or set OPSDECK_AUDIT_LOG to a file in a directory only you can write to");
  if (st.st_uid != ::geteuid() && st.st_uid != 0)
    return audit_error(fmt::format("audit log directory {} belongs to uid {}, not to you (uid {})", dir, st.st_uid,
                                   ::geteuid()),
                       "set OPSDECK_AUDIT_LOG to a file in a directory you own");
  return {};
}

aws::Result<void> check_file(const struct stat& st, const std::string& path) {
  if (!S_ISREG(st.st_mode))
    return audit_error("audit log " + path + " is " + file_kind(st.st_mode) + ", not a regular file",
                       "set OPSDECK_AUDIT_LOG to a file path");
  if (st.st_uid != ::geteuid())
    return audit_error(fmt::format("audit log {} belongs to uid {}, not to you (uid {}): opsdeck appends only to "
                                   "its own log; move it away (mv {} {}.other)",
                                   path, st.st_uid, ::geteuid(), path, path));
  const mode_t others = st.st_mode & 077;
  if (others != 0) {
    const char* how = (others & 044) ? "readable by others" : (others & 022) ? "writable by others" : "open to others";
    return audit_error(fmt::format("audit log {} is {} (mode {}): chmod 600 {}", path, how, octal_mode(st.st_mode),
                                   path));
  }
  return {};
}

// Opens (creating 0600 when missing) the log inside the already-open directory `dfd`.
aws::Result<UniqueFd> open_log(int dfd, const std::string& name, const std::string& path, bool& created) {
  constexpr int kFlags = O_RDWR | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
  for (int attempt = 0; attempt < 3; ++attempt) {
    int fd = ::openat(dfd, name.c_str(), kFlags | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
      created = true;
      return UniqueFd(fd);
    }
    if (errno == EEXIST) {
      fd = ::openat(dfd, name.c_str(), kFlags);
      if (fd >= 0) {
        created = false;
        return UniqueFd(fd);
      }
      if (errno == ENOENT) continue;  // removed between the two opens
    }
    const int e = errno;
    if (e == ELOOP)
      return audit_error("audit log " + path + " is a symbolic link; opsdeck never follows one for its audit log",
                         "replace it with a regular file (rm " + path + "), or set OPSDECK_AUDIT_LOG to the real path");
    if (e == EISDIR)
      return audit_error("audit log " + path + " is a directory, not a regular file",
                         "set OPSDECK_AUDIT_LOG to a file path");
    return audit_error("cannot open audit log " + path + ": " + std::strerror(e),
                       "set OPSDECK_AUDIT_LOG to a writable file");
  }
  return audit_error("cannot open audit log " + path + ": it keeps disappearing",
                     "check what else removes files in its directory");
}

aws::Result<void> lock_log(int fd, const std::string& path) {
  const auto deadline = std::chrono::steady_clock::now() + kLockWait;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK)
      return audit_error("cannot lock audit log " + path + ": " + std::strerror(errno));
    if (std::chrono::steady_clock::now() >= deadline)
      return audit_error("audit log " + path + " stayed locked by another process for 5 s",
                         "find it with: fuser " + path);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return {};
}

}  // namespace

AuditLog::AuditLog(std::string path) : path_(std::move(path)) {}

std::string AuditLog::default_path() {
  const char* p = std::getenv("OPSDECK_AUDIT_LOG");
  if (p && *p) return p;
  return state_directory() + "/audit.jsonl";
}

std::string AuditLog::now_iso8601() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
  return out;
}

std::string AuditLog::os_user() {
  if (passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return pw->pw_name;
  const char* u = std::getenv("USER");
  return u ? u : std::to_string(geteuid());
}

std::string AuditLog::to_line(AuditRecord r) {
  if (r.time.empty()) r.time = now_iso8601();
  if (r.user.empty()) r.user = os_user();
  Redactor redactor;
  nlohmann::json j;
  j["time"] = r.time;
  j["user"] = r.user;
  if (!r.caller_arn.empty()) j["caller_arn"] = r.caller_arn;
  j["profile"] = r.profile;
  j["region"] = r.region;
  j["environment"] = r.environment;
  j["action"] = r.action;
  j["phase"] = r.phase;
  j["target"] = r.target;
  j["command"] = redactor.redact(r.command);
  if (!r.runbook.empty()) j["runbook"] = r.runbook;
  if (r.step > 0) j["step"] = r.step;
  if (r.exit_status) j["exit_status"] = *r.exit_status;
  if (r.duration_ms) j["duration_ms"] = *r.duration_ms;
  if (!r.result.empty()) j["result"] = r.result;
  if (r.read_only) j["read_only"] = true;
  if (!r.guard.empty()) j["guard"] = r.guard;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

aws::Result<void> AuditLog::append(AuditRecord record) const {
  std::string line = to_line(std::move(record));

  const fs::path file(path_);
  const std::string name = file.filename().string();
  if (name.empty() || name == "." || name == "..")
    return audit_error("audit log path " + path_ + " names a directory, not a file",
                       "set OPSDECK_AUDIT_LOG to a file path");
  const fs::path dir_path = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const std::string dir = dir_path.string();
  if (auto made = make_directories(dir_path); !made.ok()) return made.error();

  UniqueFd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dfd.valid())
    return audit_error("cannot open the audit log directory " + dir + ": " + std::strerror(errno),
                       "set OPSDECK_AUDIT_LOG to a file in a directory you own");
  struct stat dst {};
  if (::fstat(dfd.get(), &dst) != 0)
    return audit_error("cannot stat the audit log directory " + dir + ": " + std::strerror(errno));
  if (auto ok = check_directory(dst, dir); !ok.ok()) return ok.error();

  bool created = false;
  auto opened = open_log(dfd.get(), name, path_, created);
  if (!opened.ok()) return opened.error();
  const int fd = opened->get();
  if (auto locked = lock_log(fd, path_); !locked.ok()) return locked.error();

  struct stat st {};
  if (::fstat(fd, &st) != 0) return audit_error("cannot stat audit log " + path_ + ": " + std::strerror(errno));
  if (auto ok = check_file(st, path_); !ok.ok()) return ok.error();

  // A record cut short by a kill ends without a newline: start ours on a line of its own.
  const off_t before = st.st_size;
  if (before > 0) {
    char last = '\n';
    if (::pread(fd, &last, 1, before - 1) == 1 && last != '\n') line.insert(line.begin(), '\n');
  }

  ssize_t n = -1;
  do {
    n = ::write(fd, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(line.size())) {
    const std::string what = n < 0 ? std::string(std::strerror(errno))
                                   : fmt::format("only {} of {} bytes were written", n, line.size());
    const bool clean = n <= 0 || ::ftruncate(fd, before) == 0;
    return audit_error("cannot write audit log " + path_ + ": " + what + " (the disk may be full)" +
                           (clean ? "" : "; a partial line is left at its end"),
                       "free space where it lives (df " + dir + "), or set OPSDECK_AUDIT_LOG elsewhere");
  }
  if (::fsync(fd) != 0)
    return audit_error("cannot fsync audit log " + path_ + ": " + std::strerror(errno),
                       "the record may not be on disk; check the filesystem (df " + dir + ")");
  if (created && ::fsync(dfd.get()) != 0 && errno != EINVAL)
    return audit_error("cannot fsync the audit log directory " + dir + ": " + std::strerror(errno));
  return {};
}

}  // namespace opsdeck::app
