#include "aws/http_request.hpp"

#include <strings.h>

namespace opsdeck::aws {

namespace {
bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}
const std::string* find_header(const HeaderList& h, std::string_view name) {
  for (const auto& [k, v] : h)
    if (iequals(k, name)) return &v;
  return nullptr;
}
}  // namespace

std::string uri_encode(std::string_view in, bool keep_slash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size() * 3 / 2);
  for (unsigned char c : in) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string uri_decode(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && val(in[i + 1]) >= 0 && val(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(val(in[i + 1]) * 16 + val(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

std::string HttpRequest::url() const {
  std::string out = scheme + "://" + host + path;
  char sep = '?';
  for (const auto& [k, v] : query) {
    out += sep;
    out += uri_encode(k);
    out += '=';
    out += uri_encode(v);
    sep = '&';
  }
  return out;
}

const std::string* HttpRequest::header(std::string_view name) const {
  return find_header(headers, name);
}

void HttpRequest::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (iequals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

const std::string* HttpResponse::header(std::string_view name) const {
  return find_header(headers, name);
}

}  // namespace opsdeck::aws
