#include "app/logs/logs_backend.hpp"

#include "app/logs/cloudwatch_live_tail.hpp"
#include "app/logs/cloudwatch_page_fetcher.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::app {

aws::Result<LogsBackend> make_logs_backend(SessionRegistry& sessions, const GlobalOptions& global) {
  auto session = sessions.get(global);
  if (!session) return session.error();
  LogsBackend b;
  b.session = *session;
  const aws::AwsClient& client = b.session->client();
  b.fetcher = std::make_unique<CloudWatchPageFetcher>(aws::sync_caller(b.session->client()),
                                                      client.options().request_timeout);
  std::weak_ptr<Session> weak = b.session;
  b.live = std::make_unique<CloudWatchLiveTail>(b.session->client(), [weak] {
    auto s = weak.lock();
    return s ? s->caller_arn() : std::string();
  });
  return b;
}

}  // namespace opsdeck::app
