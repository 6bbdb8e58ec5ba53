#include "ssh/host_target.hpp"

#include <algorithm>
#include <cctype>

namespace opsdeck::ssh {

namespace {

aws::Error usage(std::string message) {
  return aws::make_error(aws::ErrorKind::Usage, std::move(message), "expected ALIAS, USER@HOST or USER@HOST:PORT");
}

}  // namespace

aws::Result<HostTarget> parse_host_target(std::string_view text) {
  HostTarget t;
  auto at = text.rfind('@');
  if (at != std::string_view::npos) {
    t.user = std::string(text.substr(0, at));
    text.remove_prefix(at + 1);
    if (t.user.empty()) return usage("empty user name in the destination");
  }
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return usage("unterminated '[' in the destination");
    t.host = std::string(text.substr(1, close - 1));
    auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return usage("unexpected text after ']' in the destination");
      port_text = rest.substr(1);
    }
  } else {
    auto colon = text.find(':');
    // More than one ':' is a bare IPv6 address, not host:port.
    if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
      t.host = std::string(text.substr(0, colon));
      port_text = text.substr(colon + 1);
    } else {
      t.host = std::string(text);
    }
  }
  if (t.host.empty()) return usage("no host in the destination");
  if (!port_text.empty() || (text.size() && text.back() == ':')) {
    if (port_text.empty() || port_text.size() > 5 ||
        !std::all_of(port_text.begin(), port_text.end(), [](unsigned char c) { return std::isdigit(c); }))
      return usage("bad port '" + std::string(port_text) + "'");
    int port = std::stoi(std::string(port_text));
    if (port < 1 || port > 65535) return usage("port out of range: " + std::string(port_text));
    t.port = port;
  }
  return t;
}

HostSettings resolve_host_target(const HostTarget& target, const SshConfig& config) {
  HostSettings h = config.resolve(target.host);
  if (!target.user.empty()) h.user = target.user;
  if (target.port) h.port = *target.port;
  return h;
}

bool looks_like_instance_id(std::string_view host) {
  if (host.size() != 10 && host.size() != 19) return false;
  if (host.substr(0, 2) != "i-") return false;
  return std::all_of(host.begin() + 2, host.end(), [](unsigned char c) { return std::isxdigit(c); });
}

}  // namespace opsdeck::ssh
