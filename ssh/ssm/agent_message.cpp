#include "ssh/ssm/agent_message.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <chrono>

#include <nlohmann/json.hpp>

namespace opsdeck::ssh::ssm {
namespace {

constexpr size_t kTypeLength = 32;
constexpr size_t kDigestLength = 32;
// Offsets in the header (notes §2).
constexpr size_t kTypeAt = 4, kSchemaAt = 36, kCreatedAt = 40, kSequenceAt = 48, kFlagsAt = 56, kIdAt = 64,
                 kDigestAt = 80, kPayloadTypeAt = 112;

void put_be(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t get_be(std::string_view in, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(in[at + static_cast<size_t>(i)]);
  return v;
}

std::string sha256(std::string_view bytes) {
  std::string digest(kDigestLength, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

aws::Error parse_error(const std::string& what) {
  return aws::make_error(aws::ErrorKind::Parse, "Session Manager message refused: " + what,
                         "the data channel sent bytes that are not an agent message; the session cannot be trusted");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

MessageId MessageId::random() {
  MessageId id;
  if (RAND_bytes(id.bytes.data(), static_cast<int>(id.bytes.size())) != 1) {
    // OpenSSL's generator failing means no secure randomness at all; message ids only need
    // to be unique, so fall back to the clock and a counter rather than stop the session.
    static uint64_t counter = 0;
    uint64_t a = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()), b = ++counter;
    for (int i = 0; i < 8; ++i) {
      id.bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(a >> (8 * i));
      id.bytes[static_cast<size_t>(8 + i)] = static_cast<uint8_t>(b >> (8 * i));
    }
  }
  id.bytes[6] = static_cast<uint8_t>((id.bytes[6] & 0x0f) | 0x40);
  id.bytes[8] = static_cast<uint8_t>((id.bytes[8] & 0x3f) | 0x80);
  return id;
}

std::optional<MessageId> MessageId::parse(std::string_view text) {
  MessageId id;
  size_t n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-') {
      if (i != 8 && i != 13 && i != 18 && i != 23) return std::nullopt;
      continue;
    }
    int hi = hex_value(text[i]);
    if (hi < 0 || i + 1 >= text.size() || n >= 16) return std::nullopt;
    int lo = hex_value(text[++i]);
    if (lo < 0) return std::nullopt;
    id.bytes[n++] = static_cast<uint8_t>(hi * 16 + lo);
  }
  if (n != 16 || text.size() != 36) return std::nullopt;
  return id;
}

std::string MessageId::text() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xf]);
  }
  return out;
}

std::string serialize(const AgentMessage& m) {
  std::string out;
  out.reserve(kMessagePrefixLength + m.payload.size());
  put_be(out, kHeaderLength, 4);
  std::string type = m.type.substr(0, kTypeLength);
  type.resize(kTypeLength, ' ');
  out += type;
  put_be(out, m.schema_version, 4);
  put_be(out, m.created_ms, 8);
  put_be(out, static_cast<uint64_t>(m.sequence), 8);
  put_be(out, m.flags, 8);
  // The UUID's second half goes first (notes §2: Java's least-significant long, then the most).
  out.append(reinterpret_cast<const char*>(m.id.bytes.data()) + 8, 8);
  out.append(reinterpret_cast<const char*>(m.id.bytes.data()), 8);
  out += m.payload.empty() ? std::string(kDigestLength, '\0') : sha256(m.payload);
  put_be(out, static_cast<uint32_t>(m.payload_type), 4);
  put_be(out, m.payload.size(), 4);
  out += m.payload;
  return out;
}

aws::Result<AgentMessage> parse_agent_message(std::string_view in) {
  if (in.size() < kMessagePrefixLength)
    return parse_error(std::to_string(in.size()) + " bytes, shorter than the 120-byte header");
  uint64_t header_length = get_be(in, 0, 4);
  // 112 is the older layout without PayloadType; anything else must leave room for the length.
  if (header_length < kPayloadTypeAt || header_length + 4 > in.size())
    return parse_error("header length " + std::to_string(header_length) + " does not fit a " +
                       std::to_string(in.size()) + "-byte message");
  AgentMessage m;
  std::string_view type = in.substr(kTypeAt, kTypeLength);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\0')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\0')) type.remove_prefix(1);
  if (type.empty()) return parse_error("no message type");
  m.type = std::string(type);
  m.schema_version = static_cast<uint32_t>(get_be(in, kSchemaAt, 4));
  m.created_ms = get_be(in, kCreatedAt, 8);
  m.sequence = static_cast<int64_t>(get_be(in, kSequenceAt, 8));
  m.flags = get_be(in, kFlagsAt, 8);
  for (size_t i = 0; i < 8; ++i) {
    m.id.bytes[8 + i] = static_cast<uint8_t>(in[kIdAt + i]);
    m.id.bytes[i] = static_cast<uint8_t>(in[kIdAt + 8 + i]);
  }
  m.payload_type = header_length >= kHeaderLength ? static_cast<PayloadType>(get_be(in, kPayloadTypeAt, 4))
                                                  : PayloadType::None;
  uint64_t payload_length = get_be(in, header_length, 4);
  size_t payload_at = header_length + 4;
  if (payload_length != in.size() - payload_at)
    return parse_error("payload length " + std::to_string(payload_length) + " but " +
                       std::to_string(in.size() - payload_at) + " payload bytes");
  m.payload = std::string(in.substr(payload_at));
  if (!m.payload.empty() && sha256(m.payload) != in.substr(kDigestAt, kDigestLength))
    return parse_error("payload digest does not match (" + m.type + " #" + std::to_string(m.sequence) + ")");
  return m;
}

std::string flag_payload(SessionFlag flag) {
  std::string out;
  put_be(out, static_cast<uint32_t>(flag), 4);
  return out;
}

std::optional<uint32_t> parse_flag(std::string_view payload) {
  if (payload.size() != 4) return std::nullopt;
  return static_cast<uint32_t>(get_be(payload, 0, 4));
}

AgentMessage acknowledgement_of(const AgentMessage& acked, uint64_t now_ms) {
  AgentMessage ack;
  ack.type = std::string(message_type::kAcknowledge);
  ack.created_ms = now_ms;
  ack.sequence = 0;
  ack.flags = kAckFlags;
  ack.id = MessageId::random();
  ack.payload = nlohmann::json{{"AcknowledgedMessageType", acked.type},
                               {"AcknowledgedMessageId", acked.id.text()},
                               {"AcknowledgedMessageSequenceNumber", acked.sequence},
                               {"IsSequentialMessage", true}}
                    .dump();
  return ack;
}

std::optional<int64_t> acknowledged_sequence(std::string_view payload) {
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  auto it = j.find("AcknowledgedMessageSequenceNumber");
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

}  // namespace opsdeck::ssh::ssm
