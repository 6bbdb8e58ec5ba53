#include "aws/http_executor.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "aws/curl_fence.hpp"
#include "aws/network_fence.hpp"

namespace opsdeck::aws {

namespace {

using Clock = std::chrono::steady_clock;

std::once_flag g_curl_init;

// One request in flight. Owned by Impl::transfers_ (keyed by easy handle).
struct Transfer {
  HttpExecutor::TaskId id = 0;
  HttpRequest request;
  HttpExecutor::Callback done;
  HttpExecutor::ChunkCallback on_chunk;  // set for a streaming request
  bool streaming_body = false;           // the status is 2xx: the body goes to on_chunk
  bool status_checked = false;
  bool aborted = false;                  // on_chunk returned false
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  HttpResponse response;
  std::size_t cap = 0;
  bool too_large = false;
  std::string fenced;  // the address the network fence refused (curl_fence.hpp)
  char errbuf[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (headers) curl_slist_free_all(headers);
    if (easy) curl_easy_cleanup(easy);
  }
};

struct Timer {
  Clock::time_point due;
  HttpExecutor::Task task;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  if (t->on_chunk && !t->status_checked) {
    t->status_checked = true;
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    t->streaming_body = status >= 200 && status < 300;
  }
  if (t->streaming_body) {
    if (t->on_chunk(std::string_view(data, len))) return len;
    t->aborted = true;
    return 0;
  }
  if (t->response.body.size() + len > t->cap) {
    t->too_large = true;
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, len);
  return len;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  std::string_view line(data, len);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    t->response.headers.clear();  // a new status line (after 100 Continue or a redirect)
    return len;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string name(line.substr(0, colon));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  t->response.headers.emplace_back(std::move(name), std::string(value));
  return len;
}

Error transport_error(const Transfer& t, CURLcode rc, const ExecutorOptions& o) {
  Error e;
  e.endpoint = t.request.scheme + "://" + t.request.host;
  e.http_status = 0;
  std::string detail = t.errbuf[0] ? std::string(t.errbuf) : std::string(curl_easy_strerror(rc));
  if (!t.fenced.empty()) {
    e.kind = ErrorKind::ReadOnly;
    e.message = fence_refusal(t.fenced);
    e.hint = kFenceHint;
    return e;
  }
  if (t.aborted) {
    e.kind = ErrorKind::Cancelled;
    e.message = "stream closed by its reader";
    return e;
  }
  if (rc == CURLE_OPERATION_TIMEDOUT && t.on_chunk) {
    e.kind = ErrorKind::Timeout;
    e.retryable = true;
    e.message = fmt::format("the stream stalled: no data for {} s",
                            ((t.request.idle_timeout.count() > 0 ? t.request.idle_timeout : o.request_timeout).count() + 999) / 1000);
    e.hint = "check the endpoint and the network";
    return e;
  }
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      e.kind = ErrorKind::Timeout;
      e.retryable = true;
      e.message = fmt::format("no complete answer within the timeout (connect {} ms, request {} ms): {}",
                              o.connect_timeout.count(),
                              (t.request.timeout.count() > 0 ? t.request.timeout : o.request_timeout).count(), detail);
      e.hint = "check the endpoint and the network, or raise the timeout";
      break;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      e.kind = ErrorKind::Parse;
      e.message = fmt::format("response larger than the {} byte limit; refused", t.cap);
      e.hint = "narrow the request (filters, a smaller page size)";
      break;
    case CURLE_PARTIAL_FILE:
      e.kind = ErrorKind::Network;
      e.retryable = true;
      e.message = "truncated response: the connection closed before the whole body arrived";
      break;
    default:
      e.kind = ErrorKind::Network;
      e.retryable = true;
      e.message = fmt::format("cannot reach the endpoint: {}", detail);
      e.hint = "check the endpoint URL, the region and the network";
      break;
  }
  if (t.too_large) {
    e.kind = ErrorKind::Parse;
    e.retryable = false;
    e.message = fmt::format("response larger than the {} byte limit; refused", t.cap);
  }
  return e;
}

}  // namespace

struct HttpExecutor::Impl {
  ExecutorOptions options;
  CURLM* multi = nullptr;
  std::thread io;
  std::thread::id io_id;

  // Shared with callers, under `mu`.
  std::mutex mu;
  bool stopping = false;
  std::vector<std::pair<TaskId, std::unique_ptr<Transfer>>> incoming;
  std::vector<std::pair<TaskId, Timer>> incoming_timers;
  std::vector<TaskId> cancels;
  std::atomic<std::uint64_t> next_id{1};
  std::atomic<int> pending{0};

  // IO-thread only.
  std::map<CURL*, std::unique_ptr<Transfer>> transfers;
  std::map<TaskId, Timer> timers;

  void wake() { curl_multi_wakeup(multi); }

  void start(std::unique_ptr<Transfer> t) {
    const HttpRequest& r = t->request;
    t->easy = curl_easy_init();
    t->cap = options.max_response_bytes;
    CURL* e = t->easy;
    std::string url = r.url();
    curl_easy_setopt(e, CURLOPT_URL, url.c_str());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    auto total = r.timeout.count() > 0 ? r.timeout : options.request_timeout;
    auto connect = std::min(options.connect_timeout, total);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect.count()));
    if (t->on_chunk) {
      // A stream lasts as long as its server keeps it open; only silence ends it.
      auto idle = r.idle_timeout.count() > 0 ? r.idle_timeout : options.request_timeout;
      curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>((idle.count() + 999) / 1000));
    } else {
      curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(total.count()));
      curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t->cap));
    }
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    fence_curl(e, &t->fenced);
    if (!options.user_agent.empty()) curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
    if (r.method == "GET") {
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else if (r.method == "HEAD") {
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else {
      if (r.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());  // Transfer owns the body
    }
    bool has_ct = false;
    for (const auto& [k, v] : r.headers) {
      std::string lk = k;
      for (auto& c : lk) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lk == "host") continue;  // curl derives it from the URL (same value)
      if (lk == "content-type") has_ct = true;
      std::string line = v.empty() ? k + ";" : k + ": " + v;
      t->headers = curl_slist_append(t->headers, line.c_str());
    }
    if (!has_ct && r.method != "GET" && r.method != "HEAD")
      t->headers = curl_slist_append(t->headers, "Content-Type:");
    t->headers = curl_slist_append(t->headers, "Expect:");  // no 100-continue round trip
    t->headers = curl_slist_append(t->headers, "Accept:");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl_multi_add_handle(multi, e);
    transfers.emplace(e, std::move(t));
  }

  void finish(CURL* easy, CURLcode rc) {
    auto it = transfers.find(easy);
    if (it == transfers.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    transfers.erase(it);
    curl_multi_remove_handle(multi, easy);
    if (rc == CURLE_OK && !t->too_large) {
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      t->response.status = static_cast<int>(status);
      auto done = std::move(t->done);
      HttpResponse resp = std::move(t->response);
      t.reset();
      --pending;
      done(std::move(resp));
    } else {
      Error e = transport_error(*t, rc, options);
      auto done = std::move(t->done);
      t.reset();
      --pending;
      done(std::move(e));
    }
  }

  void cancel_transfer(TaskId id) {
    for (auto it = transfers.begin(); it != transfers.end(); ++it) {
      if (it->second->id != id) continue;
      std::unique_ptr<Transfer> t = std::move(it->second);
      curl_multi_remove_handle(multi, it->first);
      transfers.erase(it);
      Error e = make_error(ErrorKind::Cancelled, "request cancelled");
      e.endpoint = t->request.scheme + "://" + t->request.host;
      auto done = std::move(t->done);
      t.reset();
      --pending;
      done(std::move(e));
      return;
    }
    auto tit = timers.find(id);
    if (tit != timers.end()) {
      auto task = std::move(tit->second.task);
      timers.erase(tit);
      --pending;
      task(true);
    }
  }

  // Moves work handed over by other threads into IO-thread state. Returns false to stop.
  bool drain() {
    std::vector<std::pair<TaskId, std::unique_ptr<Transfer>>> in;
    std::vector<std::pair<TaskId, Timer>> in_timers;
    std::vector<TaskId> cs;
    bool stop;
    {
      std::lock_guard lock(mu);
      in.swap(incoming);
      in_timers.swap(incoming_timers);
      cs.swap(cancels);
      stop = stopping;
    }
    for (auto& [id, t] : in) start(std::move(t));
    for (auto& [id, tm] : in_timers) timers.emplace(id, std::move(tm));
    for (TaskId id : cs) cancel_transfer(id);
    return !stop;
  }

  void run_due_timers() {
    auto now = Clock::now();
    while (!timers.empty()) {
      auto it = std::min_element(timers.begin(), timers.end(), [](const auto& a, const auto& b) {
        return a.second.due < b.second.due;
      });
      if (it->second.due > now) break;
      auto task = std::move(it->second.task);
      timers.erase(it);
      --pending;
      task(false);
    }
  }

  int poll_timeout_ms() const {
    int ms = 1000;
    auto now = Clock::now();
    for (const auto& [id, tm] : timers) {
      auto d = std::chrono::duration_cast<std::chrono::milliseconds>(tm.due - now).count();
      ms = std::min<int>(ms, static_cast<int>(std::max<long long>(d, 0)));
    }
    return ms;
  }

  void loop() {
    while (drain()) {
      int running = 0;
      curl_multi_perform(multi, &running);
      int left = 0;
      while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
        if (m->msg == CURLMSG_DONE) finish(m->easy_handle, m->data.result);
      }
      run_due_timers();
      {
        std::lock_guard lock(mu);
        if (!incoming.empty() || !incoming_timers.empty() || !cancels.empty() || stopping) continue;
      }
      curl_multi_poll(multi, nullptr, 0, poll_timeout_ms(), nullptr);
    }
    // Shutdown: everything outstanding is cancelled; callbacks still run, here.
    std::vector<TaskId> ids;
    for (auto& [e, t] : transfers) ids.push_back(t->id);
    for (auto& [id, tm] : timers) ids.push_back(id);
    for (TaskId id : ids) cancel_transfer(id);
    std::vector<std::pair<TaskId, std::unique_ptr<Transfer>>> in;
    std::vector<std::pair<TaskId, Timer>> in_timers;
    {
      std::lock_guard lock(mu);
      in.swap(incoming);
      in_timers.swap(incoming_timers);
    }
    for (auto& [id, t] : in) {
      --pending;
      t->done(make_error(ErrorKind::Cancelled, "request cancelled: client shutting down"));
    }
    for (auto& [id, tm] : in_timers) {
      --pending;
      tm.task(true);
    }
  }
};

HttpExecutor::HttpExecutor(ExecutorOptions options) : impl_(std::make_unique<Impl>()) {
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->options = std::move(options);
  impl_->multi = curl_multi_init();
  curl_multi_setopt(impl_->multi, CURLMOPT_MAXCONNECTS, 32L);
  impl_->io = std::thread([this] { impl_->loop(); });
  impl_->io_id = impl_->io.get_id();
}

HttpExecutor::~HttpExecutor() {
  stop();
  curl_multi_cleanup(impl_->multi);
}

void HttpExecutor::stop() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->wake();
  if (impl_->io.joinable()) impl_->io.join();
}

HttpExecutor::TaskId HttpExecutor::submit(HttpRequest request, Callback done) {
  return submit_stream(std::move(request), nullptr, std::move(done));
}

HttpExecutor::TaskId HttpExecutor::submit_stream(HttpRequest request, ChunkCallback on_chunk, Callback done) {
  auto t = std::make_unique<Transfer>();
  t->on_chunk = std::move(on_chunk);
  TaskId id = impl_->next_id++;
  t->id = id;
  t->request = std::move(request);
  t->done = std::move(done);
  ++impl_->pending;
  bool refused = false;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopping) refused = true;
    else impl_->incoming.emplace_back(id, std::move(t));
  }
  if (refused) {
    --impl_->pending;
    t->done(make_error(ErrorKind::Cancelled, "request refused: client shutting down"));
    return id;
  }
  impl_->wake();
  return id;
}

HttpExecutor::TaskId HttpExecutor::schedule(std::chrono::milliseconds delay, Task task) {
  TaskId id = impl_->next_id++;
  ++impl_->pending;
  bool refused = false;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopping) refused = true;
    else impl_->incoming_timers.emplace_back(id, Timer{Clock::now() + delay, std::move(task)});
  }
  if (refused) {
    --impl_->pending;
    task(true);
    return id;
  }
  impl_->wake();
  return id;
}

void HttpExecutor::cancel(TaskId id) {
  {
    std::lock_guard lock(impl_->mu);
    impl_->cancels.push_back(id);
  }
  impl_->wake();
}

bool HttpExecutor::on_io_thread() const { return std::this_thread::get_id() == impl_->io_id; }
const ExecutorOptions& HttpExecutor::options() const { return impl_->options; }
int HttpExecutor::pending() const { return impl_->pending.load(); }

}  // namespace opsdeck::aws
