#pragma once
// The client side of an smux v1 session (github.com/xtaci/smux) over Session Manager's port
// byte stream: one stream per local TCP connection, opened with SYN, data in PSH frames,
// closed with FIN in either direction, NOP (keepalive) tolerated and counted. Stream ids are
// odd, 3, 5, 7, ... as smux's client picks them. No I/O: bytes to send leave through
// Events::send (the caller wraps them in Output payloads), bytes received go in through
// receive(), cut anywhere.
//
// Receive buffering is the caller's: Events::data hands each PSH's bytes over at once, and
// the caller bounds what it holds by not feeding receive() (smux v1 has no window; the port
// forward stops taking data channel messages instead, as smux stops reading its connection).
//
// Not thread safe: the owner serialises every call (SsmPortForward holds its lock); the
// Events callbacks run inside the call that caused them.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "aws/result.hpp"
#include "ssh/ssm/smux_frame.hpp"

namespace opsdeck::ssh::ssm {

struct SmuxEvents {
  std::function<void(std::string bytes)> send;                 // frames for the far end
  std::function<void(uint32_t stream, std::string data)> data;  // PSH on an open stream
  std::function<void(uint32_t stream)> remote_closed;          // FIN from the far end
  std::function<void(const aws::Error&)> failed;               // framing lost; the session is unusable
};

struct SmuxStats {
  uint64_t frames_in = 0, frames_out = 0, nops_in = 0, unknown_stream_frames = 0;
  size_t open_streams = 0;
};

class SmuxSession {
 public:
  explicit SmuxSession(SmuxEvents events) : events_(std::move(events)) {}

  uint32_t open();                                 // sends SYN; returns the new stream's id
  void write(uint32_t stream, std::string_view data);  // PSH frames; ignored once closed this side
  void close(uint32_t stream);                     // sends FIN once; the stream is forgotten when both sides closed
  void receive(std::string_view bytes);            // bytes of the far end's Output stream

  bool failed() const { return failed_; }
  bool is_open(uint32_t stream) const { return streams_.count(stream) > 0; }
  SmuxStats stats() const;

 private:
  struct Stream {
    bool local_closed = false, remote_closed = false;
  };
  void emit(std::string bytes);
  void on_frame(SmuxFrame frame);
  void forget_if_done(uint32_t stream);

  SmuxEvents events_;
  SmuxFrameReader reader_;
  std::map<uint32_t, Stream> streams_;
  uint32_t next_id_ = 1;
  bool failed_ = false;
  SmuxStats stats_;
};

}  // namespace opsdeck::ssh::ssm
