#include "app/logs/switch_dedupe.hpp"

#include <algorithm>

namespace opsdeck::app {

bool SwitchDedupe::admit(std::uint32_t reader, const LogEvent& e) {
  std::string content;
  content.reserve(e.group.size() + e.stream.size() + e.message.size() + 2);
  content.append(e.group).append(1, '\n').append(e.stream).append(1, '\n').append(e.message);
  auto& counts = seen_[Key{e.timestamp_ms, std::move(content)}];
  std::uint32_t mine = 0, others = 0;
  std::pair<std::uint32_t, std::uint32_t>* own = nullptr;
  for (auto& c : counts) {
    if (c.first == reader) {
      own = &c;
      mine = c.second;
    } else {
      others = std::max(others, c.second);
    }
  }
  if (own) ++own->second;
  else counts.emplace_back(reader, 1);
  return mine >= others;
}

void SwitchDedupe::forget_before(std::int64_t ts_ms) {
  seen_.erase(seen_.begin(), seen_.lower_bound(Key{ts_ms, std::string()}));
}

}  // namespace opsdeck::app
