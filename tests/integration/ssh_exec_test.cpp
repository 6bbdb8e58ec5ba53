// Exec streams against a real OpenSSH sshd on loopback: output, exit status, signals,
// stderr, 100 MB with bounded memory, 50 concurrent commands, a dropped connection.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "ssh/ssh_client.hpp"
#include "ssh/ssh_command_runner.hpp"
#include "tests/support/ssh_test_client.hpp"

using namespace opsdeck;
using namespace opsdeck::testing;

// Under AddressSanitizer freed blocks sit in a quarantine (256 MiB by default), which would
// show as RSS growth in the bounded-memory test although nothing is kept; keep it small.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OPSDECK_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define OPSDECK_ASAN 1
#endif
#ifdef OPSDECK_ASAN
// Overrides cmake/sanitizer_defaults.cpp's (weak) options for this program.
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=4:fast_unwind_on_malloc=0"; }
#endif

namespace {

// Resident set size of this process in KiB (VmRSS).
long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

}  // namespace

TEST(SshExec, StreamsStdoutStderrAndExitStatus) {
  SshdServer sshd;
  ssh::SshClient client(fixture_options(sshd));
  auto r = run_ssh(client, fixture_host(sshd), "echo hello; echo oops >&2; exit 3");
  ASSERT_FALSE(r.timed_out);
  ASSERT_FALSE(r.outcome.error) << r.outcome.error->describe();
  EXPECT_EQ(r.out, "hello\n");
  EXPECT_EQ(r.err, "oops\n");
  ASSERT_TRUE(r.outcome.exit_status);
  EXPECT_EQ(*r.outcome.exit_status, 3);
}

TEST(SshExec, ReportsTheSignalThatKilledTheCommand) {
  SshdServer sshd;
  ssh::SshClient client(fixture_options(sshd));
  auto r = run_ssh(client, fixture_host(sshd), "kill -TERM $$");
  ASSERT_FALSE(r.outcome.error) << r.outcome.error->describe();
  EXPECT_EQ(r.outcome.exit_signal, "TERM");
  EXPECT_FALSE(r.outcome.exit_status);
}

TEST(SshExec, ReusesOneConnectionForSequentialCommandsThroughTheRunner) {
  SshdServer sshd;
  ssh::SshClient client(fixture_options(sshd));
  ssh::SshCommandRunner runner(client, fixture_host(sshd));
  EXPECT_EQ(runner.describe_target(), sshd.user() + "@127.0.0.1:" + std::to_string(sshd.port()) + " (ssh)");
  for (int i = 0; i < 3; ++i) {
    auto r = run_ssh(client, fixture_host(sshd), "echo " + std::to_string(i));
    EXPECT_EQ(r.out, std::to_string(i) + "\n");
  }
  EXPECT_EQ(client.connection_count(fixture_host(sshd)), 1u);
}

TEST(SshExec, HundredMegabytesWithBoundedMemory) {
  SshdServer sshd;
  ssh::SshClient client(fixture_options(sshd));
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  ssh::CommandOutcome outcome;
  std::atomic<size_t> bytes{0};
  std::atomic<long> peak{0};
  const long before = rss_kib();
  ssh::CommandCallbacks cb;
  cb.on_stdout = [&](std::string_view d) {
    bytes += d.size();
    long now = rss_kib();
    if ((bytes & 0xFFFFF) < d.size() && now > peak) peak = now;  // sample about once per MiB
  };
  cb.on_exit = [&](const ssh::CommandOutcome& o) {
    std::lock_guard<std::mutex> l(mu);
    outcome = o;
    done = true;
    cv.notify_all();
  };
  client.exec(fixture_host(sshd), "head -c 104857600 /dev/zero", std::move(cb));
  std::unique_lock<std::mutex> l(mu);
  ASSERT_TRUE(cv.wait_for(l, std::chrono::seconds(240), [&] { return done; }));
  ASSERT_FALSE(outcome.error) << outcome.error->describe();
  EXPECT_EQ(bytes.load(), 104857600u);
  const long growth = std::max(peak.load(), rss_kib()) - before;
  std::printf("RSS before %ld KiB, peak growth %ld KiB while streaming 100 MiB\n", before, growth);
  EXPECT_LT(growth, 32 * 1024) << "streaming must not buffer the output";
}

TEST(SshExec, FiftyConcurrentCommandsOnDefaultMaxSessions) {
  SshdOptions o;
  o.max_sessions = 10;  // sshd's default: the client must spread over several connections
  SshdServer sshd(o);
  ssh::SshClient client(fixture_options(sshd));
  constexpr int kCommands = 50;
  std::mutex mu;
  std::condition_variable cv;
  int finished = 0;
  std::vector<std::string> outputs(kCommands);
  std::vector<ssh::CommandOutcome> outcomes(kCommands);
  std::vector<std::shared_ptr<ssh::RunningCommand>> runs;
  for (int i = 0; i < kCommands; ++i) {
    ssh::CommandCallbacks cb;
    cb.on_stdout = [&, i](std::string_view d) { outputs[i].append(d); };  // worker thread only
    cb.on_exit = [&, i](const ssh::CommandOutcome& oc) {
      std::lock_guard<std::mutex> l(mu);
      outcomes[i] = oc;
      ++finished;
      cv.notify_all();
    };
    // Every command stays alive long enough that all 50 overlap.
    runs.push_back(client.exec(fixture_host(sshd), "sleep 1; echo cmd-" + std::to_string(i), std::move(cb)));
  }
  std::unique_lock<std::mutex> l(mu);
  ASSERT_TRUE(cv.wait_for(l, std::chrono::seconds(120), [&] { return finished == kCommands; })) << finished;
  for (int i = 0; i < kCommands; ++i) {
    ASSERT_FALSE(outcomes[i].error) << i << ": " << outcomes[i].error->describe();
    EXPECT_EQ(outcomes[i].exit_status.value_or(-1), 0);
    EXPECT_EQ(outputs[i], "cmd-" + std::to_string(i) + "\n");
  }
  const auto conns = client.connection_count(fixture_host(sshd));
  EXPECT_GE(conns, 2u);  // MaxSessions 10 cannot carry 50 on one connection
  EXPECT_LE(conns, 8u);
}

TEST(SshExec, ServerKilledMidStreamIsARetryableErrorNotAHang) {
  auto sshd = std::make_unique<SshdServer>();
  ssh::SshClient client(fixture_options(*sshd));
  std::mutex mu;
  std::condition_variable cv;
  bool done = false, started = false;
  ssh::CommandOutcome outcome;
  ssh::CommandCallbacks cb;
  cb.on_stdout = [&](std::string_view) {
    std::lock_guard<std::mutex> l(mu);
    started = true;
    cv.notify_all();
  };
  cb.on_exit = [&](const ssh::CommandOutcome& o) {
    std::lock_guard<std::mutex> l(mu);
    outcome = o;
    done = true;
    cv.notify_all();
  };
  client.exec(fixture_host(*sshd), "while true; do echo tick; sleep 0.05; done", std::move(cb));
  {
    std::unique_lock<std::mutex> l(mu);
    ASSERT_TRUE(cv.wait_for(l, std::chrono::seconds(30), [&] { return started; }));
  }
  sshd->kill_all();
  std::unique_lock<std::mutex> l(mu);
  ASSERT_TRUE(cv.wait_for(l, std::chrono::seconds(30), [&] { return done; })) << "hung after the server died";
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, aws::ErrorKind::Network);
  EXPECT_TRUE(outcome.error->retryable);
  EXPECT_NE(outcome.error->message.find("lost"), std::string::npos) << outcome.error->message;
}

TEST(SshExec, CancelEndsTheStreamWithCancelled) {
  SshdServer sshd;
  ssh::SshClient client(fixture_options(sshd));
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  ssh::CommandOutcome outcome;
  std::shared_ptr<ssh::RunningCommand> run;
  ssh::CommandCallbacks cb;
  std::atomic<bool> cancelled{false};
  cb.on_stdout = [&](std::string_view) {
    if (cancelled.exchange(true)) return;
    std::lock_guard<std::mutex> l(mu);
    run->cancel();  // from the worker thread, inside a callback
  };
  cb.on_exit = [&](const ssh::CommandOutcome& o) {
    std::lock_guard<std::mutex> l(mu);
    outcome = o;
    done = true;
    cv.notify_all();
  };
  {
    std::lock_guard<std::mutex> l(mu);
    run = client.exec(fixture_host(sshd), "yes", std::move(cb));
  }
  std::unique_lock<std::mutex> l(mu);
  ASSERT_TRUE(cv.wait_for(l, std::chrono::seconds(30), [&] { return done; }));
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, aws::ErrorKind::Cancelled);
}

TEST(SshExec, ProxyJumpCarriesTheSessionThroughTheJumpHost) {
  SshdOptions o;
  o.log_level = "DEBUG1";  // sshd logs direct-tcpip requests at this level
  SshdServer jump(o);
  SshdServer target;
  // One known_hosts holding both servers' keys.
  TempDir tmp;
  auto known = tmp.path() / "known_hosts";
  write_file(known, read_file(jump.known_hosts()) + read_file(target.known_hosts()));
  auto options = fixture_options(target);
  options.known_hosts_file = known;
  ssh::SshClient client(options);
  auto host = fixture_host(target);
  host.proxy_jump = "127.0.0.1:" + std::to_string(jump.port());
  host.jump = std::make_shared<const ssh::HostSettings>(fixture_host(jump));
  auto r = run_ssh(client, host, "echo via-jump; exit 4");
  ASSERT_FALSE(r.outcome.error) << r.outcome.error->describe();
  EXPECT_EQ(r.out, "via-jump\n");
  EXPECT_EQ(r.outcome.exit_status.value_or(-1), 4);
  EXPECT_NE(jump.log().find("direct-tcpip"), std::string::npos) << jump.log();
  EXPECT_EQ(client.connection_count(fixture_host(jump)), 1u);
}

TEST(SshExec, DroppedConnectionIsRetriedOnAFreshOne) {
  SshdServer sshd;
  ssh::SshClient client(fixture_options(sshd));
  std::mutex mu;
  std::condition_variable cv;
  bool started = false, done = false;
  ssh::CommandOutcome outcome;
  ssh::CommandCallbacks cb;
  cb.on_stdout = [&](std::string_view) {
    std::lock_guard<std::mutex> l(mu);
    started = true;
    cv.notify_all();
  };
  cb.on_exit = [&](const ssh::CommandOutcome& o) {
    std::lock_guard<std::mutex> l(mu);
    outcome = o;
    done = true;
    cv.notify_all();
  };
  client.exec(fixture_host(sshd), "echo start; sleep 60", std::move(cb));
  {
    std::unique_lock<std::mutex> l(mu);
    ASSERT_TRUE(cv.wait_for(l, std::chrono::seconds(30), [&] { return started; }));
  }
  sshd.kill_sessions();
  {
    std::unique_lock<std::mutex> l(mu);
    ASSERT_TRUE(cv.wait_for(l, std::chrono::seconds(30), [&] { return done; }));
  }
  ASSERT_TRUE(outcome.error);
  EXPECT_TRUE(outcome.error->retryable) << outcome.error->describe();
  // The caller retries: the dead connection is not reused, a new one is opened.
  auto again = run_ssh(client, fixture_host(sshd), "echo retried");
  ASSERT_FALSE(again.outcome.error) << again.outcome.error->describe();
  EXPECT_EQ(again.out, "retried\n");
  EXPECT_EQ(client.connection_count(fixture_host(sshd)), 1u);
}
