#include "ssh/pty_shell_channel.hpp"

#include <array>

namespace opsdeck::ssh {

PtyShellChannel::PtyShellChannel(std::string term, TerminalSize size, std::string command,
                                 CommandCallbacks callbacks, std::weak_ptr<SshWorker> worker)
    : term_(std::move(term)),
      command_(std::move(command)),
      callbacks_(std::move(callbacks)),
      worker_(std::move(worker)),
      size_(size) {}

void PtyShellChannel::wake() {
  auto w = worker_.lock();
  if (w && !w->on_worker_thread()) w->post([] {});
}

void PtyShellChannel::send_input(std::string_view bytes) {
  {
    std::lock_guard<std::mutex> l(mu_);
    input_.append(bytes);
  }
  wake();
}

void PtyShellChannel::send_eof() {
  {
    std::lock_guard<std::mutex> l(mu_);
    eof_requested_ = true;
  }
  wake();
}

void PtyShellChannel::resize(TerminalSize size) {
  {
    std::lock_guard<std::mutex> l(mu_);
    size_ = size;
    resize_pending_ = true;
  }
  wake();
}

void PtyShellChannel::close() {
  {
    std::lock_guard<std::mutex> l(mu_);
    close_requested_ = true;
  }
  wake();
}

size_t PtyShellChannel::input_backlog() {
  std::lock_guard<std::mutex> l(mu_);
  return input_.size();
}

void PtyShellChannel::finish(CommandOutcome outcome) {
  if (state_ == State::Finished) return;
  state_ = State::Finished;
  channel_.reset();
  auto cb = std::move(callbacks_);
  callbacks_ = {};
  if (cb.on_exit) cb.on_exit(outcome);
}

void PtyShellChannel::fail(const aws::Error& error) {
  CommandOutcome o;
  o.error = error;
  finish(std::move(o));
}

TaskStep PtyShellChannel::error_step(LIBSSH2_SESSION* session, int rc, const char* what) {
  if (is_session_error(rc)) {
    broken_code = rc;
    return TaskStep::Broken;
  }
  fail(aws::make_error(aws::ErrorKind::Network, std::string(what) + ": " + last_error_message(session)));
  return TaskStep::Done;
}

TaskStep PtyShellChannel::step(LIBSSH2_SESSION* session) {
  for (;;) {
    switch (state_) {
      case State::Open: {
        LIBSSH2_CHANNEL* ch = libssh2_channel_open_session(session);
        if (!ch) {
          int rc = libssh2_session_last_errno(session);
          if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
          if (rc == LIBSSH2_ERROR_CHANNEL_FAILURE) return TaskStep::Rejected;
          return error_step(session, rc, "cannot open a channel");
        }
        channel_.reset(ch);
        state_ = State::Pty;
        break;
      }
      case State::Pty: {
        TerminalSize s;
        {
          std::lock_guard<std::mutex> l(mu_);
          s = size_;
          resize_pending_ = false;
        }
        int rc = libssh2_channel_request_pty_ex(channel_.get(), term_.c_str(), static_cast<unsigned>(term_.size()),
                                                nullptr, 0, s.columns, s.rows, 0, 0);
        if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
        if (rc < 0) return error_step(session, rc, "the server refused a terminal");
        state_ = State::Start;
        break;
      }
      case State::Start: {
        int rc = command_.empty() ? libssh2_channel_shell(channel_.get())
                                  : libssh2_channel_exec(channel_.get(), command_.c_str());
        if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
        if (rc < 0) return error_step(session, rc, "the server refused to start a shell");
        state_ = State::Relay;
        break;
      }
      case State::Relay: {
        std::string pending;
        bool want_eof = false, want_close = false, want_resize = false;
        TerminalSize s;
        {
          std::lock_guard<std::mutex> l(mu_);
          pending.swap(input_);
          want_eof = eof_requested_ && !eof_sent_;
          want_close = close_requested_;
          want_resize = resize_pending_;
          s = size_;
          resize_pending_ = false;
        }
        if (want_close) {
          state_ = State::Closing;
          break;
        }
        if (want_resize) {
          int rc = libssh2_channel_request_pty_size_ex(channel_.get(), s.columns, s.rows, 0, 0);
          if (rc == LIBSSH2_ERROR_EAGAIN) {
            std::lock_guard<std::mutex> l(mu_);
            resize_pending_ = true;  // try again next round
          } else if (rc < 0 && is_session_error(rc)) {
            return error_step(session, rc, "resize failed");
          }
        }
        size_t off = 0;
        while (off < pending.size()) {
          auto n = libssh2_channel_write(channel_.get(), pending.data() + off, pending.size() - off);
          if (n == LIBSSH2_ERROR_EAGAIN) break;
          if (n < 0) return error_step(session, static_cast<int>(n), "sending input failed");
          off += static_cast<size_t>(n);
        }
        if (off < pending.size()) {
          std::lock_guard<std::mutex> l(mu_);
          input_.insert(0, pending, off, std::string::npos);
        } else if (want_eof) {
          int rc = libssh2_channel_send_eof(channel_.get());
          if (rc == 0) {
            std::lock_guard<std::mutex> l(mu_);
            eof_sent_ = true;
          } else if (rc != LIBSSH2_ERROR_EAGAIN) {
            return error_step(session, rc, "sending end of input failed");
          }
        }
        std::array<char, 32 * 1024> buf;
        bool got = false;
        for (int i = 0; i < 8; ++i) {
          auto n = libssh2_channel_read(channel_.get(), buf.data(), buf.size());
          if (n == LIBSSH2_ERROR_EAGAIN || n == 0) break;
          if (n < 0) return error_step(session, static_cast<int>(n), "reading output failed");
          got = true;
          if (callbacks_.on_stdout) callbacks_.on_stdout(std::string_view(buf.data(), static_cast<size_t>(n)));
        }
        if (got) {
          if (auto w = worker_.lock()) w->request_immediate_step();
          return TaskStep::Running;
        }
        if (libssh2_channel_eof(channel_.get())) {
          state_ = State::WaitClosed;
          break;
        }
        return TaskStep::Running;
      }
      case State::Closing: {
        int rc = libssh2_channel_close(channel_.get());
        if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
        fail(aws::make_error(aws::ErrorKind::Cancelled, "shell closed"));
        return TaskStep::Done;
      }
      case State::WaitClosed: {
        int rc = libssh2_channel_close(channel_.get());
        if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
        rc = libssh2_channel_wait_closed(channel_.get());
        if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
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
