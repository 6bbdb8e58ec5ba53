#pragma once
// HttpExecutor: one IO thread driving libcurl's multi interface for every HTTP request.
//
// - submit() queues a request from any thread and returns at once; the IO thread wakes
//   through curl_multi_wakeup() and starts it. Connections are kept and reused by the
//   multi handle's connection cache.
// - Timeouts: connect (default 5 s) and whole request (default 30 s), per executor.
// - A response larger than `max_response_bytes`, or shorter than its Content-Length, is
//   an Error (never unbounded memory, never a silently truncated body).
// - submit_stream() is for long-lived responses (event streams): a 2xx body goes to a
//   chunk callback as it arrives, with no size cap and no whole-request timeout, only an
//   idle timeout (HttpRequest::idle_timeout); other statuses are buffered as usual so the
//   error can be parsed.
// - cancel() stops a request or a timer; its callback still runs, with ErrorKind::Cancelled,
//   unless it already ran. The destructor cancels everything outstanding and joins.
//
// Threads: EVERY callback given to this class (submit, schedule) runs on the IO thread.
// Callbacks must not block; they may call submit()/schedule()/cancel() themselves.
// Ownership: the executor owns the curl handles and the IO thread; callers own nothing.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "aws/http_request.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

struct ExecutorOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
  std::size_t max_response_bytes = 64u << 20;  // 64 MiB
  std::string user_agent = "opsdeck";
};

class HttpExecutor {
 public:
  using TaskId = std::uint64_t;
  using Callback = std::function<void(Result<HttpResponse>)>;  // runs on the IO thread
  using Task = std::function<void(bool cancelled)>;            // runs on the IO thread
  // Gets each piece of a streamed 2xx body, in order; returning false aborts the
  // transfer (its callback then gets ErrorKind::Cancelled). Runs on the IO thread.
  using ChunkCallback = std::function<bool(std::string_view chunk)>;

  explicit HttpExecutor(ExecutorOptions options = {});
  ~HttpExecutor();  // stop()
  // Ends every request and timer with Cancelled (on the IO thread) and joins the IO
  // thread; later submit()/schedule() calls are refused at once (their callback runs on the
  // calling thread, cancelled). Idempotent; never call it from the IO thread.
  void stop();
  HttpExecutor(const HttpExecutor&) = delete;
  HttpExecutor& operator=(const HttpExecutor&) = delete;

  // Starts `request`; `done` gets any HTTP response (every status) or a transport Error
  // (Network, Timeout, Parse for an oversized body, Cancelled).
  TaskId submit(HttpRequest request, Callback done);
  // Like submit(), but a 2xx body is handed to `on_chunk` as it arrives and not kept (the
  // response given to `done` then has an empty body). `request.idle_timeout` (0: the
  // executor's request_timeout) bounds the time without any byte.
  TaskId submit_stream(HttpRequest request, ChunkCallback on_chunk, Callback done);
  // Runs `task(false)` on the IO thread after `delay`, or `task(true)` if cancelled first
  // or the executor shuts down.
  TaskId schedule(std::chrono::milliseconds delay, Task task);
  void cancel(TaskId id);

  bool on_io_thread() const;
  const ExecutorOptions& options() const;
  // Requests and timers not yet finished.
  int pending() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace opsdeck::aws
