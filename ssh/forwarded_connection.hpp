#pragma once
// One accepted local TCP connection carried to remote_host:remote_port through a
// direct-tcpip channel. Relays both ways with a bounded buffer per direction (64 KiB): when
// one side is slow the other is simply not read, so memory stays flat. Either side's EOF
// is passed on (half-close); the task ends when both directions are done or either fails.
// Owned by the SshConnection; all methods on the SSH worker thread, except close() and the
// counters (any thread).

#include <atomic>
#include <mutex>
#include <memory>
#include <string>

#include "ssh/channel_task.hpp"
#include "ssh/libssh2_handles.hpp"
#include "ssh/unique_fd.hpp"

namespace opsdeck::ssh {

struct ForwardCounters {
  std::atomic<uint64_t> bytes_to_remote{0};
  std::atomic<uint64_t> bytes_to_local{0};
  std::atomic<int> open_connections{0};
  std::atomic<uint64_t> total_connections{0};
  std::atomic<uint64_t> failed_connections{0};

  // Why the last connection failed ("" while none has); any thread.
  void note_failure(std::string why) {
    std::lock_guard lock(mu);
    last_error = std::move(why);
  }
  std::string last_failure() const {
    std::lock_guard lock(mu);
    return last_error;
  }

 private:
  mutable std::mutex mu;
  std::string last_error;
};

class ForwardedConnection : public ChannelTask {
 public:
  static constexpr size_t kBuffer = 64 * 1024;

  ForwardedConnection(UniqueFd local, std::string remote_host, int remote_port,
                      std::shared_ptr<ForwardCounters> counters);
  ~ForwardedConnection() override;

  void close() { close_requested_ = true; }

  TaskStep step(LIBSSH2_SESSION* session) override;
  void fail(const aws::Error& error) override;
  void fill_poll(std::vector<pollfd>& fds, Clock::time_point& deadline) override;
  bool is_session_channel() const override { return false; }  // not counted by MaxSessions

 private:
  enum class State { Open, Relay, Closing, Finished };
  TaskStep relay(LIBSSH2_SESSION* session);
  TaskStep broken_or_done(int rc);
  void finish();

  UniqueFd local_;
  std::string remote_host_;
  int remote_port_;
  std::shared_ptr<ForwardCounters> counters_;
  ChannelPtr channel_;
  State state_ = State::Open;
  std::atomic<bool> close_requested_{false};
  std::string to_remote_, to_local_;
  bool local_eof_ = false, remote_eof_sent_ = false;
  bool remote_eof_ = false, local_shut_ = false;
};

}  // namespace opsdeck::ssh
