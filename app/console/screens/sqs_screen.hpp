#pragma once
// The `:sqs` view: every queue with its visible and in-flight messages, the age of its
// oldest message ("-": CloudWatch's ApproximateAgeOfOldestMessage is not fetched) and its
// dead-letter queue — the DLQ named by the queue's RedrivePolicy, whose depth is shown in
// the SOURCE queue's row, red when > 0 (messages that failed maxReceiveCount times).
//
// sqs_queue_rows is pure (for tests); open_sqs_queues pushes the screen and loads it with
// ListQueues + one GetQueueAttributes per queue. Threads: UI thread; completions post.

#include <vector>

#include "app/console/screens/screen_env.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

std::vector<ui::Column> sqs_queue_columns();
// "https://sqs.us-east-1.amazonaws.com/123/orders" -> "orders".
std::string queue_name(const std::string& url);
PaneRows sqs_queue_rows(const std::vector<aws::QueueAttributes>& queues);

void open_sqs_queues(const ScreenEnv& env);

}  // namespace opsdeck::app
