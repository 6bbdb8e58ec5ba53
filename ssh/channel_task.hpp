#pragma once
// One unit of work on an SSH connection that uses a channel: an exec stream, a forwarded
// TCP connection, an interactive shell. SshConnection owns its tasks and drives them on the
// SSH worker thread; every method here runs on that thread.

#include <libssh2.h>
#include <poll.h>

#include <vector>

#include "aws/result.hpp"
#include "ssh/ssh_worker.hpp"

namespace opsdeck::ssh {

enum class TaskStep {
  Running,   // call again later
  Done,      // finished (it reported its own outcome); the connection drops it
  Rejected,  // the server refused to open the channel (e.g. sshd MaxSessions): requeue
  Broken,    // a session-level error: the whole connection is dead
};

class ChannelTask {
 public:
  virtual ~ChannelTask() = default;
  virtual TaskStep step(LIBSSH2_SESSION* session) = 0;
  // The connection failed or is shutting down: report `error` to the caller, release all.
  virtual void fail(const aws::Error& error) = 0;
  // Extra local fds (a forwarded socket, a terminal) to wait on; default none.
  virtual void fill_poll(std::vector<pollfd>&, Clock::time_point&) {}
  // Does this task count against the server's per-connection session limit?
  virtual bool is_session_channel() const { return true; }
  // The session-level libssh2 error code behind a Broken result.
  int broken_code = 0;
};

// True for libssh2 codes meaning the transport is gone (not just this channel).
inline bool is_session_error(int rc) {
  switch (rc) {
    case LIBSSH2_ERROR_SOCKET_SEND:
    case LIBSSH2_ERROR_SOCKET_RECV:
    case LIBSSH2_ERROR_SOCKET_DISCONNECT:
    case LIBSSH2_ERROR_SOCKET_TIMEOUT:
    case LIBSSH2_ERROR_TIMEOUT:
    case LIBSSH2_ERROR_DECRYPT:
    case LIBSSH2_ERROR_PROTO:
    case LIBSSH2_ERROR_KEX_FAILURE:
    case LIBSSH2_ERROR_BAD_USE:
    case LIBSSH2_ERROR_ALLOC:
      return true;
    default:
      return false;
  }
}

}  // namespace opsdeck::ssh
