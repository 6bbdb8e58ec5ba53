#include "ssh/ssm/data_channel.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ssh/base64.hpp"

namespace opsdeck::ssh::ssm {
namespace {

constexpr int64_t kMinRtoMs = 10, kMaxRtoMs = 1000;
constexpr int kMaxResendsPerTick = 64;
constexpr int kActionSuccess = 1, kActionFailed = 2, kActionUnsupported = 3;

std::string json_text(const nlohmann::json& j) { return j.is_null() ? std::string("{}") : j.dump(); }

}  // namespace

DataChannel::DataChannel(DataChannelOptions options, DataChannelEvents events)
    : options_(std::move(options)), events_(std::move(events)) {}

DataChannelStats DataChannel::stats() const {
  DataChannelStats s = stats_;
  s.rto_ms = rto_ms_;
  s.unacked = unacked_.size();
  s.queued = held_.size();
  s.paused = paused_;
  return s;
}

void DataChannel::receive(std::string_view frame, uint64_t now_ms) {
  if (closed_) return;
  auto parsed = parse_agent_message(frame);
  if (!parsed) {
    ++stats_.refused;  // not acknowledged: the agent sends it again
    return;
  }
  handle(std::move(parsed).value(), now_ms);
}

void DataChannel::handle(AgentMessage m, uint64_t now_ms) {
  if (m.type == message_type::kAcknowledge) return on_ack(m.payload, now_ms);
  if (m.type == message_type::kChannelClosed) {
    auto j = nlohmann::json::parse(m.payload, nullptr, false);
    std::string output = j.is_object() ? j.value("Output", std::string()) : std::string();
    return finish(output.empty() ? "the session was closed by Session Manager" : output, true);
  }
  if (m.type == message_type::kPausePublication) {
    paused_ = true;
    return;
  }
  if (m.type == message_type::kStartPublication) {
    paused_ = false;
    return flush(now_ms);
  }
  if (m.type != message_type::kOutput) return;  // agent_session_state and control types

  ++stats_.messages_in;
  if (m.sequence < expected_in_) {  // a resend of something delivered: its ack was lost
    ++stats_.duplicates;
    events_.send(serialize(acknowledgement_of(m, now_ms)));
    return;
  }
  events_.send(serialize(acknowledgement_of(m, now_ms)));
  if (m.sequence > expected_in_) {
    if (ahead_.count(m.sequence)) {
      ++stats_.duplicates;
      return;
    }
    ++stats_.out_of_order;
    if (static_cast<int64_t>(ahead_.size()) < options_.max_out_of_order) ahead_.emplace(m.sequence, std::move(m));
    return;
  }
  deliver(std::move(m), now_ms);
  ++expected_in_;
  for (auto it = ahead_.find(expected_in_); it != ahead_.end() && !closed_; it = ahead_.find(expected_in_)) {
    AgentMessage next = std::move(it->second);
    ahead_.erase(it);
    deliver(std::move(next), now_ms);
    ++expected_in_;
  }
}

void DataChannel::deliver(AgentMessage m, uint64_t now_ms) {
  switch (m.payload_type) {
    case PayloadType::HandshakeRequest:
      return on_handshake_request(m.payload, now_ms);
    case PayloadType::HandshakeComplete:
      return on_handshake_complete(m.payload, now_ms);
    case PayloadType::EncChallengeRequest:
      return on_challenge(m.payload, now_ms);
    case PayloadType::Output:
    case PayloadType::StdErr:
    case PayloadType::ExitCode: {
      if (!handshake_done_) {  // an agent too old to shake hands: the output starts a shell
        handshake_done_ = true;
        session_type_ = {"Standard_Stream", "{}", {}};
        if (events_.ready) events_.ready(session_type_, {});
        flush(now_ms);
      }
      std::string payload = std::move(m.payload);
      if (cipher_) {
        auto plain = cipher_->decrypt_from_agent(payload);
        if (!plain) return finish(plain.error().message, false);
        payload = std::move(plain).value();
      }
      stats_.bytes_in += payload.size();
      if (events_.data) events_.data(m.payload_type, std::move(payload));
      return;
    }
    case PayloadType::Flag:
      if (events_.data) events_.data(m.payload_type, std::move(m.payload));
      return;
    default:
      return;
  }
}

void DataChannel::on_ack(std::string_view payload, uint64_t now_ms) {
  auto seq = acknowledged_sequence(payload);
  if (!seq) return;
  auto it = std::find_if(unacked_.begin(), unacked_.end(), [&](const Pending& p) { return p.sequence == *seq; });
  if (it == unacked_.end()) return;
  if (it->resends == 0) sample_rtt(now_ms - it->first_sent_ms);  // Karn: never time a resent message
  backlog_bytes_ -= std::min(backlog_bytes_, it->payload_bytes);
  unacked_.erase(it);
}

void DataChannel::sample_rtt(uint64_t rtt_ms) {
  double r = static_cast<double>(rtt_ms);
  rttvar_ms_ = 0.75 * rttvar_ms_ + 0.25 * std::abs(srtt_ms_ - r);
  srtt_ms_ = 0.875 * srtt_ms_ + 0.125 * r;
  rto_ms_ = std::clamp(static_cast<int64_t>(srtt_ms_ + std::max(10.0, 4 * rttvar_ms_)), kMinRtoMs, kMaxRtoMs);
}

void DataChannel::on_handshake_request(const std::string& payload, uint64_t now_ms) {
  auto request = nlohmann::json::parse(payload, nullptr, false);
  nlohmann::json processed = nlohmann::json::array();
  nlohmann::json errors = nlohmann::json::array();
  if (request.is_object() && request.contains("AgentVersion") && request["AgentVersion"].is_string())
    session_type_.agent_version = request["AgentVersion"].get<std::string>();
  auto actions = request.is_object() ? request.value("RequestedClientActions", nlohmann::json::array())
                                     : nlohmann::json::array();
  for (const auto& action : actions) {
    std::string type = action.value("ActionType", std::string());
    const nlohmann::json params = action.value("ActionParameters", nlohmann::json::object());
    nlohmann::json result{{"ActionType", type}, {"ActionStatus", kActionSuccess}, {"ActionResult", nullptr},
                          {"Error", ""}};
    if (type == "SessionType") {
      session_type_.session_type = params.is_object() ? params.value("SessionType", std::string()) : std::string();
      session_type_.properties = params.is_object() && params.contains("Properties") ? json_text(params["Properties"])
                                                                                     : std::string("{}");
    } else if (type == "KMSEncryption") {
      std::string key_id = params.is_object() ? params.value("KMSKeyId", std::string()) : std::string();
      aws::Result<KmsDataKey> key = options_.generate_data_key
                                        ? options_.generate_data_key(key_id)
                                        : aws::Result<KmsDataKey>(aws::make_error(
                                              aws::ErrorKind::Missing, "KMS encryption is not available here"));
      if (key) {
        auto cipher = PayloadCipher::from_data_key(key.value().plaintext);
        OPENSSL_cleanse(key.value().plaintext.data(), key.value().plaintext.size());
        if (cipher) {
          cipher_ = std::move(cipher).value();
          result["ActionResult"] = {{"KMSCipherTextKey", base64_encode(key.value().ciphertext_blob)}};
        } else {
          result["ActionStatus"] = kActionFailed;
          result["Error"] = cipher.error().message;
        }
      } else {
        result["ActionStatus"] = kActionFailed;
        result["Error"] = "KMS GenerateDataKey for " + key_id + " failed: " + key.error().message;
        errors.push_back(result["Error"]);
      }
    } else {
      result["ActionStatus"] = kActionUnsupported;
      result["Error"] = "opsdeck does not support the action " + type;
    }
    processed.push_back(std::move(result));
  }
  nlohmann::json response{
      {"ClientVersion", options_.client_version}, {"ProcessedClientActions", processed}, {"Errors", errors}};
  send_now(PayloadType::HandshakeResponse, response.dump(), now_ms);
}

void DataChannel::on_challenge(const std::string& payload, uint64_t now_ms) {
  auto j = nlohmann::json::parse(payload, nullptr, false);
  auto sealed = j.is_object() ? base64_decode(j.value("Challenge", std::string())) : std::nullopt;
  if (!cipher_ || !sealed) return finish("the agent's encryption challenge could not be read", false);
  auto plain = cipher_->decrypt_from_agent(*sealed);
  if (!plain) return finish("the agent's encryption challenge failed: " + plain.error().message, false);
  nlohmann::json answer{{"Challenge", base64_encode(cipher_->encrypt_to_agent(plain.value()))}};
  send_now(PayloadType::EncChallengeResponse, answer.dump(), now_ms);
}

void DataChannel::on_handshake_complete(const std::string& payload, uint64_t now_ms) {
  auto j = nlohmann::json::parse(payload, nullptr, false);
  std::string message = j.is_object() ? j.value("CustomerMessage", std::string()) : std::string();
  handshake_done_ = true;
  if (session_type_.session_type.empty()) session_type_ = {"Standard_Stream", "{}", session_type_.agent_version};
  if (events_.ready) events_.ready(session_type_, message);
  flush(now_ms);
}

void DataChannel::send(PayloadType type, std::string payload, uint64_t now_ms) {
  if (closed_) return;
  if (!handshake_done_ || paused_ || !held_.empty()) {
    backlog_bytes_ += payload.size();
    held_.emplace_back(type, std::move(payload));
    return;
  }
  send_now(type, std::move(payload), now_ms);
}

void DataChannel::flush(uint64_t now_ms) {
  while (!held_.empty() && handshake_done_ && !paused_ && !closed_) {
    auto [type, payload] = std::move(held_.front());
    held_.pop_front();
    backlog_bytes_ -= std::min(backlog_bytes_, payload.size());
    send_now(type, std::move(payload), now_ms);
  }
}

void DataChannel::send_now(PayloadType type, std::string payload, uint64_t now_ms) {
  AgentMessage m;
  m.type = std::string(message_type::kInput);
  m.created_ms = now_ms;
  m.sequence = next_out_++;
  m.id = MessageId::random();
  m.payload_type = type;
  size_t plain_bytes = payload.size();
  m.payload = cipher_ && type == PayloadType::Output ? cipher_->encrypt_to_agent(payload) : std::move(payload);
  std::string frame = serialize(m);
  ++stats_.messages_out;
  stats_.bytes_out += plain_bytes;
  backlog_bytes_ += plain_bytes;
  unacked_.push_back({m.sequence, frame, plain_bytes, now_ms, now_ms, 0});
  events_.send(std::move(frame));
}

void DataChannel::tick(uint64_t now_ms) {
  if (closed_) return;
  int sent = 0;
  for (auto& p : unacked_) {
    if (sent >= kMaxResendsPerTick) break;
    if (now_ms < p.last_sent_ms + static_cast<uint64_t>(rto_ms_)) continue;
    if (++p.resends > options_.max_resends)
      return finish("the agent stopped acknowledging data (message " + std::to_string(p.sequence) + " sent " +
                        std::to_string(options_.max_resends) + " times)",
                    false);
    p.last_sent_ms = now_ms;
    ++stats_.resends;
    ++sent;
    events_.send(p.frame);
  }
}

void DataChannel::resend_all(uint64_t now_ms) {
  for (auto& p : unacked_) {
    ++p.resends;
    p.last_sent_ms = now_ms;
    ++stats_.resends;
    events_.send(p.frame);
  }
}

void DataChannel::finish(std::string reason, bool by_agent) {
  if (closed_) return;
  closed_ = true;
  if (events_.closed) events_.closed(std::move(reason), by_agent);
}

}  // namespace opsdeck::ssh::ssm
