#pragma once
// RAII owners for libssh2 objects. All of them are used on the SSH worker thread only.
//
// A session is freed after a best-effort disconnect (blocking, 1 s timeout, so a dead peer
// cannot stall the worker for long); freeing a session also frees any channel still on it.
// A channel is freed without waiting: the exec/forward state machines close channels
// properly before they let go, and a channel libssh2 could not free yet goes with its session.

#include <libssh2.h>

#include <memory>

namespace opsdeck::ssh {

struct SessionDeleter {
  void operator()(LIBSSH2_SESSION* s) const;
};
struct ChannelDeleter {
  void operator()(LIBSSH2_CHANNEL* c) const;
};
struct AgentDeleter {
  void operator()(LIBSSH2_AGENT* a) const;
};

using SessionPtr = std::unique_ptr<LIBSSH2_SESSION, SessionDeleter>;
using ChannelPtr = std::unique_ptr<LIBSSH2_CHANNEL, ChannelDeleter>;
using AgentPtr = std::unique_ptr<LIBSSH2_AGENT, AgentDeleter>;

// libssh2's last error on a session as text ("" when none).
std::string last_error_message(LIBSSH2_SESSION* s);

}  // namespace opsdeck::ssh
