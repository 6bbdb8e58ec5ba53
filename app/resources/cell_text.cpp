#include "app/resources/cell_text.hpp"

#include <algorithm>

#include "aws/iso8601.hpp"

namespace opsdeck::app {

std::string short_age(std::chrono::seconds age) {
  long long s = std::max<long long>(0, age.count());
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m";
  if (s < 86400) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

std::string age_since(const std::string& iso8601, SysTime now) {
  auto t = aws::parse_iso8601(iso8601);
  if (!t) return "";
  return short_age(std::chrono::duration_cast<std::chrono::seconds>(now - *t));
}

ui::Role state_role(std::string_view s) {
  static constexpr std::string_view kGood[] = {"running", "available", "OK",   "healthy",
                                               "ACTIVE",  "RUNNING",   "READY"};
  static constexpr std::string_view kBad[] = {
      "stopped",      "terminated",
      "failed",       "ALARM",
      "unhealthy",    "incompatible-parameters",
      "storage-full", "inaccessible-encryption-credentials"};
  for (auto g : kGood)
    if (s == g) return ui::Role::StateGood;
  for (auto b : kBad)
    if (s == b) return ui::Role::StateBad;
  return ui::Role::StateWarn;
}

}  // namespace opsdeck::app
