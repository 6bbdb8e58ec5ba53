#pragma once
// smux v1 frames (github.com/xtaci/smux, the multiplexer Session Manager's port forwarding
// runs inside the data channel's Output byte stream): an 8-byte header — version (1),
// command (SYN 0, FIN 1, PSH 2, NOP 3), data length (uint16 little-endian), stream id
// (uint32 little-endian) — then the data. Notes: ../shared/notes/ssm-session-protocol.md §7.
//
// encode_* are pure functions. SmuxFrameReader reassembles frames from a byte stream cut
// anywhere; it owns the partial bytes it holds. Not thread safe; any one thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aws/result.hpp"

namespace opsdeck::ssh::ssm {

inline constexpr uint8_t kSmuxVersion = 1;
inline constexpr size_t kSmuxHeaderLength = 8;
inline constexpr size_t kSmuxMaxFrameData = 32768;  // smux's default MaxFrameSize

enum class SmuxCommand : uint8_t { Syn = 0, Fin = 1, Psh = 2, Nop = 3 };

struct SmuxFrame {
  SmuxCommand command = SmuxCommand::Nop;
  uint32_t stream_id = 0;
  std::string data;  // PSH only
  bool operator==(const SmuxFrame&) const = default;
};

// One frame's bytes. `data` longer than 65535 bytes is a programming error (truncated to
// the limit); encode_push splits instead.
std::string encode_frame(SmuxCommand command, uint32_t stream_id, std::string_view data = {});
// PSH frames carrying `data`, none with more than kSmuxMaxFrameData bytes.
std::string encode_push(uint32_t stream_id, std::string_view data);

const char* to_string(SmuxCommand command);

class SmuxFrameReader {
 public:
  // Appends bytes; next() then returns the frames now complete, one at a time.
  void feed(std::string_view bytes);
  // The next whole frame; nullopt when more bytes are needed. A header with a version other
  // than 1 or a command outside v1 is an ErrorKind::Parse error saying what was found, and
  // the reader stays failed (the stream has lost its framing).
  aws::Result<std::optional<SmuxFrame>> next();
  size_t buffered() const { return buffer_.size() - offset_; }

 private:
  std::string buffer_;
  size_t offset_ = 0;
  std::optional<aws::Error> failed_;
};

}  // namespace opsdeck::ssh::ssm
