#include "app/logs/logs_backend.hpp"

#include "app/logs/cloudwatch_page_fetcher.hpp"
#include "aws/aws_client.hpp"
#include "aws/credential_defaults.hpp"

namespace opsdeck::app {

aws::Result<LogsBackend> make_logs_backend(const GlobalOptions& global) {
  aws::CredentialOptions co;
  co.profile_flag = global.profile;
  co.region_flag = global.region;
  co.endpoint_url = global.endpoint_url;
  auto setup = aws::make_default_setup(co);
  if (!setup) return setup.error();
  if (setup->region.empty())
    return aws::make_error(aws::ErrorKind::Usage, "no AWS region configured",
                           "pass --region, set AWS_REGION, or add region to the profile");
  aws::ClientOptions opt;
  opt.region = setup->region;
  opt.profile = setup->profile;
  opt.endpoint_url = global.endpoint_url;
  opt.readonly = global.readonly;  // FilterLogEvents only reads
  auto client = std::make_shared<aws::AwsClient>(std::move(opt), setup->credentials);
  LogsBackend b;
  b.fetcher = std::make_unique<CloudWatchPageFetcher>(aws::sync_caller(*client), client->options().request_timeout);
  b.client = client;
  return b;
}

}  // namespace opsdeck::app
