// `s` in the real console, in tmux: an EC2 instance in moto whose private IP is 127.0.0.1
// (a 127.0.0.0/24 subnet, as in tests/integration/ssh_instance_test.cpp) and a real sshd on
// loopback; the config's "shell" section names the user, port and key. The console decides
// SSH (moto reports no SSM agent), asks about the unknown host key in a dialog, hands the
// terminal to the remote shell, and comes back with its panes when the shell exits; the
// terminal modes are the same after opsdeck exits as before it started. Also: a mismatched
// host key and a refused one end in the status line without leaving curses; an encrypted
// key's passphrase is asked in a masked dialog; a resize during the shell reaches the PTY
// and the console. SSM (forced by the config; moto has no StartSession, so SSM goes to
// tests/support/fake_aws.py): without session-manager-plugin the status line says how to
// install it; with a stand-in plugin the terminal is handed over and comes back;
// --readonly refuses StartSession. `f` on the same instance forwards a local port over SSH
// (the host-key question first), and `:forwards` lists it with its traffic.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <regex>
#include <string>

#include "tests/support/child_process.hpp"
#include "tests/support/echo_server.hpp"
#include "tests/support/moto_server.hpp"
#include "tests/support/sshd_server.hpp"
#include "tests/support/tmux_session.hpp"

#include <thread>

using namespace opsdeck::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const char* kSeed = R"(
import boto3, sys
ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name="us-east-1")
vpc = ec2.create_vpc(CidrBlock="127.0.0.0/16")["Vpc"]["VpcId"]
sub = ec2.create_subnet(VpcId=vpc, CidrBlock="127.0.0.0/24")["Subnet"]["SubnetId"]
r = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, SubnetId=sub,
    PrivateIpAddress="127.0.0.1", InstanceType="t3.micro",
    TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "shell-box-6c1"}]}])
print(r["Instances"][0]["InstanceId"])
)";

class ConsoleShell : public ::testing::Test {
 protected:
  MotoServer& moto = shared_moto();
  SshdServer sshd;
  TempDir home;
  std::string instance_id;

  void SetUp() override {
    moto.reset();
    auto seeded = run_command({"python3", "-c", kSeed, moto.endpoint()}, {}, aws_env());
    ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
    instance_id = seeded.out.substr(0, seeded.out.find('\n'));
    fs::create_directories(home.path() / "keys");
    fs::copy_file(sshd.user_key(), key_path());
    fs::permissions(key_path(), fs::perms::owner_read | fs::perms::owner_write);
    write_file(home.path() / "ssh_config", "");
    write_file(known_hosts(), "");
    write_config("auto");
  }

  fs::path key_path() const { return home.path() / "keys" / "box.pem"; }
  fs::path known_hosts() const { return home.path() / "known_hosts"; }
  fs::path audit_log() const { return home.path() / "audit.jsonl"; }

  void write_config(const std::string& method) const {
    nlohmann::json c = {
        {"environments", {{"lab", {{"region", "us-east-1"}, {"production", false}}}}},
        {"shell",
         {{"method", method},
          {"ssh_user", sshd.user()},
          {"ssh_port", sshd.port()},
          {"identity_file", key_path().string()}}},
        {"ssm", {{"client", "plugin"}}}};  // these tests drive the plugin hand-off; the native client has its own
    write_file(home.path() / "config.json", c.dump(2));
  }

  std::map<std::string, std::string> aws_env() const {
    return {{"AWS_ACCESS_KEY_ID", moto.credentials().access_key_id},
            {"AWS_SECRET_ACCESS_KEY", moto.credentials().secret_access_key},
            {"AWS_REGION", "us-east-1"},
            {"AWS_CONFIG_FILE", "/dev/null"},
            {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
            {"AWS_EC2_METADATA_DISABLED", "true"}};
  }

  // opsdeck in tmux, wrapped so that the terminal modes are saved before it starts and
  // after it ends (stty -a) and the pane's exit status is opsdeck's.
  // `ssm_endpoint` set: AWS through AWS_ENDPOINT_URL (moto) with SSM at AWS_ENDPOINT_URL_SSM
  // (tests/support/fake_aws.py: moto has no StartSession) instead of --endpoint-url.
  std::unique_ptr<TmuxSession> open_console(const std::string& path = {},
                                            const std::string& ssm_endpoint = {},
                                            const std::string& extra_flags = {}) {
    auto env = aws_env();
    std::string endpoint_flag = "--endpoint-url '" + moto.endpoint() + "' ";
    if (!ssm_endpoint.empty()) {
      env["AWS_ENDPOINT_URL"] = moto.endpoint();
      env["AWS_ENDPOINT_URL_SSM"] = ssm_endpoint;
      env["FAKE_PLUGIN_LOG"] = (home.path() / "plugin.log").string();
      endpoint_flag.clear();
    }
    env["HOME"] = home.path().string();
    env["XDG_STATE_HOME"] = home.path().string();
    env["XDG_CONFIG_HOME"] = home.path().string();
    env["OPSDECK_AUDIT_LOG"] = audit_log().string();
    env["OPSDECK_SSH_CONFIG"] = (home.path() / "ssh_config").string();
    env["OPSDECK_KNOWN_HOSTS"] = known_hosts().string();
    env["SSH_AUTH_SOCK"] = "";
    env["LANG"] = "C.UTF-8";
    TmuxOptions o;
    o.columns = 140;
    o.rows = 40;
    o.env = env;
    std::string dir = home.path().string();
    // PATH is set in the script: tmux replaces a PATH given with new-session -e.
    std::string script = (path.empty() ? std::string() : "PATH='" + path + "'; export PATH; ") +
                         "stty -a > '" + dir + "/stty.before'; '" + std::string(OPSDECK_BINARY) +
                         "' " + endpoint_flag + extra_flags + " --config '" + dir +
                         "/config.json'; rc=$?; stty -a > '" + dir + "/stty.after'; exit $rc";
    return std::make_unique<TmuxSession>(std::vector<std::string>{"/bin/sh", "-c", script}, o);
  }

  // Waits for the instance row (the Instances pane is focused and its first row selected).
  void wait_ready(TmuxSession& t) {
    ASSERT_TRUE(t.wait_for_text("shell-box-6c1", 30s)) << t.screen();
    ASSERT_TRUE(t.wait_for_text("running", 30s)) << t.screen();
  }

  void quit(TmuxSession& t) {
    t.send_keys({"q"});
    auto exit = t.wait_for_exit(15s);
    ASSERT_TRUE(exit.has_value()) << t.screen();
    EXPECT_EQ(exit->status, 0) << t.screen();
  }
};

bool has_panes(const std::string& screen) {
  for (const char* title : {"Instances (", "Databases", "Alarms", "Logs"})
    if (screen.find(title) == std::string::npos) return false;
  return true;
}

}  // namespace

TEST_F(ConsoleShell, UnknownKeyAskedThenShellAndBackToTheConsole) {
  auto t = open_console();
  wait_ready(*t);
  std::string before = t->screen();
  ASSERT_TRUE(has_panes(before)) << before;

  t->send_keys({"s"});
  auto asked = t->wait_for_text("Unknown host key", 20s);
  ASSERT_TRUE(asked) << asked.screen;
  EXPECT_NE(asked.screen.find("SHA256:"), std::string::npos) << asked.screen;
  EXPECT_NE(asked.screen.find("Instances ("), std::string::npos) << asked.screen;  // still in curses
  t->send_keys({"y"});

  // The console is gone: the remote shell owns the terminal.
  auto banner = t->wait_for_text("exit it to return", 20s);
  ASSERT_TRUE(banner) << banner.screen;
  t->send_text("echo hello-$((6*7))");
  t->send_keys({"Enter"});
  auto hello = t->wait_for_text("hello-42", 20s);
  ASSERT_TRUE(hello) << hello.screen;
  EXPECT_FALSE(has_panes(hello.screen)) << hello.screen;

  t->send_text("exit");
  t->send_keys({"Enter"});
  auto back = t->wait_for_text("ended (exit 0)", 20s);
  ASSERT_TRUE(back) << back.screen;
  EXPECT_TRUE(has_panes(back.screen)) << back.screen;
  EXPECT_EQ(back.screen.find("hello-42"), std::string::npos) << back.screen;
  EXPECT_NE(back.screen.find("shell-box-6c1"), std::string::npos) << back.screen;
  // Same selection: the Instances pane still works on the row (j/k keep the console alive).
  t->send_keys({"j", "k"});
  EXPECT_TRUE(t->wait_for_text("shell-box-6c1", 5s)) << t->screen();

  // The accepted key was recorded; the audit log has the shell's start and end.
  EXPECT_NE(read_file(known_hosts()).find("[127.0.0.1]:" + std::to_string(sshd.port())),
            std::string::npos)
      << read_file(known_hosts());
  std::string audit = read_file(audit_log());
  EXPECT_NE(audit.find("\"ssh.shell\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"end\""), std::string::npos) << audit;

  quit(*t);
  std::string stty_before = read_file(home.path() / "stty.before");
  ASSERT_FALSE(stty_before.empty());
  EXPECT_EQ(read_file(home.path() / "stty.after"), stty_before);
}

TEST_F(ConsoleShell, ResizeDuringTheShellReachesItAndTheConsole) {
  write_file(known_hosts(), "");
  auto t = open_console();
  wait_ready(*t);
  t->send_keys({"s"});
  ASSERT_TRUE(t->wait_for_text("Unknown host key", 20s)) << t->screen();
  t->send_keys({"y"});
  ASSERT_TRUE(t->wait_for_text("exit it to return", 20s)) << t->screen();
  t->send_text("stty size; echo size-$((1+1))");
  t->send_keys({"Enter"});
  ASSERT_TRUE(t->wait_for_text("40 140", 20s)) << t->screen();  // the PTY has the pane's size
  t->resize(100, 30);
  ASSERT_TRUE(t->wait_for_text("size-2", 20s)) << t->screen();
  t->send_keys({"C-l"});
  t->send_text("stty size; echo resized-$((2+2))");
  t->send_keys({"Enter"});
  auto resized = t->wait_for_text("resized-4", 20s);
  ASSERT_TRUE(resized) << resized.screen;
  EXPECT_NE(resized.screen.find("30 100"), std::string::npos) << resized.screen;  // SIGWINCH followed
  t->send_text("exit");
  t->send_keys({"Enter"});
  auto back = t->wait_for_text("ended (exit 0)", 20s);
  ASSERT_TRUE(back) << back.screen;
  EXPECT_TRUE(has_panes(back.screen)) << back.screen;
  // Drawn at the new size: 30 rows, no line wider than 100 columns.
  int rows = 0;
  std::size_t widest = 0;
  std::istringstream lines(back.screen);
  for (std::string line; std::getline(lines, line); ++rows) {
    std::size_t cols = 0;  // count code points, not bytes (box drawing is UTF-8)
    for (unsigned char c : line) cols += (c & 0xC0) != 0x80;
    widest = std::max(widest, cols);
  }
  EXPECT_LE(rows, 30) << back.screen;
  EXPECT_LE(widest, 100u) << back.screen;
  EXPECT_GE(widest, 90u) << back.screen;  // and it uses the width
  quit(*t);
}

TEST_F(ConsoleShell, EncryptedKeyAsksItsPassphraseInTheConsole) {
  fs::remove(key_path());
  fs::copy_file(sshd.encrypted_key(), key_path());
  fs::permissions(key_path(), fs::perms::owner_read | fs::perms::owner_write);
  write_file(known_hosts(), read_file(sshd.known_hosts()));  // a known host: no key question
  auto t = open_console();
  wait_ready(*t);
  t->send_keys({"s"});
  auto asked = t->wait_for_text("Key passphrase", 20s);
  ASSERT_TRUE(asked) << asked.screen;
  EXPECT_NE(asked.screen.find("box.pem"), std::string::npos) << asked.screen;
  t->send_text(SshdServer::passphrase());
  auto masked = t->wait_for_text("> *****", 10s);
  ASSERT_TRUE(masked) << masked.screen;
  EXPECT_EQ(masked.screen.find(SshdServer::passphrase()), std::string::npos) << masked.screen;
  t->send_keys({"Enter"});
  ASSERT_TRUE(t->wait_for_text("exit it to return", 20s)) << t->screen();
  t->send_text("echo pass-$((3*3))");
  t->send_keys({"Enter"});
  ASSERT_TRUE(t->wait_for_text("pass-9", 20s)) << t->screen();
  t->send_text("exit 3");
  t->send_keys({"Enter"});
  auto back = t->wait_for_text("ended (exit 3)", 20s);
  ASSERT_TRUE(back) << back.screen;
  EXPECT_TRUE(has_panes(back.screen)) << back.screen;
  EXPECT_EQ(read_file(audit_log()).find(SshdServer::passphrase()), std::string::npos);
  quit(*t);
}

TEST_F(ConsoleShell, MismatchedHostKeyRefusedInTheStatusLine) {
  // A known_hosts entry for the address with some other ed25519 key.
  make_ssh_key(home.path() / "other", "ed25519");
  std::string other = read_file(home.path() / "other.pub");
  other = other.substr(0, other.find(' ', other.find(' ') + 1));
  write_file(known_hosts(), "[127.0.0.1]:" + std::to_string(sshd.port()) + " " + other + "\n");
  auto t = open_console();
  wait_ready(*t);
  t->send_keys({"s"});
  auto refused = t->wait_for_text("host key", 20s);
  ASSERT_TRUE(refused) << refused.screen;
  EXPECT_TRUE(has_panes(refused.screen)) << refused.screen;
  EXPECT_EQ(refused.screen.find("exit it to return"), std::string::npos) << refused.screen;
  quit(*t);
}

TEST_F(ConsoleShell, RefusedUnknownKeyRunsNothing) {
  auto t = open_console();
  wait_ready(*t);
  t->send_keys({"s"});
  ASSERT_TRUE(t->wait_for_text("Unknown host key", 20s)) << t->screen();
  t->send_keys({"n"});
  auto refused = t->wait_for_text("HostKeyRejected", 20s);
  ASSERT_TRUE(refused) << refused.screen;
  EXPECT_TRUE(has_panes(refused.screen)) << refused.screen;
  EXPECT_EQ(read_file(known_hosts()), "");
  quit(*t);
}

TEST_F(ConsoleShell, SsmWithoutThePluginSaysHowToInstallIt) {
  write_config("ssm");
  auto t = open_console("/usr/bin:/bin");  // no session-manager-plugin there
  wait_ready(*t);
  t->send_keys({"s"});
  auto said = t->wait_for_text("session-manager-plugin", 20s);
  ASSERT_TRUE(said) << said.screen;
  EXPECT_TRUE(has_panes(said.screen)) << said.screen;
  quit(*t);
}

namespace {

// A stand-in for AWS's session-manager-plugin (not installable here): it owns the terminal
// like the real one, records its argv and one line typed into it, and exits 0.
void install_fake_plugin(const fs::path& bin) {
  fs::create_directories(bin);
  auto p = bin / "session-manager-plugin";
  write_file(p,
             "#!/bin/sh\n"
             "if [ \"$1\" = --version ]; then echo 1.2.650.0; exit 0; fi\n"
             "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$FAKE_PLUGIN_LOG\"\n"
             "echo fake-plugin-ready\n"
             "read line\n"
             "echo \"typed: $line\" >> \"$FAKE_PLUGIN_LOG\"\n"
             "exit 0\n");
  fs::permissions(p, fs::perms::owner_all);
}

}  // namespace

TEST_F(ConsoleShell, SsmShellHandsTheTerminalToThePluginAndComesBack) {
  int port = free_loopback_port();
  ChildProcess fake({"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/fake_aws.py",
                     "--port", std::to_string(port)});
  ASSERT_TRUE(wait_for_port(port, std::chrono::seconds(20))) << "fake_aws.py did not start";
  install_fake_plugin(home.path() / "bin");
  write_config("ssm");
  auto t = open_console((home.path() / "bin").string() + ":/usr/bin:/bin",
                        "http://127.0.0.1:" + std::to_string(port));
  wait_ready(*t);
  t->send_keys({"s"});
  auto ready = t->wait_for_text("fake-plugin-ready", 20s);
  ASSERT_TRUE(ready) << ready.screen;
  EXPECT_NE(ready.screen.find("Session Manager shell on shell-box-6c1"), std::string::npos) << ready.screen;
  EXPECT_FALSE(has_panes(ready.screen)) << ready.screen;
  t->send_text("hi-plugin");
  t->send_keys({"Enter"});
  auto back = t->wait_for_text("ended (exit 0)", 20s);
  ASSERT_TRUE(back) << back.screen;
  EXPECT_TRUE(has_panes(back.screen)) << back.screen;
  std::string log = read_file(home.path() / "plugin.log");
  EXPECT_NE(log.find("StartSession"), std::string::npos) << log;
  EXPECT_NE(log.find(instance_id), std::string::npos) << log;  // the session's target
  EXPECT_NE(log.find("typed: hi-plugin"), std::string::npos) << log;
  EXPECT_NE(read_file(audit_log()).find("\"ssm.session\""), std::string::npos);
  quit(*t);
  EXPECT_EQ(read_file(home.path() / "stty.after"), read_file(home.path() / "stty.before"));
}

TEST_F(ConsoleShell, ReadonlyRefusesAnSsmShell) {
  install_fake_plugin(home.path() / "bin");
  write_config("ssm");
  auto t = open_console((home.path() / "bin").string() + ":/usr/bin:/bin", {}, "--readonly");
  wait_ready(*t);
  t->send_keys({"s"});
  auto refused = t->wait_for_text("refused: read-only mode", 20s);
  ASSERT_TRUE(refused) << refused.screen;
  EXPECT_FALSE(fs::exists(home.path() / "plugin.log"));
  quit(*t);
}

TEST_F(ConsoleShell, ForwardOnAnInstanceWithoutSsmGoesOverSshAndIsListed) {
  EchoServer echo;
  ASSERT_TRUE(echo.ok());
  auto t = open_console();
  wait_ready(*t);
  t->send_keys({"f"});
  ASSERT_TRUE(t->wait_for_text("through shell-box-6c1", 10s)) << t->screen();
  t->send_text(std::to_string(echo.port()));  // a port on the instance: the echo server here
  t->send_keys({"Enter"});
  auto asked = t->wait_for_text("Unknown host key", 20s);
  ASSERT_TRUE(asked) << asked.screen;
  EXPECT_NE(asked.screen.find("forward through shell-box-6c1"), std::string::npos) << asked.screen;
  t->send_keys({"y"});
  // The echo server holds its own port here, so the system picks the local one.
  const std::regex open_re("forward 1: 127\\.0\\.0\\.1:([0-9]+) -> " + std::to_string(echo.port()) +
                           " via ssh [^ ]+@127\\.0\\.0\\.1:" + std::to_string(sshd.port()) + ": open");
  auto opened = t->wait_for_regex(open_re, 20s);
  ASSERT_TRUE(opened) << opened.screen;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(opened.screen, m, open_re));
  const int local_port = std::stoi(m[1].str());
  EXPECT_NE(local_port, echo.port());

  int fd = connect_loopback(local_port, 10);
  ASSERT_GE(fd, 0);
  const std::string ping = "ping through ssh\n";
  ASSERT_EQ(::write(fd, ping.data(), ping.size()), static_cast<ssize_t>(ping.size()));
  std::string got(ping.size(), '\0');
  size_t n = 0;
  while (n < got.size()) {
    ssize_t r = ::read(fd, got.data() + n, got.size() - n);
    if (r <= 0) break;
    n += static_cast<size_t>(r);
  }
  ::close(fd);
  EXPECT_EQ(got, ping);
  EXPECT_EQ(echo.connections(), 1);

  t->send_keys({":"});
  t->send_text("forwards");
  t->send_keys({"Enter"});
  auto listed = t->wait_for_regex(std::regex("1 SSH +open +127\\.0\\.0\\.1:" + std::to_string(local_port) +
                                             ".*0/1 .* 17 B +17 B"),
                                  10s);
  EXPECT_TRUE(listed) << listed.screen;
  t->send_keys({"x"});
  EXPECT_TRUE(t->wait_for_regex(std::regex("1 SSH +closed"), 10s)) << t->screen();
  EXPECT_LT(connect_loopback(local_port, 1), 0) << "the local port still accepts connections";

  std::string audit = read_file(audit_log());
  EXPECT_NE(audit.find("\"ssh.forward\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"start\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"end\""), std::string::npos) << audit;
  t->send_keys({"Escape"});
  quit(*t);
}
