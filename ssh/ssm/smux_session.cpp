#include "ssh/ssm/smux_session.hpp"

namespace opsdeck::ssh::ssm {

uint32_t SmuxSession::open() {
  next_id_ += 2;
  uint32_t id = next_id_;
  streams_[id] = Stream{};
  ++stats_.frames_out;
  emit(encode_frame(SmuxCommand::Syn, id));
  return id;
}

void SmuxSession::write(uint32_t stream, std::string_view data) {
  auto it = streams_.find(stream);
  if (it == streams_.end() || it->second.local_closed || data.empty() || failed_) return;
  stats_.frames_out += (data.size() + kSmuxMaxFrameData - 1) / kSmuxMaxFrameData;
  emit(encode_push(stream, data));
}

void SmuxSession::close(uint32_t stream) {
  auto it = streams_.find(stream);
  if (it == streams_.end() || it->second.local_closed) return;
  it->second.local_closed = true;
  if (!failed_) {
    ++stats_.frames_out;
    emit(encode_frame(SmuxCommand::Fin, stream));
  }
  forget_if_done(stream);
}

void SmuxSession::receive(std::string_view bytes) {
  if (failed_) return;
  reader_.feed(bytes);
  for (;;) {
    auto frame = reader_.next();
    if (!frame) {
      failed_ = true;
      if (events_.failed) events_.failed(frame.error());
      return;
    }
    if (!frame.value()) return;
    ++stats_.frames_in;
    on_frame(std::move(*frame.value()));
    if (failed_) return;
  }
}

void SmuxSession::on_frame(SmuxFrame f) {
  switch (f.command) {
    case SmuxCommand::Nop:
      ++stats_.nops_in;
      return;
    case SmuxCommand::Syn:  // the agent never opens streams; refuse one politely
      if (!streams_.count(f.stream_id)) emit(encode_frame(SmuxCommand::Fin, f.stream_id));
      return;
    case SmuxCommand::Psh: {
      auto it = streams_.find(f.stream_id);
      if (it == streams_.end() || it->second.remote_closed) {
        ++stats_.unknown_stream_frames;  // smux drops data for streams it does not know
        return;
      }
      if (events_.data && !f.data.empty()) events_.data(f.stream_id, std::move(f.data));
      return;
    }
    case SmuxCommand::Fin: {
      auto it = streams_.find(f.stream_id);
      if (it == streams_.end() || it->second.remote_closed) {
        ++stats_.unknown_stream_frames;
        return;
      }
      it->second.remote_closed = true;
      if (events_.remote_closed) events_.remote_closed(f.stream_id);
      forget_if_done(f.stream_id);
      return;
    }
  }
}

void SmuxSession::forget_if_done(uint32_t stream) {
  auto it = streams_.find(stream);
  if (it != streams_.end() && it->second.local_closed && it->second.remote_closed) streams_.erase(it);
}

void SmuxSession::emit(std::string bytes) {
  if (events_.send) events_.send(std::move(bytes));
}

SmuxStats SmuxSession::stats() const {
  SmuxStats s = stats_;
  s.open_streams = streams_.size();
  return s;
}

}  // namespace opsdeck::ssh::ssm
