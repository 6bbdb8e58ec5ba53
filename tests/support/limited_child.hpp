#pragma once
// Runs a command like run_command (child_process.hpp) — stdout and stderr captured, stdin
// empty, killed after `timeout` — with limits applied in the child between fork and exec,
// for the file fault tests:
// - file_size_limit: RLIMIT_FSIZE in bytes, with SIGXFSZ ignored, so a write past the
//   limit comes back short or fails with EFBIG (a full disk, as far as the program sees)
//   instead of killing it;
// - drop_capabilities: the child's capability bounding set is emptied, so when the tests
//   run as root the program gets no capability at exec and file permission bits bind it
//   like any user (a 0500 directory is not writable). Without root it changes nothing.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace opsdeck::testing {

struct ChildLimits {
  std::optional<unsigned long long> file_size_limit;  // bytes
  bool drop_capabilities = false;
};

RunResult run_limited(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                      const ChildLimits& limits, std::chrono::milliseconds timeout = std::chrono::seconds(60));

// True when permission bits bind a child started with drop_capabilities: not root, or
// root allowed to shrink the bounding set (CAP_SETPCAP).
bool permission_bits_bind_children();

}  // namespace opsdeck::testing
