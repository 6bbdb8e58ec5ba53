#pragma once
// The seam between the tail engine and CloudWatch Logs: one FilterLogEvents page.
// Unit tests script it; the real one (CloudWatchPageFetcher) calls AwsClient.
// fetch() is one attempt: retrying a failed page is LogTail's job (log_tail.hpp), so a
// fetcher must not retry on its own.
//
// Threads: fetch() blocks and is called on the tail's worker thread only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/logs/log_event.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

struct FilterRequest {
  std::string group{};
  std::vector<std::string> stream_names{};  // at most 100; exclusive with stream_prefix
  std::string stream_prefix{};
  std::string filter_pattern{};
  std::int64_t start_ms = 0;
  std::optional<std::int64_t> end_ms{};
  std::string next_token{};
  int limit = 0;  // events per page (0: the service's default, 10,000)
  // This attempt's whole-request timeout in ms (0: the client's). LogTail sets it to what
  // is left of a page deadline; a fetcher never raises it above its client's timeout.
  std::int64_t timeout_ms = 0;
  bool operator==(const FilterRequest&) const = default;
};

struct FilterPage {
  std::vector<LogEvent> events;  // group filled in by the fetcher
  std::string next_token{};        // "" on the last page
};

class LogPageFetcher {
 public:
  virtual ~LogPageFetcher() = default;
  virtual aws::Result<FilterPage> fetch(const FilterRequest& request) = 0;
};

}  // namespace opsdeck::app
