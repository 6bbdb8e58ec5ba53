#pragma once
// The audit trail: one JSON line per gated action (runbook steps — read-only ones too,
// marked "read_only" —, shells, SSM sessions and forwards, deploys, instance actions,
// scaling, parameter updates), fsync'd before append() returns — so callers write the
// record BEFORE they report the action done, and treat a failed append as "do not run".
//
// Two phases per action: "start" (before it runs: who asked for what, where) and "end"
// (exit status, duration). A start without an end is an action that was interrupted.
//
// Location: $OPSDECK_AUDIT_LOG, else $XDG_STATE_HOME/opsdeck/audit.jsonl. Commands are
// passed through a Redactor by the caller; append() redacts again with the built-in rules
// as a second line of defence. Read it back with app/audit_reader.hpp.
//
// The file cannot be subverted by whoever else can reach its path:
// - the last component is opened O_NOFOLLOW (a symlink is refused, never followed) and
//   O_NONBLOCK (a FIFO planted there cannot hang the open); the open file must be a
//   regular file owned by the current user with no group/other permission bit, else
//   append() fails with the command that fixes it ("chmod 600 …"). A new file is 0600.
// - missing directories are created 0700, one component at a time; the directory that
//   holds the file must belong to the user (or root) and must not be group/other-writable
//   unless it has the sticky bit (/tmp is fine, a 0777 directory is not).
// - the file is opened O_RDWR (to look at its last byte), not only O_WRONLY.
//
// Whole lines: each record is ONE write(2) of the complete line with O_APPEND, under an
// exclusive flock(2) on the file that every opsdeck writer takes (held up to 5 s waiting,
// then an error). On Linux local filesystems a single O_APPEND write to a regular file is
// atomic with respect to other O_APPEND writers, whatever its size — a record larger than
// PIPE_BUF is fine (PIPE_BUF bounds pipes, not files); the flock gives the same on NFS.
// A write that comes back short (disk full, RLIMIT_FSIZE, quota) is an error saying the
// disk may be full, and the file is truncated back to its size before the write, so no
// partial line is left. A kill -9 can still cut a record in the kernel (a write stops
// between pages when a fatal signal is pending): the next append sees the last byte is not
// a newline and starts its record on a fresh line, so a cut record never swallows a whole
// one, and the reader reports the cut line instead of failing on it.
// Durability: the file is fsync'd after every record; its directory (and the parent of
// each directory created) is fsync'd when the file (or directory) was created.
//
// Thread-safe and process-safe: each append is one open/lock/write/fsync/close.

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
  // Appends and fsyncs one line; creates the directory (0700) and file (0600) when needed.
  // An error (unsafe file or directory, disk full, lock not obtained) means nothing was
  // recorded: the message says what to do.
  aws::Result<void> append(AuditRecord record) const;

  // The JSON line (with its newline) append() writes for `record`, secrets redacted.
  static std::string to_line(AuditRecord record);

  static std::string now_iso8601();
  static std::string os_user();

 private:
  std::string path_;
};

}  // namespace opsdeck::app
