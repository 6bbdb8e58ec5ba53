#pragma once
// The SQS queues list: every queue (ListQueues + GetQueueAttributes each) and the age of its
// oldest message (CloudWatch AWS/SQS ApproximateAgeOfOldestMessage, the newest 1-minute
// maximum of the 15 minutes before FetchOptions::now, ONE GetMetricData for all queues;
// optional — a failed call leaves the ages null and says so in Snapshot::left_out).
// Fields:
//   name, url, visible, in_flight, oldest_seconds (null: no datapoint), dlq (the dead-letter
//   queue named by the RedrivePolicy, null if none), dlq_depth (its visible messages —
//   messages that failed maxReceiveCount times — null when the DLQ is not in this list,
//   e.g. in another account or region)
// A queue's Resource::id is its URL. Order: by name.

#include <string>
#include <vector>

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/cloudwatch.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

const ResourceList& queue_list();

// The queues as resources; `oldest_seconds`: queue URL -> age of its oldest message.
std::vector<Resource> queue_resources(const std::vector<aws::QueueAttributes>& queues,
                                      const std::map<std::string, double>& oldest_seconds = {});

// "https://sqs.us-east-1.amazonaws.com/123/orders" -> "orders".
std::string queue_name(const std::string& url);
// The GetMetricData queries for `queues` (ids "q0", "q1", ... by position; at most 500).
std::vector<aws::MetricQuery> oldest_message_queries(const std::vector<aws::QueueAttributes>& queues);

}  // namespace opsdeck::app
