#include "tests/support/json_test_caller.hpp"

#include <future>

#include "aws/http_executor.hpp"
#include "aws/sigv4.hpp"

namespace opsdeck::testing {

aws::SyncCaller signed_json_caller(MotoServer& moto) {
  auto executor = std::make_shared<aws::HttpExecutor>();
  return [&moto, executor](const aws::AwsRequest& req) -> aws::Result<aws::HttpResponse> {
    aws::HttpRequest r;
    r.scheme = "http";
    r.host = "127.0.0.1:" + std::to_string(moto.port());
    r.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", std::string(req.service->target_prefix) + "." + req.operation}};
    r.body = req.input.dump();
    aws::SigningParams sp;
    sp.region = moto.region();
    sp.service = std::string(req.service->signing_name);
    sp.time = std::chrono::system_clock::now();
    aws::sigv4_sign_request(r, moto.credentials(), sp);
    std::promise<aws::Result<aws::HttpResponse>> p;
    executor->submit(r, [&](aws::Result<aws::HttpResponse> res) { p.set_value(std::move(res)); });
    auto res = p.get_future().get();
    if (!res || res->status / 100 == 2) return res;
    auto j = nlohmann::json::parse(res->body, nullptr, false);
    aws::Error e = aws::make_error(aws::ErrorKind::Aws, "HTTP " + std::to_string(res->status));
    if (j.is_object()) {
      std::string type = j.value("__type", "");
      if (auto hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
      e.code = type;
      e.message = j.value("message", j.value("Message", e.message));
    }
    e.http_status = res->status;
    e.operation = req.name();
    e.retryable = res->status >= 500 || e.code == "ThrottlingException";
    return e;
  };
}

aws::Result<aws::HttpResponse> FaultInjectingCaller::operator()(const aws::AwsRequest& r) {
  ++calls_;
  auto due = [&](int every) { return every > 0 && calls_ % every == 0; };
  if (due(plan_.throttle_every)) {
    ++faults_;
    aws::Error e = aws::make_error(aws::ErrorKind::Aws, "Rate exceeded");
    e.code = "ThrottlingException";
    e.http_status = 400;
    return e;
  }
  if (due(plan_.server_error_every)) {
    ++faults_;
    aws::Error e = aws::make_error(aws::ErrorKind::Aws, "Service Unavailable");
    e.code = "ServiceUnavailable";
    e.http_status = 503;
    e.retryable = true;
    return e;
  }
  if (due(plan_.drop_after_serving_every)) {
    ++faults_;
    (void)inner_(r);  // the server did the work; the answer never arrives
    return aws::make_error(aws::ErrorKind::Network, "connection reset by peer (injected)");
  }
  return inner_(r);
}

}  // namespace opsdeck::testing
