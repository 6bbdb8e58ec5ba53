#pragma once
// The seam between the live-follow engine (live_follow.hpp) and CloudWatch Logs
// StartLiveTail: open one session for up to ten log groups and hear what it delivers.
// Unit tests script it; the real one (CloudWatchLiveTail) streams through AwsClient.
//
// Threads: start() is called on the engine's thread and returns at once. The listener is
// called on any thread (the client's IO thread for the real starter) and must not block;
// no listener call happens after the session handle is destroyed (its destructor closes
// the stream and waits for a callback in progress).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "aws/live_tail_stream.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

inline constexpr std::size_t kLiveTailMaxGroups = 10;  // per StartLiveTail session

struct LiveTailRequest {
  std::vector<std::string> groups;          // log group names (or ARNs), 1..10
  std::vector<std::string> stream_names{};  // only with exactly one group
  std::string stream_prefix{};              // only with exactly one group
  std::string filter_pattern{};
  bool operator==(const LiveTailRequest&) const = default;
};

class LiveTailListener {
 public:
  virtual ~LiveTailListener() = default;
  // The sessionStart message arrived: from now on the session sees new events.
  virtual void on_started(std::uint64_t session) = 0;
  // One sessionUpdate: its events (group_identifier already mapped back to the group
  // name asked for) and whether the service sampled them.
  virtual void on_update(std::uint64_t session, std::vector<aws::LiveTailEvent> events, bool sampled) = 0;
  // The session is over: the server closed the stream (ok), or an Error (the AWS error of
  // the initial answer, a stream exception, a broken or corrupt stream, a stall).
  virtual void on_ended(std::uint64_t session, aws::Result<void> why) = 0;
};

// An open session; destroying it closes the stream.
class LiveTailSession {
 public:
  virtual ~LiveTailSession() = default;
};

class LiveTailStarter {
 public:
  virtual ~LiveTailStarter() = default;
  // Opens a session; `session` is the caller's id for it, passed back in every listener
  // call. The listener must outlive the returned handle.
  virtual std::unique_ptr<LiveTailSession> start(const LiveTailRequest& request, std::uint64_t session,
                                                 LiveTailListener& listener) = 0;
};

}  // namespace opsdeck::app
