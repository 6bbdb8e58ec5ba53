#include "app/secret_value_forms.hpp"

#include <algorithm>
#include <optional>

namespace opsdeck::app {

namespace {

// One character of the value: its bytes, and its code point when they are valid UTF-8.
struct Unit {
  std::string_view bytes;
  std::optional<char32_t> cp;
};

std::vector<Unit> units_of(std::string_view v) {
  std::vector<Unit> out;
  for (std::size_t i = 0; i < v.size();) {
    auto c = static_cast<unsigned char>(v[i]);
    std::size_t len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3
                                 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    bool ok = len > 0 && i + len <= v.size();
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (std::size_t k = 1; ok && k < len; ++k) {
      auto cc = static_cast<unsigned char>(v[i + k]);
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok && ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
               (cp >= 0xD800 && cp <= 0xDFFF)))
      ok = false;
    if (!ok) {
      out.push_back({v.substr(i, 1), std::nullopt});
      ++i;
    } else {
      out.push_back({v.substr(i, len), cp});
      i += len;
    }
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `digits` hex digits at `at` equal to `value`.
bool hex_at(std::string_view t, std::size_t at, int digits, unsigned value) {
  if (at + static_cast<std::size_t>(digits) > t.size()) return false;
  unsigned v = 0;
  for (int i = 0; i < digits; ++i) {
    int d = hex_digit(t[at + static_cast<std::size_t>(i)]);
    if (d < 0) return false;
    v = v * 16 + static_cast<unsigned>(d);
  }
  return v == value;
}

bool text_at(std::string_view t, std::size_t at, std::string_view s) { return t.substr(at, s.size()) == s; }

// Every byte of `bytes` written as prefix + its escape (%HH, \xHH, \NNN); the end or npos.
template <class Escape>
std::size_t per_byte(std::string_view t, std::size_t at, std::string_view bytes, Escape escape) {
  for (char b : bytes) {
    at = escape(t, at, static_cast<unsigned char>(b));
    if (at == std::string_view::npos) return at;
  }
  return at;
}

std::size_t percent(std::string_view t, std::size_t at, unsigned b) {
  return at < t.size() && t[at] == '%' && hex_at(t, at + 1, 2, b) ? at + 3 : std::string_view::npos;
}
std::size_t backslash_x(std::string_view t, std::size_t at, unsigned b) {
  return text_at(t, at, "\\x") && hex_at(t, at + 2, 2, b) ? at + 4 : std::string_view::npos;
}
std::size_t backslash_octal(std::string_view t, std::size_t at, unsigned b) {
  if (at + 4 > t.size() || t[at] != '\\') return std::string_view::npos;
  unsigned v = 0;
  for (std::size_t i = 1; i <= 3; ++i) {
    char c = t[at + i];
    if (c < '0' || c > '7') return std::string_view::npos;
    v = v * 8 + static_cast<unsigned>(c - '0');
  }
  return v == b ? at + 4 : std::string_view::npos;
}

char control_letter(char32_t cp) {
  switch (cp) {
    case 0x07: return 'a';
    case 0x08: return 'b';
    case 0x09: return 't';
    case 0x0A: return 'n';
    case 0x0B: return 'v';
    case 0x0C: return 'f';
    case 0x0D: return 'r';
    default: return 0;
  }
}

// Where each form of `u` that starts at `at` ends.
void forms_at(std::string_view t, std::size_t at, const Unit& u, std::vector<std::size_t>& ends) {
  auto add = [&](std::size_t e) {
    if (e != std::string_view::npos) ends.push_back(e);
  };
  if (text_at(t, at, u.bytes)) add(at + u.bytes.size());
  if (at < t.size() && t[at] == '\\' && text_at(t, at + 1, u.bytes)) add(at + 1 + u.bytes.size());
  if (u.bytes == "'") {
    if (text_at(t, at, "'\\''")) add(at + 4);
    if (text_at(t, at, "'\"'\"'")) add(at + 5);
  }
  if (u.bytes == " " && text_at(t, at, "+")) add(at + 1);
  add(per_byte(t, at, u.bytes, percent));
  add(per_byte(t, at, u.bytes, backslash_x));
  add(per_byte(t, at, u.bytes, backslash_octal));
  if (!u.cp) return;
  char32_t cp = *u.cp;
  if (cp <= 0xFFFF) {
    if (text_at(t, at, "\\u") && hex_at(t, at + 2, 4, cp)) add(at + 6);
  } else {
    unsigned hi = 0xD800 + ((cp - 0x10000) >> 10), lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);
    if (text_at(t, at, "\\u") && hex_at(t, at + 2, 4, hi) && text_at(t, at + 6, "\\u") && hex_at(t, at + 8, 4, lo))
      add(at + 12);
  }
  if (char l = control_letter(cp); l && at + 1 < t.size() && t[at] == '\\' && t[at + 1] == l) add(at + 2);
  if (cp == 0x1B && at + 1 < t.size() && t[at] == '\\' && (t[at + 1] == 'e' || t[at + 1] == 'E')) add(at + 2);
}

std::string base64(std::string_view bytes, const char* alphabet, bool pad) {
  std::string out;
  std::size_t i = 0;
  auto b = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned n = (b(i) << 16) | (b(i + 1) << 8) | b(i + 2);
    for (int s = 18; s >= 0; s -= 6) out.push_back(alphabet[(n >> s) & 63]);
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned n = b(i) << 16;
    if (rest == 2) n |= b(i + 1) << 8;
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    if (rest == 2) out.push_back(alphabet[(n >> 6) & 63]);
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

}  // namespace

std::size_t match_encoded_value(std::string_view text, std::size_t pos, std::string_view value) {
  if (value.empty() || pos >= text.size()) return std::string_view::npos;
  std::vector<std::size_t> at{pos}, next;
  for (const Unit& u : units_of(value)) {
    next.clear();
    for (std::size_t p : at) forms_at(text, p, u, next);
    if (next.empty()) return std::string_view::npos;
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    at.swap(next);
  }
  return at.back();
}

std::vector<std::string> base64_forms(std::string_view value) {
  static constexpr const char* kStd = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static constexpr const char* kUrl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::vector<std::string> out;
  if (value.empty()) return out;
  for (const char* alphabet : {kStd, kUrl}) {
    out.push_back(base64(value, alphabet, true));
    out.push_back(base64(value, alphabet, false));
    for (std::size_t k = 0; k < 3; ++k) {
      std::string shifted(k, '\0');
      shifted.append(value);
      std::string enc = base64(shifted, alphabet, false);
      std::size_t first = (8 * k + 5) / 6;                  // first character with no pad bits
      std::size_t last = 8 * (k + value.size()) / 6;        // one past the last with no later bits
      if (last > first && last - first >= 6) out.push_back(enc.substr(first, last - first));
    }
  }
  std::erase_if(out, [](const std::string& s) { return s.size() < 6; });
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size() || (a.size() == b.size() && a < b); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace opsdeck::app
