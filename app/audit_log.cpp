#include "app/audit_log.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "app/config.hpp"
#include "app/redactor.hpp"

namespace opsdeck::app {

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

aws::Result<void> AuditLog::append(AuditRecord r) const {
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
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  std::error_code ec;
  auto dir = std::filesystem::path(path_).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return aws::make_error(aws::ErrorKind::Internal,
                           "cannot open audit log " + path_ + ": " + std::strerror(errno),
                           "set OPSDECK_AUDIT_LOG to a writable file");
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = errno;
      ::close(fd);
      return aws::make_error(aws::ErrorKind::Internal, "cannot write audit log " + path_ + ": " + std::strerror(e));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int e = errno;
    ::close(fd);
    return aws::make_error(aws::ErrorKind::Internal, "cannot fsync audit log " + path_ + ": " + std::strerror(e));
  }
  ::close(fd);
  return {};
}

}  // namespace opsdeck::app
