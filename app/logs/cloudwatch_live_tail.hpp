#pragma once
// CloudWatchLiveTail: the real LiveTailStarter — CloudWatch Logs StartLiveTail (awsJson1_1,
// X-Amz-Target Logs_20140328.StartLiveTail, the model's "stream-" host prefix on the
// regional endpoint; an endpoint override is used as given) through AwsClient::stream().
// The event-stream body is decoded by aws::LiveTailStreamHandler as it arrives.
//
// Log groups are sent as ARNs (what the model asks for), built from the caller's account
// and partition; a group given as an ARN is sent as is, and without a known caller the
// name is sent. Events come back with the group name they were asked for.
//
// Threads: start() on the engine's thread (it may call `caller_arn` once, which can block
// for one STS call); listener calls on the client's IO thread. Ownership: the client must
// outlive the starter and its sessions.

#include <chrono>
#include <functional>
#include <string>

#include "app/logs/live_tail_session.hpp"
#include "aws/aws_client.hpp"
#include "aws/aws_request.hpp"

namespace opsdeck::app {

// "arn:aws:logs:eu-west-1:123456789012:log-group:/app/api" for group "/app/api" and a
// caller in account 123456789012 (partition from the caller's ARN); an ARN given as the
// group loses a trailing ":*"; without a parsable caller ARN the group is returned as is.
std::string live_tail_group_identifier(const std::string& group, const std::string& caller_arn,
                                       const std::string& region);
// The request for one session (the identifiers already built).
aws::AwsRequest start_live_tail_request(const LiveTailRequest& request, const std::vector<std::string>& identifiers,
                                        std::chrono::milliseconds idle_timeout);

class CloudWatchLiveTail final : public LiveTailStarter {
 public:
  // `idle_timeout`: a session with no byte for this long is over (the service sends an
  // update every second, so silence means a dead connection).
  CloudWatchLiveTail(aws::AwsClient& client, std::function<std::string()> caller_arn,
                     std::chrono::milliseconds idle_timeout = std::chrono::seconds(20));
  std::unique_ptr<LiveTailSession> start(const LiveTailRequest& request, std::uint64_t session,
                                         LiveTailListener& listener) override;

 private:
  aws::AwsClient& client_;
  std::function<std::string()> caller_arn_;
  std::chrono::milliseconds idle_timeout_;
};

}  // namespace opsdeck::app
