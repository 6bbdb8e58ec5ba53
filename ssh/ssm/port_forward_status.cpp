#include "ssh/ssm/port_forward_status.hpp"

namespace opsdeck::ssh::ssm {

const char* to_string(PortForwardStatus::State state) {
  switch (state) {
    case PortForwardStatus::State::Starting: return "starting";
    case PortForwardStatus::State::Open: return "open";
    case PortForwardStatus::State::Reconnecting: return "reconnecting";
    case PortForwardStatus::State::Failed: return "failed";
    case PortForwardStatus::State::Closed: return "closed";
  }
  return "?";
}

}  // namespace opsdeck::ssh::ssm
