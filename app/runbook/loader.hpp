#pragma once
// Loads a Markdown runbook into the Runbook model (app/runbook/step.hpp): sections from
// headings, one step per fenced code block (also inside list items), prose before a step
// as its description, numbered-list items as checklist entries, and each step classified
// (kind, where, vars, destructive). Pure apart from load_runbook() reading the file.

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
