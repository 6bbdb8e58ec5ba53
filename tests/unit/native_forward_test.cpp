// `opsdeck forward`'s pure parts (app/ssm/native_forward.hpp): the --to destination and the
// line printed per state change.
#include <gtest/gtest.h>

#include "app/ssm/native_forward.hpp"

namespace opsdeck::app {
namespace {

using ssh::ssm::PortForwardSpec;
using ssh::ssm::PortForwardStatus;

TEST(NativeForward, OneLinePerStateWithTheDetail) {
  PortForwardSpec spec;
  spec.target = "i-0abc";
  spec.remote_host = "db.example";
  spec.remote_port = 5432;
  PortForwardStatus s;
  s.local_port = 15432;
  s.state = PortForwardStatus::State::Open;
  s.detail = "smux, session s-1";
  EXPECT_EQ(forward_status_line(spec, s), "forward 127.0.0.1:15432 -> db.example:5432 via i-0abc: open (smux, session s-1)");
  s.state = PortForwardStatus::State::Reconnecting;
  s.detail = "the session ended: gone; starting a new one in 1 s";
  EXPECT_EQ(forward_status_line(spec, s),
            "forward 127.0.0.1:15432 -> db.example:5432 via i-0abc: reconnecting: the session ended: gone; starting a "
            "new one in 1 s");
  spec.remote_host.clear();
  s.state = PortForwardStatus::State::Closed;
  s.detail = "bad\x1b[2Jtext";
  auto line = forward_status_line(spec, s);
  EXPECT_EQ(line.rfind("forward 127.0.0.1:15432 -> localhost:5432 via i-0abc: closed: bad", 0), 0u) << line;
  EXPECT_EQ(line.find('\x1b'), std::string::npos) << "escape sequences are neutralised";
}

}  // namespace
}  // namespace opsdeck::app
