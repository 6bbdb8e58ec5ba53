#pragma once
// CRC-32 with the IEEE / zlib polynomial (reflected 0xEDB88320), as used by the AWS
// event-stream framing for its prelude and message checksums. Pure functions; any thread.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace opsdeck::aws {

// Continues `crc` (the value returned for the bytes before) over `n` more bytes.
// crc32(a+b) == crc32(b, crc32(a)).
std::uint32_t crc32(const void* data, std::size_t n, std::uint32_t crc = 0);
inline std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0) {
  return crc32(bytes.data(), bytes.size(), crc);
}

}  // namespace opsdeck::aws
