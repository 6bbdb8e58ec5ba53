// opsdeck's own Session Manager client against a real far end: tests/support/ssm_peer (the
// message gateway and an agent running a real PTY shell here) behind fake_aws.py's
// StartSession / ResumeSession / ECS ExecuteCommand. The shell's output is a known sequence
// (`seq`), so faults the peer injects — a cut WebSocket, duplicated, reordered or corrupted
// messages, a stall, paused publication — must leave it complete, in order and unrepeated.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "aws/aws_client.hpp"
#include "aws/credential_static.hpp"
#include "aws/service_call.hpp"
#include "aws/ssm.hpp"
#include "ssh/ssm/session_start.hpp"
#include "ssh/ssm/ssm_stream_session.hpp"
#include "aws/json_fields.hpp"
#include "aws/kms.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/json_test_caller.hpp"
#include "tests/support/moto_server.hpp"
#include "tests/support/ssm_gateway.hpp"

namespace opsdeck {
namespace {

using namespace std::chrono_literals;
using testing::RunResult;
using testing::SsmGateway;
using testing::TempDir;

constexpr const char* kOnline = "i-0aaa111122223333a";   // fake_aws: PingStatus Online
constexpr const char* kOffline = "i-0bbb111122223333b";  // ConnectionLost

TempDir& logs() {
  static TempDir dir;
  return dir;
}
// The "instance" is this machine, where the tests run as whoever they run as: a `sudo` that
// just runs its command stands in for the real one, so runbook host steps (sudo ...) work.
SsmGateway& gateway() {
  static SsmGateway g = [] {
    auto bin = logs().path() / "agent-bin";
    std::filesystem::create_directories(bin);
    testing::write_file(bin / "sudo", "#!/bin/sh\nexec \"$@\"\n");
    std::filesystem::permissions(bin / "sudo", std::filesystem::perms::owner_all);
    const char* path = std::getenv("PATH");
    return SsmGateway(logs().path(), {}, {{"PATH", bin.string() + ":" + (path ? path : "/usr/bin:/bin")}});
  }();
  return g;
}

std::unique_ptr<aws::AwsClient> client() {
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = gateway().endpoint();
  o.request_timeout = 10s;
  return std::make_unique<aws::AwsClient>(
      std::move(o), std::make_shared<aws::StaticCredentialsProvider>(aws::Credentials{"AKIDTEST", "secret", "", std::nullopt, "test"}));
}

// One session driven from the test: what it printed, how it ended.
struct Shell {
  std::mutex mu;
  std::condition_variable cv;
  std::string output;
  bool ended = false, failed = false;
  std::string reason;
  std::unique_ptr<ssh::ssm::SsmStreamSession> session;

  bool wait_for(const std::string& text, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [&] { return output.find(text) != std::string::npos || ended; }) &&
           output.find(text) != std::string::npos;
  }
  bool wait_end(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [&] { return ended; });
  }
  std::string text() {
    std::lock_guard lock(mu);
    return output;
  }
  void type(const std::string& s) { session->send(ssh::ssm::PayloadType::Output, s); }
  // The shell answers: its prompt differs between users, so ask it something.
  bool ready() {
    type("echo ready-$((1+1))\r");
    return wait_for("ready-2", 20s);
  }
};

std::unique_ptr<Shell> open_shell(const aws::SyncCaller& call, ssh::ssm::StreamSessionOptions options) {
  auto started = aws::start_session(call, kOnline);
  EXPECT_TRUE(started) << started.error().describe();
  if (!started) return nullptr;
  // KMS data keys are bound to the session: its id is in the encryption context.
  options.channel.generate_data_key = ssh::ssm::stream_options(call, started->session_id, kOnline).channel.generate_data_key;
  auto shell = std::make_unique<Shell>();
  ssh::ssm::StreamSessionEvents events;
  Shell* s = shell.get();
  events.data = [s](ssh::ssm::PayloadType type, std::string payload) {
    if (type != ssh::ssm::PayloadType::Output) return;
    std::lock_guard lock(s->mu);
    s->output += payload;
    s->cv.notify_all();
  };
  events.ended = [s](const std::string& reason, bool failed) {
    std::lock_guard lock(s->mu);
    s->ended = true;
    s->failed = failed;
    s->reason = reason;
    s->cv.notify_all();
  };
  shell->session = std::make_unique<ssh::ssm::SsmStreamSession>(*started, std::move(options), std::move(events));
  shell->session->start();
  shell->session->send(ssh::ssm::PayloadType::Size, R"({"cols":200,"rows":50})");
  return shell;
}

// The numbers `seq FIRST N` printed, in the order they arrived, as lines of digits only
// (the echoed command line has letters, so it never counts).
std::vector<int> numbers(const std::string& output) {
  std::vector<int> out;
  std::istringstream in(output);
  std::string line;
  static const std::regex digits("^\\d+\\r?$");
  while (std::getline(in, line))
    if (std::regex_match(line, digits)) out.push_back(std::stoi(line));
  return out;
}

void expect_sequence(const std::string& output, int first, int count) {
  auto got = numbers(output);
  ASSERT_EQ(got.size(), static_cast<size_t>(count)) << "lost or repeated lines";
  for (int i = 0; i < count; ++i) ASSERT_EQ(got[static_cast<size_t>(i)], first + i) << "at line " << i;
}

class SsmNative : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(gateway().ok()) << "the ssm peer or fake_aws did not start; logs in " << logs().path();
    gateway().clear_faults();
    client_ = client();
    call_ = aws::sync_caller(*client_);
  }
  void TearDown() override { gateway().clear_faults(); }
  ssh::ssm::StreamSessionOptions options() {
    auto o = ssh::ssm::stream_options(call_);
    o.connect_timeout = 5s;
    o.handshake_timeout = 10s;
    return o;
  }
  // Runs `seq` in the shell and waits for its last line and the marker after it.
  void run_seq(Shell& shell, int n) {
    shell.type("seq 1 " + std::to_string(n) + "; echo done-$((40+2))\r");
    ASSERT_TRUE(shell.wait_for("done-42", 60s)) << shell.text().substr(0, 2000) << "\nreason: " << shell.reason;
  }
  std::unique_ptr<aws::AwsClient> client_;
  aws::SyncCaller call_;
};

TEST_F(SsmNative, AShellRunsAndEndsWithTheChannelClosed) {
  auto shell = open_shell(call_, options());
  ASSERT_TRUE(shell);
  shell->type("echo native-$((6*7))\r");
  ASSERT_TRUE(shell->wait_for("native-42", 20s)) << shell->text() << shell->reason;
  auto summary = gateway().session(shell->session->session_id());
  EXPECT_EQ(summary["clientVersion"], "1.2.331.0") << summary.dump();
  EXPECT_EQ(summary["lastSize"]["cols"], 200) << summary.dump();
  EXPECT_EQ(summary["counters"]["digestMismatches"], 0) << summary.dump();
  shell->type("exit\r");
  ASSERT_TRUE(shell->wait_end(20s));
  EXPECT_FALSE(shell->failed) << shell->reason;
  EXPECT_NE(shell->reason.find("Exiting session"), std::string::npos) << shell->reason;
}

TEST_F(SsmNative, AnAgentThatSkipsTheHandshakeAsRealAgentsDoForShells) {
  gateway().faults({{"handshake", "auto"}, {"ack_duplicates", false}, {"check_digest", false}});
  auto shell = open_shell(call_, options());
  ASSERT_TRUE(shell);
  ASSERT_TRUE(shell->ready()) << shell->text() << shell->reason;
  run_seq(*shell, 500);
  expect_sequence(shell->text(), 1, 500);
  auto summary = gateway().session(shell->session->session_id());
  EXPECT_EQ(summary["handshake"]["skipped"], true) << summary.dump();
}

TEST_F(SsmNative, ACutWebSocketIsResumedWithNothingLostOrRepeated) {
  auto shell = open_shell(call_, options());
  ASSERT_TRUE(shell);
  ASSERT_TRUE(shell->ready());
  gateway().faults({{"sessionId", shell->session->session_id()}, {"drop_after_messages", 8}});
  run_seq(*shell, 3000);
  expect_sequence(shell->text(), 1, 3000);
  EXPECT_GE(shell->session->reconnects(), 1);
  auto summary = gateway().session(shell->session->session_id());
  EXPECT_GE(summary["counters"]["drops"].get<int>(), 1) << summary.dump();
  EXPECT_GE(summary["counters"]["connects"].get<int>(), 2) << summary.dump();
}

TEST_F(SsmNative, DuplicatedReorderedAndCorruptedMessagesStillGiveTheSequenceOnce) {
  auto shell = open_shell(call_, options());
  ASSERT_TRUE(shell);
  ASSERT_TRUE(shell->ready());
  gateway().faults({{"sessionId", shell->session->session_id()},
                    {"duplicate_every", 3},
                    {"reorder", true},
                    {"corrupt_digest", 4}});
  run_seq(*shell, 2000);
  expect_sequence(shell->text(), 1, 2000);
  auto stats = shell->session->stats();
  EXPECT_GE(stats.refused, 4u);      // the corrupted ones, never acknowledged
  EXPECT_GE(stats.duplicates, 1u);   // the duplicated ones, delivered once
  EXPECT_GE(stats.out_of_order, 1u);  // the swapped pairs
}

TEST_F(SsmNative, AStalledAgentIsDetectedAndTheSessionResumed) {
  auto o = options();
  o.stall_timeout = 1500ms;
  auto shell = open_shell(call_, std::move(o));
  ASSERT_TRUE(shell);
  ASSERT_TRUE(shell->ready());
  gateway().faults({{"sessionId", shell->session->session_id()}, {"stall_ms", 6000}});
  std::this_thread::sleep_for(300ms);
  run_seq(*shell, 200);
  expect_sequence(shell->text(), 1, 200);
  EXPECT_GE(shell->session->reconnects(), 1) << "the stall should have been cut short by a reconnect";
}

TEST_F(SsmNative, PausedPublicationHoldsInputUntilStarted) {
  auto shell = open_shell(call_, options());
  ASSERT_TRUE(shell);
  ASSERT_TRUE(shell->ready());
  gateway().faults({{"sessionId", shell->session->session_id()}, {"pause_publication_ms", 1500}});
  std::this_thread::sleep_for(300ms);
  run_seq(*shell, 100);
  expect_sequence(shell->text(), 1, 100);
  auto summary = gateway().session(shell->session->session_id());
  EXPECT_EQ(summary["counters"]["pauses"], 1) << summary.dump();
}

TEST_F(SsmNative, AnAgentThatNeverAcknowledgesEndsTheSessionWithAReason) {
  auto o = options();
  o.channel.max_resends = 15;
  auto shell = open_shell(call_, std::move(o));
  ASSERT_TRUE(shell);
  ASSERT_TRUE(shell->ready());
  gateway().faults({{"sessionId", shell->session->session_id()}, {"never_ack", true}});
  shell->type("echo unacknowledged\r");
  ASSERT_TRUE(shell->wait_end(60s));
  EXPECT_TRUE(shell->failed);
  EXPECT_NE(shell->reason.find("stopped acknowledging"), std::string::npos) << shell->reason;
  // Ended by this side: TerminateSession reached Session Manager, so nothing lingers.
  auto summary = gateway().session(shell->session->session_id());
  EXPECT_EQ(summary["state"], "ended") << summary.dump();
}

// Session preferences that ask for KMS encryption: opsdeck asks KMS (moto, with signature
// checking on, through fake_aws) for the data key, the agent decrypts it there, the
// challenge proves both ends hold it, and every payload is AES-GCM on the wire.
TEST(SsmNativeKms, AnEncryptedSessionAgreesOnTheKeyAndRuns) {
  auto& moto = testing::shared_moto();
  TempDir dir;
  std::map<std::string, std::string> creds = {{"AWS_ACCESS_KEY_ID", moto.credentials().access_key_id},
                                              {"AWS_SECRET_ACCESS_KEY", moto.credentials().secret_access_key},
                                              {"AWS_REGION", "us-east-1"}};
  SsmGateway kms_gateway(dir.path(), {}, creds, moto.endpoint());
  ASSERT_TRUE(kms_gateway.ok());
  auto created = testing::signed_json_caller(moto)(
      aws::json_request(aws::services::kms, "CreateKey", {{"Description", "ssm sessions"}}));
  ASSERT_TRUE(created) << created.error().describe();
  std::string key_id = nlohmann::json::parse(created->body)["KeyMetadata"]["KeyId"];
  kms_gateway.faults({{"kms_key_id", key_id}});

  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = kms_gateway.endpoint();
  o.request_timeout = 10s;
  aws::AwsClient client(std::move(o), std::make_shared<aws::StaticCredentialsProvider>(moto.credentials()));
  auto call = aws::sync_caller(client);
  auto shell = open_shell(call, ssh::ssm::stream_options(call));
  ASSERT_TRUE(shell);
  ASSERT_TRUE(shell->ready()) << shell->text() << shell->reason;
  auto summary = kms_gateway.session(shell->session->session_id());
  EXPECT_EQ(summary["encrypted"], true) << summary.dump();
  shell->type("exit\r");
  ASSERT_TRUE(shell->wait_end(20s));
  EXPECT_FALSE(shell->failed) << shell->reason;
}

std::map<std::string, std::string> cli_env(const std::string& dir) {
  return {{"AWS_ACCESS_KEY_ID", "AKIDTEST"},
          {"AWS_SECRET_ACCESS_KEY", "secret"},
          {"AWS_SESSION_TOKEN", ""},
          {"AWS_REGION", "us-east-1"},
          {"AWS_PROFILE", ""},
          {"AWS_CONFIG_FILE", dir + "/none"},
          {"AWS_SHARED_CREDENTIALS_FILE", dir + "/none"},
          {"AWS_EC2_METADATA_DISABLED", "true"},
          {"XDG_STATE_HOME", dir + "/state"},
          {"XDG_CONFIG_HOME", dir + "/xdg"},
          {"OPSDECK_AUDIT_LOG", dir + "/audit.jsonl"},
          {"PATH", "/usr/bin:/bin"}};  // no session-manager-plugin anywhere
}

// `opsdeck ARGS...` as an operator would run it, with `input` on stdin.
RunResult opsdeck(const TempDir& dir, const std::vector<std::string>& args, const std::string& input = "") {
  testing::write_file(dir.path() / "config.json", R"({"environments": {"dev": {}}, "default_environment": "dev"})");
  std::vector<std::string> argv = {OPSDECK_BINARY, "--config", (dir.path() / "config.json").string(), "--endpoint-url",
                                   gateway().endpoint()};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::run_command(argv, input, cli_env(dir.path().string()), 60s);
}

// Step 1 of a runbook holding `script`, in the ECS task shop/0123abcd's container web.
RunResult ecs_step(const TempDir& dir, const std::string& script) {
  testing::write_file(dir.path() / "rb.md", "# Check\n\n```bash\n" + script + "```\n");
  return opsdeck(dir, {"runbook", (dir.path() / "rb.md").string(), "--step", "1", "--target", "ecs:shop/0123abcd/web",
                       "--yes"});
}

TEST_F(SsmNative, HeadlessSessionNeedsNoPlugin) {
  TempDir dir;
  auto r = opsdeck(dir, {"ssm", "session", kOnline}, "echo headless-$((5*5))\nexit\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("headless-25"), std::string::npos) << r.out << r.err;
  EXPECT_EQ(r.err.find("session-manager-plugin"), std::string::npos) << r.err;
  auto audit = testing::read_file(dir.path() / "audit.jsonl");
  EXPECT_NE(audit.find("ssm.session"), std::string::npos) << audit;
}

TEST_F(SsmNative, AnOfflineAgentGetsAClearMessage) {
  TempDir dir;
  auto r = opsdeck(dir, {"ssm", "session", kOffline});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("TargetNotConnected"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(kOffline), std::string::npos) << r.err;
}

TEST_F(SsmNative, EcsRunbookStepStreamsItsOutputWithoutThePlugin) {
  TempDir dir;
  auto r = ecs_step(dir, "sudo echo from-ecs-$((2*3))\n");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("from-ecs-6"), std::string::npos) << r.out << r.err;
  EXPECT_EQ(r.out.find("__opsdeck_exit"), std::string::npos) << r.out;  // the exit marker is not output
  bool seen = false;
  const nlohmann::json all = gateway().sessions();
  for (const auto& s : all["sessions"])
    if (s.value("kind", "") == "ecs") seen = true;
  EXPECT_TRUE(seen) << all.dump();
}

TEST_F(SsmNative, AFailingEcsStepFailsTheRunbook) {
  TempDir dir;
  auto r = ecs_step(dir, "sudo test -e /nonexistent/opsdeck\necho not-reached\n");
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("(ExecuteCommand)"), std::string::npos) << r.out << r.err;  // ran in the task
  EXPECT_EQ(r.out.find("not-reached"), std::string::npos) << r.out;
  EXPECT_NE((r.out + r.err).find("exit 1"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace opsdeck
