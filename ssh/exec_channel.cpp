#include "ssh/exec_channel.hpp"

#include <array>

namespace opsdeck::ssh {

ExecChannel::ExecChannel(std::string command, CommandCallbacks callbacks, std::weak_ptr<SshWorker> worker)
    : command_(std::move(command)), callbacks_(std::move(callbacks)), worker_(std::move(worker)) {}

void ExecChannel::wake() {
  auto w = worker_.lock();
  if (w && !w->on_worker_thread()) w->post([] {});
}

void ExecChannel::cancel() {
  cancel_ = true;
  wake();
}

void ExecChannel::pause(bool paused) {
  paused_ = paused;
  if (!paused) wake();
}

void ExecChannel::finish(CommandOutcome outcome) {
  if (state_ == State::Finished) return;
  state_ = State::Finished;
  channel_.reset();
  auto cb = std::move(callbacks_);
  callbacks_ = {};
  if (cb.on_exit) cb.on_exit(outcome);
}

void ExecChannel::fail(const aws::Error& error) {
  CommandOutcome o;
  o.error = error;
  finish(std::move(o));
}

TaskStep ExecChannel::error_step(LIBSSH2_SESSION* session, int rc, const char* what) {
  if (is_session_error(rc)) {
    broken_code = rc;
    return TaskStep::Broken;  // the connection fails every task, this one included
  }
  CommandOutcome o;
  o.error = aws::make_error(aws::ErrorKind::Network,
                            std::string(what) + ": " + last_error_message(session) + " (libssh2 " +
                                std::to_string(rc) + ")");
  finish(std::move(o));
  return TaskStep::Done;
}

int ExecChannel::drain(int stream_id, bool& budget_left) {
  std::array<char, kPacket> buf;
  int rc = 0;
  for (int i = 0; i < kChunksPerStep; ++i) {
    auto n = libssh2_channel_read_ex(channel_.get(), stream_id, buf.data(), buf.size());
    if (n <= 0) return static_cast<int>(n);
    std::string_view chunk(buf.data(), static_cast<size_t>(n));
    auto& cb = stream_id == 0 ? callbacks_.on_stdout : callbacks_.on_stderr;
    if (cb) cb(chunk);
    rc = static_cast<int>(n);
    if (paused_ || cancel_) return rc;
  }
  budget_left = false;
  return rc;
}

TaskStep ExecChannel::step(LIBSSH2_SESSION* session) {
  for (;;) {
    switch (state_) {
      case State::Open: {
        if (cancel_) {
          fail(aws::make_error(aws::ErrorKind::Cancelled, "cancelled before it started"));
          return TaskStep::Done;
        }
        LIBSSH2_CHANNEL* ch = libssh2_channel_open_ex(session, "session", 7, kWindow, kPacket, nullptr, 0);
        if (!ch) {
          int rc = libssh2_session_last_errno(session);
          if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
          if (rc == LIBSSH2_ERROR_CHANNEL_FAILURE) return TaskStep::Rejected;
          return error_step(session, rc, "cannot open a channel");
        }
        channel_.reset(ch);
        state_ = State::Exec;
        break;
      }
      case State::Exec: {
        int rc = libssh2_channel_exec(channel_.get(), command_.c_str());
        if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
        if (rc < 0) return error_step(session, rc, "the server refused to run the command");
        state_ = State::Stream;
        break;
      }
      case State::Stream: {
        if (cancel_) {
          cancelled_ = true;
          state_ = State::Closing;
          break;
        }
        if (paused_) return TaskStep::Running;
        bool budget_left = true;
        int out = drain(0, budget_left);
        if (out < 0 && out != LIBSSH2_ERROR_EAGAIN) return error_step(session, out, "reading output failed");
        int err = drain(SSH_EXTENDED_DATA_STDERR, budget_left);
        if (err < 0 && err != LIBSSH2_ERROR_EAGAIN) return error_step(session, err, "reading output failed");
        if (out <= 0 && err <= 0 && libssh2_channel_eof(channel_.get())) {
          state_ = State::Closing;
          break;
        }
        // Something was read: more may already sit in libssh2's buffers (EOF, exit status)
        // with nothing left on the socket to wake poll(), so come straight back.
        if (!budget_left || out > 0 || err > 0) {
          if (auto w = worker_.lock()) w->request_immediate_step();
        }
        return TaskStep::Running;
      }
      case State::Closing: {
        int rc = libssh2_channel_close(channel_.get());
        if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
        if (rc < 0) return error_step(session, rc, "closing the channel failed");
        if (cancelled_) {
          fail(aws::make_error(aws::ErrorKind::Cancelled, "cancelled"));
          return TaskStep::Done;
        }
        state_ = State::WaitClosed;
        break;
      }
      case State::WaitClosed: {
        int rc = libssh2_channel_wait_closed(channel_.get());
        if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
        if (rc < 0) return error_step(session, rc, "waiting for the command to end failed");
        CommandOutcome o;
        char* signal = nullptr;
        size_t signal_len = 0;
        libssh2_channel_get_exit_signal(channel_.get(), &signal, &signal_len, nullptr, nullptr, nullptr, nullptr);
        if (signal) {
          o.exit_signal.assign(signal, signal_len);
          libssh2_free(session, signal);
        } else {
          o.exit_status = libssh2_channel_get_exit_status(channel_.get());
        }
        finish(std::move(o));
        return TaskStep::Done;
      }
      case State::Finished:
        return TaskStep::Done;
    }
  }
}

}  // namespace opsdeck::ssh
