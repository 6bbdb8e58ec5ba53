#pragma once
// The runbooks the config knows about, for the console's `:runbooks` view and the alarm
// triage menu: every *.md in "runbooks.directory", every "services.*.runbooks" entry and
// every "alarm_runbooks" value, paths relative to the config file's directory; plus the
// services' log groups and the top-level "log_groups" map (to point the Logs pane at an
// alarm's service).
//
//   "services": { "clinic-api": { "log_groups": ["/app/api"], "runbooks": ["runbooks/deploy.md"] } },
//   "alarm_runbooks": { "clinic-api-cpu-high": "runbooks/incident-api-5xx.md" },
//   "runbooks": { "directory": "runbooks" }
//
// Pure apart from load_runbook_catalog() reading the file and listing the directory.
// Loaded once on the UI thread; read-only afterwards.

#include <map>
#include <string>
#include <vector>

#include "aws/result.hpp"

namespace opsdeck::app {

struct RunbookEntry {
  std::string path;                  // absolute (or as given when not under the config dir)
  std::string name;                  // as written in the config / relative to the directory
  std::vector<std::string> used_by;  // "service clinic-api", "alarm clinic-api-cpu-high"
};

struct RunbookCatalog {
  std::string base_dir;  // the config file's directory ("" : the working directory)
  std::string directory;
  std::vector<RunbookEntry> runbooks;                          // sorted by name
  std::map<std::string, std::string> alarm_runbooks;           // alarm name -> path
  std::map<std::string, std::vector<std::string>> service_log_groups;
  std::vector<std::string> services;  // names in "services" (for `D`)

  // `file` as an existing path: as given, else under base_dir, else under directory.
  // Returns `file` unchanged when none exists (the loader then reports it).
  std::string resolve(const std::string& file) const;
  // The directories runbooks may be opened from: "runbooks.directory" and the directory of
  // every runbook the config names (else the config's own directory).
  std::vector<std::string> directories() const;
  // `file` (a catalog name, or a path relative to a runbook directory) as a canonical path
  // inside directories(), or why not (runbook/runbook_path.hpp). Alarm descriptions and
  // `:runbook` go through this: `runbook: ../../etc/passwd` is refused.
  aws::Result<std::string> confine(const std::string& file) const;
  // The entry whose path or name is `file`, or nullptr.
  const RunbookEntry* find(const std::string& file) const;
};

aws::Result<RunbookCatalog> parse_runbook_catalog(const std::string& json_text, const std::string& config_path);
// A missing/empty `config_path` is an empty catalog.
aws::Result<RunbookCatalog> load_runbook_catalog(const std::string& config_path);

}  // namespace opsdeck::app
