#include "widgets/clipboard.hpp"

#include <openssl/evp.h>

namespace opsdeck::ui {

std::string osc52_copy(std::string_view text) {
  if (text.empty() || text.size() > kClipboardMaxBytes) return {};
  std::string b64(4 * ((text.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  b64.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return "\x1b]52;c;" + b64 + "\x07";
}

}  // namespace opsdeck::ui
