#pragma once
// One line of `opsdeck doctor`: what was checked, how it went (OK / WARN / FAIL), what was
// found, and what to do about it. A FAIL is something that stops opsdeck from working
// (the command exits 7, exit_codes.hpp); a WARN leaves part of it out (SSM sessions without
// session-manager-plugin) or will soon fail (an SSO token about to expire).
// Plain values; any thread.

#include <string>

namespace opsdeck::app {

enum class CheckStatus { Ok, Warn, Fail };

struct CheckResult {
  CheckStatus status = CheckStatus::Ok;
  std::string subject;  // "credentials (profile demo)", "session-manager-plugin"
  std::string detail;   // what was found
  std::string fix;      // what to do; "" for OK
};

// "OK    subject: detail" / "FAIL  subject: detail\n      fix: run: aws sso login --profile x",
// sanitised for the terminal, with its line ending.
std::string check_line(const CheckResult& r);

}  // namespace opsdeck::app
