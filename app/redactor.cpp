#include "app/redactor.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace opsdeck::app {

void Redactor::add_secret(std::string value) {
  if (value.size() < 4) return;
  if (std::find(secrets_.begin(), secrets_.end(), value) == secrets_.end()) secrets_.push_back(std::move(value));
  // Longest first, so a secret containing another is masked whole.
  std::sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Redactor::redact(std::string_view text) const {
  // Long words are masked whole before any regex runs: they are blobs (keys, tokens,
  // base64) far more often than commands, and libstdc++'s regex recursion depth grows
  // with match length. Quoted values in the patterns below are bounded for the same reason.
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    if (j - i > 512) {
      out += kMask;
    } else {
      out.append(text.substr(i, j - i));
    }
    size_t k = j;
    while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
    out.append(text.substr(j, k - j));
    i = k;
  }
  for (const auto& s : secrets_) {
    for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos + kMask.size()))
      out.replace(pos, s.size(), kMask);
  }
  static const auto icase = std::regex::ECMAScript | std::regex::icase;
  static const std::regex flag_value(
      R"((--(?:password|passwd|secret|secret-string|secret-access-key|token|session-token|api-key|auth-token|client-secret|private-key)(?:=|\s+))('[^'\n]{0,512}'|"[^"\n]{0,512}"|\S+))",
      icase);
  static const std::regex name_value(
      R"(\b([A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL)[A-Za-z0-9_]*\s*[=:]\s*)('[^'\n]{0,512}'|"[^"\n]{0,512}"|[^\s'";&|]+))",
      icase);
  static const std::regex bearer(R"(\b(Authorization:\s*(?:Bearer|Basic|token)\s+)[^\s'"]+)", icase);
  static const std::regex url_userinfo(R"(([a-z][a-z0-9+.-]*://[^/\s:@]+:)[^@\s/]+@)", icase);
  static const std::regex access_key_id(R"(\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b)");
  static const std::regex secret_key(R"((^|[^A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=]))");
  static const std::regex long_token(R"([A-Za-z0-9/+=_-]{100,})");
  out = std::regex_replace(out, flag_value, "$1***");
  out = std::regex_replace(out, name_value, "$1***");
  out = std::regex_replace(out, bearer, "$1***");
  out = std::regex_replace(out, url_userinfo, "$1***@");
  out = std::regex_replace(out, access_key_id, "$1****************");
  out = std::regex_replace(out, long_token, "***");
  // A 40-character base64 word is a secret access key unless it is plainly hex (a SHA-1).
  std::string result;
  std::smatch m;
  std::string rest = out;
  static const std::regex hex40(R"(^[0-9a-f]{40}$)");
  while (std::regex_search(rest, m, secret_key)) {
    std::string word = m.str().substr(m[1].length());
    result += m.prefix().str() + m[1].str();
    result += std::regex_match(word, hex40) ? word : std::string(kMask);
    rest = m.suffix().str();
  }
  return result + rest;
}

}  // namespace opsdeck::app
