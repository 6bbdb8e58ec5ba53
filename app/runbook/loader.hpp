#pragma once
// Loads a Markdown runbook into the Runbook model (app/runbook/step.hpp): sections from
// headings; steps from fenced code blocks (also inside list items), a runnable block
// split into the things an operator runs one at a time (app/runbook/block_splitter.hpp);
// steps from inline-code procedures in numbered lists (app/runbook/inline_procedures.hpp),
// the item's text kept as the step's context; prose before a step as its description;
// numbered-list items without a command as checklist entries; the runbook's own safety
// rules (app/runbook/safety_rules.hpp) quoted on every step they match. Each step is
// classified (kind, where, ssh host, follow, vars, destructive). Blocks introduced as
// alternatives to the block before them ("Or …:", "Option 2:", two "If …:" in a row) and
// inline commands joined by "or" share a choice group. A command that runs a script the
// runbook shows ("Save as `bootstrap.sh`:" + a destructive script) is destructive too.
// Pure apart from load_runbook() reading the file.

#include <string>
#include <string_view>
#include <vector>

#include "app/runbook/destructive_patterns.hpp"
#include "app/runbook/step.hpp"
#include "aws/result.hpp"

namespace opsdeck::app::runbook {

// Never fails; any byte string is some Markdown.
Runbook parse_runbook(std::string_view markdown, const DestructivePatterns& patterns);

// Reads `path` (Usage error naming the file if it cannot be read, or is over 8 MiB).
aws::Result<Runbook> load_runbook(const std::string& path, const DestructivePatterns& patterns);

}  // namespace opsdeck::app::runbook
