#include "ssh/forwarded_connection.hpp"

#include <sys/socket.h>

#include <array>
#include <cerrno>

namespace opsdeck::ssh {

ForwardedConnection::ForwardedConnection(UniqueFd local, std::string remote_host, int remote_port,
                                         std::shared_ptr<ForwardCounters> counters)
    : local_(std::move(local)),
      remote_host_(std::move(remote_host)),
      remote_port_(remote_port),
      counters_(std::move(counters)) {
  ++counters_->open_connections;
  ++counters_->total_connections;
}

ForwardedConnection::~ForwardedConnection() { finish(); }

void ForwardedConnection::finish() {
  if (state_ == State::Finished) return;
  state_ = State::Finished;
  channel_.reset();
  local_.reset();
  --counters_->open_connections;
}

void ForwardedConnection::fail(const aws::Error& e) {
  if (state_ != State::Finished) {
    ++counters_->failed_connections;
    counters_->note_failure(e.message);
  }
  finish();  // the local client sees its connection close
}

TaskStep ForwardedConnection::broken_or_done(int rc) {
  if (is_session_error(rc)) {
    broken_code = rc;
    return TaskStep::Broken;
  }
  ++counters_->failed_connections;
  counters_->note_failure(rc == LIBSSH2_ERROR_CHANNEL_FAILURE
                              ? "the SSH server could not open " + remote_host_ + ":" + std::to_string(remote_port_) +
                                    " (nothing listening there, or forwarding disabled)"
                              : "the channel to " + remote_host_ + ":" + std::to_string(remote_port_) +
                                    " failed (libssh2 error " + std::to_string(rc) + ")");
  finish();
  return TaskStep::Done;
}

void ForwardedConnection::fill_poll(std::vector<pollfd>& fds, Clock::time_point&) {
  if (state_ != State::Relay || !local_.valid()) return;
  short events = 0;
  if (!local_eof_ && to_remote_.size() < kBuffer) events |= POLLIN;
  if (!to_local_.empty()) events |= POLLOUT;
  fds.push_back(pollfd{local_.get(), events, 0});
}

TaskStep ForwardedConnection::step(LIBSSH2_SESSION* session) {
  if (state_ == State::Finished) return TaskStep::Done;
  if (close_requested_) state_ = State::Closing;
  switch (state_) {
    case State::Open: {
      LIBSSH2_CHANNEL* ch = libssh2_channel_direct_tcpip_ex(session, remote_host_.c_str(), remote_port_,
                                                            "127.0.0.1", 0);
      if (!ch) {
        int rc = libssh2_session_last_errno(session);
        if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
        return broken_or_done(rc);  // e.g. the remote port refused: close the local side
      }
      channel_.reset(ch);
      state_ = State::Relay;
      return relay(session);
    }
    case State::Relay:
      return relay(session);
    case State::Closing: {
      if (channel_) {
        int rc = libssh2_channel_close(channel_.get());
        if (rc == LIBSSH2_ERROR_EAGAIN) return TaskStep::Running;
      }
      finish();
      return TaskStep::Done;
    }
    case State::Finished:
      break;
  }
  return TaskStep::Done;
}

TaskStep ForwardedConnection::relay(LIBSSH2_SESSION*) {
  std::array<char, 16 * 1024> buf;
  bool progress = true;
  while (progress) {
    progress = false;
    // local -> buffer
    if (!local_eof_ && to_remote_.size() < kBuffer) {
      auto n = ::recv(local_.get(), buf.data(), std::min(buf.size(), kBuffer - to_remote_.size()), MSG_DONTWAIT);
      if (n > 0) {
        to_remote_.append(buf.data(), static_cast<size_t>(n));
        progress = true;
      } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        local_eof_ = true;
        progress = true;
      }
    }
    // buffer -> channel
    if (!to_remote_.empty()) {
      auto n = libssh2_channel_write(channel_.get(), to_remote_.data(), to_remote_.size());
      if (n > 0) {
        counters_->bytes_to_remote += static_cast<uint64_t>(n);
        to_remote_.erase(0, static_cast<size_t>(n));
        progress = true;
      } else if (n < 0 && n != LIBSSH2_ERROR_EAGAIN) {
        return broken_or_done(static_cast<int>(n));
      }
    }
    if (local_eof_ && to_remote_.empty() && !remote_eof_sent_) {
      int rc = libssh2_channel_send_eof(channel_.get());
      if (rc == 0) {
        remote_eof_sent_ = true;
        progress = true;
      } else if (rc != LIBSSH2_ERROR_EAGAIN) {
        return broken_or_done(rc);
      }
    }
    // channel -> buffer
    if (!remote_eof_ && to_local_.size() < kBuffer) {
      auto n = libssh2_channel_read(channel_.get(), buf.data(), std::min(buf.size(), kBuffer - to_local_.size()));
      if (n > 0) {
        to_local_.append(buf.data(), static_cast<size_t>(n));
        progress = true;
      } else if (n < 0 && n != LIBSSH2_ERROR_EAGAIN) {
        return broken_or_done(static_cast<int>(n));
      } else if (libssh2_channel_eof(channel_.get())) {
        remote_eof_ = true;
        progress = true;
      }
    }
    // buffer -> local
    if (!to_local_.empty()) {
      auto n = ::send(local_.get(), to_local_.data(), to_local_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n > 0) {
        counters_->bytes_to_local += static_cast<uint64_t>(n);
        to_local_.erase(0, static_cast<size_t>(n));
        progress = true;
      } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        state_ = State::Closing;  // the local client went away
        return step(nullptr);
      }
    }
    if (remote_eof_ && to_local_.empty() && !local_shut_) {
      ::shutdown(local_.get(), SHUT_WR);
      local_shut_ = true;
    }
  }
  if (remote_eof_ && local_shut_ && remote_eof_sent_) {
    state_ = State::Closing;
    return step(nullptr);
  }
  return TaskStep::Running;
}

}  // namespace opsdeck::ssh
