#include "aws/aws_client.hpp"

#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "aws/codecs.hpp"
#include "aws/credential_provider.hpp"
#include "aws/endpoints.hpp"
#include "aws/error_parser.hpp"
#include "aws/http_executor.hpp"
#include "aws/mutating_operations.hpp"
#include "aws/retry_policy.hpp"
#include "aws/retry_quota.hpp"
#include "aws/sigv4.hpp"

namespace opsdeck::aws {

namespace {

// One call across its attempts. Shared by the worker, the IO thread and cancel().
struct CallState {
  CallId id = 0;
  AwsRequest request;
  AwsClient::Callback done;
  AwsClient::ChunkCallback on_chunk;  // a streaming call
  Endpoint endpoint;
  HttpRequest encoded;          // unsigned; each attempt signs a copy
  int attempts = 0;
  bool refreshed = false;       // ExpiredToken: refresh once, then retry
  int quota_taken = 0;          // retry-quota tokens the last retry took (0: none yet)
  std::atomic<bool> finished{false};
  std::atomic<bool> cancelled{false};
  std::atomic<HttpExecutor::TaskId> task{0};
};

bool is_expired_token(const Error& e) {
  return e.code == "ExpiredToken" || e.code == "ExpiredTokenException" || e.code == "InvalidToken" ||
         e.code == "RequestExpired";
}

std::optional<std::chrono::milliseconds> retry_after(const HttpResponse* resp) {
  if (!resp) return std::nullopt;
  const auto* v = resp->header("x-amz-retry-after");
  if (!v) return std::nullopt;
  char* end = nullptr;
  long long ms = std::strtoll(v->c_str(), &end, 10);
  if (end == v->c_str() || ms < 0) return std::nullopt;
  return std::chrono::milliseconds(ms);
}

}  // namespace

struct AwsClient::Impl {
  ClientOptions options;
  std::shared_ptr<CredentialsProvider> credentials;
  RetryPolicy retry;
  RetryQuota quota;
  EnvLookup env = process_env();

  std::mutex mu;
  std::map<CallId, std::shared_ptr<CallState>> calls;
  std::atomic<CallId> next_id{1};
  std::atomic<int> in_flight{0};

  // Worker: credentials (which may block on files or the network) and signing, so the IO
  // thread never waits on a credential refresh.
  std::mutex wmu;
  std::condition_variable wcv;
  std::deque<std::function<void()>> work;
  bool wstop = false;
  std::thread worker;

  std::unique_ptr<HttpExecutor> exec;  // declared last: destroyed first (its callbacks use the rest)

  Impl(ClientOptions o, std::shared_ptr<CredentialsProvider> c)
      : options(std::move(o)), credentials(std::move(c)), retry(options.max_attempts, options.jitter) {
    if (options.env) env = options.env;
    ExecutorOptions eo;
    eo.connect_timeout = options.connect_timeout;
    eo.request_timeout = options.request_timeout;
    eo.user_agent = options.user_agent;
    eo.max_response_bytes = options.max_response_bytes;
    exec = std::make_unique<HttpExecutor>(eo);
    worker = std::thread([this] { work_loop(); });
  }

  void work_loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(wmu);
        wcv.wait(lock, [&] { return wstop || !work.empty(); });
        if (work.empty()) return;
        job = std::move(work.front());
        work.pop_front();
      }
      job();
    }
  }

  // False once the client is stopping: the job will never run.
  bool post_work(std::function<void()> job) {
    {
      std::lock_guard lock(wmu);
      if (wstop) return false;
      work.push_back(std::move(job));
    }
    wcv.notify_one();
    return true;
  }

  // Delivers the result exactly once, on the IO thread.
  void finish(const std::shared_ptr<CallState>& st, Result<HttpResponse> r) {
    if (st->finished.exchange(true)) return;
    {
      std::lock_guard lock(mu);
      calls.erase(st->id);
    }
    if (!r.ok()) {
      Error& e = r.error();
      if (e.operation.empty()) e.operation = st->request.name();
      if (e.endpoint.empty()) e.endpoint = st->endpoint.url;
    }
    auto deliver = [st, r = std::move(r), this](bool) mutable {
      --in_flight;
      auto done = std::move(st->done);
      if (done) done(std::move(r));
    };
    if (exec->on_io_thread()) deliver(false);
    else exec->schedule(std::chrono::milliseconds(0), std::move(deliver));
  }

  void attempt(const std::shared_ptr<CallState>& st) {
    if (st->finished) return;
    if (st->cancelled) return finish(st, make_error(ErrorKind::Cancelled, "cancelled"));
    auto creds = credentials->get();
    if (!creds) {
      Error e = creds.error();
      if (e.code == kNotConfigured) e.code.clear();
      if (e.hint.empty()) e.hint = "configure credentials (environment, --profile, ~/.aws/credentials)";
      return finish(st, std::move(e));
    }
    HttpRequest req = st->encoded;
    SigningParams sp;
    sp.region = st->endpoint.signing_region;
    sp.service = std::string(st->request.service->signing_name);
    sp.time = std::chrono::system_clock::now();
    // REST-XML (Route 53): sign the payload hash header too. AWS accepts it on every
    // service, and moto 5.2.1 checks signed GETs to Route 53 only when it is present.
    sp.add_content_sha256 = st->request.service->protocol == Protocol::RestXml;
    sigv4_sign_request(req, *creds, sp);
    ++st->attempts;
    auto on_done = [this, st](Result<HttpResponse> r) { on_response(st, std::move(r)); };
    if (st->on_chunk) {
      st->task = exec->submit_stream(
          std::move(req), [st](std::string_view chunk) { return !st->cancelled && st->on_chunk(chunk); },
          std::move(on_done));
    } else {
      st->task = exec->submit(std::move(req), std::move(on_done));
    }
  }

  void on_response(const std::shared_ptr<CallState>& st, Result<HttpResponse> r) {
    if (st->finished) return;
    std::optional<Error> err;
    const HttpResponse* resp = r.ok() ? &r.value() : nullptr;
    if (!r.ok()) err = r.error();
    else if (st->on_chunk && r.value().status >= 200 && r.value().status < 300) err.reset();  // body was streamed
    else err = parse_error(r.value(), st->request.service->protocol);
    if (!err) {
      quota.on_success(st->quota_taken);
      return finish(st, std::move(r));
    }
    Error e = std::move(*err);
    e.operation = st->request.name();
    e.endpoint = st->endpoint.url;
    if (e.kind == ErrorKind::Cancelled || st->cancelled)
      return finish(st, make_error(ErrorKind::Cancelled, "cancelled"));
    if (is_expired_token(e) && e.code != "RequestExpired" && !st->refreshed) {
      st->refreshed = true;
      credentials->invalidate();  // cheap; the refresh itself happens on the worker
      if (!post_work([this, st] { attempt(st); })) finish(st, make_error(ErrorKind::Cancelled, "cancelled"));
      return;
    }
    bool more = st->request.max_attempts > 0 ? st->attempts < st->request.max_attempts : true;
    bool retry_now = more && retry.should_retry(e, st->attempts);
    if (retry_now) {
      st->quota_taken = quota.acquire(e);
      if (st->quota_taken == 0) {
        retry_now = false;
        e.message += " (no retry: the client's retry quota is used up)";
      }
    }
    if (retry_now) {
      auto delay = retry.delay(st->attempts, e, retry_after(resp));
      st->task = exec->schedule(delay, [this, st](bool cancelled) {
        if (cancelled || !post_work([this, st] { attempt(st); }))
          finish(st, make_error(ErrorKind::Cancelled, "cancelled"));
      });
      return;
    }
    if (st->attempts > 1) e.message += fmt::format(" (after {} attempts)", st->attempts);
    finish(st, std::move(e));
  }
};

AwsClient::AwsClient(ClientOptions options, std::shared_ptr<CredentialsProvider> credentials)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(credentials))) {}

AwsClient::~AwsClient() {
  stop();
  impl_->exec.reset();
}

void AwsClient::stop() {
  std::vector<std::shared_ptr<CallState>> open;
  {
    std::lock_guard lock(impl_->mu);
    for (auto& [id, st] : impl_->calls) open.push_back(st);
  }
  for (auto& st : open) {
    st->cancelled = true;
    impl_->finish(st, make_error(ErrorKind::Cancelled, "cancelled: client shutting down"));
  }
  {
    std::lock_guard lock(impl_->wmu);
    impl_->wstop = true;
  }
  impl_->wcv.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
  impl_->exec->stop();  // runs the pending deliveries, then joins the IO thread
}

CallId AwsClient::call(AwsRequest request, Callback done) {
  return start(std::move(request), nullptr, std::move(done));
}

CallId AwsClient::stream(AwsRequest request, ChunkCallback on_chunk, Callback done) {
  request.max_attempts = 1;  // a stream that already delivered events must not replay them
  if (request.idle_timeout.count() <= 0) request.idle_timeout = std::chrono::seconds(30);
  return start(std::move(request), std::move(on_chunk), std::move(done));
}

CallId AwsClient::start(AwsRequest request, ChunkCallback on_chunk, Callback done) {
  auto st = std::make_shared<CallState>();
  st->id = impl_->next_id++;
  st->done = std::move(done);
  st->on_chunk = std::move(on_chunk);
  st->request = std::move(request);
  ++impl_->in_flight;
  {
    std::lock_guard lock(impl_->mu);
    impl_->calls.emplace(st->id, st);
  }
  if (!st->request.service) {
    impl_->finish(st, make_error(ErrorKind::Internal, "AwsRequest without a service"));
    return st->id;
  }
  if (impl_->options.readonly && is_mutating(*st->request.service, st->request.operation) &&
      !read_only_grant_admits(st->request)) {
    std::string why = st->request.name() +
                      " may change resources and is refused in read-only mode (only operations known to be "
                      "read-only are sent)";
    if (st->request.read_only_grant)
      why += "; the request's read-only grant (" + st->request.read_only_grant->operation + ") does not cover it";
    Error e = make_error(ErrorKind::ReadOnly, std::move(why), "run without --readonly to allow changes");
    impl_->finish(st, std::move(e));
    return st->id;
  }
  auto ep = resolve_endpoint(*st->request.service, impl_->options.region, impl_->options.endpoint_url, impl_->env);
  if (!ep) {
    impl_->finish(st, ep.error());
    return st->id;
  }
  st->endpoint = with_host_prefix(std::move(*ep), st->request.host_prefix);
  auto enc = encode_request(st->request, st->endpoint);
  if (!enc) {
    impl_->finish(st, enc.error());
    return st->id;
  }
  st->encoded = std::move(*enc);
  st->encoded.timeout = st->request.timeout;
  st->encoded.idle_timeout = st->request.idle_timeout;
  if (!impl_->post_work([impl = impl_.get(), st] { impl->attempt(st); }))
    impl_->finish(st, make_error(ErrorKind::Cancelled, "cancelled: client shutting down"));
  return st->id;
}

void AwsClient::credential_identity(std::function<void(Result<CredentialIdentity>)> done) {
  using Done = std::function<void(Result<CredentialIdentity>)>;
  Impl* impl = impl_.get();
  auto deliver = [impl, done = std::make_shared<Done>(std::move(done))](Result<CredentialIdentity> r) {
    impl->exec->schedule(std::chrono::milliseconds(0), [done, r = std::move(r)](bool cancelled) mutable {
      if (cancelled) r = make_error(ErrorKind::Cancelled, "cancelled: client shutting down");
      (*done)(std::move(r));
    });
  };
  bool posted = impl->post_work([impl, deliver] {
    auto creds = impl->credentials->get();
    if (!creds) return deliver(creds.error());
    deliver(CredentialIdentity{creds->caller_arn, creds->account_id});
  });
  if (!posted) deliver(make_error(ErrorKind::Cancelled, "cancelled: client shutting down"));
}

Result<HttpResponse> AwsClient::call_sync(AwsRequest request) {
  if (impl_->exec->on_io_thread())
    return make_error(ErrorKind::Internal, "call_sync() called on the IO thread (would deadlock)");
  std::promise<Result<HttpResponse>> p;
  auto f = p.get_future();
  call(std::move(request), [&p](Result<HttpResponse> r) { p.set_value(std::move(r)); });
  return f.get();
}

void AwsClient::cancel(CallId id) {
  std::shared_ptr<CallState> st;
  {
    std::lock_guard lock(impl_->mu);
    auto it = impl_->calls.find(id);
    if (it == impl_->calls.end()) return;
    st = it->second;
  }
  st->cancelled = true;
  if (auto t = st->task.load()) impl_->exec->cancel(t);
  impl_->finish(st, make_error(ErrorKind::Cancelled, "cancelled"));
}

const ClientOptions& AwsClient::options() const { return impl_->options; }

std::string AwsClient::endpoint_for(const ServiceInfo& service) const {
  auto ep = resolve_endpoint(service, impl_->options.region, impl_->options.endpoint_url, impl_->env);
  return ep ? ep->url : std::string();
}

int AwsClient::in_flight() const { return impl_->in_flight.load(); }

int AwsClient::retry_quota_available() const { return impl_->quota.available(); }

}  // namespace opsdeck::aws
