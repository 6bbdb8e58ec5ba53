#include "app/audit_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "ssh/unique_fd.hpp"

namespace opsdeck::app {

std::string AuditLogContents::report(const std::string& path) const {
  std::string out;
  auto add = [&](const SkippedAuditLine& s) {
    out += fmt::format("audit log {}: line {} ({} bytes at offset {}) skipped: {}\n", path, s.line, s.bytes,
                       s.offset, s.reason);
  };
  for (const auto& s : skipped) add(s);
  if (torn_tail) add(*torn_tail);
  return out;
}

AuditLogContents parse_audit_log(std::string_view text) {
  AuditLogContents out;
  std::size_t line_no = 0;
  for (std::size_t start = 0; start < text.size();) {
    ++line_no;
    const std::size_t nl = text.find('\n', start);
    const bool last = nl == std::string_view::npos || nl + 1 == text.size();
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    const std::string_view line = text.substr(start, end - start);
    SkippedAuditLine skip{line_no, start, line.size(), {}};
    if (nl == std::string_view::npos) {
      skip.reason = "no newline at the end (a record cut short)";
    } else if (!line.empty()) {
      auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!j.is_discarded() && j.is_object())
        out.records.push_back(std::move(j));
      else
        skip.reason = "not a JSON object";
    }
    if (!skip.reason.empty()) {
      if (last)
        out.torn_tail = std::move(skip);
      else
        out.skipped.push_back(std::move(skip));
    }
    start = end + 1;
  }
  return out;
}

aws::Result<AuditLogContents> read_audit_log(const std::string& path) {
  ssh::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return AuditLogContents{};
    return aws::make_error(aws::ErrorKind::Internal, "cannot read audit log " + path + ": " + std::strerror(errno));
  }
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return aws::make_error(aws::ErrorKind::Internal, "cannot read audit log " + path + ": " + std::strerror(errno));
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  return parse_audit_log(text);
}

}  // namespace opsdeck::app
