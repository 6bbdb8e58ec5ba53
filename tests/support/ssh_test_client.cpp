#include "tests/support/ssh_test_client.hpp"

#include <condition_variable>
#include <mutex>

namespace opsdeck::testing {

ssh::HostSettings fixture_host(const SshdServer& sshd, const std::filesystem::path& key) {
  ssh::HostSettings h;
  h.alias = "fixture";
  h.hostname = "127.0.0.1";
  h.port = sshd.port();
  h.user = sshd.user();
  h.identity_files = {key.string()};
  h.identities_only = true;
  return h;
}

ssh::HostSettings fixture_host(const SshdServer& sshd) { return fixture_host(sshd, sshd.user_key()); }

ssh::SshClientOptions fixture_options(const SshdServer& sshd) {
  ssh::SshClientOptions o;
  o.known_hosts_file = sshd.known_hosts();
  o.local_user = sshd.user();
  o.connect_timeout = std::chrono::seconds(10);
  return o;
}

ExecResult run_ssh(ssh::SshClient& client, const ssh::HostSettings& host, const std::string& command,
                   std::chrono::seconds timeout) {
  struct Shared {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    ExecResult r;
  };
  auto s = std::make_shared<Shared>();
  ssh::CommandCallbacks cb;
  cb.on_stdout = [s](std::string_view d) {
    std::lock_guard<std::mutex> l(s->mu);
    s->r.out.append(d);
  };
  cb.on_stderr = [s](std::string_view d) {
    std::lock_guard<std::mutex> l(s->mu);
    s->r.err.append(d);
  };
  cb.on_exit = [s](const ssh::CommandOutcome& o) {
    std::lock_guard<std::mutex> l(s->mu);
    s->r.outcome = o;
    s->done = true;
    s->cv.notify_all();
  };
  auto run = client.exec(host, command, std::move(cb));
  std::unique_lock<std::mutex> l(s->mu);
  if (!s->cv.wait_for(l, timeout, [&] { return s->done; })) {
    s->r.timed_out = true;
    l.unlock();
    run->cancel();
    l.lock();
    if (!s->r.outcome.error)  // so that a test's assertion on the outcome says what happened
      s->r.outcome.error = aws::make_error(aws::ErrorKind::Internal, "test: the command had not ended after " +
                                                                         std::to_string(timeout.count()) + " s");
  }
  return s->r;
}

}  // namespace opsdeck::testing
