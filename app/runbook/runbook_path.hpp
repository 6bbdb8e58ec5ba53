#pragma once
// Keeps runbook paths inside the runbook directories. A path can come from an alarm's
// description (`runbook: ../../x.md`, written by anyone who may edit alarms), a config
// entry or `:runbook PATH` in the console; only Markdown files under the configured runbook
// directories are ever opened.
//
// confine_runbook_path(requested, runbook_dirs):
//   - each directory is canonicalised (realpath: absolute, symlinks resolved); directories
//     that do not exist are skipped;
//   - an absolute `requested` is canonicalised as is; a relative one is tried against each
//     directory in order, and the first that passes every check below wins;
//   - the canonical file must lie strictly inside one of the canonical directories (so `..`
//     and symlinks that lead out are refused, whatever the spelling), be a regular file and
//     end in .md or .markdown (any case, on the resolved name); a path that does not exist
//     but whose spelling leads out of the directories is reported as outside, not missing;
//   - empty paths and paths with a NUL byte are refused.
// Returns the canonical path, or ErrorKind::Usage naming the path (control characters shown
// as escapes) and the allowed directories. When candidates fail for different reasons the
// error reports, in this order of precedence: outside the directories, not a regular file,
// not Markdown, not found.
//
// The check and the later open are two steps: whoever can rename files inside a runbook
// directory between them can change what is opened, as they can change the runbook itself.
//
// Reads the filesystem (realpath, stat); no other state; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "aws/result.hpp"

namespace opsdeck::app::runbook {

aws::Result<std::string> confine_runbook_path(std::string_view requested, const std::vector<std::string>& runbook_dirs);

}  // namespace opsdeck::app::runbook
