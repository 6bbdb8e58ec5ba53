#pragma once
// The Session Manager data channel's binary message (the agent's AgentMessage, the
// plugin's ClientMessage): a 120-byte big-endian header — header length 116, message type
// space-padded to 32 bytes, schema version, creation time in ms, sequence number, flags,
// message id (UUID with its two 8-byte halves swapped), SHA-256 of the payload, payload
// type, payload length — then the payload. Layout and constants: the session-manager-plugin
// sources (src/message/clientmessage.go, messageparser.go); summary in
// ../shared/notes/ssm-session-protocol.md §2–3.
//
// Pure functions and values; any thread.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aws/result.hpp"

namespace opsdeck::ssh::ssm {

// A message id: the 16 bytes of a UUID in text order.
struct MessageId {
  std::array<uint8_t, 16> bytes{};
  static MessageId random();  // version 4, from OpenSSL's generator
  static std::optional<MessageId> parse(std::string_view text);  // "dd01e56b-ff48-..."
  std::string text() const;
  bool operator==(const MessageId&) const = default;
};

namespace message_type {
inline constexpr std::string_view kInput = "input_stream_data";
inline constexpr std::string_view kOutput = "output_stream_data";
inline constexpr std::string_view kAcknowledge = "acknowledge";
inline constexpr std::string_view kChannelClosed = "channel_closed";
inline constexpr std::string_view kStartPublication = "start_publication";
inline constexpr std::string_view kPausePublication = "pause_publication";
}  // namespace message_type

enum class PayloadType : uint32_t {
  None = 0,  // acknowledgements
  Output = 1,
  Error = 2,
  Size = 3,
  Parameter = 4,
  HandshakeRequest = 5,
  HandshakeResponse = 6,
  HandshakeComplete = 7,
  EncChallengeRequest = 8,
  EncChallengeResponse = 9,
  Flag = 10,
  StdErr = 11,
  ExitCode = 12,
};

// Payloads of PayloadType::Flag (a 4-byte big-endian number).
enum class SessionFlag : uint32_t { DisconnectToPort = 1, TerminateSession = 2, ConnectToPortError = 3 };

inline constexpr uint32_t kHeaderLength = 116;       // the offset of PayloadLength
inline constexpr size_t kMessagePrefixLength = 120;  // header + PayloadLength
inline constexpr uint64_t kAckFlags = 3;

struct AgentMessage {
  std::string type;  // message_type::*
  uint32_t schema_version = 1;
  uint64_t created_ms = 0;
  int64_t sequence = 0;
  uint64_t flags = 0;
  MessageId id;
  PayloadType payload_type = PayloadType::None;
  std::string payload;
};

// The wire bytes, with the payload's digest.
std::string serialize(const AgentMessage& message);

// Parses one message. Refuses (ErrorKind::Parse, saying what is wrong): fewer bytes than the
// header, a header length that points outside the message, a payload length that
// disagrees with the bytes, an empty type, and a payload whose SHA-256 is not the digest.
aws::Result<AgentMessage> parse_agent_message(std::string_view bytes);

// A 4-byte flag payload, and the flag in one (nullopt unless exactly 4 bytes).
std::string flag_payload(SessionFlag flag);
std::optional<uint32_t> parse_flag(std::string_view payload);

// The acknowledgement of `acked`: type acknowledge, flags 3, sequence 0, a fresh id and the
// JSON payload {AcknowledgedMessageType, AcknowledgedMessageId, AcknowledgedMessageSequenceNumber,
// IsSequentialMessage}.
AgentMessage acknowledgement_of(const AgentMessage& acked, uint64_t now_ms);

// The sequence number an acknowledgement's payload names, or nullopt when it is not one.
std::optional<int64_t> acknowledged_sequence(std::string_view payload);

}  // namespace opsdeck::ssh::ssm
