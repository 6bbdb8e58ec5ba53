#pragma once
// Removes secrets from text before it is logged, shown in an audit line or saved.
//
// Masked with "***":
//   - the value of every secret added with add_secret(), as written AND in the forms a
//     script or a program turns it into: shell single quotes ('\'' and '"'"' for a quote),
//     double quotes and unquoted words with backslash escapes (\$ \" \` \\), printf %q and
//     $'...' (\' \xHH \NNN \n \t ...), URL encoding (%HH in either case, + for a space),
//     JSON (\" \\ \/ \uXXXX, surrogate pairs), and any mix of these within one value;
//     and its base64 (standard and URL-safe alphabets, padded or not, and the part that is
//     stable when the value sits at any offset inside a longer base64 text);
//   - the value after a secret NAME (app/secret_names.hpp): `NAME=value`, `NAME: value`,
//     `"name": "value"`, `--name value`, `--name=value`; a shell value is masked as one
//     word, quotes and escapes included ('a b'\''c' is one word);
//   - `Authorization: Bearer|Basic|token ...`, `user:password@` in URLs, AWS access key ids
//     (AKIA/ASIA/AROA/AIDA + 16, the prefix kept), 40-character secret-key-like words that
//     are not hex, and words of 100+ base64/url-safe characters (tokens) or 513+ characters.
//
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
  // Extra secret names from the config (is_secret_name's `extra`).
  void add_secret_names(std::vector<std::string> names);
  std::string redact(std::string_view text) const;

 private:
  std::vector<std::string> secrets_;       // longest first
  std::vector<std::string> base64_forms_;  // longest first
  std::vector<std::string> extra_names_;
};

}  // namespace opsdeck::app
