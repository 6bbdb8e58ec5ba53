#pragma once
// A headless command's action behind the gate: guard_headless_action() (headless_guard.hpp)
// judges and asks, then `act` runs on the guarded session's client and its result is
// recorded as the audit record's end and printed (stdout: the result line; stderr: the
// error; names from AWS are neutralised on the way). Returns the exit code (app/exit_codes.hpp).
//
// Threads: the calling (main) thread; `act` gets a SyncCaller and may block.

#include <cstdio>
#include <string>

#include "app/commands/command_context.hpp"
#include "app/commands/headless_guard.hpp"
#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/plain_table.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::app {

// Runs `act` after the gate allowed `action`; records its end. Returns the exit code.
// `summary_to_stderr`: the result line goes to stderr (the command prints data on stdout).
template <class Act>
int run_guarded(CommandContext& ctx, const char* command, const HeadlessAction& action, Act act,
                bool summary_to_stderr = false) {
  auto guard = guard_headless_action(*ctx.sessions, ctx.global, action);
  if (!guard.allowed) {
    print_message(command, UserMessage::error(guard.message));
    return guard.exit_code;
  }
  auto fail = [&](const aws::Error& e) {
    (void)guard.audit->end("error: " + e.describe());
    print_message(command, from_error(e));
    return exit_code_for(e);
  };
  if (!guard.session) return fail(guard.session_error);
  aws::Result<std::string> done = act(aws::sync_caller(guard.session->client()));
  if (!done) return fail(done.error());
  (void)guard.audit->end("done", 0);
  std::fprintf(summary_to_stderr ? stderr : stdout, "%s\n", sanitize_for_terminal(*done).c_str());
  return kExitOk;
}

}  // namespace opsdeck::app
