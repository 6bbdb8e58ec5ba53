#include "aws/result.hpp"

#include <fmt/format.h>

namespace opsdeck::aws {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Aws: return "aws";
    case ErrorKind::Network: return "network";
    case ErrorKind::Timeout: return "timeout";
    case ErrorKind::Credentials: return "credentials";
    case ErrorKind::Parse: return "parse";
    case ErrorKind::ReadOnly: return "read-only";
    case ErrorKind::NotFound: return "not-found";
    case ErrorKind::Usage: return "usage";
    case ErrorKind::Missing: return "missing-program";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::Internal: return "internal";
  }
  return "unknown";
}

std::string Error::describe() const {
  std::string out;
  if (!operation.empty()) out += operation;
  if (!endpoint.empty()) out += (out.empty() ? "" : " at ") + endpoint;
  if (!out.empty()) out += ": ";
  if (!code.empty()) {
    out += code;
    if (http_status) out += fmt::format(" (HTTP {})", http_status);
    out += ": ";
  } else if (http_status) {
    out += fmt::format("HTTP {}: ", http_status);
  }
  out += message;
  if (!request_id.empty()) out += fmt::format(" [request id {}]", request_id);
  if (!hint.empty()) out += " — " + hint;
  return out;
}

Error make_error(ErrorKind kind, std::string message, std::string hint) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

}  // namespace opsdeck::aws
