#pragma once
// Remembers, per runbook file and environment, which steps ran and how they ended, and
// the variable answers given — so a crash or restart resumes where the operator was.
// Secret variables (is_secret_name: PASSWORD/SECRET/TOKEN/KEY in the name) are never
// written. A step's status is only trusted while its code is unchanged (a hash is kept).
//
// File: <state_dir>/progress/<runbook-name>-<hash of absolute path>.<environment>.json,
// written atomically (a fresh mkostemp file, mode 0600, in the same directory; fsync,
// rename, fsync directory).
// Not thread-safe; one owner (the runbook runner) at a time.

#include <cstdint>
#include <map>
#include <string>

#include "aws/result.hpp"

namespace opsdeck::app::runbook {

struct StepProgress {
  std::string status;  // "running" (interrupted if found at load), "done", "failed", "skipped"
  int exit_code = 0;
  long long duration_ms = 0;
  std::string finished_at;  // ISO-8601
  std::string code_hash;
};

struct RunbookProgress {
  std::string runbook;      // absolute path
  std::string environment;
  std::map<int, StepProgress> steps;         // by 1-based step index
  std::map<std::string, std::string> vars;   // remembered answers (never secrets)
};

class ProgressStore {
 public:
  // `state_dir` is usually app::state_directory().
  ProgressStore(std::string state_dir, std::string runbook_path, std::string environment);

  const std::string& file() const { return file_; }
  // A missing file is empty progress. A corrupt or mistyped one is an error naming the file
  // and the field ("progress file X: steps[2].status is null, expected a string"); callers
  // warn and start without saved progress, and the next save() overwrites it.
  aws::Result<RunbookProgress> load() const;
  aws::Result<void> save(const RunbookProgress& progress) const;

  static std::string hash_code(const std::string& code);

 private:
  std::string file_;
  std::string runbook_;
  std::string environment_;
};

}  // namespace opsdeck::app::runbook
