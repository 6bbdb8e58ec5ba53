#include "app/message_printer.hpp"

#include "app/plain_table.hpp"

namespace opsdeck::app {

std::string cli_line(const UserMessage& m, std::string_view command) {
  std::string_view summary = without_message_prefix(m.summary);
  while (!summary.empty() && (summary.back() == '\n' || summary.back() == '\r')) summary.remove_suffix(1);
  std::string line(kMessagePrefix);
  if (!command.empty()) {
    line.pop_back();  // "opsdeck:" -> "opsdeck <command>: "
    line.pop_back();
    line += " " + std::string(command) + ": ";
  }
  if (m.severity == MessageSeverity::Warning) line += "warning: ";
  line += sanitize_for_terminal(summary);
  if (!m.hint.empty()) line += " — " + sanitize_for_terminal(m.hint);
  return line;
}

std::string cli_text(const UserMessage& m, std::string_view eol, std::string_view command) {
  std::string out = cli_line(m, command);
  out += eol;
  return out;
}

void print_message(const UserMessage& m, std::FILE* to) { print_message({}, m, to); }

void print_message(std::string_view command, const UserMessage& m, std::FILE* to) {
  std::string text = cli_text(m, "\n", command);
  std::fwrite(text.data(), 1, text.size(), to);
  std::fflush(to);
}

}  // namespace opsdeck::app
