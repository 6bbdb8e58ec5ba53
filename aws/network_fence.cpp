#include "aws/network_fence.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdlib>
#include <cstring>

namespace opsdeck::aws {

bool loopback_only() {
  const char* v = std::getenv("OPSDECK_NETWORK");
  if (!v || !*v) return false;
  return std::strcmp(v, "any") != 0;
}

namespace {

bool is_loopback_v4(const in_addr& a) { return (ntohl(a.s_addr) >> 24) == 127; }

}  // namespace

bool connection_allowed(const sockaddr* address) {
  if (!loopback_only()) return true;
  if (!address) return false;
  if (address->sa_family == AF_INET) return is_loopback_v4(reinterpret_cast<const sockaddr_in*>(address)->sin_addr);
  if (address->sa_family == AF_INET6) {
    const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&a)) return true;
    if (IN6_IS_ADDR_V4MAPPED(&a)) {
      in_addr v4;
      std::memcpy(&v4, a.s6_addr + 12, sizeof v4);
      return is_loopback_v4(v4);
    }
    return false;
  }
  return false;  // AF_UNIX and others are not network peers opsdeck opens
}

bool url_allowed(const std::string& url) {
  if (!loopback_only()) return true;
  auto scheme = url.find("://");
  std::string rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string::npos) authority = authority.substr(authority.rfind('@') + 1);
  std::string host;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) return false;
    host = authority.substr(1, close - 1);
  } else {
    host = authority.substr(0, authority.find(':'));
  }
  if (host == "localhost") return true;
  sockaddr_in v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    return connection_allowed(reinterpret_cast<const sockaddr*>(&v4));
  }
  sockaddr_in6 v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    return connection_allowed(reinterpret_cast<const sockaddr*>(&v6));
  }
  return false;  // a name: where it resolves is not ours to check
}

std::string address_text(const sockaddr* address) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (!address) return "?";
  if (address->sa_family == AF_INET)
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, buf, sizeof buf);
  else if (address->sa_family == AF_INET6)
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, buf, sizeof buf);
  else
    return "address family " + std::to_string(address->sa_family);
  return buf;
}

std::string fence_refusal(const std::string& address) {
  return "refused to connect to " + address + ": outside loopback";
}

}  // namespace opsdeck::aws
