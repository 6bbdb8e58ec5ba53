#include "aws/credential_container.hpp"

#include <arpa/inet.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "aws/credential_json.hpp"
#include "aws/error_parser.hpp"
#include "aws/http_fetch.hpp"

namespace opsdeck::aws {

namespace {

constexpr const char* kHttpRule =
    "plain http is allowed only to a loopback address (127.0.0.0/8 written as a dotted quad such as "
    "127.0.0.1, or [::1]), localhost, or the ECS/EKS endpoints 169.254.170.2, 169.254.170.23 and "
    "[fd00:ec2::23]; any other host needs https";

Error refused(std::string_view variable, std::string what, std::string hint = {}) {
  return make_error(ErrorKind::Credentials, std::string(variable) + " " + what, std::move(hint));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// "a.b.c.d" with four decimal parts of 0..255 and no leading zeros, which inet_aton and
// therefore curl would read as octal. Anything else (2130706433, 0x7f.1, 127.1) is not one.
std::optional<std::array<int, 4>> dotted_quad(std::string_view h) {
  std::array<int, 4> parts{};
  size_t i = 0;
  for (int p = 0; p < 4; ++p) {
    if (p > 0) {
      if (i >= h.size() || h[i] != '.') return std::nullopt;
      ++i;
    }
    size_t start = i;
    int v = 0;
    while (i < h.size() && is_digit(h[i]) && i - start < 3) v = v * 10 + (h[i++] - '0');
    size_t len = i - start;
    if (len == 0 || (len > 1 && h[start] == '0') || v > 255) return std::nullopt;
    parts[static_cast<size_t>(p)] = v;
  }
  if (i != h.size()) return std::nullopt;
  return parts;
}

std::optional<in6_addr> ipv6_literal(std::string_view inside_brackets) {
  in6_addr a{};
  std::string s(inside_brackets);
  if (s.find('%') != std::string::npos) return std::nullopt;  // zone ids are not accepted
  if (inet_pton(AF_INET6, s.c_str(), &a) != 1) return std::nullopt;
  return a;
}

bool same_ipv6(const in6_addr& a, const char* literal) {
  in6_addr b{};
  return inet_pton(AF_INET6, literal, &b) == 1 && std::memcmp(&a, &b, sizeof a) == 0;
}

// The hosts the SDKs accept over plain http. `host` is lower-cased, IPv6 without brackets.
bool allowed_over_http(std::string_view host, bool bracketed) {
  if (bracketed) {
    auto a = ipv6_literal(host);
    return a && (IN6_IS_ADDR_LOOPBACK(&*a) || same_ipv6(*a, "fd00:ec2::23"));
  }
  if (host == "localhost") return true;
  auto q = dotted_quad(host);
  if (!q) return false;
  const auto& o = *q;
  if (o[0] == 127) return true;
  return o[0] == 169 && o[1] == 254 && o[2] == 170 && (o[3] == 2 || o[3] == 23);
}

// Letters, digits, '-', '_' and '.': a DNS name or an IPv4 literal. Percent-encoding,
// non-ASCII names and anything a URL parser could read differently are refused.
bool plain_host_chars(std::string_view h) {
  for (char c : h)
    if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

}  // namespace

Result<HttpRequest> container_credentials_request(std::string_view url, std::string_view variable) {
  const std::string hint = "point it at the container credentials endpoint the platform provides, or use https";
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f)
      return refused(variable, "contains spaces, control or non-ASCII characters; it must be a plain URL", hint);
  }
  auto sep = url.find("://");
  if (sep == std::string_view::npos)
    return refused(variable, "is not a URL (expected http://host[:port]/path or https://...)", hint);
  std::string scheme;
  for (char c : url.substr(0, sep)) scheme.push_back(lower(c));
  if (scheme != "http" && scheme != "https")
    return refused(variable, "uses the scheme '" + scheme + "'; only http and https are allowed", hint);

  std::string_view rest = url.substr(sep + 3);
  auto auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view target = auth_end == std::string_view::npos ? std::string_view{} : rest.substr(auth_end);
  if (auto hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);

  // The user part is never echoed back: it may hold a password.
  if (authority.find('@') != std::string_view::npos)
    return refused(variable,
                   "contains user information (text and '@' before the host), which is refused: it hides "
                   "which host is contacted and would be sent along as a password",
                   hint);

  std::string host;
  std::string_view port;
  bool bracketed = false;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return refused(variable, "has an IPv6 address without its closing ']'", hint);
    bracketed = true;
    for (char c : authority.substr(1, close - 1)) host.push_back(lower(c));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return refused(variable, "has text after the IPv6 address", hint);
      port = after.substr(1);
      if (port.empty()) return refused(variable, "has an empty port after ':'", hint);
    }
    if (!ipv6_literal(host)) return refused(variable, "has an invalid IPv6 address '[" + host + "]'", hint);
  } else {
    auto colon = authority.find(':');
    if (colon != std::string_view::npos && authority.find(':', colon + 1) != std::string_view::npos)
      return refused(variable, "has more than one ':' in its host; write an IPv6 address in [brackets]", hint);
    for (char c : authority.substr(0, colon)) host.push_back(lower(c));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return refused(variable, "has an empty port after ':'", hint);
    }
    if (host.empty()) return refused(variable, "has no host", hint);
    if (!plain_host_chars(host))
      return refused(variable, "has a host name with characters other than letters, digits, '-', '_' and '.'", hint);
  }
  if (!port.empty()) {
    int p = 0;
    for (char c : port) {
      if (!is_digit(c) || p > 65535) {
        p = -1;
        break;
      }
      p = p * 10 + (c - '0');
    }
    if (p < 1 || p > 65535) return refused(variable, "has a port that is not a number from 1 to 65535", hint);
  }

  const std::string shown_host = bracketed ? "[" + host + "]" : host;
  if (scheme == "http" && !allowed_over_http(host, bracketed))
    return refused(variable,
                   "points at '" + shown_host + "' over http; refused: " + kHttpRule,
                   "unset it, or use the URL the ECS agent or EKS Pod Identity agent provides");

  HttpRequest r;
  r.method = "GET";
  r.scheme = scheme;
  r.host = port.empty() ? shown_host : shown_host + ":" + std::string(port);
  // The request target as given (path and query, already percent-encoded): nothing here
  // is signed, so it is sent unchanged rather than decoded and re-encoded.
  r.path = target.empty() ? "/" : std::string(target);
  if (r.path.front() == '?') r.path.insert(r.path.begin(), '/');
  r.set_header("Accept", "application/json");
  return r;
}

Result<Credentials> ContainerCredentialsProvider::get() {
  std::string url;
  std::string variable;
  if (auto rel = env_("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); rel && !rel->empty()) {
    variable = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    if (rel->front() != '/')
      return refused(variable, "must be a path starting with '/' (it is joined to http://169.254.170.2)",
                     "unset it, or use the value the ECS agent provides");
    url = "http://169.254.170.2" + *rel;
  } else if (auto full = env_("AWS_CONTAINER_CREDENTIALS_FULL_URI"); full && !full->empty()) {
    variable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    url = *full;
  } else {
    return not_configured("no container credentials URI");
  }
  auto req = container_credentials_request(url, variable);
  if (!req) return req.error();

  std::string token;
  std::string token_source;
  if (auto f = env_("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); f && !f->empty()) {
    std::ifstream in(*f, std::ios::binary);
    if (!in)
      return make_error(ErrorKind::Credentials,
                        "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *f + ": " + std::strerror(errno));
    std::stringstream ss;
    ss << in.rdbuf();
    token = ss.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    token_source = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *f;
  } else if (auto t = env_("AWS_CONTAINER_AUTHORIZATION_TOKEN"); t && !t->empty()) {
    token = *t;
    token_source = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
  }
  // A line break would let the value add headers of its own; the token itself is never shown.
  if (token.find_first_of("\r\n") != std::string::npos)
    return make_error(ErrorKind::Credentials, "the token in " + token_source + " contains a line break; refused");
  if (!token.empty()) req->headers.emplace_back("Authorization", token);

  const std::string where = req->scheme + "://" + req->host;
  auto resp = fetch_sync(*req, std::chrono::seconds(2), std::chrono::seconds(5), ProxyUse::Never);
  if (!resp) {
    Error e = resp.error();
    e.kind = ErrorKind::Credentials;
    e.message = "container credentials endpoint " + where + " (from " + variable + "): " + e.message;
    return e;
  }
  if (resp->status != 200)
    return make_error(ErrorKind::Credentials, "container credentials endpoint " + where + " (from " + variable +
                                                  ") answered HTTP " + std::to_string(resp->status) + ": " +
                                                  sanitize_remote_text(resp->body, 160));
  return credentials_from_json(resp->body, "container credentials");
}

}  // namespace opsdeck::aws
