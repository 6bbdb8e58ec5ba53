#pragma once
// Judges what a fenced block is (command, script body or file content) and where it
// belongs (operator's machine or the server), from the info string AND the text, since
// many runbooks use bare fences. Pure functions.

#include <string_view>

#include "app/runbook/step.hpp"

namespace opsdeck::app::runbook {

// `lang` is the lower-cased first word of the info string ("" for a bare fence);
// `description` is the prose before the block ("Create /opt/app/deploy.sh:" makes a
// shell block a script body).
StepKind classify_kind(std::string_view lang, std::string_view code, std::string_view description);

// Host when any command line needs the server (sudo, systemctl, journalctl, docker run /
// compose, paths under /opt /etc /var /srv /home, curl to localhost); local otherwise.
// Lines that start with ssh/scp/rsync/aws/git/terraform are local whatever they mention.
StepWhere classify_where(std::string_view code);

// For `console`/`shell-session` blocks and `$ `-prompted blocks: only the prompted lines,
// without the prompt. Otherwise the code unchanged.
std::string runnable_script(std::string_view lang, std::string_view code);

}  // namespace opsdeck::app::runbook
