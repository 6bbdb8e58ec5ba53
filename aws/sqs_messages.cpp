#include "aws/sqs_messages.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::aws {

using nlohmann::json;

namespace {

// "arn:aws:sqs:us-east-1:123456789012:orders-dlq" -> "orders-dlq".
std::string queue_of_arn(const std::string& arn) {
  auto colon = arn.rfind(':');
  return colon == std::string::npos ? arn : arn.substr(colon + 1);
}

Error bad(const std::string& operation, const std::string& message) {
  Error e = make_error(ErrorKind::Parse, message);
  e.operation = operation;
  return e;
}

}  // namespace

std::string MoveTask::describe() const {
  std::string out = status + ": " + std::to_string(moved);
  if (to_move && !finished()) out += " of " + std::to_string(*to_move);
  out += " moved";
  if (!failure.empty()) out += " (" + failure + ")";
  return out;
}

std::string RedrivePlan::describe() const {
  return queue_of_arn(source_arn) + " -> " +
         (destination_arn.empty() ? std::string("the messages' source queues") : queue_of_arn(destination_arn));
}

RedrivePlan redrive_plan(const std::map<std::string, std::string>& attributes) {
  RedrivePlan plan;
  auto arn = attributes.find("QueueArn");
  auto policy = attributes.find("RedrivePolicy");
  if (policy != attributes.end()) {
    auto j = parse_json_document(policy->second, "RedrivePolicy");
    if (!j || arn == attributes.end()) return plan;
    plan.source_arn = jstr(*j, "deadLetterTargetArn");
    plan.destination_arn = plan.source_arn.empty() ? "" : arn->second;
    return plan;
  }
  if (arn != attributes.end()) plan.source_arn = arn->second;
  return plan;
}

std::string peek_risk(const std::map<std::string, std::string>& attributes) {
  if (attributes.find("QueueArn") == attributes.end()) return "its attributes are not known";
  auto policy = attributes.find("RedrivePolicy");
  if (policy == attributes.end()) return "";
  auto j = parse_json_document(policy->second, "RedrivePolicy");
  std::string limit = j ? std::to_string(jint(*j, "maxReceiveCount")) : "?";
  return "it has a redrive policy: after " + limit +
         " receives a message moves to its dead-letter queue, and every peek is a receive";
}

AwsRequest peek_messages_request(const std::string& queue_url, int max_messages) {
  return json_request(services::sqs, "ReceiveMessage",
                      {{"QueueUrl", queue_url},
                       {"MaxNumberOfMessages", max_messages},
                       {"VisibilityTimeout", 0},
                       {"WaitTimeSeconds", 0},
                       {"MessageSystemAttributeNames", {"All"}},
                       {"MessageAttributeNames", {"All"}}});
}

Result<std::vector<SqsMessage>> parse_receive_message(std::string_view body) {
  auto j = parse_json_body(body, "sqs:ReceiveMessage");
  if (!j) return j.error();
  std::vector<SqsMessage> out;
  auto messages = j->find("Messages");
  if (messages == j->end() || messages->is_null()) return out;
  if (!messages->is_array()) return bad("sqs:ReceiveMessage", "Messages is not a list");
  for (const auto& m : *messages) {
    if (!m.is_object()) return bad("sqs:ReceiveMessage", "a message is not an object");
    SqsMessage msg;
    msg.id = jstr(m, "MessageId");
    if (msg.id.empty()) return bad("sqs:ReceiveMessage", "a message has no MessageId");
    msg.body = jstr(m, "Body");
    auto attrs = jstring_map(m, "Attributes");
    if (auto it = attrs.find("SentTimestamp"); it != attrs.end()) msg.sent_ms = std::atoll(it->second.c_str());
    if (auto it = attrs.find("ApproximateReceiveCount"); it != attrs.end())
      msg.receives = std::atoll(it->second.c_str());
    msg.raw = m;
    msg.raw.erase("ReceiptHandle");  // a handle deletes the message: never kept or shown
    out.push_back(std::move(msg));
  }
  return out;
}

namespace {

// Reads until `count` distinct messages, a read that adds none, or ten reads.
struct PeekState {
  AsyncCaller call;
  std::string url;
  int count = 0;
  int reads = 0;
  std::vector<SqsMessage> out;
  std::set<std::string> seen;
  std::function<void(Result<std::vector<SqsMessage>>)> done;
};

void peek_step(const std::shared_ptr<PeekState>& st) {
  int want = std::min(10, st->count - static_cast<int>(st->out.size()));
  ++st->reads;
  st->call(peek_messages_request(st->url, want), [st](Result<HttpResponse> r) {
    if (!r) return st->done(r.error());
    auto page = parse_receive_message(r->body);
    if (!page) return st->done(page.error());
    std::size_t before = st->out.size();
    for (auto& m : *page)
      if (st->seen.insert(m.id).second && static_cast<int>(st->out.size()) < st->count) st->out.push_back(std::move(m));
    if (st->out.size() == before || static_cast<int>(st->out.size()) >= st->count || st->reads >= kMaxPeek / 10)
      return st->done(std::move(st->out));
    peek_step(st);
  });
}

}  // namespace

void peek_messages_async(AsyncCaller call, const std::string& queue_url, int count,
                         std::function<void(Result<std::vector<SqsMessage>>)> done) {
  auto st = std::make_shared<PeekState>();
  st->call = std::move(call);
  st->url = queue_url;
  st->count = std::clamp(count, 1, kMaxPeek);
  st->done = std::move(done);
  peek_step(st);
}

Result<std::vector<SqsMessage>> peek_messages(const SyncCaller& call, const std::string& queue_url, int count) {
  std::optional<Result<std::vector<SqsMessage>>> result;
  peek_messages_async(inline_async_caller(call), queue_url, count,
                      [&result](Result<std::vector<SqsMessage>> r) { result = std::move(r); });
  return std::move(*result);
}

AwsRequest purge_queue_request(const std::string& queue_url) {
  return json_request(services::sqs, "PurgeQueue", {{"QueueUrl", queue_url}});
}

AwsRequest get_queue_url_request(const std::string& queue_name) {
  return json_request(services::sqs, "GetQueueUrl", {{"QueueName", queue_name}});
}

Result<std::string> get_queue_url(const SyncCaller& call, const std::string& queue_name) {
  auto r = call(get_queue_url_request(queue_name));
  if (!r) return r.error();
  auto j = parse_json_body(r->body, "sqs:GetQueueUrl");
  if (!j) return j.error();
  std::string url = jstr(*j, "QueueUrl");
  if (url.empty()) return bad("sqs:GetQueueUrl", "the answer has no QueueUrl");
  return url;
}

AwsRequest start_message_move_task_request(const std::string& source_arn, const std::string& destination_arn) {
  json in = {{"SourceArn", source_arn}};
  if (!destination_arn.empty()) in["DestinationArn"] = destination_arn;
  return json_request(services::sqs, "StartMessageMoveTask", std::move(in));
}

Result<std::string> parse_start_message_move_task(std::string_view body) {
  auto j = parse_json_body(body, "sqs:StartMessageMoveTask");
  if (!j) return j.error();
  return jstr(*j, "TaskHandle");
}

AwsRequest list_message_move_tasks_request(const std::string& source_arn) {
  return json_request(services::sqs, "ListMessageMoveTasks", {{"SourceArn", source_arn}, {"MaxResults", 10}});
}

Result<std::vector<MoveTask>> parse_list_message_move_tasks(std::string_view body) {
  auto j = parse_json_body(body, "sqs:ListMessageMoveTasks");
  if (!j) return j.error();
  std::vector<MoveTask> out;
  auto results = j->find("Results");
  if (results == j->end() || results->is_null()) return out;
  if (!results->is_array()) return bad("sqs:ListMessageMoveTasks", "Results is not a list");
  for (const auto& t : *results) {
    if (!t.is_object()) return bad("sqs:ListMessageMoveTasks", "a task is not an object");
    MoveTask m;
    m.handle = jstr(t, "TaskHandle");
    m.status = jstr(t, "Status");
    m.source_arn = jstr(t, "SourceArn");
    m.destination_arn = jstr(t, "DestinationArn");
    m.moved = jint(t, "ApproximateNumberOfMessagesMoved");
    m.to_move = jint_opt(t, "ApproximateNumberOfMessagesToMove");
    m.failure = jstr(t, "FailureReason");
    m.started_ms = jint(t, "StartedTimestamp");
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace opsdeck::aws
