#pragma once
// run_concurrently_safe(): run_command() for tests that start several commands at once from
// different threads. Its pipes are created close-on-exec, and between fork and exec the
// child only calls async-signal-safe functions (the environment is built before the fork),
// so one child never holds another's stdout open (which would make that run look as long
// as the slowest sibling) and a fork never copies a lock held by another thread.
//
// stdin is /dev/null. At `deadline` the child's process group is killed (SIGKILL), which
// shows as exit code 137.
//
// Threads: safe to call from several threads at once.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace opsdeck::testing {

// `argv[0]` must be a path (no PATH search). `env` overrides the test's own environment.
RunResult run_concurrently_safe(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                                std::chrono::milliseconds deadline);

}  // namespace opsdeck::testing
