#pragma once
// An interactive session channel: a remote PTY of the given size running the login shell
// (or one command), with input pushed from the caller's thread and output delivered on the
// SSH worker thread. The building block under InteractiveShell and, later, the TUI's `s`.
//
// send_input(), send_eof(), resize() and close() are safe from any thread. Output and
// on_exit run on the SSH worker thread (CommandCallbacks; stderr is merged by the PTY).
// Input is queued unbounded by this class; callers keep it small (input_backlog()).

#include <atomic>
#include <mutex>
#include <string>

#include "ssh/channel_task.hpp"
#include "ssh/command_runner.hpp"
#include "ssh/libssh2_handles.hpp"
#include "ssh/raw_terminal.hpp"

namespace opsdeck::ssh {

class PtyShellChannel : public ChannelTask {
 public:
  PtyShellChannel(std::string term, TerminalSize size, std::string command, CommandCallbacks callbacks,
                  std::weak_ptr<SshWorker> worker);

  // Any thread.
  void send_input(std::string_view bytes);
  void send_eof();
  void resize(TerminalSize size);
  void close();
  size_t input_backlog();

  // ChannelTask (worker thread)
  TaskStep step(LIBSSH2_SESSION* session) override;
  void fail(const aws::Error& error) override;

 private:
  enum class State { Open, Pty, Start, Relay, Closing, WaitClosed, Finished };
  TaskStep error_step(LIBSSH2_SESSION* session, int rc, const char* what);
  void finish(CommandOutcome outcome);
  void wake();

  std::string term_;
  std::string command_;
  CommandCallbacks callbacks_;
  std::weak_ptr<SshWorker> worker_;
  ChannelPtr channel_;
  State state_ = State::Open;

  std::mutex mu_;  // guards the fields below, shared with the caller's thread
  std::string input_;
  bool eof_requested_ = false;
  bool eof_sent_ = false;
  bool close_requested_ = false;
  bool resize_pending_ = false;
  TerminalSize size_;
};

}  // namespace opsdeck::ssh
