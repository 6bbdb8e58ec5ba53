// The native Session Manager client's protocol layers without a network: the agent message
// layout (checked against the byte examples in ../shared/notes/ssm-session-protocol.md,
// which were read off the session-manager-plugin sources), the data channel's sequencing,
// acknowledgements, resends, flow control, handshake and KMS encryption, and the stream URL
// parser. The same client against a live agent-side peer: tests/integration.
#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "ssh/base64.hpp"
#include "ssh/ssm/agent_message.hpp"
#include "ssh/ssm/data_channel.hpp"
#include "ssh/ssm/payload_cipher.hpp"
#include "ssh/ssm/websocket_client.hpp"

namespace opsdeck::ssh::ssm {
namespace {

std::string hex(std::string_view bytes) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

AgentMessage from_agent(int64_t seq, PayloadType type, std::string payload,
                        std::string_view kind = message_type::kOutput) {
  AgentMessage m;
  m.type = std::string(kind);
  m.created_ms = 1767225600000;
  m.sequence = seq;
  m.id = MessageId::random();
  m.payload_type = type;
  m.payload = std::move(payload);
  return m;
}

std::string handshake_request(bool kms = false, std::string session_type = "Standard_Stream") {
  nlohmann::json actions = nlohmann::json::array();
  actions.push_back({{"ActionType", "SessionType"},
                     {"ActionParameters", {{"SessionType", session_type}, {"Properties", {{"portNumber", "5432"}}}}}});
  if (kms) actions.push_back({{"ActionType", "KMSEncryption"}, {"ActionParameters", {{"KMSKeyId", "alias/ssm"}}}});
  return nlohmann::json{{"AgentVersion", "3.3.40.0"}, {"RequestedClientActions", actions}}.dump();
}

// The client side under test plus what it wrote and delivered.
struct Harness {
  std::vector<AgentMessage> sent;  // parsed frames the client wrote
  std::vector<std::string> raw;
  std::string output;
  std::vector<std::pair<PayloadType, std::string>> data;
  std::optional<std::string> closed;
  SessionTypeRequest ready_type;
  std::string customer_message;
  bool ready = false;
  DataChannel channel;

  explicit Harness(DataChannelOptions options = {})
      : channel(std::move(options), DataChannelEvents{
                                        [this](std::string frame) {
                                          raw.push_back(frame);
                                          auto m = parse_agent_message(frame);
                                          EXPECT_TRUE(m) << (m ? "" : m.error().message);
                                          if (m) sent.push_back(m.value());
                                        },
                                        [this](const SessionTypeRequest& t, const std::string& message) {
                                          ready = true;
                                          ready_type = t;
                                          customer_message = message;
                                        },
                                        [this](PayloadType type, std::string payload) {
                                          if (type == PayloadType::Output) output += payload;
                                          data.emplace_back(type, std::move(payload));
                                        },
                                        [this](std::string reason, bool) { closed = std::move(reason); },
                                    }) {}

  void agent(const AgentMessage& m, uint64_t now = 0) { channel.receive(serialize(m), now); }
  void handshake(uint64_t now = 0) {
    agent(from_agent(0, PayloadType::HandshakeRequest, handshake_request()), now);
    agent(from_agent(1, PayloadType::HandshakeComplete, R"({"HandshakeTimeToComplete":1000,"CustomerMessage":""})"),
          now);
  }
  std::vector<AgentMessage> inputs() const {
    std::vector<AgentMessage> out;
    for (const auto& m : sent)
      if (m.type == message_type::kInput) out.push_back(m);
    return out;
  }
  std::vector<int64_t> acked() const {
    std::vector<int64_t> out;
    for (const auto& m : sent)
      if (m.type == message_type::kAcknowledge) out.push_back(acknowledged_sequence(m.payload).value_or(-1));
    return out;
  }
  void ack(const AgentMessage& input, uint64_t now) { agent(acknowledgement_of(input, now), now); }
};

TEST(SsmAgentMessage, LayoutMatchesThePluginsBytes) {
  AgentMessage m;
  m.type = "input_stream_data";
  m.schema_version = 1;
  m.created_ms = 0x0102030405060708ULL;
  m.sequence = 7;
  m.flags = 3;
  m.id = *MessageId::parse("dd01e56b-ff48-483e-a508-b5f073f31b16");
  m.payload_type = PayloadType::Size;
  m.payload = R"({"cols":80,"rows":24})";
  std::string b = serialize(m);
  ASSERT_EQ(b.size(), 120 + m.payload.size());
  EXPECT_EQ(hex(b.substr(0, 4)), "00000074");  // header length 116
  EXPECT_EQ(b.substr(4, 32), "input_stream_data" + std::string(15, ' '));
  EXPECT_EQ(hex(b.substr(36, 4)), "00000001");
  EXPECT_EQ(hex(b.substr(40, 8)), "0102030405060708");
  EXPECT_EQ(hex(b.substr(48, 8)), "0000000000000007");
  EXPECT_EQ(hex(b.substr(56, 8)), "0000000000000003");
  // The notes' example: the UUID's second half first.
  EXPECT_EQ(hex(b.substr(64, 16)), "a508b5f073f31b16dd01e56bff48483e");
  unsigned char digest[32];
  SHA256(reinterpret_cast<const unsigned char*>(m.payload.data()), m.payload.size(), digest);
  EXPECT_EQ(b.substr(80, 32), std::string(reinterpret_cast<char*>(digest), 32));
  EXPECT_EQ(hex(b.substr(112, 4)), "00000003");
  EXPECT_EQ(hex(b.substr(116, 4)), "00000015");
  auto back = parse_agent_message(b);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back.value().id.text(), "dd01e56b-ff48-483e-a508-b5f073f31b16");
  EXPECT_EQ(back.value().payload, m.payload);
  EXPECT_EQ(back.value().sequence, 7);
  EXPECT_EQ(back.value().flags, 3u);
}

TEST(SsmAgentMessage, RefusesWhatIsNotAMessage) {
  AgentMessage m = from_agent(3, PayloadType::Output, "hello");
  std::string good = serialize(m);
  std::string bad_digest = good;
  bad_digest[80] ^= 1;
  auto r = parse_agent_message(bad_digest);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("digest"), std::string::npos);
  std::string changed_payload = good;
  changed_payload.back() ^= 1;
  EXPECT_FALSE(parse_agent_message(changed_payload));
  EXPECT_FALSE(parse_agent_message(good.substr(0, 119)));
  EXPECT_FALSE(parse_agent_message(good.substr(0, good.size() - 1)));  // length disagrees
  std::string long_header = good;
  long_header[3] = static_cast<char>(0xff);  // header length 255 points past the end
  EXPECT_FALSE(parse_agent_message(long_header));
  std::string no_type = good;
  std::fill(no_type.begin() + 4, no_type.begin() + 36, ' ');
  EXPECT_FALSE(parse_agent_message(no_type));
  std::string nul_padded = good;  // the JavaScript client pads with NULs in front
  std::string t = "output_stream_data";
  std::string padded = std::string(32 - t.size(), '\0') + t;
  std::copy(padded.begin(), padded.end(), nul_padded.begin() + 4);
  auto ok = parse_agent_message(nul_padded);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok.value().type, "output_stream_data");
  EXPECT_FALSE(MessageId::parse("dd01e56b-ff48-483e-a508-b5f073f31b1"));
  EXPECT_FALSE(MessageId::parse("dd01e56bxff48-483e-a508-b5f073f31b16"));
  EXPECT_EQ(parse_flag(flag_payload(SessionFlag::TerminateSession)), 2u);
}

TEST(SsmDataChannel, HandshakeAnswersTheSessionTypeAndHoldsDataUntilComplete) {
  Harness h;
  h.channel.send(PayloadType::Output, "early", 0);
  EXPECT_TRUE(h.inputs().empty());  // the agent ignores data before the handshake
  h.agent(from_agent(0, PayloadType::HandshakeRequest, handshake_request(false, "Port")));
  ASSERT_EQ(h.inputs().size(), 1u);
  const AgentMessage response = h.inputs()[0];
  EXPECT_EQ(response.payload_type, PayloadType::HandshakeResponse);
  EXPECT_EQ(response.sequence, 0);
  auto j = nlohmann::json::parse(response.payload);
  EXPECT_EQ(j["ClientVersion"], "1.2.331.0");
  ASSERT_EQ(j["ProcessedClientActions"].size(), 1u);
  EXPECT_EQ(j["ProcessedClientActions"][0]["ActionType"], "SessionType");
  EXPECT_EQ(j["ProcessedClientActions"][0]["ActionStatus"], 1);
  EXPECT_EQ(h.acked(), std::vector<int64_t>{0});
  EXPECT_FALSE(h.ready);
  h.agent(from_agent(1, PayloadType::HandshakeComplete, R"({"CustomerMessage":"Welcome to prod"})"));
  EXPECT_TRUE(h.ready);
  EXPECT_EQ(h.ready_type.session_type, "Port");
  EXPECT_EQ(nlohmann::json::parse(h.ready_type.properties)["portNumber"], "5432");
  EXPECT_EQ(h.customer_message, "Welcome to prod");
  ASSERT_EQ(h.inputs().size(), 2u);
  EXPECT_EQ(h.inputs()[1].payload, "early");
  EXPECT_EQ(h.inputs()[1].sequence, 1);
}

TEST(SsmDataChannel, DeliversInOrderOnceWhateverTheArrivalOrder) {
  Harness h;
  h.handshake();
  // The handshake took 0 and 1: 2 is next.
  h.agent(from_agent(3, PayloadType::Output, "C"));
  EXPECT_EQ(h.output, "");  // waits for 2
  h.agent(from_agent(3, PayloadType::Output, "C"));  // a second copy of a buffered one
  h.agent(from_agent(2, PayloadType::Output, "B"));
  EXPECT_EQ(h.output, "BC");
  h.agent(from_agent(4, PayloadType::Output, "D"));
  EXPECT_EQ(h.output, "BCD");
  h.agent(from_agent(3, PayloadType::Output, "C"));  // a resend of a delivered one
  EXPECT_EQ(h.output, "BCD");
  EXPECT_EQ(h.channel.stats().duplicates, 2u);  // the buffered copy and the resend
  // Every copy was acknowledged, the duplicates too (a lost ack is why they came again).
  auto acks = h.acked();
  EXPECT_EQ(std::count(acks.begin(), acks.end(), 3), 3);
  EXPECT_EQ(std::count(acks.begin(), acks.end(), 4), 1);
}

TEST(SsmDataChannel, AWrongDigestIsNeitherAcknowledgedNorDelivered) {
  Harness h;
  h.handshake();
  std::string frame = serialize(from_agent(2, PayloadType::Output, "tampered"));
  frame[90] ^= 0x40;
  size_t acks_before = h.acked().size();
  h.channel.receive(frame, 0);
  EXPECT_EQ(h.output, "");
  EXPECT_EQ(h.acked().size(), acks_before);
  EXPECT_EQ(h.channel.stats().refused, 1u);
  h.agent(from_agent(2, PayloadType::Output, "intact"));  // the agent's resend
  EXPECT_EQ(h.output, "intact");
}

TEST(SsmDataChannel, ResendsTheUnacknowledgedAfterTheTimeoutAndLearnsTheRoundTrip) {
  Harness h;
  h.handshake(0);
  h.ack(h.inputs()[0], 50);  // the handshake response
  h.channel.send(PayloadType::Output, "ls\r", 1000);
  ASSERT_EQ(h.inputs().size(), 2u);
  std::string first = h.raw.back();
  h.channel.tick(1100);  // before the initial 200 ms RTO
  EXPECT_EQ(h.inputs().size(), 2u);
  h.channel.tick(1201);
  ASSERT_EQ(h.inputs().size(), 3u);
  EXPECT_EQ(h.raw.back(), first);  // the same bytes: same id, same sequence number
  EXPECT_EQ(h.channel.stats().resends, 1u);
  h.ack(h.inputs()[2], 1250);
  h.channel.tick(5000);
  EXPECT_EQ(h.inputs().size(), 3u);  // acknowledged: no more resends
  // Quick acknowledgements bring the timeout down towards the measured round trip.
  for (int i = 0; i < 20; ++i) {
    h.channel.send(PayloadType::Output, "x", 10000 + i * 100);
    h.ack(h.inputs().back(), 10000 + i * 100 + 5);
  }
  EXPECT_LT(h.channel.stats().rto_ms, 100);
  EXPECT_GE(h.channel.stats().rto_ms, 10);
}

TEST(SsmDataChannel, GivesUpOnAnAgentThatNeverAcknowledges) {
  DataChannelOptions o;
  o.max_resends = 5;
  Harness h(o);
  h.handshake(0);
  h.channel.send(PayloadType::Output, "x", 0);
  for (uint64_t t = 0; t < 20000 && !h.closed; t += 100) h.channel.tick(t);
  ASSERT_TRUE(h.closed);
  EXPECT_NE(h.closed->find("stopped acknowledging"), std::string::npos);
}

TEST(SsmDataChannel, PausePublicationHoldsDataUntilStart) {
  Harness h;
  h.handshake();
  h.ack(h.inputs()[0], 0);  // the handshake response
  EXPECT_EQ(h.channel.backlog_bytes(), 0u);
  h.agent(from_agent(0, PayloadType::None, "", message_type::kPausePublication));
  h.channel.send(PayloadType::Output, "held", 0);
  EXPECT_EQ(h.inputs().size(), 1u);
  EXPECT_TRUE(h.channel.stats().paused);
  EXPECT_EQ(h.channel.backlog_bytes(), 4u);
  h.agent(from_agent(0, PayloadType::None, "", message_type::kStartPublication));
  ASSERT_EQ(h.inputs().size(), 2u);
  EXPECT_EQ(h.inputs()[1].payload, "held");
  EXPECT_EQ(h.channel.backlog_bytes(), 4u);  // sent, not yet acknowledged
  h.ack(h.inputs()[1], 1);
  EXPECT_EQ(h.channel.backlog_bytes(), 0u);
}

TEST(SsmDataChannel, ChannelClosedEndsWithTheServicesReason) {
  Harness h;
  h.handshake();
  h.agent(from_agent(0, PayloadType::Output, R"({"Output":"Exiting session with sessionId: s-1.","SessionId":"s-1"})",
                     message_type::kChannelClosed));
  ASSERT_TRUE(h.closed);
  EXPECT_EQ(*h.closed, "Exiting session with sessionId: s-1.");
  h.channel.send(PayloadType::Output, "late", 0);
  EXPECT_EQ(h.inputs().size(), 1u);
}

TEST(SsmDataChannel, KmsEncryptionKeysBothDirectionsAndAnswersTheChallenge) {
  std::string key(64, '\0');
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<char>(i * 7 + 1);
  DataChannelOptions o;
  std::string asked_key;
  o.generate_data_key = [&](const std::string& id) -> aws::Result<KmsDataKey> {
    asked_key = id;
    return KmsDataKey{key, "opaque-blob"};
  };
  Harness h(o);
  auto agent_side = PayloadCipher::from_data_key(key);
  ASSERT_TRUE(agent_side);
  h.agent(from_agent(0, PayloadType::HandshakeRequest, handshake_request(true)));
  EXPECT_EQ(asked_key, "alias/ssm");
  auto response = nlohmann::json::parse(h.inputs()[0].payload);
  auto kms = response["ProcessedClientActions"][1];
  EXPECT_EQ(kms["ActionType"], "KMSEncryption");
  EXPECT_EQ(kms["ActionStatus"], 1);
  EXPECT_EQ(base64_decode(kms["ActionResult"]["KMSCipherTextKey"].get<std::string>()), "opaque-blob");
  std::string challenge = "prove-it";
  h.agent(from_agent(1, PayloadType::EncChallengeRequest,
                     nlohmann::json{{"Challenge", base64_encode(agent_side.value()->encrypt_from_agent(challenge))}}.dump()));
  ASSERT_EQ(h.inputs().size(), 2u);
  auto answer = nlohmann::json::parse(h.inputs()[1].payload);
  auto sealed = base64_decode(answer["Challenge"].get<std::string>());
  ASSERT_TRUE(sealed);
  auto opened = agent_side.value()->decrypt_to_agent(*sealed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened.value(), challenge);
  h.agent(from_agent(2, PayloadType::HandshakeComplete, "{}"));
  h.agent(from_agent(3, PayloadType::Output, agent_side.value()->encrypt_from_agent("secret output")));
  EXPECT_EQ(h.output, "secret output");
  h.channel.send(PayloadType::Output, "typed", 0);
  EXPECT_NE(h.inputs().back().payload, "typed");
  EXPECT_EQ(agent_side.value()->decrypt_to_agent(h.inputs().back().payload).value(), "typed");
  // Output that fails authentication ends the session rather than reach the terminal.
  std::string forged = agent_side.value()->encrypt_from_agent("x");
  forged[14] ^= 1;
  h.agent(from_agent(4, PayloadType::Output, forged));
  ASSERT_TRUE(h.closed);
  EXPECT_EQ(h.output, "secret output");
}

TEST(SsmDataChannel, KmsWithoutAKeySourceIsAnsweredFailed) {
  Harness h;
  h.agent(from_agent(0, PayloadType::HandshakeRequest, handshake_request(true)));
  auto response = nlohmann::json::parse(h.inputs()[0].payload);
  EXPECT_EQ(response["ProcessedClientActions"][1]["ActionStatus"], 2);
  EXPECT_FALSE(response["Errors"].empty());
}

TEST(SsmDataChannel, AnAgentWithoutHandshakeStartsAShellWithItsFirstOutput) {
  Harness h;
  h.channel.send(PayloadType::Output, "typed", 0);
  h.agent(from_agent(0, PayloadType::Output, "$ "));
  EXPECT_TRUE(h.ready);
  EXPECT_EQ(h.output, "$ ");
  ASSERT_EQ(h.inputs().size(), 1u);
  EXPECT_EQ(h.inputs()[0].payload, "typed");
}

TEST(SsmWebSocketUrl, ParsesWhatStartSessionReturnsAndRefusesTheRest) {
  auto u = parse_websocket_url("wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/s-1?role=publish_subscribe");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u.value().tls);
  EXPECT_EQ(u.value().host, "ssmmessages.eu-west-1.amazonaws.com");
  EXPECT_EQ(u.value().port, "443");
  EXPECT_EQ(u.value().target, "/v1/data-channel/s-1?role=publish_subscribe");
  auto l = parse_websocket_url("ws://127.0.0.1:41234/v1/data-channel/x");
  ASSERT_TRUE(l);
  EXPECT_FALSE(l.value().tls);
  EXPECT_EQ(l.value().port, "41234");
  auto v6 = parse_websocket_url("ws://[::1]:9/p");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6.value().host, "::1");
  for (const char* bad : {"https://x/y", "ws://", "ws://:80/", "ws://h:0/", "ws://h:70000/", "ws://u:p@h/",
                          "ws://h:8x/", "ws://[::1/"})
    EXPECT_FALSE(parse_websocket_url(bad)) << bad;
}

TEST(SsmPayloadCipher, RefusesAShortKeyAndATamperedPayload) {
  EXPECT_FALSE(PayloadCipher::from_data_key(std::string(32, 'k')));
  auto c = PayloadCipher::from_data_key(std::string(32, 'a') + std::string(32, 'c'));
  ASSERT_TRUE(c);
  std::string sealed = c.value()->encrypt_to_agent("hello");
  EXPECT_EQ(sealed.size(), 12 + 5 + 16u);
  EXPECT_NE(c.value()->encrypt_to_agent("hello"), sealed);  // a fresh nonce every time
  EXPECT_EQ(c.value()->decrypt_to_agent(sealed).value(), "hello");
  EXPECT_FALSE(c.value()->decrypt_from_agent(sealed));  // the other direction's key
  sealed[0] ^= 1;
  EXPECT_FALSE(c.value()->decrypt_to_agent(sealed));
  EXPECT_FALSE(c.value()->decrypt_to_agent("short"));
}

}  // namespace
}  // namespace opsdeck::ssh::ssm
