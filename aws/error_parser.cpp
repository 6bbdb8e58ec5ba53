#include "aws/error_parser.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <array>

#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"
#include "aws/retry_policy.hpp"

namespace opsdeck::aws {

namespace {

constexpr std::array<std::string_view, 13> kCredentialCodes = {
    "InvalidClientTokenId", "SignatureDoesNotMatch", "AuthFailure", "ExpiredToken",
    "ExpiredTokenException", "UnrecognizedClientException", "InvalidSignatureException",
    "IncompleteSignature", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
    "RequestExpired", "InvalidAccessKeyId", "InvalidToken"};

std::string_view ltrim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t' ||
                        s.front() == '\xEF' || s.front() == '\xBB' || s.front() == '\xBF'))
    s.remove_prefix(1);
  return s;
}

bool looks_like_html(std::string_view body) {
  std::string head(body.substr(0, 64));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  return head.starts_with("<!doctype html") || head.starts_with("<html");
}

std::string request_id_from_headers(const HttpResponse& r) {
  for (const char* h : {"x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"})
    if (const auto* v = r.header(h)) return *v;
  return {};
}

// Finds the first element named `name` (any depth).
pugi::xml_node find_element(const pugi::xml_node& root, const char* name) {
  return root.find_node([name](const pugi::xml_node& n) { return std::string_view(n.name()) == name; });
}

bool parse_xml_error(std::string_view body, Error& e) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return false;
  pugi::xml_node err = find_element(doc, "Error");
  if (!err) return false;
  e.code = sanitize_remote_text(err.child_value("Code"), 120);
  e.message = sanitize_remote_text(err.child_value("Message"));
  for (const char* n : {"RequestId", "RequestID", "requestId"}) {
    if (auto id = find_element(doc, n)) {
      e.request_id = sanitize_remote_text(id.child_value(), 120);
      break;
    }
  }
  return !e.code.empty();
}

bool parse_json_error(std::string_view body, Error& e) {
  auto j = parse_json_document(body, "error response");
  if (!j || !j->is_object()) return false;
  for (const char* k : {"__type", "code", "Code"}) {
    if (const auto* f = jfield(*j, k); f && f->is_string()) {
      e.code = json_error_code(jstr(*j, k));
      break;
    }
  }
  for (const char* k : {"message", "Message", "errorMessage"}) {
    if (const auto* f = jfield(*j, k); f && f->is_string()) {
      e.message = sanitize_remote_text(jstr(*j, k));
      break;
    }
  }
  return true;
}

}  // namespace

std::string sanitize_remote_text(std::string_view text, std::size_t max) {
  std::string out;
  out.reserve(std::min(text.size(), max));
  bool space = false;
  for (unsigned char c : text) {
    if (out.size() >= max) {
      out += "…";
      break;
    }
    if (c < 0x20 || c == 0x7f) {
      space = !out.empty();
      continue;
    }
    if (c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string json_error_code(std::string_view type) {
  if (auto colon = type.find(':'); colon != std::string_view::npos) type = type.substr(0, colon);
  if (auto hash = type.rfind('#'); hash != std::string_view::npos) type = type.substr(hash + 1);
  return sanitize_remote_text(type, 120);
}

ErrorKind kind_for_code(std::string_view code) {
  if (std::find(kCredentialCodes.begin(), kCredentialCodes.end(), code) != kCredentialCodes.end())
    return ErrorKind::Credentials;
  if (code.find("NotFound") != std::string_view::npos || code.find("NoSuch") == 0 ||
      code.find("NonExistent") != std::string_view::npos || code == "ResourceNotFoundException" ||
      code == "QueueDoesNotExist" || code == "ParameterNotFound")
    return ErrorKind::NotFound;
  return ErrorKind::Aws;
}

std::string hint_for_code(std::string_view code) {
  if (code == "ExpiredToken" || code == "ExpiredTokenException" || code == "RequestExpired" ||
      code == "InvalidToken")
    return code == "RequestExpired" ? "the machine's clock is more than 15 minutes off; fix the clock"
                                    : "the session credentials expired; refresh them (aws sso login, "
                                      "re-assume the role) and try again";
  if (code == "SignatureDoesNotMatch" || code == "InvalidSignatureException" || code == "IncompleteSignature")
    return "the secret access key does not match the access key id; check the credentials in use";
  if (code == "InvalidClientTokenId" || code == "UnrecognizedClientException" || code == "AuthFailure" ||
      code == "InvalidAccessKeyId")
    return "the access key is not valid for this account/endpoint; check the profile and the endpoint";
  if (code == "MissingAuthenticationToken" || code == "MissingAuthenticationTokenException")
    return "no credentials were sent; configure a profile or AWS_ACCESS_KEY_ID";
  if (code == "AccessDenied" || code == "AccessDeniedException" || code == "UnauthorizedOperation")
    return "the identity in use lacks permission for this action";
  if (is_throttling_code(code)) return "AWS is throttling this account; wait and try again";
  return {};
}

std::optional<Error> parse_error(const HttpResponse& resp, Protocol protocol) {
  std::string_view body = ltrim(resp.body);
  bool success = resp.status >= 200 && resp.status < 300;
  if (success) {
    bool json = protocol == Protocol::Json10 || protocol == Protocol::Json11 || protocol == Protocol::RestJson;
    bool rest = protocol == Protocol::RestXml || protocol == Protocol::RestJson;
    bool ok = json ? (body.empty() ? rest : body.front() == '{')
                   : (body.empty() ? rest : (body.front() == '<' && !looks_like_html(body)));
    if (ok && !body.empty()) {
      // Well-formedness only (no DOM for JSON); the service layer reads the fields.
      std::string why;
      if (json && !nlohmann::json::accept(body)) {
        why = "malformed JSON";
      } else if (!json) {
        pugi::xml_document doc;
        auto pr = doc.load_buffer(body.data(), body.size(), pugi::parse_minimal);
        if (!pr) why = fmt::format("malformed XML at byte {}: {}", pr.offset, pr.description());
      }
      if (!why.empty()) {
        Error e;
        e.kind = ErrorKind::Parse;
        e.http_status = resp.status;
        e.request_id = request_id_from_headers(resp);
        e.message = fmt::format("{} in a {}-byte response: \"{}\"", why, body.size(), sanitize_remote_text(body, 80));
        return e;
      }
    }
    // An error document with a success status (a proxy or emulator rewrote the status):
    // AWS's JSON outputs never carry "__type" at the top, its error documents always do.
    if (ok && json && body.size() < (64u << 10) && body.find("\"__type\"") != std::string_view::npos) {
      Error e;
      if (parse_json_error(body, e) && !e.code.empty()) {
        e.http_status = resp.status;
        e.request_id = request_id_from_headers(resp);
        e.kind = kind_for_code(e.code);
        if (e.message.empty()) e.message = "(no message)";
        e.message += fmt::format(" (an error document with HTTP status {})", resp.status);
        e.hint = "the endpoint answered an error with a success status: is a proxy or emulator in the way?";
        return e;
      }
    }
    if (ok) return std::nullopt;
    Error e;
    e.kind = ErrorKind::Parse;
    e.http_status = resp.status;
    e.request_id = request_id_from_headers(resp);
    e.message = body.empty() ? std::string("empty response body where ") + (json ? "JSON" : "XML") + " was expected"
                             : fmt::format("unexpected {} body where {} was expected: \"{}\"",
                                           looks_like_html(body) ? "HTML" : "non-AWS", json ? "JSON" : "XML",
                                           sanitize_remote_text(body, 120));
    e.hint = "the endpoint may be a proxy or captive portal, not AWS; check --endpoint-url";
    return e;
  }

  Error e;
  e.kind = ErrorKind::Aws;
  e.http_status = resp.status;
  e.request_id = request_id_from_headers(resp);
  bool parsed = false;
  if (!body.empty() && body.front() == '<' && !looks_like_html(body)) parsed = parse_xml_error(body, e);
  else if (!body.empty() && body.front() == '{') parsed = parse_json_error(body, e);
  if (const auto* q = resp.header("x-amzn-query-error")) {
    // "AWS.SimpleQueueService.NonExistentQueue;Sender": the legacy query code wins.
    auto semi = q->find(';');
    std::string code = sanitize_remote_text(q->substr(0, semi), 120);
    if (!code.empty()) e.code = code;
  }
  if (e.code.empty()) {
    if (const auto* t = resp.header("x-amzn-errortype")) e.code = json_error_code(*t);
  }
  if (e.code.empty() && !parsed) {
    e.message = body.empty() ? "empty error body"
                             : fmt::format("{} error body: \"{}\"", looks_like_html(body) ? "HTML" : "unrecognised",
                                           sanitize_remote_text(body, 160));
    if (looks_like_html(body))
      e.hint = fmt::format("HTTP {} with an HTML page: the endpoint may be a proxy or captive portal, not AWS; "
                           "check --endpoint-url",
                           resp.status);
  }
  if (e.message.empty()) e.message = e.code.empty() ? "error without a message" : "(no message)";
  if (!e.code.empty()) {
    e.kind = kind_for_code(e.code);
    e.hint = hint_for_code(e.code);
  } else if (resp.status == 404) {
    e.kind = ErrorKind::NotFound;
  } else if (resp.status == 401 || resp.status == 403) {
    e.kind = ErrorKind::Credentials;
  }
  e.retryable = is_retryable(e);
  return e;
}

}  // namespace opsdeck::aws
