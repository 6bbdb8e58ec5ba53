#include "app/terminal_text.hpp"

#include <unistd.h>

#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

// CR LF -> LF. Bytes 0x0D/0x0A never occur inside a UTF-8 sequence, so this cannot break one.
std::string drop_cr_before_lf(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    out.push_back(raw[i]);
  }
  return out;
}

// Length of the UTF-8 sequence a lead byte starts (the decoder's rule), 0 if not a lead byte.
int utf8_length(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF) return 2;
  if (c >= 0xE0 && c <= 0xEF) return 3;
  if (c >= 0xF0 && c <= 0xF4) return 4;
  return 0;
}

// Where the part that must wait for more bytes begins: a final CR, or a lead byte followed
// only by continuation bytes, fewer than its sequence needs.
std::size_t hold_back_from(std::string_view data) {
  if (data.empty()) return 0;
  if (data.back() == '\r') return data.size() - 1;
  for (std::size_t k = 1; k <= 3 && k <= data.size(); ++k) {
    auto c = static_cast<unsigned char>(data[data.size() - k]);
    if (c >= 0x80 && c <= 0xBF) continue;
    if (utf8_length(c) > static_cast<int>(k)) return data.size() - k;
    break;
  }
  return data.size();
}

}  // namespace

std::string neutralise_text(std::string_view raw) {
  ui::SanitizeOptions o;
  o.keep_newlines = true;
  o.keep_tabs = true;
  return ui::sanitize_plain(drop_cr_before_lf(raw), o);
}

std::string StreamNeutraliser::feed(std::string_view chunk) {
  pending_.append(chunk);
  std::size_t cut = hold_back_from(pending_);
  std::string out = neutralise_text(std::string_view(pending_).substr(0, cut));
  pending_.erase(0, cut);
  return out;
}

std::string StreamNeutraliser::finish() {
  std::string out = neutralise_text(pending_);
  pending_.clear();
  return out;
}

OutputMode output_mode_for(bool raw_flag, int fd) {
  return raw_flag && ::isatty(fd) == 0 ? OutputMode::Raw : OutputMode::Neutralised;
}

std::string text_for_output(OutputMode mode, std::string_view text) {
  return mode == OutputMode::Raw ? std::string(text) : neutralise_text(text);
}

std::string json_dump_safe(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', true, nlohmann::json::error_handler_t::replace);
}

std::string json_dump_safe(const nlohmann::ordered_json& value, int indent) {
  return value.dump(indent, ' ', true, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace opsdeck::app
