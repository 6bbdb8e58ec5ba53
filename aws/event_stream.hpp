#pragma once
// AWS event-stream framing (Content-Type: application/vnd.amazon.eventstream), used by
// streaming responses such as CloudWatch Logs StartLiveTail.
//
// A message is: total length (u32 BE), headers length (u32 BE), prelude CRC-32 of those
// 8 bytes, the header block, the payload, and a CRC-32 of everything before it. Headers
// are (name length u8, ASCII name, type u8, value) with the ten value types below.
//
// EventStreamDecoder is incremental: feed it bytes as they arrive from the network, in
// any chunking; it emits every complete message and keeps the rest. A corrupted frame
// is reported as a typed error and the decoder stays failed (the stream cannot be
// re-synchronised: the length fields can no longer be trusted).
//
// Not thread-safe; one decoder per stream, used by whichever thread receives the bytes
// (for AwsClient streams, the IO thread).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/result.hpp"

namespace opsdeck::aws {

enum class EventHeaderType : std::uint8_t {
  BoolTrue = 0,
  BoolFalse = 1,
  Byte = 2,
  Short = 3,
  Integer = 4,
  Long = 5,
  ByteArray = 6,
  String = 7,
  Timestamp = 8,  // milliseconds since the epoch
  Uuid = 9,       // 16 raw bytes
};

struct EventHeader {
  std::string name;
  EventHeaderType type = EventHeaderType::String;
  std::int64_t number = 0;  // bool (0/1), byte, short, integer, long, timestamp
  std::string bytes;        // byte array, string, uuid

  static EventHeader string(std::string name, std::string value);
  bool operator==(const EventHeader&) const = default;
};

struct EventMessage {
  std::vector<EventHeader> headers;
  std::string payload;

  const EventHeader* header(std::string_view name) const;
  // The value of a string header, or "" when absent or not a string.
  std::string_view header_string(std::string_view name) const;
};

enum class EventStreamError {
  None,
  LengthTooSmall,       // total length below the 16-byte minimum or headers longer than total
  HeadersTooLarge,      // header block over 128 KiB
  PayloadTooLarge,      // payload over 24 MiB
  PreludeCrcMismatch,
  MessageCrcMismatch,
  MalformedHeader,      // unknown type, or a header running past the header block
  DuplicateHeader,
  Truncated,            // the stream ended inside a message (reported by finish())
};

const char* to_string(EventStreamError e);
// An aws::Error (kind Parse, code "EventStream<Name>") for a decoder error.
Error to_error(EventStreamError e, std::string_view detail = {});

inline constexpr std::size_t kEventStreamPreludeSize = 12;
inline constexpr std::size_t kEventStreamMinMessageSize = 16;
inline constexpr std::size_t kEventStreamMaxHeadersSize = 128 * 1024;
inline constexpr std::size_t kEventStreamMaxPayloadSize = 24 * 1024 * 1024;

class EventStreamDecoder {
 public:
  // Appends every message completed by `bytes` to `out`. Returns None, or the error of
  // the first corrupted frame (messages before it are still appended). After an error
  // every further call returns the same error.
  EventStreamError feed(std::string_view bytes, std::vector<EventMessage>& out);
  // Call at the end of the stream: Truncated when a partial message is buffered.
  EventStreamError finish();

  EventStreamError error() const { return error_; }
  const std::string& error_detail() const { return detail_; }
  std::size_t buffered() const { return buf_.size() - pos_; }

 private:
  EventStreamError fail(EventStreamError e, std::string detail);
  EventStreamError decode_one(std::string_view frame, EventMessage& msg);

  std::string buf_;
  std::size_t pos_ = 0;  // start of the unconsumed bytes in buf_
  EventStreamError error_ = EventStreamError::None;
  std::string detail_;
};

// Encodes one message (tests, fuzz seeds, and any future client->server stream).
std::string encode_event_message(const EventMessage& msg);

}  // namespace opsdeck::aws
