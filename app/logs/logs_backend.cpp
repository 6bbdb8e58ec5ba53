#include "app/logs/logs_backend.hpp"

namespace opsdeck::app {

// When the AwsClient implementation (branch `core`) is merged, this becomes:
//   auto client = std::make_shared<aws::AwsClient>(options_from(global), default_credentials(global));
//   LogsBackend b;
//   b.fetcher = std::make_unique<CloudWatchPageFetcher>(aws::sync_caller(*client));
//   b.client = client;
//   return b;
aws::Result<LogsBackend> make_logs_backend(const GlobalOptions& /*global*/) {
  return aws::make_error(aws::ErrorKind::Internal, "the AWS client is not in this build yet",
                         "build from main once the AWS core is merged");
}

}  // namespace opsdeck::app
