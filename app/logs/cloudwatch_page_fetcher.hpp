#pragma once
// CloudWatchPageFetcher: the real LogPageFetcher — one FilterLogEvents call
// (awsJson1_1, X-Amz-Target Logs_20140328.FilterLogEvents) through an aws::SyncCaller,
// i.e. an AwsClient (aws::sync_caller(client)) once it is constructed, or a test lambda.
//
// The request builder and page parser are pure functions, tested on captured responses.
//
// One attempt per fetch(): the request goes out with max_attempts = 1, so the client does
// not retry it (LogTail owns the retries of FilterLogEvents, log_tail.hpp). A request's
// timeout_ms is capped at `max_timeout` (the client's request timeout), never raised.
//
// Threads: fetch() blocks the calling thread (the tail's worker); never call it on the UI
// thread or the client's IO thread.

#include <chrono>
#include <string_view>

#include "app/logs/log_page_fetcher.hpp"
#include "aws/aws_request.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::app {

// The request for one attempt: max_attempts = 1, timeout from request.timeout_ms.
aws::AwsRequest filter_log_events_request(const FilterRequest& request);
// Events get `group` as their group; read by aws::parse_filter_log_events (simdjson), so the
// fields and errors are exactly that reader's. Malformed JSON is an ErrorKind::Parse error.
aws::Result<FilterPage> parse_filter_log_events(std::string_view body, const std::string& group);

class CloudWatchPageFetcher final : public LogPageFetcher {
 public:
  // `max_timeout`: the client's request timeout (0: no cap on request.timeout_ms).
  explicit CloudWatchPageFetcher(aws::SyncCaller call, std::chrono::milliseconds max_timeout = {})
      : call_(std::move(call)), max_timeout_(max_timeout) {}
  aws::Result<FilterPage> fetch(const FilterRequest& request) override;

 private:
  aws::SyncCaller call_;
  std::chrono::milliseconds max_timeout_;
};

}  // namespace opsdeck::app
