#include "app/logs/time_spec.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <chrono>

namespace opsdeck::app {
namespace {

aws::Error usage(std::string_view text) {
  return aws::make_error(aws::ErrorKind::Usage, fmt::format("cannot read the time '{}'", text),
                         "use 30s, 10m, 1h, 2d, 1w, or 2026-11-21T10:00 (UTC), or START..END");
}

bool read_int(std::string_view& s, std::size_t digits, int& out) {
  if (s.size() < digits) return false;
  for (std::size_t i = 0; i < digits; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  std::from_chars(s.data(), s.data() + digits, out);
  s.remove_prefix(digits);
  return true;
}

bool eat(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

std::optional<std::int64_t> parse_iso(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  if (!read_int(s, 4, y) || !eat(s, '-') || !read_int(s, 2, mo) || !eat(s, '-') || !read_int(s, 2, d))
    return std::nullopt;
  if (eat(s, 'T') || eat(s, ' ')) {
    if (!read_int(s, 2, h) || !eat(s, ':') || !read_int(s, 2, mi)) return std::nullopt;
    if (eat(s, ':')) {
      if (!read_int(s, 2, sec)) return std::nullopt;
      if (eat(s, '.')) {
        std::size_t n = 0;
        int frac = 0;
        while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n]))) {
          if (n < 3) frac = frac * 10 + (s[n] - '0');
          ++n;
        }
        if (n == 0) return std::nullopt;
        for (std::size_t k = n; k < 3; ++k) frac *= 10;
        ms = frac;
        s.remove_prefix(n);
      }
    }
  }
  int offset_min = 0;
  if (eat(s, 'Z') || eat(s, 'z')) {
  } else if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    const int sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
    int oh = 0, om = 0;
    if (!read_int(s, 2, oh)) return std::nullopt;
    eat(s, ':');
    if (!s.empty() && !read_int(s, 2, om)) return std::nullopt;
    offset_min = sign * (oh * 60 + om);
  }
  if (!s.empty()) return std::nullopt;
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  const auto days = sys_days(ymd).time_since_epoch();
  const std::int64_t secs = duration_cast<seconds>(days).count() + h * 3600 + mi * 60 + sec - offset_min * 60;
  return secs * 1000 + ms;
}

}  // namespace

aws::Result<std::int64_t> parse_time_point(std::string_view text, std::int64_t now_ms) {
  if (text.empty() || text == "now") return now_ms;
  // Relative: digits then one unit.
  std::size_t n = 0;
  while (n < text.size() && std::isdigit(static_cast<unsigned char>(text[n]))) ++n;
  if (n > 0 && n + 1 == text.size() && n <= 9) {
    std::int64_t v = 0;
    std::from_chars(text.data(), text.data() + n, v);
    std::int64_t unit = 0;
    switch (text[n]) {
      case 's': unit = 1000; break;
      case 'm': unit = 60'000; break;
      case 'h': unit = 3'600'000; break;
      case 'd': unit = 86'400'000; break;
      case 'w': unit = 7 * 86'400'000LL; break;
      default: return usage(text);
    }
    return now_ms - v * unit;
  }
  if (auto t = parse_iso(text)) return *t;
  return usage(text);
}

aws::Result<TimeRange> parse_time_range(std::string_view text, std::int64_t now_ms) {
  TimeRange r;
  const auto dots = text.find("..");
  auto start = parse_time_point(text.substr(0, dots), now_ms);
  if (!start) return start.error();
  r.start_ms = *start;
  if (dots != std::string_view::npos) {
    auto end = parse_time_point(text.substr(dots + 2), now_ms);
    if (!end) return end.error();
    if (*end < r.start_ms) return usage(text);
    r.end_ms = *end;
  }
  return r;
}

}  // namespace opsdeck::app
