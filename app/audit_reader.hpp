#pragma once
// Reads the audit log (app/audit_log.hpp) back: every whole JSON line as a record, and a
// report of the lines it had to skip instead of failing on them or dropping them silently.
//
// What can be found besides whole records, and why:
// - a torn last line (no newline at the end, or not JSON): a writer killed in the middle
//   of its write(2) — the kernel can stop a write between pages on kill -9 —, or a crash
//   before the data reached the disk;
// - a line in the middle that is not a JSON object: such a torn record followed by later
//   records (AuditLog starts each record on a fresh line, so only the torn one is lost),
//   or a file someone edited.
// Empty lines carry nothing and are passed over.
//
// Pure functions; any thread.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/result.hpp"

namespace opsdeck::app {

struct SkippedAuditLine {
  std::size_t line = 0;    // 1-based line number
  std::size_t offset = 0;  // byte offset of the line in the file
  std::size_t bytes = 0;   // its length, without the newline
  std::string reason;      // "no newline at the end", "not a JSON object"
};

struct AuditLogContents {
  std::vector<nlohmann::json> records;        // each whole line, in file order
  std::vector<SkippedAuditLine> skipped;      // middle lines that are not records
  std::optional<SkippedAuditLine> torn_tail;  // the last line, when it is not a whole record

  bool whole() const { return skipped.empty() && !torn_tail; }
  // One line per skipped line ("audit log X: line 7 (312 bytes at offset 2048) skipped:
  // not a JSON object"), "" when whole(). Never includes the line's text.
  std::string report(const std::string& path) const;
};

AuditLogContents parse_audit_log(std::string_view text);
// Reads and parses the file; a file that does not exist yet has no records. An error
// only when it exists and cannot be read.
aws::Result<AuditLogContents> read_audit_log(const std::string& path);

}  // namespace opsdeck::app
