#include "ssh/ssm/ssm_stream_session.hpp"

#include <nlohmann/json.hpp>

namespace opsdeck::ssh::ssm {
namespace {

constexpr std::chrono::milliseconds kTick{100};
constexpr std::chrono::milliseconds kTerminateGrace{1000};

bool worth_retrying(const aws::Error& e) {
  return e.kind == aws::ErrorKind::Network || e.kind == aws::ErrorKind::Timeout || e.retryable;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  return std::to_string((ms.count() + 999) / 1000) + " s";
}

}  // namespace

SsmStreamSession::SsmStreamSession(aws::SsmSession session, StreamSessionOptions options, StreamSessionEvents events)
    : session_(std::move(session)),
      options_(std::move(options)),
      events_(std::move(events)),
      channel_(options_.channel,
               DataChannelEvents{
                   [this](std::string frame) { socket_->send(std::move(frame)); },
                   [this](const SessionTypeRequest& type, const std::string& message) {
                     if (events_.ready) events_.ready(type, message);
                   },
                   [this](PayloadType type, std::string payload) {
                     if (events_.data) events_.data(type, std::move(payload));
                   },
                   [this](std::string reason, bool by_agent) { end(reason, !by_agent); },
               }),
      client_id_(MessageId::random().text()) {
  WebSocketClient::Handlers handlers;
  handlers.connected = [this] {
    if (ended_) return;
    connected_ = true;
    connected_at_ = last_heard_ = std::chrono::steady_clock::now();
    if (attempt_ > 0) {
      std::lock_guard lock(mu_);
      ++reconnects_;
    }
    bool resumed = attempt_ > 0;
    attempt_ = 0;
    if (events_.state) events_.state(resumed ? "reconnected" : "connected");
    if (resumed) channel_.resend_all(now_ms());
  };
  handlers.binary = [this](std::string frame) {
    if (ended_) return;
    last_heard_ = std::chrono::steady_clock::now();
    channel_.receive(frame, now_ms());
    publish();
  };
  handlers.lost = [this](aws::Error error) { on_lost(std::move(error)); };
  socket_ = std::make_unique<WebSocketClient>(std::move(handlers),
                                              WebSocketClient::Options{options_.connect_timeout, options_.idle_timeout});
}

SsmStreamSession::~SsmStreamSession() { socket_->stop(); }

uint64_t SsmStreamSession::now_ms() const {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - origin_).count());
}

void SsmStreamSession::start() {
  socket_->post([this] {
    if (events_.state) events_.state("connecting");
    open_channel();
    socket_->after(options_.handshake_timeout, [this] {
      if (!ended_ && !channel_.ready())
        end("the instance's SSM agent did not complete the session handshake in " +
                seconds_text(options_.handshake_timeout) + " (is the agent running and up to date?)",
            true);
    });
    socket_->after(kTick, [this] { on_tick(); });
  });
}

void SsmStreamSession::open_channel() {
  nlohmann::json open{{"MessageSchemaVersion", "1.0"},
                      {"RequestId", MessageId::random().text()},
                      {"TokenValue", session_.token},
                      {"ClientId", client_id_},
                      {"ClientVersion", options_.channel.client_version}};
  socket_->connect(session_.stream_url, open.dump());
}

void SsmStreamSession::on_lost(aws::Error error) {
  if (ended_) return;
  connected_ = false;
  if (terminating_) return end("session terminated", false);
  if (!options_.resume) return end(error.message, true);
  if (!worth_retrying(error)) return end(error.message, true);
  reconnect(attempt_ + 1, error.message);
}

void SsmStreamSession::reconnect(int attempt, std::string why) {
  if (ended_) return;
  if (attempt > options_.max_reconnects)
    return end("the data channel dropped and could not be resumed after " + std::to_string(options_.max_reconnects) +
                   " attempts: " + why,
               true);
  attempt_ = attempt;
  if (events_.state)
    events_.state("reconnecting (attempt " + std::to_string(attempt) + " of " +
                  std::to_string(options_.max_reconnects) + "): " + why);
  auto delay = std::chrono::milliseconds(std::min<int64_t>(5000, int64_t{200} << (attempt - 1)));
  socket_->after(delay, [this, attempt] {
    if (ended_) return;
    auto token = options_.resume(session_.session_id);
    if (!token) {
      if (worth_retrying(token.error())) return reconnect(attempt + 1, "ResumeSession: " + token.error().message);
      return end("the data channel dropped and ResumeSession failed: " + token.error().message, true);
    }
    if (token.value().empty())
      return end("the data channel dropped and Session Manager no longer has session " + session_.session_id +
                     " (it timed out or was terminated)",
                 true);
    session_.token = std::move(token).value();
    open_channel();
  });
}

void SsmStreamSession::on_tick() {
  if (ended_) return;
  channel_.tick(now_ms());
  publish();
  auto now = std::chrono::steady_clock::now();
  if (connected_ && !terminating_ && channel_.stats().unacked > 0 && now - last_heard_ > options_.stall_timeout) {
    connected_ = false;
    socket_->close();
    on_lost(aws::make_error(aws::ErrorKind::Timeout,
                            "the agent sent nothing for " + seconds_text(options_.stall_timeout) +
                                " while data waited for its acknowledgement"));
  }
  socket_->after(kTick, [this] { on_tick(); });
}

void SsmStreamSession::send(PayloadType type, std::string payload) {
  posted_bytes_ += payload.size();
  socket_->post([this, type, payload = std::move(payload)]() mutable {
    posted_bytes_ -= payload.size();
    if (ended_) return;
    channel_.send(type, std::move(payload), now_ms());
    publish();
  });
}

void SsmStreamSession::terminate() {
  socket_->post([this] {
    if (ended_ || terminating_) return;
    terminating_ = true;
    if (connected_ && channel_.ready()) {
      channel_.send(PayloadType::Flag, flag_payload(SessionFlag::TerminateSession), now_ms());
      socket_->after(kTerminateGrace, [this] { end("session terminated", false); });
    } else {
      end("session terminated", false);
    }
  });
}

void SsmStreamSession::end(const std::string& reason, bool failed) {
  if (ended_) return;
  ended_ = true;
  socket_->close();
  publish();
  // A session this side gave up on, or one the operator ended, must not linger on the agent.
  if ((failed || terminating_) && options_.terminate) options_.terminate(session_.session_id);
  if (events_.ended) events_.ended(reason, failed);
}

void SsmStreamSession::publish() {
  std::lock_guard lock(mu_);
  published_ = channel_.stats();
  backlog_ = channel_.backlog_bytes();
}

DataChannelStats SsmStreamSession::stats() const {
  std::lock_guard lock(mu_);
  return published_;
}

size_t SsmStreamSession::backlog_bytes() const {
  std::lock_guard lock(mu_);
  return backlog_ + posted_bytes_.load() + socket_->queued_bytes();
}

int SsmStreamSession::reconnects() const {
  std::lock_guard lock(mu_);
  return reconnects_;
}

}  // namespace opsdeck::ssh::ssm
