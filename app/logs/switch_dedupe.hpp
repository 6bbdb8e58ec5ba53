#pragma once
// SwitchDedupe: keeps events that several readers of the same log groups deliver from
// being shown twice when a follow switches between readers (a live-tail session, the
// FilterLogEvents read that bridges the gap before it, the poller it falls back to).
//
// Live Tail events carry no eventId, so events are compared by content: group, stream,
// timestamp and message. Each reader has its own number and never repeats itself (LogTail
// deduplicates its pages by eventId; a live session sends each event once), so an event is
// new exactly when its reader has delivered fewer copies of that content than another
// reader already did. Two real events with identical content are therefore both kept.
//
// Bounded: contents older than forget_before()'s cut are dropped (readers only overlap in
// a window of seconds to minutes).
//
// Not thread-safe; used by the follow engine's thread.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "app/logs/log_event.hpp"

namespace opsdeck::app {

class SwitchDedupe {
 public:
  // True when `e` is new and should be shown; records it as delivered by `reader` either way.
  bool admit(std::uint32_t reader, const LogEvent& e);
  // Drops what is known about events with timestamps before `ts_ms`.
  void forget_before(std::int64_t ts_ms);
  std::size_t size() const { return seen_.size(); }

 private:
  using Key = std::pair<std::int64_t, std::string>;  // timestamp; group, stream, message
  std::map<Key, std::vector<std::pair<std::uint32_t, std::uint32_t>>> seen_;  // reader -> copies
};

}  // namespace opsdeck::app
