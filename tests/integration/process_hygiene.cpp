// Process hygiene of the real binary, in a real terminal (tmux): however opsdeck ends —
// an internal error (an exception escaping run_cli, std::terminate from a worker thread),
// SIGTERM/SIGHUP/SIGINT/SIGQUIT to the console, SIGTERM/SIGHUP to the headless `ssh`
// shell relay (against a real sshd) and to `ssm session` (a stand-in plugin that leaves
// the terminal raw) — the terminal modes (`stty -a`) are the same afterwards as before it
// started, the exit status is the conventional one (1 for an internal error, 128+signo
// for a signal), and an internal error is ONE inert line on stderr. Also: no core files
// (RLIMIT_CORE 0 0) and a non-dumpable process.
//
// The internal errors are forced with OPSDECK_TEST_CRASH (app/process_hygiene.hpp).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/sshd_server.hpp"
#include "tests/support/tmux_session.hpp"

using namespace opsdeck::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string kInternalErrorTail = "; the terminal was restored. Please report this.\n";

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// AWS pointed at a closed loopback port: the console comes up and shows its panes
// (waiting for data), nothing leaves 127.0.0.0/8.
std::map<std::string, std::string> offline_env(const fs::path& home) {
  return {{"AWS_ACCESS_KEY_ID", "AKIDPROCESSHYGIENE"},
          {"AWS_SECRET_ACCESS_KEY", "process-hygiene-secret"},
          {"AWS_REGION", "us-east-1"},
          {"AWS_CONFIG_FILE", "/dev/null"},
          {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
          {"AWS_EC2_METADATA_DISABLED", "true"},
          {"AWS_ENDPOINT_URL", "http://127.0.0.1:9"},
          {"HOME", home.string()},
          {"XDG_STATE_HOME", home.string()},
          {"XDG_CONFIG_HOME", home.string()},
          {"OPSDECK_AUDIT_LOG", (home / "audit.jsonl").string()},
          {"LANG", "C.UTF-8"}};
}

// Runs `argv` in tmux wrapped so that the terminal modes are saved before and after it
// (stty -a), its stderr goes to a file, and the pane's exit status is its own. The program
// is exec'd by a subshell, so it is a child of the pane's shell and the shell's own
// messages ("Terminated") stay out of the file.
class Wrapped {
 public:
  Wrapped(const fs::path& dir, const std::vector<std::string>& argv, std::map<std::string, std::string> env,
          const std::string& path = {})
      : dir_(dir) {
    std::string command;
    for (const auto& a : argv) command += (command.empty() ? "" : " ") + sh_quote(a);
    std::string d = sh_quote(dir.string());
    // PATH is set in the script: tmux replaces a PATH given with new-session -e.
    std::string script = (path.empty() ? std::string() : "PATH=" + sh_quote(path) + "; export PATH; ") +
                         "stty -a > " + d + "/stty.before; (exec " + command + " 2> " + d +
                         "/stderr); rc=$?; stty -a > " + d + "/stty.after; exit $rc";
    TmuxOptions o;
    o.columns = 120;
    o.rows = 40;
    o.env = std::move(env);
    tmux_ = std::make_unique<TmuxSession>(std::vector<std::string>{"/bin/sh", "-c", script}, o);
  }

  TmuxSession& tmux() { return *tmux_; }
  std::string before() const { return read_file(dir_ / "stty.before"); }
  std::string after() const { return read_file(dir_ / "stty.after"); }
  std::string err() const { return read_file(dir_ / "stderr"); }

  // The program's pid: the pane shell's child whose name is `name`.
  int program_pid(const std::string& name = "opsdeck") const {
    for (int i = 0; i < 400; ++i) {
      for (const auto& e : fs::directory_iterator("/proc")) {
        const std::string pid = e.path().filename().string();
        if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
        std::string stat = read_file(e.path() / "stat");
        auto open = stat.find('('), close = stat.rfind(')');
        if (open == std::string::npos || close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        std::string state;
        int ppid = 0;
        rest >> state >> ppid;
        if (ppid == tmux_->pid() && stat.substr(open + 1, close - open - 1) == name) return std::stoi(pid);
      }
      std::this_thread::sleep_for(50ms);
    }
    return -1;
  }

  // The pane's terminal modes now.
  termios pane_modes() const {
    termios t{};
    std::string tty = tmux_->tmux({"display-message", "-p", "#{pane_tty}"}).out;
    while (!tty.empty() && (tty.back() == '\n' || tty.back() == '\r')) tty.pop_back();
    int fd = ::open(tty.c_str(), O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd >= 0) {
      ::tcgetattr(fd, &t);
      ::close(fd);
    }
    return t;
  }

  bool pane_is_raw(std::chrono::milliseconds timeout = 20s) const {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      if (!(pane_modes().c_lflag & (ICANON | ECHO))) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

 private:
  fs::path dir_;
  std::unique_ptr<TmuxSession> tmux_;
};

// Checks a finished run: the exit status, and the terminal as it was before.
void expect_ended(Wrapped& w, int status) {
  auto exit = w.tmux().wait_for_exit(30s);
  ASSERT_TRUE(exit.has_value()) << w.tmux().screen();
  EXPECT_EQ(exit->status, status) << "stderr: " << w.err() << "\n" << w.tmux().screen();
  std::string before = w.before();
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(w.after(), before) << "the terminal modes changed";
}

const char* signal_name(int sig);

std::string signal_test_name(const ::testing::TestParamInfo<int>& p) { return std::string(signal_name(p.param)).substr(3); }

const char* signal_name(int sig) {
  switch (sig) {
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";
    default: return "signal";
  }
}

}  // namespace

// --- Internal errors -------------------------------------------------------------------

TEST(ProcessHygiene, AnExceptionEscapingRunCliIsOneInertLineAndExitStatus1) {
  TempDir home;
  auto env = offline_env(home.path());
  env["OPSDECK_TEST_CRASH"] = "throw";
  auto r = run_command({OPSDECK_BINARY, "--version"}, {}, env, 30s);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "");
  // The message's ESC is shown, not sent to the terminal; one line, nothing else.
  EXPECT_EQ(r.err, "opsdeck: internal error: forced by OPSDECK_TEST_CRASH=throw \u241b[2J" + kInternalErrorTail);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
}

TEST(ProcessHygiene, TerminateFromAWorkerThreadInTheConsoleRestoresTheTerminal) {
  TempDir home;
  auto env = offline_env(home.path());
  env["OPSDECK_TEST_CRASH"] = "terminate";  // thrown once the console has the terminal raw
  Wrapped w(home.path(), {OPSDECK_BINARY}, env);
  expect_ended(w, 1);
  EXPECT_EQ(w.err(), "opsdeck: internal error: forced by OPSDECK_TEST_CRASH=terminate on a worker thread" +
                         kInternalErrorTail);
}

// --- Signals to the console ------------------------------------------------------------

class ConsoleSignal : public ::testing::TestWithParam<int> {};

TEST_P(ConsoleSignal, RestoresTheTerminalAndEndsWith128PlusSigno) {
  const int sig = GetParam();
  TempDir home;
  Wrapped w(home.path(), {OPSDECK_BINARY}, offline_env(home.path()));
  auto up = w.tmux().wait_for_text("Instances", 30s);
  ASSERT_TRUE(up) << up.screen;
  ASSERT_TRUE(w.pane_is_raw()) << "the console did not put the terminal in raw mode";
  int pid = w.program_pid();
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, sig), 0);
  expect_ended(w, 128 + sig);
  EXPECT_EQ(w.err(), "") << signal_name(sig);
}

INSTANTIATE_TEST_SUITE_P(Signals, ConsoleSignal, ::testing::Values(SIGTERM, SIGHUP, SIGINT, SIGQUIT),
                         signal_test_name);

// --- Signals to the headless interactive `ssh` shell relay ------------------------------

class SshShellSignal : public ::testing::TestWithParam<int> {};

TEST_P(SshShellSignal, RestoresTheTerminalAndEndsWith128PlusSigno) {
  const int sig = GetParam();
  SshdServer sshd;
  TempDir home;
  auto config = home.path() / "ssh_config";
  write_file(config, "Host box\n  HostName 127.0.0.1\n  Port " + std::to_string(sshd.port()) + "\n  User " +
                         sshd.user() + "\n  IdentityFile " + sshd.user_key().string() + "\n");
  auto env = offline_env(home.path());
  env["OPSDECK_SSH_CONFIG"] = config.string();
  env["OPSDECK_KNOWN_HOSTS"] = sshd.known_hosts().string();
  env["SSH_AUTH_SOCK"] = "";
  Wrapped w(home.path(), {OPSDECK_BINARY, "ssh", "box"}, env);
  ASSERT_TRUE(w.pane_is_raw()) << w.tmux().screen();
  w.tmux().send_text("echo remote-$((6*7))");
  w.tmux().send_keys({"Enter"});
  auto remote = w.tmux().wait_for_text("remote-42", 30s);
  ASSERT_TRUE(remote) << remote.screen;
  int pid = w.program_pid();
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, sig), 0);
  expect_ended(w, 128 + sig);
  EXPECT_EQ(w.err().find("internal error"), std::string::npos) << w.err();
}

INSTANTIATE_TEST_SUITE_P(Signals, SshShellSignal, ::testing::Values(SIGTERM, SIGHUP),
                         signal_test_name);

// The key passphrase of headless `ssh` goes through the one no-echo prompt: not shown,
// the terminal as it was afterwards.
TEST(ProcessHygiene, HeadlessSshAsksTheKeyPassphraseWithoutEchoAndRestoresTheTerminal) {
  SshdServer sshd;
  TempDir home;
  auto config = home.path() / "ssh_config";
  write_file(config, "Host box\n  HostName 127.0.0.1\n  Port " + std::to_string(sshd.port()) + "\n  User " +
                         sshd.user() + "\n  IdentityFile " + sshd.encrypted_key().string() + "\n");
  auto env = offline_env(home.path());
  env["OPSDECK_SSH_CONFIG"] = config.string();
  env["OPSDECK_KNOWN_HOSTS"] = sshd.known_hosts().string();
  env["SSH_AUTH_SOCK"] = "";
  Wrapped w(home.path(), {OPSDECK_BINARY, "ssh", "box", "--", "echo", "logged-in-$((6*7))"}, env);
  auto asked = w.tmux().wait_for_text("Enter passphrase for key", 30s);
  ASSERT_TRUE(asked) << asked.screen;
  EXPECT_FALSE(w.pane_modes().c_lflag & ECHO) << "echo is on at the passphrase prompt";
  w.tmux().send_text(SshdServer::passphrase());
  w.tmux().send_keys({"Enter"});
  auto in = w.tmux().wait_for_text("logged-in-42", 30s);
  ASSERT_TRUE(in) << in.screen;
  EXPECT_EQ(in.screen.find(SshdServer::passphrase()), std::string::npos) << "the passphrase was shown";
  expect_ended(w, 0);
}

// --- Signals to `ssm session` ------------------------------------------------------------

class SsmSessionSignal : public ::testing::TestWithParam<int> {};

TEST_P(SsmSessionSignal, PassesTheSignalToThePluginThenRestoresTheTerminal) {
  const int sig = GetParam();
  TempDir home;
  int port = free_loopback_port();
  ChildProcess fake({"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/fake_aws.py", "--port",
                     std::to_string(port)});
  ASSERT_TRUE(wait_for_port(port, 20s)) << "fake_aws.py did not start";
  // A stand-in plugin that puts the terminal in raw mode and, told to end, records the
  // signal and exits WITHOUT restoring the terminal: opsdeck has to.
  fs::create_directories(home.path() / "bin");
  auto plugin = home.path() / "bin" / "session-manager-plugin";
  const std::string log = (home.path() / "plugin.log").string();
  write_file(plugin,
             "#!/bin/sh\n"
             "if [ \"$1\" = --version ]; then echo 1.2.650.0; exit 0; fi\n"
             "trap 'echo got-TERM >> " + sh_quote(log) + "; exit 0' TERM\n"
             "trap 'echo got-HUP >> " + sh_quote(log) + "; exit 0' HUP\n"
             "stty raw -echo\n"
             "echo plugin-ready\n"
             "while :; do sleep 0.1; done\n");
  fs::permissions(plugin, fs::perms::owner_all);
  write_file(home.path() / "config.json", R"({"environments": {"dev": {}}, "default_environment": "dev", "ssm": {"client": "plugin"}})");
  auto env = offline_env(home.path());
  env.erase("AWS_ENDPOINT_URL");
  Wrapped w(home.path(),
            {OPSDECK_BINARY, "--config", (home.path() / "config.json").string(), "--endpoint-url",
             "http://127.0.0.1:" + std::to_string(port), "ssm", "session", "i-0aaa111122223333a"},
            env, (home.path() / "bin").string() + ":/usr/bin:/bin");
  auto ready = w.tmux().wait_for_text("plugin-ready", 30s);
  ASSERT_TRUE(ready) << ready.screen << "\nstderr: " << w.err();
  ASSERT_TRUE(w.pane_is_raw());
  int pid = w.program_pid();
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, sig), 0);
  expect_ended(w, 128 + sig);
  EXPECT_NE(read_file(log).find(sig == SIGTERM ? "got-TERM" : "got-HUP"), std::string::npos)
      << "the plugin was not told: " << read_file(log);
}

INSTANTIATE_TEST_SUITE_P(Signals, SsmSessionSignal, ::testing::Values(SIGTERM, SIGHUP),
                         signal_test_name);

// --- No core files, not dumpable --------------------------------------------------------

namespace {

// "Max core file size  0  0  bytes" -> {"0", "0"}.
std::pair<std::string, std::string> core_limits(int pid) {
  std::istringstream in(read_file("/proc/" + std::to_string(pid) + "/limits"));
  std::string line;
  std::smatch m;
  static const std::regex core(R"(^Max core file size\s+(\S+)\s+(\S+))");
  while (std::getline(in, line))
    if (std::regex_search(line, m, core)) return {m[1], m[2]};
  return {"?", "?"};
}

}  // namespace

// Observable from outside: the kernel hands /proc/PID/* of a non-dumpable process to root.
// As root the program runs as nobody (so its files would be owned by nobody were it
// dumpable, as a control process shows); otherwise its environ is unreadable to its own
// user (a control process of the same user has a readable one).
TEST(ProcessHygiene, NoCoreFilesAndNotDumpable) {
  TempDir home;
  const bool root = ::geteuid() == 0;
  const uid_t nobody = 65534;
  std::vector<std::string> prefix;
  if (root) {
    fs::permissions(home.path(), fs::perms::all);  // nobody writes its state there
    prefix = {"setpriv", "--reuid=" + std::to_string(nobody), "--regid=" + std::to_string(nobody),
              "--clear-groups", "--"};
  }
  std::vector<std::string> argv = prefix;
  argv.push_back(OPSDECK_BINARY);
  TmuxOptions o;
  o.env = offline_env(home.path());
  TmuxSession t(argv, o);  // setpriv execs: the pane's pid is opsdeck's
  auto up = t.wait_for_text("Instances", 30s);
  ASSERT_TRUE(up) << up.screen;
  const int pid = t.pid();
  EXPECT_EQ(core_limits(pid), (std::pair<std::string, std::string>{"0", "0"}));

  std::vector<std::string> control_argv = prefix;
  control_argv.insert(control_argv.end(), {"sleep", "60"});
  ChildProcess control(control_argv);
  const std::string environ_file = "/proc/" + std::to_string(pid) + "/environ";
  const std::string control_environ = "/proc/" + std::to_string(control.pid()) + "/environ";
  if (root) {
    struct stat st {}, control_st {};
    ASSERT_EQ(::stat(environ_file.c_str(), &st), 0);
    std::string status = read_file("/proc/" + std::to_string(pid) + "/status");
    ASSERT_NE(status.find("Uid:\t" + std::to_string(nobody)), std::string::npos) << status;
    EXPECT_EQ(st.st_uid, 0u) << "a dumpable process's /proc files belong to its user";
    for (int i = 0; i < 100 && control_st.st_uid != nobody; ++i) {  // until setpriv has switched
      ::stat(control_environ.c_str(), &control_st);
      std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(control_st.st_uid, nobody) << "the control process shows what dumpable looks like";
  } else {
    int own = ::open(environ_file.c_str(), O_RDONLY | O_CLOEXEC);
    int open_errno = errno;
    EXPECT_LT(own, 0);
    EXPECT_EQ(open_errno, EACCES);
    if (own >= 0) ::close(own);
    int fd = ::open(control_environ.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    if (fd >= 0) ::close(fd);
  }
  t.send_keys({"q"});
  auto exit = t.wait_for_exit(20s);
  ASSERT_TRUE(exit.has_value()) << t.screen();
  EXPECT_EQ(exit->status, 0);
}
