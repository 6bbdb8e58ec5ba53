#pragma once
// What a Session Manager port forward reports about itself (SsmPortForward::status() and its
// on_change callback): its state, traffic and connections. Plain values; any thread.

#include <chrono>
#include <cstdint>
#include <string>

namespace opsdeck::ssh::ssm {

struct PortForwardStatus {
  enum class State { Starting, Open, Reconnecting, Failed, Closed };
  State state = State::Starting;
  std::string detail;                 // last state message or error, display-safe text
  int local_port = 0;
  std::string session_id;
  uint64_t bytes_to_remote = 0, bytes_to_local = 0;
  int open_connections = 0;
  uint64_t total_connections = 0, failed_connections = 0;
  int reconnects = 0;                 // data channel resumed or session replaced
  std::chrono::system_clock::time_point started{};
  std::string mode;                   // "smux" or "basic" once the agent has said; "" before
  int sessions = 0;                   // sessions started (1 + replacements)
};
const char* to_string(PortForwardStatus::State);

}  // namespace opsdeck::ssh::ssm
