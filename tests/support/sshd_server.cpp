#include "tests/support/sshd_server.hpp"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>

namespace opsdeck::testing {

namespace fs = std::filesystem;

namespace {

std::string current_user() {
  if (passwd* pw = getpwuid(getuid())) return pw->pw_name;
  throw std::runtime_error("no passwd entry for the current user");
}

// Parent pid of `pid` from /proc/PID/stat, or -1.
pid_t parent_of(pid_t pid) {
  std::string stat;
  try {
    stat = read_file(fs::path("/proc") / std::to_string(pid) / "stat");
  } catch (...) {
    return -1;
  }
  auto close_paren = stat.rfind(')');
  if (close_paren == std::string::npos || close_paren + 4 > stat.size()) return -1;
  // ") S PPID ..."
  return static_cast<pid_t>(std::atol(stat.c_str() + close_paren + 4));
}

std::set<pid_t> descendants_of(pid_t root) {
  std::set<pid_t> found{root};
  bool grew = true;
  while (grew) {
    grew = false;
    for (const auto& e : fs::directory_iterator("/proc")) {
      const auto name = e.path().filename().string();
      if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
      auto pid = static_cast<pid_t>(std::atol(name.c_str()));
      if (found.count(pid)) continue;
      if (found.count(parent_of(pid))) {
        found.insert(pid);
        grew = true;
      }
    }
  }
  return found;
}

}  // namespace

void make_ssh_key(const fs::path& path, const std::string& type, const std::string& passphrase) {
  std::vector<std::string> argv{"ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "opsdeck-test",
                                "-f", path.string()};
  if (type == "rsa") argv.insert(argv.end(), {"-b", "2048"});
  auto r = run_command(argv);
  if (r.exit_code != 0) throw std::runtime_error("ssh-keygen failed: " + r.err);
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
}

SshdServer::SshdServer(SshdOptions options) : user_(current_user()) {
  generate_keys();
  // sshd insists on its privilege-separation directory (normally made by the service unit).
  std::error_code ec;
  if (!fs::exists("/run/sshd")) fs::create_directories("/run/sshd", ec);
  // The port was free when chosen; a parallel test may still bind it first. Then this sshd
  // fails to bind and exits, and a new port is tried. The port only counts as up once this
  // sshd says it listens there: a connection must never reach another test's server.
  for (int attempt = 1;; ++attempt) {
    port_ = free_loopback_port();
    write_known_hosts();
    write_config(options);
    const auto log_start = log().size();
    sshd_ = ChildProcess({"/usr/sbin/sshd", "-D", "-e", "-f", (dir() / "sshd_config").string()}, {},
                         (dir() / "sshd.log").string());
    const std::string listening = "Server listening on 127.0.0.1 port " + std::to_string(port_) + ".";
    const bool says_listening = options.log_level != "QUIET" && options.log_level != "FATAL" &&
                                options.log_level != "ERROR";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool up = false;
    while (!up && sshd_.running() && std::chrono::steady_clock::now() < deadline) {
      up = wait_for_port(port_, std::chrono::milliseconds(100));
      if (up && says_listening) up = log().find(listening, log_start) != std::string::npos;
    }
    if (up && sshd_.running()) return;
    const bool taken = log().find("Address already in use", log_start) != std::string::npos;
    if (!taken || attempt == 5) throw std::runtime_error("sshd did not start: " + log());
  }
}

SshdServer::~SshdServer() { kill_all(); }

void SshdServer::generate_keys() {
  make_ssh_key(dir() / "host_ed25519", "ed25519");
  make_ssh_key(dir() / "host_rsa", "rsa");
  make_ssh_key(user_key(), "ed25519");
  make_ssh_key(encrypted_key(), "ed25519", passphrase());
  make_ssh_key(ecdsa_key(), "ecdsa");
  make_ssh_key(rsa_key(), "rsa");
  make_ssh_key(wrong_key(), "ed25519");
  std::string authorized;
  for (const auto& k : {user_key(), encrypted_key(), ecdsa_key(), rsa_key()})
    authorized += read_file(k.string() + ".pub");
  write_file(dir() / "authorized_keys", authorized);
}

void SshdServer::write_known_hosts() {
  std::string known;
  for (const char* t : {"ed25519", "rsa"})
    known += "[127.0.0.1]:" + std::to_string(port_) + " " + host_public_key(t) + "\n";
  write_file(known_hosts(), known);
}

void SshdServer::write_config(const SshdOptions& options) {
  const auto d = dir().string();
  std::string cfg;
  cfg += "ListenAddress 127.0.0.1\n";
  cfg += "Port " + std::to_string(port_) + "\n";
  cfg += "HostKey " + d + "/host_ed25519\n";
  cfg += "HostKey " + d + "/host_rsa\n";
  cfg += "AuthorizedKeysFile " + d + "/authorized_keys\n";
  cfg += "PidFile " + d + "/sshd.pid\n";
  cfg += "UsePAM no\nStrictModes no\nPermitRootLogin yes\n";
  cfg += "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n";
  cfg += "AllowTcpForwarding yes\nPermitTTY yes\nX11Forwarding no\nPrintMotd no\n";
  cfg += "MaxSessions " + std::to_string(options.max_sessions) + "\n";
  cfg += "MaxStartups 100\n";
  cfg += "LogLevel " + options.log_level + "\n";
  if (options.accept_ssh_rsa_signatures) cfg += "PubkeyAcceptedAlgorithms +ssh-rsa\n";
  cfg += "Subsystem sftp internal-sftp\n";
  write_file(dir() / "sshd_config", cfg);
}

std::string SshdServer::host_public_key(const std::string& type) const {
  auto line = read_file(dir() / ("host_" + type + ".pub"));
  // "type base64 comment\n" -> "type base64"
  auto first = line.find(' ');
  auto second = line.find(' ', first + 1);
  return line.substr(0, second == std::string::npos ? line.find('\n') : second);
}

std::string SshdServer::log() const {
  try {
    return read_file(dir() / "sshd.log");
  } catch (...) {
    return {};
  }
}

bool SshdServer::running() { return sshd_.running(); }

void SshdServer::kill_sessions() {
  if (sshd_.pid() <= 0) return;
  for (pid_t p : descendants_of(sshd_.pid()))
    if (p != sshd_.pid()) kill(p, SIGKILL);
}

void SshdServer::kill_all() {
  if (sshd_.pid() > 0) {
    for (pid_t p : descendants_of(sshd_.pid()))
      if (p != sshd_.pid()) kill(p, SIGKILL);
  }
  sshd_.stop(std::chrono::milliseconds(500));
}

}  // namespace opsdeck::testing
