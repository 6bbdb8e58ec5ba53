// SsmPortForward (opsdeck's native Session Manager port forward) against a real far end:
// tests/support/ssm_peer (the message gateway and an agent that opens real TCP connections
// on this machine) behind fake_aws.py's StartSession / ResumeSession / TerminateSession, to
// an echo or digest server on loopback. Faults come from the peer's admin API: a cut
// WebSocket, a session killed, a stalled agent, a refused destination.
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <csignal>
#include <random>
#include <sstream>
#include <thread>

#include "aws/aws_client.hpp"
#include "aws/credential_static.hpp"
#include "aws/service_call.hpp"
#include "ssh/ssm/ssm_port_forward.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/echo_server.hpp"
#include "tests/support/ssm_gateway.hpp"

namespace opsdeck {
namespace {

using namespace std::chrono_literals;
using ssh::ssm::PortForwardSpec;
using ssh::ssm::PortForwardStatus;
using ssh::ssm::SsmPortForward;
using State = PortForwardStatus::State;
using testing::EchoServer;
using testing::SsmGateway;
using testing::TempDir;

constexpr const char* kOnline = "i-0aaa111122223333a";  // fake_aws: PingStatus Online

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

TempDir& logs() {
  static TempDir dir;
  return dir;
}
SsmGateway& gateway() {
  static SsmGateway g(logs().path());
  return g;
}

// Polls `done` every 20 ms until it holds or `timeout` passes.
template <class F>
bool eventually(F done, std::chrono::milliseconds timeout = 20s) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

// Writes `payload` (from a writer thread) and reads the same number of bytes back.
std::string round_trip(int port, const std::string& payload) {
  int fd = testing::connect_loopback(port);
  if (fd < 0) return "<connect failed>";
  std::thread writer([&] {
    size_t off = 0;
    while (off < payload.size()) {
      auto n = ::send(fd, payload.data() + off, std::min<size_t>(payload.size() - off, 16384), MSG_NOSIGNAL);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
  });
  std::string got;
  std::vector<char> buf(65536);
  while (got.size() < payload.size()) {
    ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n <= 0) break;
    got.append(buf.data(), static_cast<size_t>(n));
  }
  writer.join();
  ::close(fd);
  return got;
}

struct SinkResult {
  std::string want, answer;  // hex SHA-256 of what was sent, and what the sink saw
  double seconds = 0;
};

// Sends `total` bytes (a 1 MiB pseudo-random block, varied per round) to a Sink server
// through `port`, hashing as it goes, and reads the sink's digest back.
SinkResult sink_transfer(int port, uint64_t total, unsigned seed) {
  SinkResult r;
  int fd = testing::connect_loopback(port, 120);
  if (fd < 0) return r;
  std::string header(8, '\0');
  for (int i = 0; i < 8; ++i) header[static_cast<size_t>(i)] = static_cast<char>((total >> (8 * i)) & 0xff);
  auto start = std::chrono::steady_clock::now();
  std::string block(1u << 20, '\0');
  std::mt19937 rng(seed);
  for (auto& c : block) c = static_cast<char>(rng() & 0xff);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  bool ok = ::send(fd, header.data(), 8, MSG_NOSIGNAL) == 8;
  for (uint64_t sent = 0, round = 0; ok && sent < total; ++round) {
    std::memcpy(block.data(), &round, sizeof round);
    size_t n = static_cast<size_t>(std::min<uint64_t>(block.size(), total - sent));
    EVP_DigestUpdate(ctx, block.data(), n);
    for (size_t off = 0; ok && off < n;) {
      auto w = ::send(fd, block.data() + off, n - off, MSG_NOSIGNAL);
      ok = w > 0;
      if (ok) off += static_cast<size_t>(w);
    }
    sent += n;
  }
  unsigned char md[32];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  static const char* digits = "0123456789abcdef";
  for (unsigned i = 0; i < len; ++i) (r.want += digits[md[i] >> 4]) += digits[md[i] & 15];
  char buf[128];
  while (ok && r.answer.size() < 64) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    r.answer.append(buf, static_cast<size_t>(n));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::close(fd);
  return r;
}

std::string random_bytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

long vm_hwm_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// Every status on_change reported, for assertions on the sequence of states and details.
struct Changes {
  std::mutex mu;
  std::vector<PortForwardStatus> seen;
  std::function<void(const PortForwardStatus&)> callback() {
    return [this](const PortForwardStatus& s) {
      std::lock_guard lock(mu);
      seen.push_back(s);
    };
  }
  bool any_detail(const std::string& text) {
    std::lock_guard lock(mu);
    for (const auto& s : seen)
      if (s.detail.find(text) != std::string::npos) return true;
    return false;
  }
  std::string dump() {
    std::lock_guard lock(mu);
    std::string out;
    for (const auto& s : seen) out += std::string(ssh::ssm::to_string(s.state)) + ": " + s.detail + "\n";
    return out;
  }
};

class SsmPortForwardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(gateway().ok()) << "the ssm peer or fake_aws did not start; logs in " << logs().path();
    gateway().clear_faults();
    aws::ClientOptions o;
    o.region = "us-east-1";
    o.endpoint_url = gateway().endpoint();
    o.request_timeout = 10s;
    client_ = std::make_unique<aws::AwsClient>(
        std::move(o), std::make_shared<aws::StaticCredentialsProvider>(
                          aws::Credentials{"AKIDTEST", "secret", "", std::nullopt, "test"}));
    call_ = aws::sync_caller(*client_);
  }
  void TearDown() override { gateway().clear_faults(); }

  PortForwardSpec spec(int remote_port) {
    PortForwardSpec s;
    s.target = kOnline;
    s.remote_port = remote_port;
    s.connect_timeout = 10s;
    return s;
  }
  std::shared_ptr<SsmPortForward> open_forward(PortForwardSpec s, Changes* changes = nullptr) {
    auto f = SsmPortForward::open(call_, std::move(s), changes ? changes->callback() : nullptr);
    EXPECT_TRUE(f) << f.error().describe();
    if (!f) return nullptr;
    auto forward = f.value();
    EXPECT_TRUE(eventually([&] { return forward->status().state == State::Open; }))
        << ssh::ssm::to_string(forward->status().state) << ": " << forward->status().detail;
    return forward;
  }

  std::unique_ptr<aws::AwsClient> client_;
  aws::SyncCaller call_;
};

TEST_F(SsmPortForwardTest, SmuxCarriesSeveralConnectionsBothWays) {
  EchoServer echo;
  auto fwd = open_forward(spec(echo.port()));
  ASSERT_TRUE(fwd);
  auto st = fwd->status();
  EXPECT_EQ(st.mode, "smux");
  EXPECT_GT(st.local_port, 0);
  EXPECT_NE(st.local_port, echo.port());
  for (unsigned i = 0; i < 3; ++i) {
    auto payload = random_bytes(100000 + i, i);
    EXPECT_EQ(round_trip(st.local_port, payload), payload) << "connection " << i;
  }
  EXPECT_TRUE(eventually([&] { return fwd->status().open_connections == 0; }));
  st = fwd->status();
  EXPECT_EQ(st.total_connections, 3u);
  EXPECT_EQ(st.failed_connections, 0u);
  EXPECT_EQ(st.bytes_to_remote, 300003u);
  EXPECT_EQ(st.bytes_to_local, 300003u);
  auto summary = gateway().session(st.session_id);
  EXPECT_EQ(summary["portMode"], "smux") << summary.dump();
  EXPECT_EQ(summary["counters"]["smuxStreams"], 3) << summary.dump();
  fwd->close();
  ASSERT_TRUE(fwd->wait_for(10s));
  EXPECT_EQ(fwd->status().state, State::Closed);
  EXPECT_TRUE(eventually([&] { return gateway().session(st.session_id)["state"] == "ended"; }))
      << "close() terminates the session";
}

TEST_F(SsmPortForwardTest, BasicModeCarriesOneConnectionAtATime) {
  EchoServer echo;
  auto s = spec(echo.port());
  s.multiplex = false;
  auto fwd = open_forward(s);
  ASSERT_TRUE(fwd);
  auto st = fwd->status();
  EXPECT_EQ(st.mode, "basic");
  auto a = random_bytes(50000, 1), b = random_bytes(70000, 2);
  EXPECT_EQ(round_trip(st.local_port, a), a);
  EXPECT_EQ(round_trip(st.local_port, b), b);
  auto summary = gateway().session(st.session_id);
  EXPECT_EQ(summary["portMode"], "basic") << summary.dump();
  EXPECT_TRUE(eventually([&] { return gateway().session(st.session_id)["counters"]["disconnectFlags"] >= 1; }))
      << "a closed local connection sends DisconnectToPort";
  EXPECT_EQ(fwd->status().failed_connections, 0u);
}

// The cut is silent on the far side's output: the agent (as AWS's does) resends only its oldest
// unacknowledged message every 100 ms, so what it sent into a dead socket comes back slowly.
// Bulk goes towards the agent here (a digest server checks it), where opsdeck resends
// everything unacknowledged at once; the echo part checks the other direction.
TEST_F(SsmPortForwardTest, ACutWebSocketLosesAndRepeatsNothing) {
  EchoServer sink(EchoServer::Mode::Sink), echo;
  Changes changes;
  auto to_sink = open_forward(spec(sink.port()), &changes);
  ASSERT_TRUE(to_sink);
  auto st = to_sink->status();
  gateway().faults({{"sessionId", st.session_id}, {"drop_after_messages", 300}});
  auto sent = sink_transfer(st.local_port, 8u << 20, 3);
  EXPECT_EQ(sent.answer, sent.want) << "the far end saw different bytes\n" << changes.dump();
  EXPECT_GE(to_sink->status().reconnects, 1) << changes.dump();
  EXPECT_EQ(to_sink->status().session_id, st.session_id) << "the same session, resumed";
  EXPECT_EQ(to_sink->status().sessions, 1);
  auto summary = gateway().session(st.session_id);
  EXPECT_EQ(summary["counters"]["drops"], 1) << summary.dump();
  EXPECT_EQ(summary["counters"]["connects"], 2) << summary.dump();

  auto both_ways = open_forward(spec(echo.port()));
  ASSERT_TRUE(both_ways);
  gateway().faults({{"sessionId", both_ways->status().session_id}, {"drop_after_messages", 30}});
  auto payload = random_bytes(96u << 10, 7);
  auto got = round_trip(both_ways->status().local_port, payload);
  EXPECT_EQ(got.size(), payload.size());
  EXPECT_EQ(testing::sha256_hex(got), testing::sha256_hex(payload));
  EXPECT_GE(both_ways->status().reconnects, 1);
}

TEST_F(SsmPortForwardTest, AKilledSessionIsReplacedOnTheSameLocalPort) {
  EchoServer echo;
  Changes changes;
  auto fwd = open_forward(spec(echo.port()), &changes);
  ASSERT_TRUE(fwd);
  auto first = fwd->status();
  EXPECT_EQ(round_trip(first.local_port, "before"), "before");
  gateway().post("/sessions/" + first.session_id + "/terminate");
  ASSERT_TRUE(eventually([&] {
    auto s = fwd->status();
    return s.sessions == 2 && s.state == State::Open;
  }, 30s)) << changes.dump();
  auto second = fwd->status();
  EXPECT_NE(second.session_id, first.session_id);
  EXPECT_EQ(second.local_port, first.local_port);
  EXPECT_GE(second.reconnects, 1);
  EXPECT_EQ(round_trip(first.local_port, "after"), "after");
  EXPECT_TRUE(changes.any_detail("the session ended")) << changes.dump();
}

TEST_F(SsmPortForwardTest, FiftyConcurrentConnections) {
  EchoServer echo;
  auto fwd = open_forward(spec(echo.port()));
  ASSERT_TRUE(fwd);
  int port = fwd->status().local_port;
  std::vector<std::thread> clients;
  std::atomic<int> good{0};
  for (unsigned i = 0; i < 50; ++i)
    clients.emplace_back([&, i] {
      auto payload = random_bytes(20000 + i * 100, 100 + i);
      if (round_trip(port, payload) == payload) ++good;
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(good.load(), 50);
  EXPECT_EQ(fwd->status().total_connections, 50u);
  EXPECT_EQ(fwd->status().failed_connections, 0u);
  EXPECT_EQ(echo.connections(), 50);
}

TEST_F(SsmPortForwardTest, AHundredMegabytesThroughOneConnectionInBoundedMemory) {
  EchoServer sink(EchoServer::Mode::Sink);
  auto fwd = open_forward(spec(sink.port()));
  ASSERT_TRUE(fwd);
  long before = vm_hwm_kib();
  auto r = sink_transfer(fwd->status().local_port, 100ull << 20, 42);
  long after = vm_hwm_kib();
  EXPECT_EQ(r.answer, r.want) << "the far end saw different bytes";
  EXPECT_EQ(fwd->status().bytes_to_remote, (100ull << 20) + 8);
  // The sender's own 1 MiB block is in `after` too; the forward may hold its 2 MiB backlog
  // (as payloads and as frames) plus buffers.
  if (!kAddressSanitizer) {  // ASan's quarantine keeps freed memory: VmHWM says nothing there
    EXPECT_LT(after - before, 12 * 1024) << "VmHWM grew from " << before << " KiB to " << after << " KiB";
  }
  RecordProperty("MiBps", std::to_string(100.0 / r.seconds));
  std::cerr << "100 MiB in " << r.seconds << " s (" << 100.0 / r.seconds << " MiB/s); VmHWM " << before << " -> "
            << after << " KiB\n";
}

TEST_F(SsmPortForwardTest, ARefusedDestinationFailsOnlyThatConnection) {
  int port = testing::free_loopback_port();  // nothing listens there yet
  Changes changes;
  auto fwd = open_forward(spec(port), &changes);
  ASSERT_TRUE(fwd);
  int fd = testing::connect_loopback(fwd->status().local_port, 20);
  ASSERT_GE(fd, 0);
  ::send(fd, "hello", 5, MSG_NOSIGNAL);
  char c;
  EXPECT_LE(::recv(fd, &c, 1, 0), 0) << "the local connection is closed";
  ::close(fd);
  ASSERT_TRUE(eventually([&] { return fwd->status().failed_connections == 1; })) << changes.dump();
  EXPECT_EQ(fwd->status().state, State::Open) << "the forward stays up";
  EXPECT_TRUE(changes.any_detail("could not connect to port " + std::to_string(port))) << changes.dump();
  EchoServer echo(EchoServer::Mode::Echo, port);
  ASSERT_TRUE(echo.ok());
  EXPECT_EQ(round_trip(fwd->status().local_port, "now it works"), "now it works");
  EXPECT_EQ(fwd->status().sessions, 1) << "the same session throughout";
}

TEST_F(SsmPortForwardTest, AStalledAgentIsDetectedWithAClearDetail) {
  EchoServer echo;
  Changes changes;
  auto s = spec(echo.port());
  s.stall_timeout = 1500ms;
  auto fwd = open_forward(s, &changes);
  ASSERT_TRUE(fwd);
  gateway().faults({{"sessionId", fwd->status().session_id}, {"stall_ms", 8000}});
  auto payload = random_bytes(200000, 9);
  EXPECT_EQ(round_trip(fwd->status().local_port, payload), payload);
  EXPECT_TRUE(changes.any_detail("sent nothing for 2 s")) << changes.dump();
  EXPECT_GE(fwd->status().reconnects, 1);
}

TEST_F(SsmPortForwardTest, TheIdleTimeoutClosesTheForward) {
  EchoServer echo;
  auto s = spec(echo.port());
  s.idle_timeout = 2s;
  auto fwd = open_forward(s);
  ASSERT_TRUE(fwd);
  auto id = fwd->status().session_id;
  EXPECT_EQ(round_trip(fwd->status().local_port, "x"), "x");
  auto last = std::chrono::steady_clock::now();
  ASSERT_TRUE(fwd->wait_for(10s));
  EXPECT_GE(std::chrono::steady_clock::now() - last, 1900ms);
  EXPECT_EQ(fwd->status().state, State::Closed);
  EXPECT_NE(fwd->status().detail.find("idle timeout"), std::string::npos) << fwd->status().detail;
  EXPECT_EQ(testing::connect_loopback(fwd->status().local_port), -1) << "the listener is closed";
  EXPECT_TRUE(eventually([&] { return gateway().session(id)["state"] == "ended"; }));
}

TEST_F(SsmPortForwardTest, SmuxKeepalivesAreToleratedAndDoNotCountAsTraffic) {
  gateway().faults({{"smux_keepalive_ms", 100}});  // global: sessions created from now on
  EchoServer echo;
  auto s = spec(echo.port());
  s.idle_timeout = 2s;
  auto fwd = open_forward(s);
  ASSERT_TRUE(fwd);
  EXPECT_EQ(round_trip(fwd->status().local_port, "between nops"), "between nops");
  ASSERT_TRUE(fwd->wait_for(10s)) << "NOPs every 100 ms must not keep an idle forward open";
  EXPECT_NE(fwd->status().detail.find("idle timeout"), std::string::npos) << fwd->status().detail;
  EXPECT_EQ(fwd->status().failed_connections, 0u);
}

TEST_F(SsmPortForwardTest, ABusyLocalPortFailsAtOnce) {
  EchoServer busy;
  auto s = spec(busy.port());
  s.local_port = busy.port();
  auto f = SsmPortForward::open(call_, s);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().kind, aws::ErrorKind::Usage);
  EXPECT_NE(f.error().message.find("127.0.0.1:" + std::to_string(busy.port())), std::string::npos)
      << f.error().message;
}

TEST_F(SsmPortForwardTest, AnUnknownInstanceFailsWithTheReason) {
  Changes changes;
  auto s = spec(5432);
  s.target = "i-0bbb111122223333b";  // fake_aws: not connected
  auto f = SsmPortForward::open(call_, s, changes.callback());
  ASSERT_TRUE(f);
  // TargetNotConnected is worth retrying; the forward keeps its listener and says why.
  ASSERT_TRUE(eventually([&] { return changes.any_detail("StartSession failed"); })) << changes.dump();
  EXPECT_EQ(f.value()->status().state, State::Starting);
  f.value()->close();
  EXPECT_TRUE(f.value()->wait_for(5s));
}

// `opsdeck forward` as an operator runs it: no terminal, the AWS endpoint is fake_aws.
class OpsdeckForward : public SsmPortForwardTest {
 protected:
  std::map<std::string, std::string> env() const {
    std::string d = dir_.path().string();
    return {{"AWS_ACCESS_KEY_ID", "AKIDTEST"},
            {"AWS_SECRET_ACCESS_KEY", "secret"},
            {"AWS_SESSION_TOKEN", ""},
            {"AWS_REGION", "us-east-1"},
            {"AWS_PROFILE", ""},
            {"AWS_CONFIG_FILE", d + "/none"},
            {"AWS_SHARED_CREDENTIALS_FILE", d + "/none"},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"XDG_STATE_HOME", d + "/state"},
            {"XDG_CONFIG_HOME", d + "/xdg"},
            {"OPSDECK_AUDIT_LOG", d + "/audit.jsonl"},
            {"PATH", "/usr/bin:/bin"}};  // no session-manager-plugin anywhere
  }
  std::vector<std::string> argv(const std::vector<std::string>& args) const {
    testing::write_file(dir_.path() / "config.json", R"({"environments": {"dev": {}}, "default_environment": "dev"})");
    std::vector<std::string> a = {OPSDECK_BINARY, "--config", (dir_.path() / "config.json").string(),
                                  "--endpoint-url", gateway().endpoint()};
    a.insert(a.end(), args.begin(), args.end());
    return a;
  }
  std::string output() const { return testing::read_file(dir_.path() / "out.log"); }
  std::vector<nlohmann::json> audit() const {
    std::vector<nlohmann::json> out;
    std::istringstream in(testing::read_file(dir_.path() / "audit.jsonl"));
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line, nullptr, false));
    return out;
  }
  TempDir dir_;
};

TEST_F(OpsdeckForward, PrintsOpenSurvivesACutAndEndsCleanlyOnCtrlC) {
  EchoServer echo;
  int local = testing::free_loopback_port();
  testing::ChildProcess proc(argv({"forward", kOnline, "--to", std::to_string(echo.port()), "--local-port",
                                   std::to_string(local)}),
                             env(), (dir_.path() / "out.log").string());
  std::string prefix = "forward 127.0.0.1:" + std::to_string(local) + " -> localhost:" + std::to_string(echo.port()) +
                       " via " + kOnline + ": ";
  ASSERT_TRUE(eventually([&] { return output().find(prefix + "open (smux, session ") != std::string::npos; }))
      << output();
  EXPECT_EQ(round_trip(local, "through the cli"), "through the cli");

  auto out = output();
  const std::string opened = "open (smux, session ";
  auto at = out.find(opened) + opened.size();
  std::string id = out.substr(at, out.find(')', at) - at);
  ASSERT_EQ(gateway().session(id)["state"], "connected") << id;
  gateway().post("/sessions/" + id + "/drop");
  ASSERT_TRUE(eventually([&] { return output().find(prefix + "open (data channel resumed") != std::string::npos; }))
      << output();
  EXPECT_NE(output().find(prefix + "reconnecting: data channel reconnecting"), std::string::npos) << output();
  EXPECT_EQ(round_trip(local, "after the cut"), "after the cut");

  ::kill(proc.pid(), SIGINT);
  ASSERT_TRUE(eventually([&] { return !proc.running(); }, 15s)) << output();
  EXPECT_EQ(proc.stop(), 130) << output();
  EXPECT_NE(output().find(prefix + "closed"), std::string::npos) << output();
  EXPECT_EQ(gateway().session(id)["state"], "ended") << "the session was terminated";
  auto records = audit();
  ASSERT_GE(records.size(), 2u);
  EXPECT_NE(records.front().dump().find("ssm.forward"), std::string::npos) << records.front().dump();
  EXPECT_NE(records.back().dump().find("cancelled"), std::string::npos) << records.back().dump();
  EXPECT_EQ(testing::connect_loopback(local), -1) << "the listener is gone";
}

TEST_F(OpsdeckForward, SigtermExitsZero) {
  EchoServer echo;
  testing::ChildProcess proc(argv({"forward", kOnline, "--to", "localhost:" + std::to_string(echo.port())}), env(),
                             (dir_.path() / "out.log").string());
  ASSERT_TRUE(eventually([&] { return output().find(": open (") != std::string::npos; })) << output();
  ::kill(proc.pid(), SIGTERM);
  ASSERT_TRUE(eventually([&] { return !proc.running(); }, 15s)) << output();
  EXPECT_EQ(proc.stop(), 0) << output();
}

TEST_F(OpsdeckForward, ReadOnlyRefusesAndABadDestinationIsAUsageError) {
  auto before = gateway().sessions().size();
  auto r = testing::run_command(argv({"--readonly", "forward", kOnline, "--to", "5432"}), "", env(), 30s);
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_EQ(gateway().sessions().size(), before) << "no session was started";
  r = testing::run_command(argv({"forward", kOnline, "--to", "db:notaport"}), "", env(), 30s);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("HOST:PORT"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace opsdeck
