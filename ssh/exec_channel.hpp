#pragma once
// One remote command on an SSH connection: open a session channel, exec, stream stdout and
// stderr to the caller's callbacks, then collect the exit status or signal.
//
// Owned jointly by the SshConnection that drives it (worker thread) and the caller, who
// holds it as a RunningCommand (cancel/pause from any thread). Callbacks run on the SSH
// worker thread; see command_runner.hpp for the backpressure contract. Memory is bounded:
// one 32 KiB read buffer, at most kChunksPerStep chunks per stream per worker round, and
// the channel window (kWindow) is all the server may send ahead of what was consumed.

#include <atomic>
#include <memory>
#include <string>

#include "ssh/channel_task.hpp"
#include "ssh/command_runner.hpp"
#include "ssh/libssh2_handles.hpp"

namespace opsdeck::ssh {

class ExecChannel : public ChannelTask, public RunningCommand {
 public:
  static constexpr unsigned kWindow = 2 * 1024 * 1024;
  static constexpr unsigned kPacket = 32 * 1024;
  static constexpr int kChunksPerStep = 8;

  ExecChannel(std::string command, CommandCallbacks callbacks, std::weak_ptr<SshWorker> worker);

  // ChannelTask (worker thread)
  TaskStep step(LIBSSH2_SESSION* session) override;
  void fail(const aws::Error& error) override;

  // RunningCommand (any thread)
  void cancel() override;
  void pause(bool paused) override;

 private:
  enum class State { Open, Exec, Stream, Closing, WaitClosed, Finished };
  // Reads one stream up to the per-step budget; returns the last libssh2 result.
  int drain(int stream_id, bool& budget_left);
  void finish(CommandOutcome outcome);
  TaskStep error_step(LIBSSH2_SESSION* session, int rc, const char* what);
  void wake();

  std::string command_;
  CommandCallbacks callbacks_;
  std::weak_ptr<SshWorker> worker_;
  ChannelPtr channel_;
  State state_ = State::Open;
  std::atomic<bool> cancel_{false};
  std::atomic<bool> paused_{false};
  bool cancelled_ = false;
};

}  // namespace opsdeck::ssh
