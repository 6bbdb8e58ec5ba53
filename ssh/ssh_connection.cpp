#include "ssh/ssh_connection.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "ssh/forwarded_connection.hpp"
#include "ssh/known_hosts.hpp"

namespace opsdeck::ssh {

namespace {

// Host key algorithms that produce a key of known_hosts type `type`.
std::vector<std::string> algorithms_for(const std::string& type) {
  if (type == "ssh-rsa") return {"rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"};
  return {type};
}

aws::Error refused(std::string code, std::string message, std::string hint) {
  // ReadOnly = "refused by a guard before anything was sent": nothing ran on the host.
  auto e = aws::make_error(aws::ErrorKind::ReadOnly, std::move(message), std::move(hint));
  e.code = std::move(code);
  return e;
}

std::vector<std::filesystem::path> known_hosts_paths(const SshClientOptions& o) {
  std::vector<std::filesystem::path> files{o.known_hosts_file};
  files.insert(files.end(), o.other_known_hosts_files.begin(), o.other_known_hosts_files.end());
  return files;
}

}  // namespace

SshConnection::SshConnection(HostSettings host, std::shared_ptr<const SshClientOptions> options,
                             std::weak_ptr<SshWorker> worker, SubmitVia submit_via)
    : host_(std::move(host)),
      options_(std::move(options)),
      worker_(std::move(worker)),
      submit_via_(std::move(submit_via)),
      capacity_(std::max(1, options_->max_channels_per_connection)) {}

SshConnection::~SshConnection() { shutdown(); }

std::string SshConnection::where() const {
  std::string user = host_.user.empty() ? options_->local_user : host_.user;
  return user + "@" + host_.hostname + ":" + std::to_string(host_.port);
}

int SshConnection::load() const {
  int n = static_cast<int>(pending_.size());
  for (const auto& t : active_) n += t->is_session_channel() ? 1 : 0;
  return n;
}

void SshConnection::submit(std::shared_ptr<ChannelTask> task) {
  if (state_ == State::Dead) {
    auto e = aws::make_error(aws::ErrorKind::Network, "connection to " + where() + " is closed");
    e.retryable = true;
    task->fail(e);
    return;
  }
  pending_.push_back(std::move(task));
}

void SshConnection::die(aws::Error error) {
  if (state_ == State::Dead) return;
  state_ = State::Dead;
  if (error.endpoint.empty()) error.endpoint = where();
  failure_ = error;
  if (auto w = worker_.lock()) w->request_immediate_step();
  auto active = std::move(active_);
  auto pending = std::move(pending_);
  active_.clear();
  pending_.clear();
  for (auto& t : active) t->fail(error);
  for (auto& t : pending) t->fail(error);
  auth_.reset();
  session_.reset();
  socket_.reset();
}

void SshConnection::shutdown() {
  die(aws::make_error(aws::ErrorKind::Cancelled, "the SSH client is shutting down"));
}

void SshConnection::start() {
  started_ = true;
  auto timeout = host_.connect_timeout > 0 ? std::chrono::milliseconds(host_.connect_timeout * 1000)
                                           : options_->connect_timeout;
  setup_timeout_ = timeout;
  if (host_.jump && submit_via_) {
    start_through_jump();
    return;
  }
  if (!host_.proxy_jump.empty()) {
    die(aws::make_error(aws::ErrorKind::Usage,
                        "ProxyJump '" + host_.proxy_jump + "' is not supported (only a single hop is)",
                        "use one jump host, or a port forward through the bastion"));
    return;
  }
  if (auto r = connector_.start(host_.hostname, host_.port, Clock::now() + timeout); !r) die(r.error());
}

void SshConnection::fill_poll(std::vector<pollfd>& fds, Clock::time_point& deadline) {
  switch (state_) {
    case State::Connecting:
      if (connector_.fd() >= 0) fds.push_back(pollfd{connector_.fd(), POLLOUT, 0});
      deadline = std::min(deadline, connector_.deadline());
      return;
    case State::Dead:
      return;
    default:
      break;
  }
  short events = POLLIN;
  if (session_ && (libssh2_session_block_directions(session_.get()) & LIBSSH2_SESSION_BLOCK_OUTBOUND))
    events |= POLLOUT;
  // Idle and ready: nothing will read the socket, so only watch for the peer going away.
  if (state_ == State::Ready && active_.empty() && pending_.empty()) events = POLLRDHUP;
  fds.push_back(pollfd{socket_.get(), events, 0});
  for (auto& t : active_) t->fill_poll(fds, deadline);
  if (state_ == State::Ready) deadline = std::min(deadline, next_keepalive_);
  if ((state_ == State::Handshake || state_ == State::Auth) && !setup_clock_paused())
    deadline = std::min(deadline, setup_deadline_);
}

bool SshConnection::setup_clock_paused() const {
  // Through ProxyJump, the handshake waits for the jump connection, which has its own
  // timeout and may be waiting for the operator (its key's passphrase).
  if (state_ == State::Handshake && host_.jump) return true;
  return state_ == State::HostKey || (state_ == State::Auth && auth_ && auth_->waiting_for_operator());
}

void SshConnection::check_setup_deadline() {
  if (state_ != State::Handshake && state_ != State::HostKey && state_ != State::Auth) return;
  if (setup_clock_paused()) {
    setup_deadline_ = Clock::now() + setup_timeout_;
    return;
  }
  if (Clock::now() < setup_deadline_) return;
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(setup_timeout_).count();
  auto e = aws::make_error(
      aws::ErrorKind::Network,
      "the server at " + where() + " accepted the connection but did not complete the SSH " +
          (state_ == State::Handshake ? "handshake" : "authentication") + " within " + std::to_string(secs) + " s",
      "the host may be overloaded, or something other than sshd listens on that port; raise ConnectTimeout in "
      "~/.ssh/config if the host is just slow");
  e.code = "SshSetupTimeout";
  e.retryable = true;
  die(std::move(e));
}

void SshConnection::step() {
  if (!started_) start();
  switch (state_) {
    case State::Connecting: step_connecting(); break;
    case State::Handshake: step_handshake(); break;
    case State::HostKey: step_host_key(); break;
    case State::Auth: step_auth(); break;
    case State::Ready: step_ready(); break;
    case State::Dead: break;
  }
  check_setup_deadline();
}

void SshConnection::step_connecting() {
  switch (connector_.poll_state()) {
    case TcpConnector::State::InProgress: return;
    case TcpConnector::State::Failed: die(connector_.error()); return;
    case TcpConnector::State::Connected: break;
  }
  socket_ = connector_.take_fd();
  open_session();
}

void SshConnection::start_through_jump() {
  // The SSH session runs over one end of a socket pair; the other end is carried to
  // host:port by a direct-tcpip channel on a connection to the jump host (ssh -J).
  int sp[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sp) != 0) {
    die(aws::make_error(aws::ErrorKind::Internal, "socketpair failed"));
    return;
  }
  socket_.reset(sp[1]);
  auto relay = std::make_shared<ForwardedConnection>(UniqueFd(sp[0]), host_.hostname, host_.port,
                                                     std::make_shared<ForwardCounters>());
  submit_via_(*host_.jump, std::move(relay));
  open_session();
}

void SshConnection::open_session() {
  session_.reset(libssh2_session_init());
  if (!session_) {
    die(aws::make_error(aws::ErrorKind::Internal, "libssh2_session_init failed"));
    return;
  }
  libssh2_session_set_blocking(session_.get(), 0);
  prefer_known_host_key_types();
  setup_deadline_ = Clock::now() + setup_timeout_;
  state_ = State::Handshake;
  step_handshake();
}

void SshConnection::prefer_known_host_key_types() {
  // Ask for a key type known_hosts already has for this host, as ssh does; otherwise a
  // host known by its rsa key would look "unknown" when the server prefers ed25519.
  auto known = KnownHosts::load_files(known_hosts_paths(*options_)).key_types_for(host_.hostname, host_.port);
  if (known.empty()) return;
  const char** algs = nullptr;
  int n = libssh2_session_supported_algs(session_.get(), LIBSSH2_METHOD_HOSTKEY, &algs);
  if (n <= 0) return;
  std::vector<std::string> supported(algs, algs + n);
  libssh2_free(session_.get(), algs);
  std::vector<std::string> order;
  for (const auto& t : known)
    for (const auto& a : algorithms_for(t))
      if (std::find(supported.begin(), supported.end(), a) != supported.end()) order.push_back(a);
  for (const auto& a : supported)
    if (std::find(order.begin(), order.end(), a) == order.end()) order.push_back(a);
  std::string pref;
  for (const auto& a : order) pref += (pref.empty() ? "" : ",") + a;
  libssh2_session_method_pref(session_.get(), LIBSSH2_METHOD_HOSTKEY, pref.c_str());
}

void SshConnection::step_handshake() {
  int rc = libssh2_session_handshake(session_.get(), socket_.get());
  if (rc == LIBSSH2_ERROR_EAGAIN) return;
  if (rc != 0) {
    std::string via;
    if (host_.jump)
      via = " through ProxyJump " + host_.jump->hostname + ":" + std::to_string(host_.jump->port) +
            " (check that the jump host itself is reachable, trusted and accepts your key)";
    auto e = aws::make_error(aws::ErrorKind::Network, "SSH handshake with " + where() + via + " failed: " +
                                                          last_error_message(session_.get()));
    e.retryable = true;
    die(std::move(e));
    return;
  }
  check_host_key();
}

void SshConnection::check_host_key() {
  size_t len = 0;
  int type = 0;
  const char* raw = libssh2_session_hostkey(session_.get(), &len, &type);
  if (!raw) {
    die(refused("HostKeyMissing", "the server at " + where() + " sent no host key", {}));
    return;
  }
  HostKey key;
  key.blob.assign(raw, len);
  key.type = key_type_of_blob(key.blob);
  const auto& file = options_->known_hosts_file;  // where an accepted key is recorded
  const std::string name = known_hosts_name(host_.hostname, host_.port);
  const std::string fp = key.sha256_fingerprint();
  auto known = KnownHosts::load_files(known_hosts_paths(*options_));
  if (!known.load_errors().empty()) {
    // The unread file may hold a @revoked line for this very key: refuse rather than guess.
    die(refused("KnownHostsUnreadable",
                known.load_errors().front() + "; the host key of " + name + " (" + key.type + " " + fp +
                    ") cannot be checked against it. Refusing to connect; nothing was sent.",
                "fix the file's permissions, or drop it from UserKnownHostsFile / GlobalKnownHostsFile in "
                "ssh_config"));
    return;
  }
  auto check = known.check(host_.hostname, host_.port, key);
  switch (check.status) {
    case HostKeyStatus::Match:
      break;
    case HostKeyStatus::Mismatch:
      die(refused("HostKeyMismatch",
                  "host key for " + name + " has CHANGED: the server offered " + key.type + " " + fp +
                      ", which does not match " + check.where() +
                      ". Someone may be intercepting the connection (man-in-the-middle), or the host was "
                      "rebuilt. Refusing to connect; nothing was sent.",
                  "if the change is expected, remove the old key: ssh-keygen -R '" + name + "' -f " +
                      check.file.string()));
      return;
    case HostKeyStatus::Revoked:
      die(refused("HostKeyRevoked",
                  "host key for " + name + " (" + key.type + " " + fp + ") is revoked in " + check.where() +
                      " (@revoked); refusing to connect, nothing was sent",
                  "the key was withdrawn on purpose: get the host's current key from its owner"));
      return;
    case HostKeyStatus::Unknown: {
      if (!check.may_trust_as_new()) {
        // Never asked about and never recorded: the host is meant to be vouched for by a
        // certificate, and an unvouched plain key in its place is exactly what to refuse.
        die(refused("HostKeyCertificateRequired",
                    "host " + name + " is covered by @cert-authority in " + check.cert_authority_where() +
                        ": it proves its identity with a host certificate, which opsdeck (libssh2) cannot "
                        "verify. The plain " + key.type + " key it offered (" + fp +
                        ") is not in known_hosts, so it was neither trusted nor recorded. Refusing to connect; "
                        "nothing was sent.",
                    "add the host's plain public key to " + file.string() +
                        " (ask its owner, or check `ssh-keyscan` output against a trusted fingerprint)"));
        return;
      }
      const auto& strict = host_.strict_host_key_checking;
      bool accept = options_->accept_new_host_key || strict == "accept-new" || strict == "no" || strict == "off";
      if (accept) {
        if (auto r = append_known_host(file, host_.hostname, host_.port, key, options_->hash_known_hosts); !r) {
          die(r.error());
          return;
        }
        break;
      }
      pending_prompt_ = HostKeyPrompt{name, key, fp, check.other_key_types};
      if (!options_->on_unknown_host_key || strict == "yes") {
        die(refused("HostKeyUnknown",
                    "host key for " + name + " is not known (" + key.type + " " + fp + "); refusing to connect",
                    "verify the fingerprint, then accept it with --accept-new-host-key (or answer the prompt)"));
        return;
      }
      host_key_answer_ = std::make_shared<std::optional<bool>>();
      std::weak_ptr<std::optional<bool>> slot = host_key_answer_;
      auto worker = worker_;
      state_ = State::HostKey;
      options_->on_unknown_host_key(pending_prompt_, [slot, worker](bool yes) {
        if (auto w = worker.lock())
          w->post([slot, yes] {
            if (auto s = slot.lock()) *s = yes;
          });
      });
      return;
    }
  }
  state_ = State::Auth;
  AuthSettings a;
  a.user = host_.user.empty() ? options_->local_user : host_.user;
  a.identity_files = host_.identity_files.empty() ? options_->default_identity_files : host_.identity_files;
  a.identities_only = host_.identities_only;
  a.agent_socket = options_->agent_socket;
  a.passphrase_prompt = options_->passphrase_prompt;
  auth_ = std::make_unique<SshAuthenticator>(session_.get(), std::move(a), worker_, where());
  step_auth();
}

void SshConnection::step_host_key() {
  if (!host_key_answer_ || !host_key_answer_->has_value()) return;
  bool yes = **host_key_answer_;
  host_key_answer_.reset();
  if (!yes) {
    die(refused("HostKeyRejected",
                "host key for " + pending_prompt_.host + " (" + pending_prompt_.fingerprint +
                    ") was not accepted; nothing was sent",
                "verify the fingerprint with the host's owner, then accept it at the prompt or with "
                "--accept-new-host-key"));
    return;
  }
  if (auto r = append_known_host(options_->known_hosts_file, host_.hostname, host_.port, pending_prompt_.key,
                                 options_->hash_known_hosts);
      !r) {
    die(r.error());
    return;
  }
  check_host_key();  // now a Match: goes on to authentication
}

void SshConnection::step_auth() {
  switch (auth_->step()) {
    case SshAuthenticator::Status::Running:
      return;
    case SshAuthenticator::Status::Failed:
      die(auth_->error());
      return;
    case SshAuthenticator::Status::Succeeded:
      break;
  }
  auth_.reset();
  state_ = State::Ready;
  ever_ready_ = true;
  if (auto w = worker_.lock()) w->request_immediate_step();  // let the pool hand us work now
  if (host_.server_alive_interval > 0) {
    libssh2_keepalive_config(session_.get(), 1, static_cast<unsigned>(host_.server_alive_interval));
    next_keepalive_ = Clock::now();
  }
  step_ready();
}

bool SshConnection::peer_closed() const {
  pollfd p{socket_.get(), POLLRDHUP, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  return (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

void SshConnection::step_ready() {
  if (active_.empty() && pending_.empty() && peer_closed()) {
    auto e = aws::make_error(aws::ErrorKind::Network, "connection to " + where() + " was closed by the host");
    e.retryable = true;
    die(std::move(e));
    return;
  }
  if (next_keepalive_ != Clock::time_point::max() && Clock::now() >= next_keepalive_) {
    int secs = 0;
    int rc = libssh2_keepalive_send(session_.get(), &secs);
    if (rc != 0 && rc != LIBSSH2_ERROR_EAGAIN && is_session_error(rc)) {
      auto e = aws::make_error(aws::ErrorKind::Network, "connection to " + where() + " lost (keepalive failed)");
      e.retryable = true;
      die(std::move(e));
      return;
    }
    next_keepalive_ = Clock::now() + std::chrono::seconds(std::max(1, secs));
  }
  for (bool progressed = true; progressed;) {
    progressed = false;
    int running = 0;
    for (const auto& t : active_) running += t->is_session_channel() ? 1 : 0;
    while (!pending_.empty() && (running < capacity_ || !pending_.front()->is_session_channel())) {
      running += pending_.front()->is_session_channel() ? 1 : 0;
      active_.push_back(std::move(pending_.front()));
      pending_.pop_front();
    }
    for (size_t i = 0; i < active_.size();) {
      auto task = active_[i];
      switch (task->step(session_.get())) {
        case TaskStep::Running:
          ++i;
          break;
        case TaskStep::Done:
          active_.erase(active_.begin() + static_cast<long>(i));
          progressed = true;  // a slot is free for a pending task
          if (auto w = worker_.lock()) w->request_immediate_step();
          break;
        case TaskStep::Rejected: {
          active_.erase(active_.begin() + static_cast<long>(i));
          int others = 0;
          for (const auto& t : active_) others += t->is_session_channel() ? 1 : 0;
          if (others == 0) {
            task->fail(aws::make_error(aws::ErrorKind::Network,
                                       "the server at " + where() + " refused to open a session channel"));
          } else {
            capacity_ = others;  // the server's real limit (sshd MaxSessions)
            pending_.push_front(std::move(task));
          }
          break;
        }
        case TaskStep::Broken: {
          auto e = aws::make_error(aws::ErrorKind::Network,
                                   "connection to " + where() + " was lost: " + last_error_message(session_.get()) +
                                       " (libssh2 " + std::to_string(task->broken_code) + ")",
                                   "the host may have rebooted or the network dropped; retry");
          e.retryable = true;
          die(std::move(e));
          return;
        }
      }
    }
    if (pending_.empty()) break;
  }
}

}  // namespace opsdeck::ssh
