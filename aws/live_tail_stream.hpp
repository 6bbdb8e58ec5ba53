#pragma once
// LiveTailStreamHandler: turns the body of a CloudWatch Logs StartLiveTail response
// (an event stream) into log events (app/logs/cloudwatch_live_tail.hpp feeds it; moto
// 5.2.1 has no StartLiveTail, tests/support/fake_aws.py serves it from moto's events).
//
// Messages: `initial-response` (skipped), one `sessionStart` (session id recorded), then
// `sessionUpdate` once a second with `sessionResults` (up to 500 events) and
// `sessionMetadata.sampled`. An `exception` message (SessionTimeoutException after 3 h,
// SessionStreamingException) or an `error` message ends the session with an Error; the
// caller starts a new session (and falls back to polling to cover the gap).
//
// Not thread-safe: fed by the thread that receives the body (AwsClient's IO thread).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/event_stream.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

struct LiveTailEvent {
  std::string group_identifier;  // as sent: ARN or name
  std::string stream;
  std::string message;
  std::int64_t timestamp_ms = 0;
  std::int64_t ingestion_ms = 0;
};

class LiveTailStreamHandler {
 public:
  // Appends the events of every complete sessionUpdate in `bytes` to `out`. Returns an
  // Error (and stays failed) on a corrupted frame, an exception/error message, or a
  // payload that is not the JSON the model describes.
  Result<void> feed(std::string_view bytes, std::vector<LiveTailEvent>& out);
  // At the end of the body: an Error when it stopped inside a message.
  Result<void> finish();

  bool started() const { return started_; }
  const std::string& session_id() const { return session_id_; }
  bool sampled() const { return sampled_; }   // the last update was sampled (> 500 events/s)
  std::uint64_t updates() const { return updates_; }

 private:
  Result<void> handle(const EventMessage& m, std::vector<LiveTailEvent>& out);

  EventStreamDecoder decoder_;
  std::vector<EventMessage> pending_;
  bool started_ = false;
  bool sampled_ = false;
  std::uint64_t updates_ = 0;
  std::string session_id_;
  std::optional<Error> failed_;
};

}  // namespace opsdeck::aws
