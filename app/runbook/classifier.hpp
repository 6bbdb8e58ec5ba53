#pragma once
// Judges what a fenced block is (command, script body or file content) and where it
// belongs (operator's machine or the server), from the info string AND the text, since
// many runbooks use bare fences. A bare block of lone paths (log-group names) is content;
// a logical command may span lines (a quoted JSON argument) and still count as one;
// `psql …` followed by SQL is a command block. Pure functions.

#include <string_view>

#include "app/runbook/step.hpp"

namespace opsdeck::app::runbook {

// `lang` is the lower-cased first word of the info string ("" for a bare fence);
// `description` is the prose before the block ("Create /opt/app/deploy.sh:" makes a
// shell block a script body).
StepKind classify_kind(std::string_view lang, std::string_view code, std::string_view description);

// Host when any logical command needs the server (sudo, systemctl, journalctl, df/free/du,
// docker run/logs/exec/compose, paths under /opt /etc /var /srv /home, curl to localhost,
// an aws command reading or writing such a path); local otherwise. ssh/scp/terraform/
// kubectl lines are local whatever their quoted arguments mention (app/runbook/unit_facts.hpp).
StepWhere classify_where(std::string_view code);

// For `console`/`shell-session` blocks and `$ `-prompted blocks: only the prompted lines,
// without the prompt. Otherwise the code unchanged.
std::string runnable_script(std::string_view lang, std::string_view code);

}  // namespace opsdeck::app::runbook
