#pragma once
// The forms a secret value takes once a script, a shell or a program has quoted, escaped or
// encoded it, so the Redactor can find it in any of them.
//
// match_encoded_value() reads the text at `pos` as the value written character by
// character, where each character may appear as:
//   - itself;
//   - a backslash before it (\$ \" \` \\ \' \/: shell double quotes, unquoted shell words,
//     printf %q, $'...', JSON);
//   - for a single quote: '\'' or '"'"' (shell single quotes);
//   - for a space: + (form encoding);
//   - its UTF-8 bytes as %HH (URL encoding), \xHH ($'...', C) or \NNN octal ($'...'),
//     hex digits in either case;
//   - \uXXXX, or a surrogate pair for characters beyond U+FFFF (JSON, $'...');
//   - \a \b \t \n \v \f \r \e \E for the matching control character.
// Characters may use different forms within one value. The answer is where the longest
// reading ends, or npos when the text at `pos` is not the value.
//
// base64_forms() gives the value's base64 in both alphabets (standard and URL-safe), padded
// and unpadded, plus, for the value starting at byte offset 1 or 2 of a longer base64 text,
// the characters that depend only on the value (at least 6 of them).
//
// Pure, thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app {

std::size_t match_encoded_value(std::string_view text, std::size_t pos, std::string_view value);

std::vector<std::string> base64_forms(std::string_view value);

}  // namespace opsdeck::app
