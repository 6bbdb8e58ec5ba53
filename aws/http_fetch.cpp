#include "aws/http_fetch.hpp"

#include <future>

#include "aws/http_executor.hpp"

namespace opsdeck::aws {

Result<HttpResponse> fetch_sync(HttpRequest request, std::chrono::milliseconds connect_timeout,
                                std::chrono::milliseconds total_timeout) {
  ExecutorOptions o;
  o.connect_timeout = connect_timeout;
  o.request_timeout = total_timeout;
  o.max_response_bytes = 1u << 20;
  HttpExecutor ex(o);
  std::promise<Result<HttpResponse>> p;
  auto f = p.get_future();
  ex.submit(std::move(request), [&p](Result<HttpResponse> r) { p.set_value(std::move(r)); });
  return f.get();
}

}  // namespace opsdeck::aws
