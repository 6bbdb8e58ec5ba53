#include "ssh/ssm/ssm_port_forward.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <nlohmann/json.hpp>

#include "aws/ssm.hpp"
#include "ssh/dotted_version.hpp"
#include "ssh/port_forward.hpp"
#include "ssh/ssm/session_start.hpp"

namespace opsdeck::ssh::ssm {
namespace {

using namespace std::chrono_literals;

constexpr std::chrono::milliseconds kMaxRestartDelay{30000};
constexpr std::chrono::milliseconds kFinWait{5000};      // our FIN sent, the agent's not yet
constexpr std::chrono::milliseconds kTerminateWait{5000};
constexpr size_t kSmuxReadChunk = 16384;
constexpr const char* kMuxMinAgentVersion = "3.0.196.0";  // the plugin multiplexes above this
// A ClientVersion below 1.1.70: the agent then keeps to the basic single-connection mode.
constexpr const char* kBasicClientVersion = "1.1.61.0";

std::string seconds_text(std::chrono::milliseconds ms) {
  return std::to_string((ms.count() + 999) / 1000) + " s";
}

}  // namespace

// One accepted local connection. Its fd and flags belong to the forward's thread; rx,
// remote_closed, got_data and refused are also written by the session's I/O thread. All
// under SsmPortForward::mu_.
struct SsmPortForward::Connection {
  UniqueFd fd;
  uint64_t generation = 0;  // the session carrying it, once attached
  bool attached = false;
  uint32_t stream = 0;      // smux stream id
  std::string rx;           // from the far end, not yet written locally (from rx_off)
  size_t rx_off = 0;
  bool remote_closed = false, local_eof = false, got_data = false, refused = false;
  Clock::time_point accepted, local_eof_at;
  size_t pending() const { return rx.size() - rx_off; }
};

aws::Result<std::shared_ptr<SsmPortForward>> SsmPortForward::open(
    const aws::SyncCaller& call, PortForwardSpec spec, std::function<void(const PortForwardStatus&)> on_change) {
  if (spec.target.empty()) return aws::make_error(aws::ErrorKind::Usage, "a port forward needs an instance id");
  if (spec.remote_port < 1 || spec.remote_port > 65535)
    return aws::make_error(aws::ErrorKind::Usage,
                           "remote port " + std::to_string(spec.remote_port) + " is not a TCP port (1-65535)");
  if (spec.local_port < 0 || spec.local_port > 65535)
    return aws::make_error(aws::ErrorKind::Usage,
                           "local port " + std::to_string(spec.local_port) + " is not a TCP port (0-65535)");
  if (spec.message_bytes < 64) spec.message_bytes = 64;
  auto bound = listen_loopback(spec.local_port);
  if (!bound) return bound.error();
  int port = bound->second;
  std::shared_ptr<SsmPortForward> forward(
      new SsmPortForward(call, std::move(spec), std::move(bound->first), port, std::move(on_change)));
  if (!forward->wake_read_.valid()) return aws::make_error(aws::ErrorKind::Internal, "pipe failed");
  forward->thread_ = std::thread([raw = forward.get()] { raw->run(); });
  return forward;
}

SsmPortForward::SsmPortForward(aws::SyncCaller call, PortForwardSpec spec, UniqueFd listener, int local_port,
                               std::function<void(const PortForwardStatus&)> on_change)
    : call_(std::move(call)), spec_(std::move(spec)), on_change_(std::move(on_change)), listener_(std::move(listener)) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0) {
    wake_read_.reset(p[0]);
    wake_write_.reset(p[1]);
  }
  status_.local_port = local_port;
  status_.started = std::chrono::system_clock::now();
  last_traffic_ = Clock::now();
}

SsmPortForward::~SsmPortForward() {
  close();
  if (thread_.joinable()) {
    if (thread_.get_id() == std::this_thread::get_id())
      thread_.detach();
    else
      thread_.join();
  }
}

PortForwardStatus SsmPortForward::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void SsmPortForward::close() {
  {
    std::lock_guard lock(mu_);
    close_requested_ = true;
  }
  receive_room_.notify_all();
  wake();
}

void SsmPortForward::wait() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] {
    return status_.state == PortForwardStatus::State::Closed || status_.state == PortForwardStatus::State::Failed;
  });
}

bool SsmPortForward::wait_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] {
    return status_.state == PortForwardStatus::State::Closed || status_.state == PortForwardStatus::State::Failed;
  });
}

void SsmPortForward::wake() {
  char c = 1;
  [[maybe_unused]] auto n = ::write(wake_write_.get(), &c, 1);
}

void SsmPortForward::post(Event e) {
  {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(e));
  }
  changed_.notify_all();
  wake();
}

void SsmPortForward::set_state(PortForwardStatus::State state, std::string detail) {
  status_.state = state;
  status_.detail = std::move(detail);
  to_notify_.push_back(status_);
  changed_.notify_all();
}

void SsmPortForward::notify_pending() {
  std::vector<PortForwardStatus> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(to_notify_);
  }
  if (on_change_)
    for (const auto& s : batch) on_change_(s);
}

// ---- the forward's thread -------------------------------------------------------------

void SsmPortForward::run() {
  std::unique_lock lock(mu_);
  set_state(PortForwardStatus::State::Starting, "starting a Session Manager session to " + spec_.target);
  for (;;) {
    lock.unlock();
    notify_pending();
    lock.lock();
    auto now = Clock::now();
    if (close_requested_) {
      shutdown(lock, "closed");
      break;
    }
    if (status_.state == PortForwardStatus::State::Failed) {
      shutdown(lock, status_.detail);
      break;
    }
    if (!session_ && now >= next_start_) {
      lock.unlock();
      start_session();
      lock.lock();
      continue;
    }
    while (!events_.empty()) {
      Event e = std::move(events_.front());
      events_.pop_front();
      handle_event(e, lock);
    }
    if (spec_.idle_timeout.count() > 0 && now - last_traffic_ > spec_.idle_timeout) {
      shutdown(lock, "closed: no traffic either way for " + std::to_string(spec_.idle_timeout.count()) +
                         " s (idle timeout)");
      break;
    }
    attach_waiting(now);

    std::vector<pollfd> fds{{wake_read_.get(), POLLIN, 0}, {listener_.get(), POLLIN, 0}};
    std::vector<int> ids;
    bool can_read = reading_allowed(), throttled = false;
    for (auto& [id, c] : connections_) {
      short events = 0;
      if (c->pending() > 0) events |= POLLOUT;
      if (c->attached && !c->local_eof) {
        if (can_read)
          events |= POLLIN;
        else
          throttled = true;
      }
      if (events == 0) continue;
      fds.push_back({c->fd.get(), events, 0});
      ids.push_back(id);
    }
    // Acknowledgements that make room arrive on the I/O thread without a wake-up: look
    // again soon while reading is held back.
    int timeout_ms = throttled ? 2 : 100;
    lock.unlock();
    notify_pending();
    ::poll(fds.data(), fds.size(), timeout_ms);
    lock.lock();
    if (fds[0].revents) {
      char buf[256];
      while (::read(wake_read_.get(), buf, sizeof buf) > 0) {
      }
    }
    if (fds[1].revents & POLLIN) accept_connections();
    now = Clock::now();
    for (size_t i = 2; i < fds.size(); ++i) {
      auto it = connections_.find(ids[i - 2]);
      if (it != connections_.end()) service(*it->second, fds[i].revents, now);
    }
    for (auto& [id, c] : connections_) {
      if (!c->fd.valid()) continue;
      if (c->pending() > 0 && !fds.empty()) service(*c, 0, now);  // data that arrived during poll
      if (!c->fd.valid()) continue;
      if (c->attached && c->remote_closed && c->pending() == 0)
        finish(*c, c->refused ? "refused" : "");
      else if (c->local_eof && now - c->local_eof_at > kFinWait)
        finish(*c);
    }
    std::erase_if(connections_, [](const auto& p) { return !p.second->fd.valid(); });
  }
  lock.unlock();
  notify_pending();
}

void SsmPortForward::start_session() {
  std::string document =
      spec_.remote_host.empty() ? "AWS-StartPortForwardingSession" : "AWS-StartPortForwardingSessionToRemoteHost";
  std::map<std::string, std::vector<std::string>> parameters{
      {"portNumber", {std::to_string(spec_.remote_port)}}};
  int local_port;
  {
    std::lock_guard lock(mu_);
    local_port = status_.local_port;
  }
  parameters["localPortNumber"] = {std::to_string(local_port)};
  if (!spec_.remote_host.empty()) parameters["host"] = {spec_.remote_host};
  auto started = aws::start_session(call_, spec_.target, document, parameters);

  std::unique_lock lock(mu_);
  if (!started) {
    const aws::Error& e = started.error();
    bool transient = e.kind == aws::ErrorKind::Network || e.kind == aws::ErrorKind::Timeout || e.retryable ||
                     e.code == "TargetNotConnected";
    if (!ever_open_ && !transient) {
      set_state(PortForwardStatus::State::Failed, "StartSession failed: " + e.message);
      return;
    }
    next_start_ = Clock::now() + restart_delay_;
    std::string detail = "StartSession failed: " + e.message + "; retrying in " + seconds_text(restart_delay_);
    restart_delay_ = std::min(kMaxRestartDelay, restart_delay_ * 2);
    set_state(ever_open_ ? PortForwardStatus::State::Reconnecting : PortForwardStatus::State::Starting, detail);
    return;
  }
  ++status_.sessions;
  status_.session_id = started->session_id;
  uint64_t generation = ++generation_;
  auto options = stream_options(call_, started->session_id, spec_.target);
  options.connect_timeout = spec_.connect_timeout;
  options.handshake_timeout = spec_.connect_timeout;
  options.stall_timeout = spec_.stall_timeout;
  if (!spec_.multiplex) options.channel.client_version = kBasicClientVersion;
  StreamSessionEvents events;
  events.ready = [this, generation](const SessionTypeRequest& type, const std::string&) { on_ready(generation, type); };
  events.data = [this, generation](PayloadType type, std::string payload) {
    on_data(generation, type, std::move(payload));
  };
  events.state = [this, generation](const std::string& state) { post({Event::Kind::State, generation, state}); };
  events.ended = [this, generation](const std::string& reason, bool failed) {
    post({Event::Kind::Ended, generation, reason, failed});
  };
  session_ = std::make_unique<SsmStreamSession>(*started, std::move(options), std::move(events));
  session_->start();
  if (status_.sessions > 1)
    set_state(PortForwardStatus::State::Reconnecting, "started a new session " + started->session_id);
}

void SsmPortForward::handle_event(const Event& e, std::unique_lock<std::mutex>& lock) {
  if (e.generation != generation_) return;
  switch (e.kind) {
    case Event::Kind::Ready:
      session_open_ = true;
      if (ever_open_) ++status_.reconnects;  // a replacement session
      ever_open_ = true;
      restart_delay_ = 1000ms;
      status_.mode = smux_mode_ ? "smux" : "basic";
      set_state(PortForwardStatus::State::Open, status_.mode + ", session " + status_.session_id);
      return;
    case Event::Kind::State:
      if (e.text.rfind("reconnecting", 0) == 0) {
        set_state(PortForwardStatus::State::Reconnecting, "data channel " + e.text);
      } else if (e.text == "reconnected") {
        ++status_.reconnects;
        set_state(session_open_ ? PortForwardStatus::State::Open : PortForwardStatus::State::Starting,
                  "data channel resumed (session " + status_.session_id + ")");
      }
      return;
    case Event::Kind::Ended:
      session_over(e.text, e.failed, lock);
      return;
  }
}

void SsmPortForward::session_over(const std::string& reason, bool failed, std::unique_lock<std::mutex>& lock) {
  session_open_ = false;
  for (auto& [id, c] : connections_)
    if (c->fd.valid() && c->attached) finish(*c, "the session ended: " + reason);
  smux_.reset();
  smux_mode_ = false;
  by_stream_.clear();
  basic_active_ = nullptr;
  receive_bytes_ -= std::min(receive_bytes_, basic_early_.size());
  basic_early_.clear();
  pending_refusals_ = 0;
  auto old = std::move(session_);
  lock.unlock();
  old.reset();  // joins its I/O thread, which has finished with us
  lock.lock();
  receive_room_.notify_all();
  if (close_requested_) return;
  next_start_ = Clock::now() + restart_delay_;
  std::string detail = std::string(failed ? "the session failed: " : "the session ended: ") + reason +
                       "; starting a new one in " + seconds_text(restart_delay_);
  restart_delay_ = std::min(kMaxRestartDelay, restart_delay_ * 2);
  set_state(PortForwardStatus::State::Reconnecting, detail);
}

void SsmPortForward::accept_connections() {
  for (;;) {
    int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto c = std::make_unique<Connection>();
    c->fd.reset(fd);
    c->accepted = Clock::now();
    ++status_.total_connections;
    ++status_.open_connections;
    connections_.emplace(next_connection_id_++, std::move(c));
  }
}

void SsmPortForward::attach_waiting(Clock::time_point now) {
  for (auto& [id, c] : connections_) {
    if (!c->fd.valid() || c->attached) continue;
    if (session_open_ && session_) {
      if (smux_mode_) {
        if (!smux_ || smux_->failed()) continue;
        c->stream = smux_->open();
        by_stream_[c->stream] = c.get();
      } else {
        if (basic_active_) continue;  // basic mode: one at a time, the rest wait their turn
        basic_active_ = c.get();
        c->rx = std::move(basic_early_);
        basic_early_.clear();
      }
      c->attached = true;
      c->generation = generation_;
      continue;
    }
    if (now - c->accepted > spec_.connect_timeout)
      finish(*c, "no open session to carry a connection within " + seconds_text(spec_.connect_timeout) + " (" +
                     status_.detail + ")");
  }
}

bool SsmPortForward::reading_allowed() const {
  return session_open_ && session_ && session_->backlog_bytes() < kMaxOutboundBacklog;
}

void SsmPortForward::service(Connection& c, short revents, Clock::time_point now) {
  if (!c.fd.valid()) return;
  bool wrote = false;
  while (c.pending() > 0) {
    ssize_t n = ::send(c.fd.get(), c.rx.data() + c.rx_off, c.pending(), MSG_NOSIGNAL);
    if (n > 0) {
      c.rx_off += static_cast<size_t>(n);
      status_.bytes_to_local += static_cast<uint64_t>(n);
      receive_bytes_ -= std::min(receive_bytes_, static_cast<size_t>(n));
      last_traffic_ = now;
      wrote = true;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      finish(c);  // the local client went away
      receive_room_.notify_all();
      return;
    }
  }
  if (c.rx_off == c.rx.size()) {
    c.rx.clear();
    c.rx_off = 0;
  } else if (c.rx_off > (256u << 10)) {
    c.rx.erase(0, c.rx_off);
    c.rx_off = 0;
  }
  if (wrote) receive_room_.notify_all();

  if (!(revents & (POLLIN | POLLHUP | POLLERR)) || !c.attached || c.local_eof) return;
  size_t chunk = smux_mode_ ? kSmuxReadChunk : spec_.message_bytes;
  char buf[kSmuxReadChunk];
  chunk = std::min(chunk, sizeof buf);
  for (int reads = 0; reads < 8 && reading_allowed(); ++reads) {
    ssize_t n = ::recv(c.fd.get(), buf, chunk, 0);
    if (n > 0) {
      status_.bytes_to_remote += static_cast<uint64_t>(n);
      last_traffic_ = now;
      std::string_view bytes(buf, static_cast<size_t>(n));
      if (smux_mode_) {
        if (smux_) smux_->write(c.stream, bytes);
      } else {
        session_->send(PayloadType::Output, std::string(bytes));
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    // End of the local side (or an error on it): smux sends FIN and waits for the agent's;
    // basic mode tells the agent with DisconnectToPort.
    c.local_eof = true;
    c.local_eof_at = now;
    if (smux_mode_) {
      if (smux_) smux_->close(c.stream);
    } else {
      finish(c);
    }
    return;
  }
}

void SsmPortForward::finish(Connection& c, const std::string& failure) {
  if (!c.fd.valid()) return;
  bool current = c.attached && c.generation == generation_ && session_open_ && session_;
  if (c.attached && smux_mode_) {
    if (current && smux_) smux_->close(c.stream);
    by_stream_.erase(c.stream);
  }
  if (&c == basic_active_) {
    if (current) session_->send(PayloadType::Flag, flag_payload(SessionFlag::DisconnectToPort));
    basic_active_ = nullptr;
  }
  receive_bytes_ -= std::min(receive_bytes_, c.pending());
  c.rx.clear();
  c.rx_off = 0;
  c.fd.reset();
  --status_.open_connections;
  receive_room_.notify_all();
  if (c.refused || !failure.empty()) {
    ++status_.failed_connections;
    std::string where = (spec_.remote_host.empty() ? std::string("port ") : spec_.remote_host + ":") +
                        std::to_string(spec_.remote_port);
    status_.detail = c.refused ? "a connection failed: the agent could not connect to " + where
                               : "a connection failed: " + failure;
    to_notify_.push_back(status_);
  }
}

void SsmPortForward::shutdown(std::unique_lock<std::mutex>& lock, const std::string& detail) {
  close_requested_ = true;
  receive_room_.notify_all();
  bool had_session = session_open_;
  session_open_ = false;
  for (auto& [id, c] : connections_) finish(*c);
  connections_.clear();
  by_stream_.clear();
  basic_active_ = nullptr;
  if (session_) {
    uint64_t generation = generation_;
    SsmStreamSession* s = session_.get();
    lock.unlock();
    s->terminate();
    lock.lock();
    changed_.wait_for(lock, kTerminateWait, [&] {
      return std::any_of(events_.begin(), events_.end(), [&](const Event& e) {
        return e.kind == Event::Kind::Ended && e.generation == generation;
      });
    });
    auto old = std::move(session_);
    lock.unlock();
    old.reset();
    lock.lock();
  }
  (void)had_session;
  smux_.reset();
  listener_.reset();
  if (status_.state != PortForwardStatus::State::Failed) set_state(PortForwardStatus::State::Closed, detail);
  changed_.notify_all();
}

// ---- the session's I/O thread ----------------------------------------------------------

void SsmPortForward::on_ready(uint64_t generation, const SessionTypeRequest& type) {
  {
    std::lock_guard lock(mu_);
    if (generation != generation_) return;
    auto properties = nlohmann::json::parse(type.properties, nullptr, false);
    bool local_forwarding = properties.is_object() && properties.contains("type") &&
                            properties["type"].is_string() && properties["type"] == "LocalPortForwarding";
    smux_mode_ = type.session_type == "Port" && local_forwarding && spec_.multiplex &&
                 compare_versions(type.agent_version, kMuxMinAgentVersion) > 0;
    if (smux_mode_) {
      SmuxEvents events;
      events.send = [this](std::string bytes) {
        std::string_view rest(bytes);
        while (!rest.empty()) {
          size_t n = std::min(rest.size(), spec_.message_bytes);
          session_->send(PayloadType::Output, std::string(rest.substr(0, n)));
          rest.remove_prefix(n);
        }
      };
      events.data = [this](uint32_t stream, std::string data) {
        auto it = by_stream_.find(stream);
        if (it == by_stream_.end()) return;
        it->second->got_data = true;
        receive_bytes_ += data.size();
        it->second->rx += data;
      };
      events.remote_closed = [this](uint32_t stream) {
        auto it = by_stream_.find(stream);
        if (it == by_stream_.end()) return;
        it->second->remote_closed = true;
        if (!it->second->got_data && pending_refusals_ > 0) {
          --pending_refusals_;
          it->second->refused = true;
        }
      };
      events.failed = [this](const aws::Error& e) {
        status_.detail = "the port stream broke (" + e.message + "); ending the session";
        if (session_) session_->terminate();
      };
      smux_ = std::make_unique<SmuxSession>(std::move(events));
    }
    events_.push_back({Event::Kind::Ready, generation, type.session_type});
  }
  changed_.notify_all();
  wake();
}

bool SsmPortForward::receive_full() const {
  if (receive_bytes_ >= kMaxReceive || basic_early_.size() >= kMaxStreamReceive) return true;
  for (const auto& [id, c] : connections_)
    if (c->pending() >= kMaxStreamReceive) return true;
  return false;
}

void SsmPortForward::on_data(uint64_t generation, PayloadType type, std::string payload) {
  std::unique_lock lock(mu_);
  if (generation != generation_ || close_requested_) return;
  if (type == PayloadType::Flag) {
    auto flag = parse_flag(payload);
    if (flag && *flag == static_cast<uint32_t>(SessionFlag::ConnectToPortError)) {
      if (smux_mode_)
        ++pending_refusals_;
      else if (basic_active_)
        basic_active_->refused = true;
    }
  } else if (type == PayloadType::Output) {
    if (smux_mode_) {
      if (smux_) smux_->receive(payload);
    } else if (basic_active_) {
      receive_bytes_ += payload.size();
      basic_active_->got_data = true;
      basic_active_->rx += payload;
    } else {
      receive_bytes_ += payload.size();
      basic_early_ += payload;
    }
  }
  lock.unlock();
  wake();
  lock.lock();
  // Bounded memory: hold the data channel (as smux holds its connection) until the local
  // side has taken enough.
  while (!close_requested_ && generation == generation_ && receive_full())
    receive_room_.wait_for(lock, 100ms);
}

}  // namespace opsdeck::ssh::ssm
