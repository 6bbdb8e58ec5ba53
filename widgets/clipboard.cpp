#include "widgets/clipboard.hpp"

namespace opsdeck::ui {

std::string osc52_sequence(std::string_view base64) {
  if (base64.empty() || base64.size() > 4 * ((kClipboardMaxBytes + 2) / 3)) return {};
  for (char c : base64)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
          c == '='))
      return {};
  return "\x1b]52;c;" + std::string(base64) + "\x07";
}

}  // namespace opsdeck::ui
