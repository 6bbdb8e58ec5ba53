#pragma once
// The audit trail: one JSON line per gated action (runbook steps — read-only ones too,
// marked "read_only" —, shells, SSM sessions and forwards, deploys, instance actions,
// scaling, parameter updates), appended with O_APPEND and
// fsync'd before append() returns — so callers write the record BEFORE they report the
// action done. A kill -9 at any moment leaves a file of whole JSON lines (each line is
// one write(2) of a complete record, and O_APPEND writes are not interleaved).
//
// Two phases per action: "start" (before it runs: who asked for what, where) and "end"
// (exit status, duration). A start without an end is an action that was interrupted.
//
// Location: $OPSDECK_AUDIT_LOG, else $XDG_STATE_HOME/opsdeck/audit.jsonl. The file is
// created 0600. Commands are passed through a Redactor by the caller; append() redacts
// again with the built-in rules as a second line of defence.
// Thread-safe: each append is one open/write/fsync/close.

#include <optional>
#include <string>

#include "aws/result.hpp"

namespace opsdeck::app {

struct AuditRecord {
  std::string time;         // ISO-8601 UTC; filled by append() when empty
  std::string user;         // OS user; filled by append() when empty
  std::string caller_arn;   // AWS caller identity, when known
  std::string profile;
  std::string region;
  std::string environment;
  std::string action;       // "runbook.step", "deploy", "ec2.reboot", ...
  std::string phase;        // "start" | "end" | "refused"
  std::string target;       // "local", "ssm:i-0abc", "ssh:web1", "service api"
  std::string command;      // with secrets redacted
  std::string runbook;      // runbook path, for runbook steps
  int step = 0;             // 1-based step index, for runbook steps
  std::optional<int> exit_status;
  std::optional<long long> duration_ms;
  std::string result;       // "done" | "failed" | "refused" | "error: ..."
  bool read_only = false;   // the gate allowed it as proven read-only
  std::string guard;        // how the gate allowed it: "read-only", "confirmed by --yes", ...
};

class AuditLog {
 public:
  explicit AuditLog(std::string path);
  static std::string default_path();

  const std::string& path() const { return path_; }
  // Appends and fsyncs one line; creates the directory and file when needed.
  aws::Result<void> append(AuditRecord record) const;

  static std::string now_iso8601();
  static std::string os_user();

 private:
  std::string path_;
};

}  // namespace opsdeck::app
