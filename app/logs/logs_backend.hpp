#pragma once
// What `opsdeck logs` fetches through: the session for the global flags (region, profile,
// --endpoint-url, credential chain; session_registry.hpp) and a CloudWatchPageFetcher over
// its client, and a CloudWatchLiveTail (StartLiveTail sessions) over the same client.
//
// Threads: call on the main thread; the backend is used by the tail's thread.

#include <memory>

#include "app/global_options.hpp"
#include "app/logs/live_tail_session.hpp"
#include "app/logs/log_page_fetcher.hpp"
#include "app/session_registry.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

struct LogsBackend {
  std::shared_ptr<Session> session;  // keeps the AwsClient alive while the fetcher runs
  std::unique_ptr<LogPageFetcher> fetcher;
  std::unique_ptr<LiveTailStarter> live;
};

aws::Result<LogsBackend> make_logs_backend(SessionRegistry& sessions, const GlobalOptions& global);

}  // namespace opsdeck::app
