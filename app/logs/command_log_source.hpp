#pragma once
// Host logs: a LogSource over a command that prints lines — `docker logs -f web`,
// `docker-compose logs -f web`, `journalctl -fu nginx`, `tail -F /var/log/app.log` — run
// on a host through the SSH module, or locally (LocalCommandRunner) for tests and for
// local files.
//
// CommandRunner is the seam the SSH module implements: it starts a command and streams
// its output bytes in arbitrary chunks. CommandLogSource splits them into lines (CRLF and
// LF, a partial last line held until more arrives or the command ends, lines capped at
// 1 MiB) and delivers each chunk's complete lines as one batch, stamped with the time of
// arrival (these sources have no event ids; dedupe does not apply).
//
// Threads: the runner calls its callbacks on its own thread (an SSH session thread, or
// the local reader thread); the sink is called on that thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "app/logs/log_event.hpp"

namespace opsdeck::app {

class RunningCommand {
 public:
  virtual ~RunningCommand() = default;
  // Stops the command (closes the channel / kills the process group) and joins; no
  // callback runs after stop() returns.
  virtual void stop() = 0;
};

class CommandRunner {
 public:
  using OutputFn = std::function<void(std::string_view bytes)>;  // stdout and stderr, interleaved
  using ExitFn = std::function<void(int exit_code, std::string error)>;  // once, last
  virtual ~CommandRunner() = default;
  virtual std::unique_ptr<RunningCommand> start(const std::string& command, OutputFn on_output, ExitFn on_exit) = 0;
  virtual std::string host_label() const = 0;  // "web-1", "localhost"
};

// Splits a byte stream into lines. Not thread-safe.
class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line = 1u << 20) : max_(max_line) {}
  // Calls `line` for every complete line in `bytes` (without the line break).
  void feed(std::string_view bytes, const std::function<void(std::string_view)>& line);
  // The held partial line, if any (call at the end of the stream).
  void flush(const std::function<void(std::string_view)>& line);

 private:
  std::size_t max_;
  std::string partial_;
  bool skipping_ = false;  // dropping the rest of an over-long line
};

class CommandLogSource final : public LogSource {
 public:
  using NowFn = std::function<std::int64_t()>;
  CommandLogSource(CommandRunner& runner, std::string command, NowFn now = {});
  ~CommandLogSource() override;
  void start(LogSink& sink) override;
  void stop() override;
  std::string label() const override;

 private:
  CommandRunner& runner_;
  std::string command_;
  NowFn now_;
  std::mutex mu_;  // guards splitter_ (output and exit may come from different threads)
  LineSplitter splitter_;
  std::unique_ptr<RunningCommand> running_;
};

// Runs the command locally with /bin/sh -c in its own process group; output is read on a
// worker thread.
class LocalCommandRunner final : public CommandRunner {
 public:
  std::unique_ptr<RunningCommand> start(const std::string& command, OutputFn on_output, ExitFn on_exit) override;
  std::string host_label() const override { return "localhost"; }
};

}  // namespace opsdeck::app
