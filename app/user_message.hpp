#pragma once
// UserMessage: a message to a person — how serious it is, what happened (summary) and what
// they can do about it (hint). Errors become messages in one place, from_error(); the
// headless commands print them with print_message() (app/message_printer.hpp), which alone
// adds the "opsdeck: " prefix and the line ending; the console shows line() on its status
// line and in the view that asked (app/console/status_message.hpp), status_text() where
// only the summary fits.
//
// The text is kept as given (not yet sanitised): each output sanitises it for its medium.
// The constructors and from_error() normalise it: a leading "opsdeck: " is dropped (so it
// is never printed twice) and so are trailing line breaks and blanks. A line break inside
// the text (remote text may hold one) stays: the CLI shows it as a visible "␊", so remote
// text can never forge a line of its own, and the console flattens it to a space.
//
// Ownership: a plain value. Threads: none of its own; free functions are pure.

#include <string>
#include <string_view>

#include "aws/result.hpp"

namespace opsdeck::app {

// The prefix the CLI puts before every message; written by app/message_printer.cpp only.
inline constexpr std::string_view kMessagePrefix = "opsdeck: ";

// `text` without any leading kMessagePrefix (so the CLI never prints it twice).
std::string_view without_message_prefix(std::string_view text);

enum class MessageSeverity : unsigned char { Info, Warning, Error };

struct UserMessage {
  MessageSeverity severity = MessageSeverity::Error;
  std::string summary;  // what happened: no prefix, no line ending
  std::string hint;     // what the operator can do; empty when nothing useful

  static UserMessage info(std::string_view text, std::string_view hint = {});
  static UserMessage warning(std::string_view text, std::string_view hint = {});
  static UserMessage error(std::string_view text, std::string_view hint = {});

  // Puts "context: " before the summary ("security groups: ec2:... denied").
  UserMessage& about(std::string_view context);

  // The summary on one line (line breaks become spaces): what a status line shows.
  std::string status_text() const;
  // "summary — hint" on one line: what a view with room for both shows.
  std::string line() const;
};

// The message for an error: summary "<operation> at <endpoint>: <code> (HTTP n): <message>
// [request id r]" (the parts it has), hint the error's own or, when it has none, a default
// for its kind (credentials, network, read-only, missing resource, access denied ...).
UserMessage from_error(const aws::Error& e, MessageSeverity severity = MessageSeverity::Error);

}  // namespace opsdeck::app
