#pragma once
// Where a port forward goes, as an operator types it — `opsdeck forward --to`, the console's
// `f` prompt — or as a database's endpoint reads: "PORT" (a port on the instance the session
// goes to), "HOST:PORT" (a host as that instance sees it), "[v6]:PORT". "localhost" and
// "127.0.0.1" name the instance itself. Pure; any thread.

#include <string>

#include "aws/result.hpp"

namespace opsdeck::app {

struct ForwardDestination {
  std::string host;  // "" = the instance itself
  int port = 0;
  std::string text() const { return (host.empty() ? "" : host + ":") + std::to_string(port); }
};

// The destination, or a Usage error that says what was wrong and shows the form. Surrounding
// blanks are ignored; a host may hold letters, digits and . - _ (and : inside brackets).
aws::Result<ForwardDestination> parse_forward_destination(const std::string& text);

}  // namespace opsdeck::app
