#pragma once
// Standard base64 (RFC 4648, with padding) over OpenSSL's codec. Pure, any thread.

#include <optional>
#include <string>
#include <string_view>

namespace opsdeck::ssh {

std::string base64_encode(std::string_view bytes);
// Returns nullopt for text that is not valid padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace opsdeck::ssh
