#include "ssh/ssm/native_shell.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "ssh/terminal_relay.hpp"
#include "ssh/unique_fd.hpp"

namespace opsdeck::ssh::ssm {
namespace {

constexpr size_t kMaxInputMessage = 1024;

// How a session ended, filled on the I/O thread and read after it is over.
struct Ending {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  bool failed = false;
  std::string reason;
  std::optional<int> exit_code;
};

std::optional<int> parse_exit_code(std::string_view payload) {
  std::string digits;
  for (char c : payload)
    if ((c >= '0' && c <= '9') || (c == '-' && digits.empty())) digits += c;
  if (digits.empty() || digits == "-" || digits.size() > 9) return std::nullopt;
  return std::stoi(digits);
}

aws::Result<int> outcome(const aws::SsmSession& session, Ending& e) {
  if (e.failed)
    return aws::make_error(aws::ErrorKind::Network,
                           "Session Manager session " + session.session_id + " ended: " + e.reason,
                           "check that the instance's SSM agent is online (:ssm) and retry");
  return e.exit_code.value_or(0);
}

}  // namespace

aws::Result<int> run_native_shell(const aws::SsmSession& session, StreamSessionOptions options, int in_fd,
                                  int out_fd) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0)
    return aws::make_error(aws::ErrorKind::Internal, "pipe failed");
  UniqueFd done_read(p[0]), done_write(p[1]);
  Ending ending;
  StreamSessionEvents events;
  events.ready = [out_fd](const SessionTypeRequest&, const std::string& message) {
    if (!message.empty()) write_all(out_fd, message + "\r\n");
  };
  events.data = [out_fd, &ending](PayloadType type, std::string payload) {
    if (type == PayloadType::Output || type == PayloadType::StdErr) write_all(out_fd, payload);
    if (type == PayloadType::ExitCode) ending.exit_code = parse_exit_code(payload);
  };
  events.state = [out_fd](const std::string& state) {
    if (state.rfind("reconnect", 0) == 0) write_all(out_fd, "\r\n\x1b[2m[opsdeck: " + state + "]\x1b[0m\r\n");
  };
  events.ended = [&ending, fd = done_write.get()](const std::string& reason, bool failed) {
    {
      std::lock_guard lock(ending.mu);
      ending.done = true;
      ending.failed = failed;
      ending.reason = reason;
    }
    ending.cv.notify_all();
    char c = 1;
    [[maybe_unused]] auto n = ::write(fd, &c, 1);
  };
  SsmStreamSession stream(session, std::move(options), std::move(events));

  TerminalSize last{0, 0};
  RelayTarget target;
  target.input = [&stream](std::string_view bytes) {
    while (!bytes.empty()) {
      std::string chunk(bytes.substr(0, kMaxInputMessage));
      bytes.remove_prefix(chunk.size());
      if (chunk == "\n") chunk = "\r";
      stream.send(PayloadType::Output, std::move(chunk));
    }
  };
  target.resize = [&stream, &last](TerminalSize size) {
    if (size.columns == last.columns && size.rows == last.rows) return;
    last = size;
    stream.send(PayloadType::Size, nlohmann::json{{"cols", size.columns}, {"rows", size.rows}}.dump());
  };
  // The end of local input is the end-of-file character for the remote shell, as on a terminal.
  target.input_closed = [&stream] { stream.send(PayloadType::Output, "\x04"); };
  target.backlog = [&stream] { return stream.backlog_bytes(); };
  stream.start();
  if (!relay_terminal(in_fd, out_fd, done_read.get(), target)) stream.terminate();
  {
    std::unique_lock lock(ending.mu);
    ending.cv.wait_for(lock, std::chrono::seconds(5), [&] { return ending.done; });
  }
  return outcome(session, ending);
}

aws::Result<int> run_native_command(const aws::SsmSession& session, StreamSessionOptions options,
                                    const CommandStreams& streams) {
  Ending ending;
  std::deque<std::pair<PayloadType, std::string>> arrived;  // under ending.mu
  StreamSessionEvents events;
  events.data = [&ending, &arrived](PayloadType type, std::string payload) {
    std::lock_guard lock(ending.mu);
    if (type == PayloadType::ExitCode)
      ending.exit_code = parse_exit_code(payload);
    else
      arrived.emplace_back(type, std::move(payload));
    ending.cv.notify_all();
  };
  events.ended = [&ending](const std::string& reason, bool failed) {
    std::lock_guard lock(ending.mu);
    ending.done = true;
    ending.failed = failed;
    ending.reason = reason;
    ending.cv.notify_all();
  };
  SsmStreamSession stream(session, std::move(options), std::move(events));
  stream.start();
  bool terminating = false;
  auto terminate_by = std::chrono::steady_clock::time_point::max();
  std::unique_lock lock(ending.mu);
  for (;;) {
    ending.cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return ending.done || !arrived.empty(); });
    while (!arrived.empty()) {  // the callbacks run here, on the calling thread, unlocked
      auto [type, payload] = std::move(arrived.front());
      arrived.pop_front();
      lock.unlock();
      if (type == PayloadType::Output && streams.on_stdout) streams.on_stdout(payload);
      if (type == PayloadType::StdErr && streams.on_stderr) streams.on_stderr(payload);
      lock.lock();
    }
    if (ending.done) break;
    if (!terminating && streams.cancelled && streams.cancelled()) {
      terminating = true;
      terminate_by = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      stream.terminate();
    }
    if (terminating && std::chrono::steady_clock::now() > terminate_by) break;
  }
  if (terminating) return aws::make_error(aws::ErrorKind::Cancelled, "cancelled: session " + session.session_id + " terminated");
  return outcome(session, ending);
}

}  // namespace opsdeck::ssh::ssm
