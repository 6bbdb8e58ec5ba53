#pragma once
// SQS message operations for an operator working a dead-letter queue (awsJson1_0):
//   - peek: ReceiveMessage with VisibilityTimeout 0 (the messages stay visible to every
//     consumer; each read still counts as a receive: ApproximateReceiveCount grows), repeated
//     and deduplicated by MessageId until `count` distinct messages or a read adds nothing;
//   - PurgeQueue (deletes every message; SQS allows one purge per queue per 60 s);
//   - StartMessageMoveTask (a DLQ redrive: back to the messages' source queues, or to one
//     destination) and ListMessageMoveTasks (its progress).
// Builders and parsers are pure; async calls complete on the AsyncCaller's thread
// (AwsClient: its IO thread). Message bodies are the application's data: shown, never logged.

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct SqsMessage {
  std::string id;          // MessageId
  std::string body;
  long long sent_ms = 0;   // SentTimestamp, epoch milliseconds (0: not given)
  long long receives = 0;  // ApproximateReceiveCount, this read included
  nlohmann::json raw;      // the message as received, without ReceiptHandle
};

struct MoveTask {
  std::string handle;        // TaskHandle (only for a RUNNING task)
  std::string status;        // RUNNING | COMPLETED | CANCELLING | CANCELLED | FAILED
  std::string source_arn;
  std::string destination_arn;  // "" : each message's original source queue
  long long moved = 0;           // ApproximateNumberOfMessagesMoved
  std::optional<long long> to_move;  // ApproximateNumberOfMessagesToMove (RUNNING only)
  std::string failure;           // FailureReason
  long long started_ms = 0;
  bool finished() const { return status != "RUNNING" && status != "CANCELLING"; }
  // "RUNNING: 40 of 120 moved", "COMPLETED: 120 moved", "FAILED: 3 moved (reason)".
  std::string describe() const;
};

// Largest peek: ten reads of ten.
inline constexpr int kMaxPeek = 100;

AwsRequest peek_messages_request(const std::string& queue_url, int max_messages);
Result<std::vector<SqsMessage>> parse_receive_message(std::string_view body);
// Reads up to `count` (1..kMaxPeek) distinct messages without hiding them. `done` runs once.
void peek_messages_async(AsyncCaller call, const std::string& queue_url, int count,
                         std::function<void(Result<std::vector<SqsMessage>>)> done);
Result<std::vector<SqsMessage>> peek_messages(const SyncCaller& call, const std::string& queue_url, int count);

AwsRequest purge_queue_request(const std::string& queue_url);
AwsRequest get_queue_url_request(const std::string& queue_name);
Result<std::string> get_queue_url(const SyncCaller& call, const std::string& queue_name);

// `destination_arn` empty: every message goes back to the queue it came from.
AwsRequest start_message_move_task_request(const std::string& source_arn, const std::string& destination_arn);
Result<std::string> parse_start_message_move_task(std::string_view body);  // the task handle
AwsRequest list_message_move_tasks_request(const std::string& source_arn);
// Newest first, as SQS lists them.
Result<std::vector<MoveTask>> parse_list_message_move_tasks(std::string_view body);

// The queue a redrive of `queue` reads from and writes to, from its GetQueueAttributes:
// a queue with a RedrivePolicy redrives its DLQ into itself; a queue without one is taken
// to be a DLQ whose messages go back to their sources. Empty source: no ARN to use.
struct RedrivePlan {
  std::string source_arn;
  std::string destination_arn;
  std::string describe() const;  // "orders-dlq -> orders", "orders-dlq -> the messages' source queues"
};
RedrivePlan redrive_plan(const std::map<std::string, std::string>& attributes);

// Why peeking `queue` could move its messages ("" when it cannot): a queue with a
// RedrivePolicy sends a message to its DLQ after maxReceiveCount receives, and a peek is a
// receive. Unreadable attributes count as a risk.
std::string peek_risk(const std::map<std::string, std::string>& attributes);

}  // namespace opsdeck::aws
