#pragma once
// AwsClient: the one way the rest of opsdeck calls AWS.
//
// It encodes an AwsRequest for the service's protocol, resolves the endpoint, signs with
// SigV4 using the credentials provider, sends through the HttpExecutor (one IO thread
// driving curl multi), retries in the SDK "standard" style (with its client-wide retry
// quota), parses every error shape into
// an aws::Error, and refuses mutating operations in read-only mode before anything is sent.
//
// Threads: `call()` may be called from any thread; its callback runs on the executor's IO
// thread and must not block (post to the UI queue instead). `call_sync()` blocks the
// calling thread and must never be called from the IO thread or the UI thread.
//
// Ownership: the client owns its executor and credentials provider; it must outlive
// every call it started (the destructor cancels outstanding calls and joins the IO thread).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "aws/aws_request.hpp"
#include "aws/credentials.hpp"
#include "aws/endpoints.hpp"
#include "aws/http_request.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

class CredentialsProvider;
class HttpExecutor;

struct ClientOptions {
  std::string region;                    // resolved region ("us-east-1")
  std::string profile;                   // for messages ("profile weightloss")
  std::string endpoint_url;              // --endpoint-url: overrides every service
  bool readonly = false;                 // refuse mutating operations
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
  int max_attempts = 3;                  // SDK standard mode
  std::size_t max_response_bytes = 64u << 20;  // larger bodies are refused (ErrorKind::Parse)
  std::string user_agent = "opsdeck";
  std::function<double()> jitter;        // uniform [0,1) for backoff; empty = random (tests fix it)
  EnvLookup env;                         // AWS_ENDPOINT_URL*; empty = the process environment
};

using CallId = std::uint64_t;

class AwsClient {
 public:
  using Callback = std::function<void(Result<HttpResponse>)>;  // runs on the IO thread
  // A piece of a streamed response body; false closes the stream. Runs on the IO thread.
  using ChunkCallback = std::function<bool(std::string_view chunk)>;

  AwsClient(ClientOptions options, std::shared_ptr<CredentialsProvider> credentials);
  ~AwsClient();  // stop()
  // Cancels every open call (each callback runs once, with Cancelled) and joins the
  // client's threads, while the object stays valid: callbacks that run meanwhile may still
  // use it, and a call() made after stop() ends at once with Cancelled. Owners whose
  // callbacks reach the client through a member call stop() before clearing it.
  // Idempotent; call it from the owner's thread, never from a callback.
  void stop();
  AwsClient(const AwsClient&) = delete;
  AwsClient& operator=(const AwsClient&) = delete;

  // Starts the call; `done` receives the successful (2xx) response or an Error.
  CallId call(AwsRequest request, Callback done);
  // A call whose 2xx response is a long-lived stream (an event stream): the body goes to
  // `on_chunk` as it arrives and is not kept; `done` runs once at the end with the response
  // (empty body) when the server closed the stream, or an Error (the parsed AWS error of a
  // non-2xx answer, a transport error, a stall past request.idle_timeout, Cancelled).
  // Signed and resolved like call() (request.host_prefix applies); sent once, never retried:
  // the caller decides whether to open a new stream.
  CallId stream(AwsRequest request, ChunkCallback on_chunk, Callback done);
  // Who the client's credentials say they are (an assumed role's ARN, an SSO profile's
  // account; "" where the source does not say), without a call to STS: the credentials
  // are resolved on the worker, refreshed when due as a call would, and `done` runs once,
  // on the IO thread, with the identity or the credentials' error (Cancelled once the
  // client is stopping). The secrets never leave the client.
  void credential_identity(std::function<void(Result<CredentialIdentity>)> done);
  // Blocks until the call (with its retries) finishes.
  Result<HttpResponse> call_sync(AwsRequest request);
  // The callback still runs, with ErrorKind::Cancelled, unless it already ran.
  void cancel(CallId id);

  const ClientOptions& options() const;
  // Endpoint URL a service resolves to ("https://ec2.us-east-1.amazonaws.com").
  std::string endpoint_for(const ServiceInfo& service) const;
  // Number of calls started but not yet finished (drives the header spinner).
  int in_flight() const;
  // Tokens left in the client-wide retry quota (aws/retry_quota.hpp); any thread.
  int retry_quota_available() const;

 private:
  CallId start(AwsRequest request, ChunkCallback on_chunk, Callback done);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace opsdeck::aws
