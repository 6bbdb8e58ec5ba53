#include "app/doctor/doctor_check.hpp"

#include "app/plain_table.hpp"

namespace opsdeck::app {

std::string check_line(const CheckResult& r) {
  const char* label = r.status == CheckStatus::Ok ? "OK  " : r.status == CheckStatus::Warn ? "WARN" : "FAIL";
  std::string line = std::string(label) + "  " + sanitize_for_terminal(r.subject);
  if (!r.detail.empty()) line += ": " + sanitize_for_terminal(r.detail);
  line += "\n";
  if (!r.fix.empty()) line += "      fix: " + sanitize_for_terminal(r.fix) + "\n";
  return line;
}

}  // namespace opsdeck::app
