#include "app/runbook/inline_procedures.hpp"

#include <set>

#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

namespace {

bool is_command_span(std::string_view span) {
  static const std::set<std::string, std::less<>> kBare = {
      "uptime", "htop", "top", "df", "free", "w", "who", "last", "dmesg", "ps", "nproc", "lscpu",
      "lsblk", "hostname", "whoami", "date", "env", "printenv"};
  auto t = trim(span);
  if (t.empty() || t.find('\n') != std::string_view::npos) return false;
  auto simple = simple_commands(t);
  if (simple.empty()) return false;
  auto words = command_words(simple.front());
  if (words.empty()) return false;
  const auto& head = words.front();
  if (!is_known_command(head)) return false;
  size_t raw_words = 0;
  bool in_word = false;
  for (char c : t) {
    bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++raw_words;
    in_word = !space;
  }
  if (raw_words >= 2) return true;
  return head.starts_with("./") || kBare.count(head) > 0;
}

}  // namespace

std::vector<InlineCommand> inline_commands(std::string_view text) {
  std::vector<InlineCommand> out;
  size_t pos = 0;
  size_t previous_end = std::string_view::npos;
  while (pos < text.size()) {
    size_t open = text.find('`', pos);
    if (open == std::string_view::npos) break;
    size_t ticks = 1;
    while (open + ticks < text.size() && text[open + ticks] == '`') ++ticks;
    std::string fence(ticks, '`');
    size_t close = text.find(fence, open + ticks);
    if (close == std::string_view::npos) break;
    auto span = text.substr(open + ticks, close - open - ticks);
    bool between_is_or = false;
    if (previous_end != std::string_view::npos) {
      std::string between = to_lower(trim(text.substr(previous_end, open - previous_end)));
      between_is_or = between == "or" || between == ", or" || between == "or even";
    }
    if (is_command_span(span)) {
      bool alt = between_is_or && !out.empty();
      out.push_back({std::string(trim(span)), alt});
      previous_end = close + ticks;
    } else {
      previous_end = std::string_view::npos;
    }
    pos = close + ticks;
  }
  return out;
}

}  // namespace opsdeck::app::runbook
