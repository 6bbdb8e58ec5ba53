// Host key checking and authentication against a real sshd: a changed or unknown host key
// is refused before anything runs (the command would create a file), trust-on-first-use
// records the key, agent and key-file authentication, passphrases, wrong and unsafe keys.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "ssh/base64.hpp"
#include "ssh/known_hosts.hpp"
#include "ssh/ssh_client.hpp"
#include "tests/support/ssh_test_client.hpp"

// The libssh2 BIGNUM leak of cmake/sanitizer_defaults.cpp, as clang's LeakSanitizer records
// it in this program: its stack ends in libcrypto (no frame information to reach libssh2),
// so the suppression names the allocator it stops at. Only this program reads keys
// through libssh2 in-process.
extern "C" const char* __lsan_default_suppressions() { return "leak:libssh2.so\nleak:CRYPTO_zalloc\n"; }


using namespace opsdeck;
using namespace opsdeck::testing;
namespace fs = std::filesystem;

namespace {

// A command that leaves evidence that it ran.
std::string touch_command(const fs::path& marker) { return "touch " + marker.string() + "; echo ran"; }

ssh::HostKey key_from_pub_line(const std::string& line) {
  auto sp = line.find(' ');
  auto end = line.find_first_of(" \n", sp + 1);
  auto blob = ssh::base64_decode(line.substr(sp + 1, end == std::string::npos ? std::string::npos : end - sp - 1));
  EXPECT_TRUE(blob) << line;
  return ssh::HostKey{line.substr(0, sp), blob.value_or("")};
}

}  // namespace

TEST(SshHostKey, MismatchedKeyIsRefusedBeforeAnythingRuns) {
  SshdServer sshd;
  TempDir tmp;
  make_ssh_key(tmp.path() / "impostor", "ed25519");
  auto impostor = key_from_pub_line(read_file(tmp.path() / "impostor.pub"));
  auto known = tmp.path() / "known_hosts";
  ASSERT_TRUE(ssh::append_known_host(known, "127.0.0.1", sshd.port(), impostor, false).ok());
  auto options = fixture_options(sshd);
  options.known_hosts_file = known;
  options.accept_new_host_key = true;  // must not override a mismatch
  ssh::SshClient client(options);
  auto marker = tmp.path() / "ran";
  auto r = run_ssh(client, fixture_host(sshd), touch_command(marker));
  ASSERT_TRUE(r.outcome.error);
  EXPECT_EQ(r.outcome.error->code, "HostKeyMismatch");
  const auto& msg = r.outcome.error->message;
  EXPECT_NE(msg.find("host key"), std::string::npos) << msg;
  auto real = key_from_pub_line(sshd.host_public_key("ed25519"));
  EXPECT_NE(msg.find(real.sha256_fingerprint()), std::string::npos) << msg;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(marker)) << "the command ran on a host whose key was refused";
  // No authentication was attempted either.
  EXPECT_EQ(sshd.log().find("Accepted publickey"), std::string::npos) << sshd.log();
}

TEST(SshHostKey, UnknownKeyIsRefusedWithoutConsent) {
  SshdServer sshd;
  TempDir tmp;
  auto options = fixture_options(sshd);
  options.known_hosts_file = tmp.path() / "empty_known_hosts";
  ssh::SshClient client(options);
  auto marker = tmp.path() / "ran";
  auto r = run_ssh(client, fixture_host(sshd), touch_command(marker));
  ASSERT_TRUE(r.outcome.error);
  EXPECT_EQ(r.outcome.error->code, "HostKeyUnknown");
  EXPECT_NE(r.outcome.error->message.find("host key"), std::string::npos);
  EXPECT_NE(r.outcome.error->message.find("SHA256:"), std::string::npos);
  EXPECT_FALSE(fs::exists(marker));
  EXPECT_FALSE(fs::exists(options.known_hosts_file));
}

TEST(SshHostKey, OperatorRefusalAtThePromptRunsNothing) {
  SshdServer sshd;
  TempDir tmp;
  auto options = fixture_options(sshd);
  options.known_hosts_file = tmp.path() / "known_hosts";
  std::string asked;
  options.on_unknown_host_key = [&](const ssh::HostKeyPrompt& p, std::function<void(bool)> answer) {
    asked = p.host + " " + p.fingerprint;
    std::thread([answer] { answer(false); }).detach();  // answered from another thread
  };
  ssh::SshClient client(options);
  auto marker = tmp.path() / "ran";
  auto r = run_ssh(client, fixture_host(sshd), touch_command(marker));
  ASSERT_TRUE(r.outcome.error);
  EXPECT_EQ(r.outcome.error->code, "HostKeyRejected");
  EXPECT_EQ(asked.rfind("[127.0.0.1]:" + std::to_string(sshd.port()) + " SHA256:", 0), 0u) << asked;
  EXPECT_FALSE(fs::exists(marker));
}

TEST(SshHostKey, AcceptedUnknownKeyIsRecordedHashedAndTrustedNextTime) {
  SshdServer sshd;
  TempDir tmp;
  auto options = fixture_options(sshd);
  options.known_hosts_file = tmp.path() / "known_hosts";
  options.hash_known_hosts = true;
  int prompts = 0;
  options.on_unknown_host_key = [&](const ssh::HostKeyPrompt&, std::function<void(bool)> answer) {
    ++prompts;
    answer(true);
  };
  {
    ssh::SshClient client(options);
    auto r = run_ssh(client, fixture_host(sshd), "echo first");
    ASSERT_FALSE(r.outcome.error) << r.outcome.error->describe();
    EXPECT_EQ(r.out, "first\n");
  }
  EXPECT_EQ(prompts, 1);
  auto text = read_file(options.known_hosts_file);
  EXPECT_EQ(text.rfind("|1|", 0), 0u) << text;
  // OpenSSH itself finds the recorded entry.
  auto f = run_command({"ssh-keygen", "-F", "[127.0.0.1]:" + std::to_string(sshd.port()), "-f",
                        options.known_hosts_file.string()});
  EXPECT_EQ(f.exit_code, 0);
  ssh::SshClient again(options);
  auto r2 = run_ssh(again, fixture_host(sshd), "echo second");
  EXPECT_EQ(r2.out, "second\n");
  EXPECT_EQ(prompts, 1);  // known now: no second prompt
}

TEST(SshAuth, AgentAuthentication) {
  SshdServer sshd;
  TempDir tmp;
  auto sock = tmp.path() / "agent.sock";
  ChildProcess agent({"ssh-agent", "-D", "-a", sock.string()});
  for (int i = 0; i < 100 && !fs::exists(sock); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(fs::exists(sock));
  auto add = run_command({"ssh-add", sshd.user_key().string()}, {}, {{"SSH_AUTH_SOCK", sock.string()}});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  auto options = fixture_options(sshd);
  options.agent_socket = sock.string();
  ssh::SshClient client(options);
  auto host = fixture_host(sshd);
  host.identity_files.clear();  // only the agent can authenticate
  host.identities_only = false;
  auto r = run_ssh(client, host, "echo via-agent");
  ASSERT_FALSE(r.outcome.error) << r.outcome.error->describe();
  EXPECT_EQ(r.out, "via-agent\n");
}

TEST(SshAuth, EncryptedKeyAsksForItsPassphrase) {
  SshdServer sshd;
  auto options = fixture_options(sshd);
  std::vector<std::string> asked;
  options.passphrase_prompt = [&](const std::string& path, std::function<void(std::optional<std::string>)> answer) {
    asked.push_back(path);
    answer(SshdServer::passphrase());
  };
  ssh::SshClient client(options);
  auto r = run_ssh(client, fixture_host(sshd, sshd.encrypted_key()), "echo unlocked");
  ASSERT_FALSE(r.outcome.error) << r.outcome.error->describe();
  EXPECT_EQ(r.out, "unlocked\n");
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], sshd.encrypted_key().string());
}

TEST(SshAuth, WrongPassphraseIsAskedThreeTimesThenFailsWithTheReason) {
  SshdServer sshd;
  auto options = fixture_options(sshd);
  int asked = 0;
  options.passphrase_prompt = [&](const std::string&, std::function<void(std::optional<std::string>)> answer) {
    ++asked;
    answer("not the passphrase");
  };
  ssh::SshClient client(options);
  auto r = run_ssh(client, fixture_host(sshd, sshd.encrypted_key()), "echo never");
  ASSERT_TRUE(r.outcome.error);
  EXPECT_EQ(r.outcome.error->kind, aws::ErrorKind::Credentials);
  EXPECT_NE(r.outcome.error->message.find("wrong passphrase"), std::string::npos) << r.outcome.error->message;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(asked, 3);
}

TEST(SshAuth, WrongPassphraseThenRightOne) {
  SshdServer sshd;
  auto options = fixture_options(sshd);
  int asked = 0;
  options.passphrase_prompt = [&](const std::string&, std::function<void(std::optional<std::string>)> answer) {
    answer(++asked == 1 ? std::string("typo") : SshdServer::passphrase());
  };
  ssh::SshClient client(options);
  auto r = run_ssh(client, fixture_host(sshd, sshd.encrypted_key()), "echo second-try");
  ASSERT_FALSE(r.outcome.error) << r.outcome.error->describe() << "\nsshd log:\n" << sshd.log();
  EXPECT_EQ(r.out, "second-try\n");
  EXPECT_EQ(asked, 2);
}

TEST(SshAuth, EcdsaKeyFile) {
  SshdServer sshd;
  ssh::SshClient client(fixture_options(sshd));
  auto r = run_ssh(client, fixture_host(sshd, sshd.ecdsa_key()), "echo ok");
  ASSERT_FALSE(r.outcome.error) << r.outcome.error->describe();
  EXPECT_EQ(r.out, "ok\n");
}

TEST(SshAuth, RsaKeyFileOnAServerThatAcceptsSshRsa) {
  SshdOptions o;
  o.accept_ssh_rsa_signatures = true;
  SshdServer sshd(o);
  ssh::SshClient client(fixture_options(sshd));
  auto r = run_ssh(client, fixture_host(sshd, sshd.rsa_key()), "echo ok");
  ASSERT_FALSE(r.outcome.error) << r.outcome.error->describe() << "\nsshd log:\n" << sshd.log();
  EXPECT_EQ(r.out, "ok\n");
}

TEST(SshAuth, RsaKeyRefusedByModernOpenSshIsExplained) {
  SshdServer sshd;  // OpenSSH 9 defaults: no ssh-rsa signatures
  ssh::SshClient client(fixture_options(sshd));
  auto r = run_ssh(client, fixture_host(sshd, sshd.rsa_key()), "echo ok");
  ASSERT_TRUE(r.outcome.error);
  EXPECT_NE(r.outcome.error->message.find("SHA-1"), std::string::npos) << r.outcome.error->message;
}

TEST(SshAuth, WrongKeyIsPermissionDenied) {
  SshdServer sshd;
  TempDir tmp;
  ssh::SshClient client(fixture_options(sshd));
  auto marker = tmp.path() / "ran";
  auto r = run_ssh(client, fixture_host(sshd, sshd.wrong_key()), touch_command(marker));
  ASSERT_TRUE(r.outcome.error);
  EXPECT_EQ(r.outcome.error->kind, aws::ErrorKind::Credentials);
  EXPECT_NE(r.outcome.error->message.find("Permission denied"), std::string::npos);
  EXPECT_NE(r.outcome.error->message.find("rejected by the server"), std::string::npos) << r.outcome.error->message;
  EXPECT_FALSE(fs::exists(marker));
}

TEST(SshAuth, KeyReadableByOthersIsRefusedWithTheReason) {
  SshdServer sshd;
  TempDir tmp;
  auto key = tmp.path() / "loose_key";
  fs::copy_file(sshd.user_key(), key);
  ::chmod(key.c_str(), 0644);
  ssh::SshClient client(fixture_options(sshd));
  auto r = run_ssh(client, fixture_host(sshd, key), "echo never");
  ASSERT_TRUE(r.outcome.error);
  EXPECT_NE(r.outcome.error->message.find("permissions 0644"), std::string::npos) << r.outcome.error->message;
  EXPECT_NE(r.outcome.error->message.find("too open"), std::string::npos);
}

// A port where the kernel completes the TCP handshake but nothing ever speaks SSH (a hung
// host, or another program on the port): the connection ends at ConnectTimeout with the
// reason instead of hanging. Also a server that sends its banner and then stalls.
TEST(SshSetup, ServerThatNeverCompletesTheHandshakeTimesOutWithTheReason) {
  for (bool send_banner : {false, true}) {
    SCOPED_TRACE(send_banner ? "banner, then silence" : "silence");
    int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(listener, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(listener, 4), 0);
    socklen_t len = sizeof addr;
    ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    std::thread banner;
    int accepted = -1;
    if (send_banner)
      banner = std::thread([&] {
        accepted = ::accept(listener, nullptr, nullptr);
        if (accepted >= 0) (void)!::write(accepted, "SSH-2.0-OpenSSH_9.2\r\n", 21);
      });

    TempDir tmp;
    ssh::SshClientOptions options;
    options.known_hosts_file = tmp.path() / "known_hosts";
    options.local_user = "nobody";
    options.connect_timeout = std::chrono::seconds(2);
    ssh::SshClient client(options);
    ssh::HostSettings host;
    host.hostname = "127.0.0.1";
    host.port = ntohs(addr.sin_port);
    auto started = std::chrono::steady_clock::now();
    auto r = run_ssh(client, host, "echo never", std::chrono::seconds(30));
    auto took = std::chrono::steady_clock::now() - started;
    if (banner.joinable()) banner.join();
    if (accepted >= 0) ::close(accepted);
    ::close(listener);
    ASSERT_FALSE(r.timed_out) << "the client did not give up on its own";
    ASSERT_TRUE(r.outcome.error);
    EXPECT_EQ(r.outcome.error->code, "SshSetupTimeout") << r.outcome.error->describe();
    EXPECT_NE(r.outcome.error->message.find("did not complete the SSH handshake within 2 s"), std::string::npos)
        << r.outcome.error->message;
    EXPECT_LT(took, std::chrono::seconds(20));
  }
}
