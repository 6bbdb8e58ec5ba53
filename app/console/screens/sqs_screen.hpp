#pragma once
// The `:sqs` view: every queue with its visible and in-flight messages, the age of its
// oldest message (CloudWatch AWS/SQS ApproximateAgeOfOldestMessage, newest 1-minute
// maximum of the last 15 minutes, ONE GetMetricData call for all queues; "-" when there is
// no datapoint or the call fails) and its
// dead-letter queue — the DLQ named by the queue's RedrivePolicy, whose depth is shown in
// the SOURCE queue's row, red when > 0 (messages that failed maxReceiveCount times).
//
// sqs_queue_rows is pure (for tests); open_sqs_queues pushes the screen and loads it with
// ListQueues + one GetQueueAttributes per queue. Threads: UI thread; completions post.

#include <map>
#include <vector>

#include "app/console/screens/screen_env.hpp"
#include "aws/cloudwatch.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

std::vector<ui::Column> sqs_queue_columns();
// "https://sqs.us-east-1.amazonaws.com/123/orders" -> "orders".
std::string queue_name(const std::string& url);
// `oldest_seconds`: queue URL -> age of its oldest message (absent: "-"); > 5 min is a warning.
PaneRows sqs_queue_rows(const std::vector<aws::QueueAttributes>& queues,
                        const std::map<std::string, double>& oldest_seconds = {});
// The GetMetricData queries for `queues` (ids "q0", "q1", ... by position).
std::vector<aws::MetricQuery> oldest_message_queries(const std::vector<aws::QueueAttributes>& queues);

void open_sqs_queues(const ScreenEnv& env);

}  // namespace opsdeck::app
