#include "ssh/libssh2_handles.hpp"

#include <string>

namespace opsdeck::ssh {

void SessionDeleter::operator()(LIBSSH2_SESSION* s) const {
  if (!s) return;
  libssh2_session_set_timeout(s, 1000);
  libssh2_session_set_blocking(s, 1);
  libssh2_session_disconnect(s, "opsdeck closing");
  libssh2_session_free(s);
}

void ChannelDeleter::operator()(LIBSSH2_CHANNEL* c) const {
  if (c) libssh2_channel_free(c);
}

void AgentDeleter::operator()(LIBSSH2_AGENT* a) const {
  if (!a) return;
  libssh2_agent_disconnect(a);
  libssh2_agent_free(a);
}

std::string last_error_message(LIBSSH2_SESSION* s) {
  if (!s) return {};
  char* msg = nullptr;
  int len = 0;
  libssh2_session_last_error(s, &msg, &len, 0);
  return msg ? std::string(msg, static_cast<size_t>(len)) : std::string{};
}

}  // namespace opsdeck::ssh
