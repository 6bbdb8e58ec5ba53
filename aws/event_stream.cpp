#include "aws/event_stream.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "aws/crc32.hpp"

namespace opsdeck::aws {
namespace {

std::uint64_t read_be(const unsigned char* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

std::int64_t read_signed_be(const unsigned char* p, int n) {
  std::uint64_t v = read_be(p, n);
  if (n < 8 && (v & (std::uint64_t{1} << (n * 8 - 1)))) v |= ~std::uint64_t{0} << (n * 8);
  return static_cast<std::int64_t>(v);
}

void write_be(std::string& out, std::uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (i * 8)) & 0xFFU));
}

int fixed_size(EventHeaderType t) {
  switch (t) {
    case EventHeaderType::BoolTrue:
    case EventHeaderType::BoolFalse: return 0;
    case EventHeaderType::Byte: return 1;
    case EventHeaderType::Short: return 2;
    case EventHeaderType::Integer: return 4;
    case EventHeaderType::Long:
    case EventHeaderType::Timestamp: return 8;
    case EventHeaderType::Uuid: return 16;
    case EventHeaderType::ByteArray:
    case EventHeaderType::String: return -1;  // u16 length prefix
  }
  return -2;
}

}  // namespace

EventHeader EventHeader::string(std::string name, std::string value) {
  EventHeader h;
  h.name = std::move(name);
  h.type = EventHeaderType::String;
  h.bytes = std::move(value);
  return h;
}

const EventHeader* EventMessage::header(std::string_view name) const {
  for (const auto& h : headers)
    if (h.name == name) return &h;
  return nullptr;
}

std::string_view EventMessage::header_string(std::string_view name) const {
  const EventHeader* h = header(name);
  if (!h || h->type != EventHeaderType::String) return {};
  return h->bytes;
}

const char* to_string(EventStreamError e) {
  switch (e) {
    case EventStreamError::None: return "None";
    case EventStreamError::LengthTooSmall: return "LengthTooSmall";
    case EventStreamError::HeadersTooLarge: return "HeadersTooLarge";
    case EventStreamError::PayloadTooLarge: return "PayloadTooLarge";
    case EventStreamError::PreludeCrcMismatch: return "PreludeCrcMismatch";
    case EventStreamError::MessageCrcMismatch: return "MessageCrcMismatch";
    case EventStreamError::MalformedHeader: return "MalformedHeader";
    case EventStreamError::DuplicateHeader: return "DuplicateHeader";
    case EventStreamError::Truncated: return "Truncated";
  }
  return "Unknown";
}

Error to_error(EventStreamError e, std::string_view detail) {
  Error err = make_error(ErrorKind::Parse,
                         detail.empty() ? fmt::format("corrupted event stream: {}", to_string(e))
                                        : fmt::format("corrupted event stream: {}: {}", to_string(e), detail),
                         "the connection delivered a damaged stream; start a new session");
  err.code = std::string("EventStream") + to_string(e);
  err.retryable = true;  // a new session usually works
  return err;
}

EventStreamError EventStreamDecoder::fail(EventStreamError e, std::string detail) {
  error_ = e;
  detail_ = std::move(detail);
  buf_.clear();
  pos_ = 0;
  return e;
}

EventStreamError EventStreamDecoder::feed(std::string_view bytes, std::vector<EventMessage>& out) {
  if (error_ != EventStreamError::None) return error_;
  buf_.append(bytes);
  for (;;) {
    const std::size_t avail = buf_.size() - pos_;
    if (avail < kEventStreamPreludeSize) break;
    const auto* p = reinterpret_cast<const unsigned char*>(buf_.data() + pos_);
    const std::uint32_t total = static_cast<std::uint32_t>(read_be(p, 4));
    const std::uint32_t hlen = static_cast<std::uint32_t>(read_be(p + 4, 4));
    const std::uint32_t prelude_crc = static_cast<std::uint32_t>(read_be(p + 8, 4));
    // Validate the prelude as soon as it is here, so a bogus length never makes us buffer.
    if (crc32(p, 8) != prelude_crc)
      return fail(EventStreamError::PreludeCrcMismatch, fmt::format("prelude crc {:08x}", prelude_crc));
    if (total < kEventStreamMinMessageSize || hlen > total - kEventStreamMinMessageSize)
      return fail(EventStreamError::LengthTooSmall, fmt::format("total {} headers {}", total, hlen));
    if (hlen > kEventStreamMaxHeadersSize)
      return fail(EventStreamError::HeadersTooLarge, fmt::format("headers {} bytes", hlen));
    if (total - hlen - kEventStreamMinMessageSize > kEventStreamMaxPayloadSize)
      return fail(EventStreamError::PayloadTooLarge, fmt::format("total {} bytes", total));
    if (avail < total) break;
    EventMessage msg;
    EventStreamError e = decode_one(std::string_view(buf_.data() + pos_, total), msg);
    if (e != EventStreamError::None) return e;
    out.push_back(std::move(msg));
    pos_ += total;
  }
  // Compact once the consumed part dominates, keeping appends amortised O(1).
  if (pos_ > 0 && pos_ * 2 >= buf_.size()) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  return EventStreamError::None;
}

EventStreamError EventStreamDecoder::decode_one(std::string_view frame, EventMessage& msg) {
  const auto* p = reinterpret_cast<const unsigned char*>(frame.data());
  const std::size_t total = frame.size();
  const std::uint32_t want = static_cast<std::uint32_t>(read_be(p + total - 4, 4));
  const std::uint32_t got = crc32(p, total - 4);
  if (want != got)
    return fail(EventStreamError::MessageCrcMismatch, fmt::format("message crc {:08x}, computed {:08x}", want, got));
  const std::size_t hlen = read_be(p + 4, 4);
  std::size_t i = kEventStreamPreludeSize;
  const std::size_t hend = i + hlen;
  while (i < hend) {
    const std::size_t nlen = p[i++];
    if (nlen == 0 || i + nlen + 1 > hend) return fail(EventStreamError::MalformedHeader, "header name");
    EventHeader h;
    h.name.assign(reinterpret_cast<const char*>(p + i), nlen);
    i += nlen;
    const unsigned type = p[i++];
    if (type > 9) return fail(EventStreamError::MalformedHeader, fmt::format("type {} for '{}'", type, h.name));
    h.type = static_cast<EventHeaderType>(type);
    int size = fixed_size(h.type);
    if (size < 0) {
      if (i + 2 > hend) return fail(EventStreamError::MalformedHeader, "value length");
      size = static_cast<int>(read_be(p + i, 2));
      i += 2;
    }
    if (i + static_cast<std::size_t>(size) > hend)
      return fail(EventStreamError::MalformedHeader, fmt::format("value of '{}' runs past the headers", h.name));
    switch (h.type) {
      case EventHeaderType::BoolTrue: h.number = 1; break;
      case EventHeaderType::BoolFalse: h.number = 0; break;
      case EventHeaderType::Byte:
      case EventHeaderType::Short:
      case EventHeaderType::Integer:
      case EventHeaderType::Long:
      case EventHeaderType::Timestamp: h.number = read_signed_be(p + i, size); break;
      default: h.bytes.assign(reinterpret_cast<const char*>(p + i), static_cast<std::size_t>(size));
    }
    i += static_cast<std::size_t>(size);
    if (msg.header(h.name)) return fail(EventStreamError::DuplicateHeader, h.name);
    msg.headers.push_back(std::move(h));
  }
  msg.payload.assign(frame.substr(hend, total - hend - 4));
  return EventStreamError::None;
}

EventStreamError EventStreamDecoder::finish() {
  if (error_ != EventStreamError::None) return error_;
  if (buffered() > 0) return fail(EventStreamError::Truncated, fmt::format("{} bytes left", buffered()));
  return EventStreamError::None;
}

std::string encode_event_message(const EventMessage& msg) {
  std::string headers;
  for (const auto& h : msg.headers) {
    headers.push_back(static_cast<char>(h.name.size()));
    headers += h.name;
    headers.push_back(static_cast<char>(h.type));
    const int size = fixed_size(h.type);
    if (size < 0) {
      write_be(headers, h.bytes.size(), 2);
      headers += h.bytes;
    } else if (h.type == EventHeaderType::Uuid) {
      std::string u = h.bytes;
      u.resize(16, '\0');
      headers += u;
    } else if (size > 0) {
      write_be(headers, static_cast<std::uint64_t>(h.number), size);
    }
  }
  std::string out;
  const std::size_t total = kEventStreamMinMessageSize + headers.size() + msg.payload.size();
  write_be(out, total, 4);
  write_be(out, headers.size(), 4);
  write_be(out, crc32(out), 4);
  out += headers;
  out += msg.payload;
  write_be(out, crc32(out), 4);
  return out;
}

}  // namespace opsdeck::aws
