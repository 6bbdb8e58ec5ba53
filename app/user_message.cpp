#include "app/user_message.hpp"

#include <utility>

namespace opsdeck::app {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim_end(std::string_view s) {
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}


// Line breaks (LF, CR, CRLF) become one space each: for one-line views.
std::string flattened(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

UserMessage make(MessageSeverity severity, std::string_view text, std::string_view hint) {
  UserMessage m;
  m.severity = severity;
  m.summary = std::string(trim_end(without_message_prefix(text)));
  m.hint = std::string(trim_end(hint));
  return m;
}

// Whether the error came from a request (rather than from a local file, flag or parse).
bool from_a_request(const aws::Error& e) {
  return !e.operation.empty() || !e.endpoint.empty() || e.http_status != 0 || !e.code.empty();
}

std::string default_hint(const aws::Error& e) {
  using aws::ErrorKind;
  switch (e.kind) {
    case ErrorKind::Credentials:
      return "check --profile / AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
             "refresh the session (aws sso login)";
    case ErrorKind::Network:
    case ErrorKind::Timeout:
      return "check that the endpoint is reachable (--endpoint-url, AWS_ENDPOINT_URL, network)";
    case ErrorKind::Parse:
      // A local parse error (a runbook's script, a progress file) is not the endpoint's.
      return from_a_request(e) ? "the endpoint did not answer like AWS; check --endpoint-url" : "";
    case ErrorKind::ReadOnly:
      return "drop --readonly to allow changes";
    case ErrorKind::NotFound:
      return from_a_request(e) ? "check the name and the --region" : "";
    case ErrorKind::Aws:
      if (e.code.find("AccessDenied") != std::string::npos || e.code == "UnauthorizedOperation")
        return "the credentials lack permission for " + e.operation;
      if (e.code == "OptInRequired" || e.code == "UnrecognizedClientException")
        return "check the region (--region) and that the service is enabled for the account";
      return "";
    default:
      return "";
  }
}

}  // namespace

std::string_view without_message_prefix(std::string_view s) {
  while (s.substr(0, kMessagePrefix.size()) == kMessagePrefix) s.remove_prefix(kMessagePrefix.size());
  return s;
}

UserMessage UserMessage::info(std::string_view text, std::string_view hint) {
  return make(MessageSeverity::Info, text, hint);
}

UserMessage UserMessage::warning(std::string_view text, std::string_view hint) {
  return make(MessageSeverity::Warning, text, hint);
}

UserMessage UserMessage::error(std::string_view text, std::string_view hint) {
  return make(MessageSeverity::Error, text, hint);
}

UserMessage& UserMessage::about(std::string_view context) {
  if (!context.empty()) summary = std::string(context) + ": " + summary;
  return *this;
}

std::string UserMessage::status_text() const {
  return flattened(trim_end(without_message_prefix(summary)));
}

std::string UserMessage::line() const {
  std::string out = status_text();
  if (!hint.empty()) out += " — " + flattened(trim_end(hint));
  return out;
}

UserMessage from_error(const aws::Error& e, MessageSeverity severity) {
  aws::Error what = e;
  what.hint.clear();  // describe() without it: the hint is a field of its own
  UserMessage m;
  m.severity = severity;
  m.summary = std::string(trim_end(without_message_prefix(what.describe())));
  m.hint = std::string(trim_end(e.hint.empty() ? default_hint(e) : e.hint));
  return m;
}

}  // namespace opsdeck::app
