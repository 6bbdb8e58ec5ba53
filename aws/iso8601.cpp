#include "aws/iso8601.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace opsdeck::aws {

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text) {
  std::string s(text);
  int y, mo, d, h, mi;
  double sec = 0;
  int n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &sec, &n) < 6) return std::nullopt;
  std::string_view rest = std::string_view(s).substr(static_cast<size_t>(n));
  long offset = 0;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &oh, &om) < 1) return std::nullopt;
    offset = (rest[0] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
  } else if (!rest.empty() && rest != "Z" && rest != "z") {
    return std::nullopt;
  }
  // Fields out of range (and a "seconds" of inf or nan, which %lf accepts) are not a time.
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59 || !std::isfinite(sec) ||
      sec < 0 || sec >= 61 || offset < -24 * 3600L || offset > 24 * 3600L)
    return std::nullopt;
  // system_clock counts nanoseconds in 64 bits: about the years 1678 to 2261. A time
  // outside is refused rather than overflowed (an expiration in the year 5 is garbage).
  if (y < 1679 || y > 2260) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = static_cast<int>(sec);
  std::time_t t = timegm(&tm) - offset;
  auto ms = static_cast<long long>((sec - static_cast<int>(sec)) * 1000);
  return std::chrono::system_clock::from_time_t(t) + std::chrono::milliseconds(ms);
}

std::string format_iso8601(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace opsdeck::aws
