#include "app/ssm/forward_destination.hpp"

#include <cctype>
#include <charconv>

namespace opsdeck::app {

namespace {

aws::Error usage(std::string message) { return aws::make_error(aws::ErrorKind::Usage, std::move(message)); }

}  // namespace

aws::Result<ForwardDestination> parse_forward_destination(const std::string& raw) {
  std::string text = raw;
  text.erase(0, text.find_first_not_of(" \t"));
  text.erase(text.find_last_not_of(" \t") + 1);
  const std::string form = "expected PORT or HOST:PORT (e.g. 5432 or db.internal:5432)";
  if (text.empty()) return usage("no destination: " + form);
  ForwardDestination d;
  std::string port_text = text;
  if (text.front() == '[') {  // [v6]:port
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return usage("'" + text + "': " + form);
    d.host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else if (auto colon = text.rfind(':'); colon != std::string::npos) {
    if (text.find(':') != colon) return usage("'" + text + "': an IPv6 address goes in brackets, [::1]:80");
    d.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (d.host.empty()) return usage("'" + text + "': no host before ':'; " + form);
  }
  for (char c : d.host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == ':'))
      return usage("'" + text + "': the host has a character a host name cannot have");
  int port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
    return usage((port_text == text ? "" : "'" + text + "': ") + "'" + port_text + "' is not a port (1-65535); " + form);
  d.port = port;
  if (d.host == "localhost" || d.host == "127.0.0.1") d.host.clear();  // the instance itself
  return d;
}

}  // namespace opsdeck::app
