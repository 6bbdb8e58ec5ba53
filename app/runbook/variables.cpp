#include "app/runbook/variables.hpp"

namespace opsdeck::app::runbook {

std::string shell_quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  out += "'";
  return out;
}

}  // namespace opsdeck::app::runbook
