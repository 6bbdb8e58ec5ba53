#pragma once
// Builds what `opsdeck logs` fetches through, from the global flags: an AwsClient
// (region, profile, --endpoint-url, credentials chain) and a CloudWatchPageFetcher over it.
//
// Threads: call on the main thread; the backend is used by the tail's thread.

#include <memory>

#include "app/global_options.hpp"
#include "app/logs/log_page_fetcher.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

struct LogsBackend {
  std::shared_ptr<void> client;  // keeps the AwsClient alive while the fetcher runs
  std::unique_ptr<LogPageFetcher> fetcher;
};

aws::Result<LogsBackend> make_logs_backend(const GlobalOptions& global);

}  // namespace opsdeck::app
