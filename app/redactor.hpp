#pragma once
// Removes secrets from text before it is logged, shown in an audit line or saved:
// the values of secret variables (added with add_secret), AWS access key ids, strings
// that look like AWS secret keys or session tokens, `--password X` / `--password=X` /
// `--secret-string X` / `--token X`, `NAME=value` where NAME contains PASSWORD, SECRET,
// TOKEN or KEY, `Authorization: Bearer ...`, and `user:password@` in URLs.
// Not thread-safe while secrets are being added; const methods may be shared.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app {

class Redactor {
 public:
  static constexpr std::string_view kMask = "***";

  // Values shorter than 4 characters are not masked by value (too many false hits);
  // the name-based rules still catch them.
  void add_secret(std::string value);
  std::string redact(std::string_view text) const;

 private:
  std::vector<std::string> secrets_;
};

}  // namespace opsdeck::app
