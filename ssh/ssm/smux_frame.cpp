#include "ssh/ssm/smux_frame.hpp"

#include <algorithm>

namespace opsdeck::ssh::ssm {

std::string encode_frame(SmuxCommand command, uint32_t stream_id, std::string_view data) {
  data = data.substr(0, std::min<size_t>(data.size(), 0xffff));
  std::string out(kSmuxHeaderLength, '\0');
  out[0] = static_cast<char>(kSmuxVersion);
  out[1] = static_cast<char>(command);
  out[2] = static_cast<char>(data.size() & 0xff);
  out[3] = static_cast<char>((data.size() >> 8) & 0xff);
  for (int i = 0; i < 4; ++i) out[4 + i] = static_cast<char>((stream_id >> (8 * i)) & 0xff);
  out.append(data);
  return out;
}

std::string encode_push(uint32_t stream_id, std::string_view data) {
  std::string out;
  out.reserve(data.size() + (data.size() / kSmuxMaxFrameData + 1) * kSmuxHeaderLength);
  while (!data.empty()) {
    size_t n = std::min(data.size(), kSmuxMaxFrameData);
    out += encode_frame(SmuxCommand::Psh, stream_id, data.substr(0, n));
    data.remove_prefix(n);
  }
  return out;
}

const char* to_string(SmuxCommand command) {
  switch (command) {
    case SmuxCommand::Syn: return "SYN";
    case SmuxCommand::Fin: return "FIN";
    case SmuxCommand::Psh: return "PSH";
    case SmuxCommand::Nop: return "NOP";
  }
  return "?";
}

void SmuxFrameReader::feed(std::string_view bytes) {
  if (failed_) return;
  if (offset_ > 0 && offset_ >= buffer_.size() / 2) {  // keeps the buffer from growing without bound
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  buffer_.append(bytes);
}

aws::Result<std::optional<SmuxFrame>> SmuxFrameReader::next() {
  if (failed_) return *failed_;
  if (buffered() < kSmuxHeaderLength) return std::optional<SmuxFrame>{};
  const auto* h = reinterpret_cast<const uint8_t*>(buffer_.data() + offset_);
  if (h[0] != kSmuxVersion) {
    failed_ = aws::make_error(aws::ErrorKind::Parse, "smux: frame version " + std::to_string(h[0]) +
                                                         " (expected 1) — the port stream lost its framing");
    return *failed_;
  }
  if (h[1] > static_cast<uint8_t>(SmuxCommand::Nop)) {
    failed_ = aws::make_error(aws::ErrorKind::Parse,
                              "smux: command " + std::to_string(h[1]) + " is not one of smux v1 (SYN FIN PSH NOP)");
    return *failed_;
  }
  size_t length = static_cast<size_t>(h[2]) | (static_cast<size_t>(h[3]) << 8);
  if (buffered() < kSmuxHeaderLength + length) return std::optional<SmuxFrame>{};
  SmuxFrame f;
  f.command = static_cast<SmuxCommand>(h[1]);
  f.stream_id = static_cast<uint32_t>(h[4]) | (static_cast<uint32_t>(h[5]) << 8) |
                (static_cast<uint32_t>(h[6]) << 16) | (static_cast<uint32_t>(h[7]) << 24);
  f.data.assign(buffer_, offset_ + kSmuxHeaderLength, length);
  offset_ += kSmuxHeaderLength + length;
  if (offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  }
  return std::optional<SmuxFrame>(std::move(f));
}

}  // namespace opsdeck::ssh::ssm
