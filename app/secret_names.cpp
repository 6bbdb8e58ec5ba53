#include "app/secret_names.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace opsdeck::app {

namespace {

using Words = std::initializer_list<std::string_view>;

bool any_of(std::string_view s, Words words) {
  return std::find(words.begin(), words.end(), s) != words.end();
}

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }
bool is_lower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Upper-case segments: split at every non-alphanumeric character, at letter/digit changes,
// at "aB" and at "ABc" (before the last capital of an acronym: "APIKey" -> API KEY).
std::vector<std::string> segments(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!is_alnum(c)) {
      flush();
      continue;
    }
    if (i > 0 && is_alnum(name[i - 1])) {
      char p = name[i - 1];
      bool boundary = (is_digit(p) != is_digit(c)) || (is_lower(p) && is_upper(c)) ||
                      (is_upper(p) && is_upper(c) && i + 1 < name.size() && is_lower(name[i + 1]));
      if (boundary) flush();
    }
    cur.push_back(upper(c));
  }
  flush();
  return out;
}

// Segments that turn KEY / CERT / AUTH into the name of a reference, not the secret itself.
constexpr std::array<std::string_view, 33> kReferenceQualifiers = {
    "ID",     "IDS",      "NAME",     "NAMES",    "PAIR",       "ARN",   "ALIAS",  "FILE",    "PATH",
    "TYPE",   "SIZE",     "LENGTH",   "BITS",     "FINGERPRINT", "PREFIX", "SPEC",  "USAGE",   "REGION",
    "EXPIRY", "EXPIRATION", "ROTATION", "DIR",    "METHOD",     "MODE",  "URL",    "URI",     "ENDPOINT",
    "DOMAIN", "ENABLED",  "PROVIDER", "SCHEME",   "HOST",       "PORT"};

bool is_reference_qualifier(std::string_view s) {
  return std::find(kReferenceQualifiers.begin(), kReferenceQualifiers.end(), s) != kReferenceQualifiers.end();
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}

// The nearest non-numeric segment after / before index i ("" when none).
std::string_view next_word(const std::vector<std::string>& segs, std::size_t i) {
  for (std::size_t j = i + 1; j < segs.size(); ++j)
    if (!all_digits(segs[j])) return segs[j];
  return {};
}
std::string_view previous_word(const std::vector<std::string>& segs, std::size_t i) {
  for (std::size_t j = i; j-- > 0;)
    if (!all_digits(segs[j])) return segs[j];
  return {};
}

bool is_weak_secret_word(std::string_view s) {
  if (any_of(s, {"MONKEY", "DONKEY", "TURKEY", "HOCKEY", "JOCKEY", "WHISKEY", "HOTKEY", "TURNKEY", "CONCERT"}))
    return false;
  return s.ends_with("KEY") || s.ends_with("CERT") || s.starts_with("CERTIFICATE") ||
         any_of(s, {"AUTH", "AUTHN", "AUTHZ", "AUTHORIZATION"}) || s.ends_with("AUTH");
}

bool segment_is_secret(const std::vector<std::string>& segs, std::size_t i) {
  const std::string& s = segs[i];
  if (s.ends_with("PASS") &&
      !any_of(s, {"COMPASS", "BYPASS", "SURPASS", "TRESPASS", "OVERPASS", "UNDERPASS", "ENCOMPASS"}))
    return true;
  if (s.ends_with("PWD") || s.ends_with("DSN")) return true;
  if (s.ends_with("CONN") || any_of(s, {"CONNSTR", "CONNSTRING", "CONNECTIONSTRING"})) return true;
  std::string_view next = next_word(segs, i);
  if (s == "CONNECTION" && any_of(next, {"STRING", "URI", "URL"})) return true;
  if (any_of(s, {"URL", "URI"}) &&
      any_of(previous_word(segs, i), {"DATABASE", "DB", "REDIS", "MONGO", "MONGODB", "POSTGRES", "POSTGRESQL",
                                      "PG", "MYSQL", "MARIADB", "AMQP", "RABBITMQ", "BROKER", "JDBC", "ELASTICSEARCH"}))
    return true;
  if (is_weak_secret_word(s)) {
    if (is_reference_qualifier(next)) return false;
    if (previous_word(segs, i) == "PUBLIC" || s == "PUBLICKEY") return false;
    return true;
  }
  return false;
}

std::string normalised(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out.push_back(c == '-' || c == '.' ? '_' : upper(c));
  return out;
}

}  // namespace

bool is_secret_name(std::string_view name, const std::vector<std::string>& extra) {
  if (name.empty()) return false;
  const std::string up = normalised(name);
  if (up == "PWD" || up == "OLDPWD") return false;  // the shell's working directories
  for (std::string_view w : {"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "CREDENTIAL", "PRIVATE"})
    if (up.find(w) != std::string::npos) return true;
  const auto segs = segments(name);
  for (std::size_t i = 0; i < segs.size(); ++i)
    if (segment_is_secret(segs, i)) return true;
  for (const auto& e : extra) {
    std::string x = normalised(e);
    if (!x.empty() && up.find(x) != std::string::npos) return true;
  }
  return false;
}

}  // namespace opsdeck::app
