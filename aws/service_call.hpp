#pragma once
// The seam between the per-service code (aws/ec2.hpp, aws/rds.hpp, ...) and the client.
//
// A service module builds AwsRequests and parses bodies with pure functions; to actually
// call, it takes a `SyncCaller` (blocks the calling thread) or an `AsyncCaller` (returns at
// once; the completion runs on whatever thread the caller uses — for AwsClient that is
// the client's IO thread). `callers_for(client)` adapts an AwsClient. Tests can pass a
// lambda that serves captured responses.
//
// Pagination: `paginate_sync` / `paginate_async` follow a token until it is absent or
// empty, calling `parse` on each page and `next` to put the token into the next request.
// Empty pages that still carry a token are followed. A token this read already sent, or
// more than kMaxPagesPerRead pages, ends the read with an error (aws/page_tokens.hpp).

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "aws/aws_client.hpp"
#include "aws/aws_request.hpp"
#include "aws/http_request.hpp"
#include "aws/page_tokens.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

using SyncCaller = std::function<Result<HttpResponse>(const AwsRequest&)>;
using ResponseCallback = std::function<void(Result<HttpResponse>)>;
using AsyncCaller = std::function<void(const AwsRequest&, ResponseCallback)>;

// Both callers for an AwsClient, which must outlive them. The async completion runs on the
// client's IO thread.
inline SyncCaller sync_caller(AwsClient& client) {
  return [&client](const AwsRequest& r) { return client.call_sync(r); };
}
inline AsyncCaller async_caller(AwsClient& client) {
  return [&client](const AwsRequest& r, ResponseCallback cb) { client.call(r, std::move(cb)); };
}

// An AsyncCaller over a SyncCaller: each call blocks and completes on the calling thread
// before returning (tests serving captured responses; one request at a time).
inline AsyncCaller inline_async_caller(SyncCaller call) {
  return [call = std::move(call)](const AwsRequest& r, ResponseCallback cb) { cb(call(r)); };
}

// Parses a JSON-protocol body; malformed JSON or a non-object is ErrorKind::Parse.
Result<nlohmann::json> parse_json_body(std::string_view body, std::string_view operation);

// A page parser turns one response body into items appended to `out` and returns the
// next token ("" when there is none).
template <class T>
using PageParser = std::function<Result<std::string>(const std::string& body, T& out)>;
// Puts the token into the request for the next page.
using TokenSetter = std::function<void(AwsRequest&, const std::string& token)>;

template <class T>
Result<T> paginate_sync(const SyncCaller& call, AwsRequest request, const PageParser<T>& parse,
                        const TokenSetter& next) {
  T out{};
  PageTokenGuard guard(request.name());
  for (;;) {
    auto resp = call(request);
    if (!resp) return resp.error();
    auto token = parse(resp->body, out);
    if (!token) {
      token.error().operation = request.name();
      return token.error();
    }
    if (auto fresh = guard.check(*token); !fresh) return fresh.error();
    if (token->empty()) return out;
    next(request, *token);
  }
}

// Async form: `done` runs once, on the caller's completion thread, with every page or the
// first error.
template <class T>
void paginate_async(AsyncCaller call, AwsRequest request, PageParser<T> parse, TokenSetter next,
                    std::function<void(Result<T>)> done) {
  struct State {
    AsyncCaller call;
    AwsRequest request;
    PageParser<T> parse;
    TokenSetter next;
    std::function<void(Result<T>)> done;
    T out{};
    PageTokenGuard guard{""};
  };
  auto st = std::make_shared<State>();
  st->call = std::move(call);
  st->request = std::move(request);
  st->parse = std::move(parse);
  st->next = std::move(next);
  st->done = std::move(done);
  st->guard = PageTokenGuard(st->request.name());
  // step holds itself only through the shared State captured by value in each callback.
  auto step = std::make_shared<std::function<void()>>();
  std::weak_ptr<std::function<void()>> weak_step = step;
  *step = [st, weak_step] {
    st->call(st->request, [st, weak_step](Result<HttpResponse> resp) {
      auto keep = weak_step.lock();
      if (!resp) return st->done(resp.error());
      auto token = st->parse(resp->body, st->out);
      if (!token) {
        token.error().operation = st->request.name();
        return st->done(token.error());
      }
      if (auto fresh = st->guard.check(*token); !fresh) return st->done(fresh.error());
      if (token->empty() || !keep) return st->done(std::move(st->out));
      st->next(st->request, *token);
      (*keep)();
    });
  };
  // Keep `step` alive until the chain ends: the State owns it.
  struct Holder {
    std::shared_ptr<std::function<void()>> step;
  };
  auto holder = std::make_shared<Holder>(Holder{step});
  auto user_done = st->done;
  st->done = [holder, user_done](Result<T> r) mutable {
    auto h = std::move(holder->step);  // break the cycle after this call
    user_done(std::move(r));
  };
  (*step)();
}

}  // namespace opsdeck::aws
