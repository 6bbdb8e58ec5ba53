#pragma once
// LightsailLogFetcher: a LogPageFetcher over Lightsail's GetContainerLog, so a container's
// log goes through the same tail engine (LogTail: polling, overlap, dedupe, retries) as a
// CloudWatch group, into `opsdeck lightsail logs` and the console's log view.
//
// A "group" here is "SERVICE/CONTAINER" (lightsail_log_group()); its events carry the
// service as their group and the container as their stream. stream_names and
// stream_prefix do not apply (a container has one log). GetContainerLog has no event ids:
// each event gets one from a hash of its message and its place among identical lines of
// the same instant, so overlapping windows dedupe and repeated lines are kept.
// One attempt per fetch() (max_attempts = 1), as CloudWatchPageFetcher: LogTail retries.
//
// Threads: fetch() blocks the calling thread (the tail's worker or the command's thread).

#include <chrono>
#include <string>
#include <string_view>

#include "app/logs/log_page_fetcher.hpp"
#include "aws/aws_request.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::app {

std::string lightsail_log_group(const std::string& service, const std::string& container);
// The request for one attempt; an error when `request.group` is not "SERVICE/CONTAINER".
aws::Result<aws::AwsRequest> get_container_log_page_request(const FilterRequest& request);
aws::Result<FilterPage> parse_container_log_page(std::string_view body, const std::string& group);

class LightsailLogFetcher final : public LogPageFetcher {
 public:
  explicit LightsailLogFetcher(aws::SyncCaller call, std::chrono::milliseconds max_timeout = {})
      : call_(std::move(call)), max_timeout_(max_timeout) {}
  aws::Result<FilterPage> fetch(const FilterRequest& request) override;

 private:
  aws::SyncCaller call_;
  std::chrono::milliseconds max_timeout_;
};

}  // namespace opsdeck::app
