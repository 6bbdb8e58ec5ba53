#pragma once
// A channel task that opens no channel: it finishes as soon as its connection is
// authenticated, or fails with the connection's error (unreachable, host key refused or
// mismatched, authentication). The console submits one before handing the terminal to an
// interactive shell, so that host-key questions are answered in the TUI and connection
// errors land in the status line while curses still owns the screen; the shell channel
// then reuses the same pooled connection.
//
// Threads: `on_done` runs once, on the SSH worker thread (nullopt = connected).

#include <functional>
#include <optional>

#include "ssh/channel_task.hpp"

namespace opsdeck::ssh {

class ConnectionProbe : public ChannelTask {
 public:
  using Done = std::function<void(std::optional<aws::Error>)>;
  explicit ConnectionProbe(Done on_done) : on_done_(std::move(on_done)) {}

  TaskStep step(LIBSSH2_SESSION* session) override;
  void fail(const aws::Error& error) override;
  bool is_session_channel() const override { return false; }

 private:
  void finish(std::optional<aws::Error> error);
  Done on_done_;
};

}  // namespace opsdeck::ssh
