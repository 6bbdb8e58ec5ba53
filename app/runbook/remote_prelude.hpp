#pragma once
// Shell lines that give a remote shell the environment a filled script expects, for
// targets that cannot pass an environment of their own (an SSH exec channel, SSM
// SendCommand). Put them in front of FilledScript::script.
//
// The lines are POSIX sh (bash, dash, busybox sh, ksh and zsh read them the same):
// `unset NAME` for each name in `unset`, then `export NAME='value'` for each entry of
// `env`, the value in single quotes with ' written as '\''. A name that is not a shell
// identifier, or a value holding a NUL byte (which no shell variable can hold), makes the
// prelude a line that prints why and exits with status 125, so the script never runs
// with a wrong environment.
// Pure; thread-safe.

#include <map>
#include <string>
#include <vector>

namespace opsdeck::app::runbook {

std::string export_prelude(const std::map<std::string, std::string>& env,
                           const std::vector<std::string>& unset);

}  // namespace opsdeck::app::runbook
