#include "ssh/connection_probe.hpp"

namespace opsdeck::ssh {

TaskStep ConnectionProbe::step(LIBSSH2_SESSION*) {
  finish(std::nullopt);  // stepped only on an authenticated (Ready) connection
  return TaskStep::Done;
}

void ConnectionProbe::fail(const aws::Error& error) { finish(error); }

void ConnectionProbe::finish(std::optional<aws::Error> error) {
  if (!on_done_) return;
  Done done = std::move(on_done_);
  on_done_ = nullptr;
  done(std::move(error));
}

}  // namespace opsdeck::ssh
