#pragma once
// The Session Manager data channel's protocol, without I/O: sequencing, acknowledgements,
// in-order delivery, resends, flow control, the handshake and (when the session asks for it)
// KMS encryption. Notes: ../shared/notes/ssm-session-protocol.md §3–5, 8.
//
// Bytes in: receive() with each binary WebSocket frame. Bytes out: Events::send with each
// frame to write. Time comes from the caller (milliseconds, any monotonic origin) so tests
// can drive resends and round-trip estimates without sleeping.
//
// Not thread safe: one thread drives an instance (SsmStreamSession's I/O thread), and every
// Events callback runs on that thread, inside the call that caused it.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "aws/result.hpp"
#include "ssh/ssm/agent_message.hpp"
#include "ssh/ssm/payload_cipher.hpp"

namespace opsdeck::ssh::ssm {

// What the agent asked for in its handshake.
struct SessionTypeRequest {
  std::string session_type;  // "Standard_Stream", "Port", "InteractiveCommands", ...
  std::string properties;    // the Properties object as JSON text ("{}" when absent)
  std::string agent_version; // AgentVersion from the HandshakeRequest ("" without a handshake)
};

struct DataChannelOptions {
  // Reported in the handshake. >= 1.1.70 makes the agent multiplex port sessions with smux;
  // >= 1.2.312.0 separates stderr and the exit code of non-interactive commands.
  std::string client_version = "1.2.331.0";
  // Called for a KMSEncryption request: generates the 64-byte data key (KMS GenerateDataKey
  // with the session's encryption context). Unset: the action is answered Failed and the
  // agent ends the session with its reason.
  std::function<aws::Result<KmsDataKey>(const std::string& key_id)> generate_data_key;
  int64_t max_out_of_order = 10000;  // agent messages buffered ahead of a gap
  int max_resends = 3000;            // of one message before the channel gives up (≈5 min)
};

struct DataChannelEvents {
  std::function<void(std::string frame)> send;  // a binary frame to write
  // The handshake finished: the session type the agent chose and its message to print.
  std::function<void(const SessionTypeRequest&, const std::string& customer_message)> ready;
  // Stream data from the agent, in order and decrypted: Output, StdErr, ExitCode, Flag.
  std::function<void(PayloadType, std::string payload)> data;
  // The channel ended: the service's channel_closed text, or why this side gave up.
  std::function<void(std::string reason, bool by_agent)> closed;
};

struct DataChannelStats {
  uint64_t messages_in = 0, messages_out = 0;
  uint64_t resends = 0, duplicates = 0, out_of_order = 0, refused = 0;
  uint64_t bytes_in = 0, bytes_out = 0;  // stream payload bytes, both directions
  int64_t rto_ms = 0;
  size_t unacked = 0, queued = 0;
  bool paused = false;
};

class DataChannel {
 public:
  DataChannel(DataChannelOptions options, DataChannelEvents events);

  // One binary frame from the WebSocket. Frames that do not parse (or whose digest is wrong)
  // are counted and dropped without an acknowledgement, so the agent sends them again.
  void receive(std::string_view frame, uint64_t now_ms);

  // Session data to the agent (keystrokes, size, port bytes, flags). Held until the
  // handshake completes and while the service has paused publication; sent in order, kept
  // until acknowledged. Output payloads are encrypted when the session uses KMS.
  void send(PayloadType type, std::string payload, uint64_t now_ms);

  // Resends what has waited longer than the retransmission timeout. Call every ~100 ms.
  void tick(uint64_t now_ms);

  // After a reconnect (new WebSocket, same session): resend everything unacknowledged, in
  // order.
  void resend_all(uint64_t now_ms);

  bool ready() const { return handshake_done_; }
  bool closed() const { return closed_; }
  // Payload bytes sent and not yet acknowledged, plus those still held: the caller stops
  // reading its sources above a limit (bounded memory for bulk transfers).
  size_t backlog_bytes() const { return backlog_bytes_; }
  DataChannelStats stats() const;

 private:
  struct Pending {
    int64_t sequence;
    std::string frame;
    size_t payload_bytes;
    uint64_t first_sent_ms, last_sent_ms;
    int resends = 0;
  };

  void handle(AgentMessage message, uint64_t now_ms);
  void deliver(AgentMessage message, uint64_t now_ms);
  void on_ack(std::string_view payload, uint64_t now_ms);
  void on_handshake_request(const std::string& payload, uint64_t now_ms);
  void on_handshake_complete(const std::string& payload, uint64_t now_ms);
  void on_challenge(const std::string& payload, uint64_t now_ms);
  void send_now(PayloadType type, std::string payload, uint64_t now_ms);
  void flush(uint64_t now_ms);
  void finish(std::string reason, bool by_agent);
  void sample_rtt(uint64_t rtt_ms);

  DataChannelOptions options_;
  DataChannelEvents events_;
  int64_t next_out_ = 0;       // sequence number of the next input_stream_data
  int64_t expected_in_ = 0;    // of the next output_stream_data to deliver
  std::map<int64_t, AgentMessage> ahead_;  // received past a gap
  std::deque<Pending> unacked_;
  std::deque<std::pair<PayloadType, std::string>> held_;  // before the handshake / while paused
  size_t backlog_bytes_ = 0;
  bool handshake_done_ = false, paused_ = false, closed_ = false;
  SessionTypeRequest session_type_;
  std::unique_ptr<PayloadCipher> cipher_;
  double srtt_ms_ = 100, rttvar_ms_ = 0;
  int64_t rto_ms_ = 200;
  DataChannelStats stats_;
};

}  // namespace opsdeck::ssh::ssm
