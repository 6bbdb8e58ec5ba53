#pragma once
// The one event type every log source produces, and the interface sources implement, so
// that the Logs pane, the full-screen log view and `opsdeck logs` share one engine.
//
// A LogSource is either a CloudWatch tail (PollingLogSource over LogTail) or a line-
// producing command on a host (CommandLogSource: `docker logs -f`, `journalctl -fu`,
// `tail -f` through the SSH module). Sources push batches to a LogSink.
//
// Threads: a source calls its sink on the source's own worker thread; the sink must not
// block and normally posts the batch to the UI queue (and writes the wake fd).

#include <cstdint>
#include <string>
#include <vector>

namespace opsdeck::app {

struct LogEvent {
  std::string group;             // log group, or the host label for command sources
  std::string stream;            // log stream, or the command
  std::int64_t timestamp_ms = 0;
  std::int64_t ingestion_ms = 0;  // 0 when the source has none
  std::string event_id;           // unique within the group; "" when the source has none
  std::string message;            // raw bytes as received; sanitise before display
};

enum class SourceState { Starting, Following, Backoff, Failed, Finished };
const char* to_string(SourceState s);

struct SourceStatus {
  std::string source;     // which source (group name, host label)
  SourceState state = SourceState::Starting;
  std::string message;    // for the status line; AWS error text when Failed/Backoff
  std::uint64_t requests = 0, retries = 0, throttled = 0, duplicates = 0, late = 0;
};

class LogSink {
 public:
  virtual ~LogSink() = default;
  // Events in the order to show them (merged by timestamp, in order per stream).
  virtual void on_events(std::vector<LogEvent> events) = 0;
  virtual void on_status(const SourceStatus& status) = 0;
};

class LogSource {
 public:
  virtual ~LogSource() = default;
  // Starts delivering to `sink`, which must outlive stop(). Returns at once.
  virtual void start(LogSink& sink) = 0;
  // Stops and joins; no sink call happens after stop() returns. Idempotent.
  virtual void stop() = 0;
  virtual std::string label() const = 0;
};

}  // namespace opsdeck::app
