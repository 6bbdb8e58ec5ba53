// SQS on-call actions: the peek / move-task parsers and plans (aws/sqs_messages.hpp) and the
// :sqs view's capabilities `p`, `M`, `X` (app/console/queue_capabilities.hpp) over canned
// responses.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/console/queue_capabilities.hpp"
#include "app/resources/messages.hpp"
#include "aws/sqs_messages.hpp"
#include "tests/unit/screen_test_env.hpp"

using namespace opsdeck;
using nlohmann::json;

namespace {

const std::string kDlqArn = "arn:aws:sqs:us-east-1:123456789012:orders-dlq";
const std::string kQueueArn = "arn:aws:sqs:us-east-1:123456789012:orders";

std::map<std::string, std::string> dlq_attributes() {
  return {{"QueueArn", kDlqArn}, {"ApproximateNumberOfMessages", "3"}, {"ApproximateNumberOfMessagesNotVisible", "1"}};
}

std::map<std::string, std::string> source_attributes() {
  return {{"QueueArn", kQueueArn},
          {"RedrivePolicy", json({{"deadLetterTargetArn", kDlqArn}, {"maxReceiveCount", 3}}).dump()}};
}

json queue_document(const std::string& url, const std::map<std::string, std::string>& attributes) {
  return {{"QueueUrl", url}, {"Attributes", attributes}};
}

const char* kTwoMessages = R"({"Messages":[
  {"MessageId":"m-1","ReceiptHandle":"SECRET-HANDLE-1","Body":"{\"level\":\"error\",\"msg\":\"charge failed\"}",
   "Attributes":{"SentTimestamp":"1763791200000","ApproximateReceiveCount":"4"}},
  {"MessageId":"m-2","ReceiptHandle":"SECRET-HANDLE-2","Body":"plain text",
   "Attributes":{"SentTimestamp":"1763791260000","ApproximateReceiveCount":"1"}}]})";

const app::Capability& capability(const std::string& command) {
  for (const auto& c : app::queue_capabilities())
    if (c.command == command) return c;
  throw std::runtime_error("no capability " + command);
}

}  // namespace

TEST(SqsMessages, ReceiveMessageKeepsBodiesAndCountsAndDropsTheReceiptHandle) {
  auto m = aws::parse_receive_message(kTwoMessages);
  ASSERT_TRUE(m) << m.error().describe();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].id, "m-1");
  EXPECT_EQ((*m)[0].receives, 4);
  EXPECT_EQ((*m)[0].sent_ms, 1763791200000LL);
  EXPECT_EQ((*m)[1].body, "plain text");
  EXPECT_EQ((*m)[0].raw.dump().find("SECRET-HANDLE"), std::string::npos);

  auto empty = aws::parse_receive_message("{}");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  EXPECT_FALSE(aws::parse_receive_message(R"({"Messages":{"MessageId":"x"}})"));
  EXPECT_FALSE(aws::parse_receive_message(R"({"Messages":[{"Body":"no id"}]})"));
  EXPECT_FALSE(aws::parse_receive_message("<html>"));
}

TEST(SqsMessages, PeekAsksWithVisibilityZeroAndStopsWhenAReadAddsNothing) {
  testing_env::FakeAws fake;
  fake.bodies["sqs:ReceiveMessage"] = kTwoMessages;  // the same two on every read
  std::optional<aws::Result<std::vector<aws::SqsMessage>>> got;
  aws::peek_messages_async(fake.caller(), "http://q/orders-dlq", 20, [&](auto r) { got = std::move(r); });
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->size(), 2u);
  ASSERT_EQ(fake.calls.size(), 2u);  // the second read found nothing new
  EXPECT_EQ(fake.calls[0].input["VisibilityTimeout"], 0);
  EXPECT_EQ(fake.calls[0].input["MaxNumberOfMessages"], 10);

  fake.calls.clear();
  got.reset();
  aws::peek_messages_async(fake.caller(), "http://q/orders-dlq", 1, [&](auto r) { got = std::move(r); });
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->size(), 1u);
  EXPECT_EQ(fake.calls.size(), 1u);
  EXPECT_EQ(fake.calls[0].input["MaxNumberOfMessages"], 1);
}

TEST(SqsMessages, RedrivePlanAndPeekRiskComeFromTheQueuesAttributes) {
  auto dlq = aws::redrive_plan(dlq_attributes());
  EXPECT_EQ(dlq.source_arn, kDlqArn);
  EXPECT_EQ(dlq.destination_arn, "");
  EXPECT_EQ(dlq.describe(), "orders-dlq -> the messages' source queues");
  auto source = aws::redrive_plan(source_attributes());
  EXPECT_EQ(source.source_arn, kDlqArn);
  EXPECT_EQ(source.destination_arn, kQueueArn);
  EXPECT_EQ(source.describe(), "orders-dlq -> orders");
  EXPECT_TRUE(aws::redrive_plan({{"QueueArn", kQueueArn}, {"RedrivePolicy", "{not json"}}).source_arn.empty());
  EXPECT_TRUE(aws::redrive_plan({}).source_arn.empty());

  EXPECT_EQ(aws::peek_risk(dlq_attributes()), "");
  EXPECT_NE(aws::peek_risk(source_attributes()).find("after 3 receives"), std::string::npos);
  EXPECT_NE(aws::peek_risk({}), "");  // nothing known: not proven safe
}

TEST(SqsMessages, MoveTasksParseAndDescribeTheirProgress) {
  auto t = aws::parse_list_message_move_tasks(R"({"Results":[
    {"TaskHandle":"h1","Status":"RUNNING","SourceArn":"a","ApproximateNumberOfMessagesMoved":40,
     "ApproximateNumberOfMessagesToMove":120,"StartedTimestamp":1},
    {"Status":"FAILED","SourceArn":"a","ApproximateNumberOfMessagesMoved":3,"FailureReason":"AccessDenied"}]})");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->size(), 2u);
  EXPECT_FALSE((*t)[0].finished());
  EXPECT_EQ((*t)[0].describe(), "RUNNING: 40 of 120 moved");
  EXPECT_TRUE((*t)[1].finished());
  EXPECT_EQ((*t)[1].describe(), "FAILED: 3 moved (AccessDenied)");
  EXPECT_FALSE(aws::parse_list_message_move_tasks(R"({"Results":"x"})"));
  EXPECT_EQ(aws::start_message_move_task_request(kDlqArn, "").input.contains("DestinationArn"), false);
  EXPECT_EQ(aws::start_message_move_task_request(kDlqArn, kQueueArn).input["DestinationArn"], kQueueArn);
}

TEST(QueueCapabilities, PurgeNeedsTheQueueNameTypedAndSaysHowManyMessagesGo) {
  const auto& purge = capability("action.purge");
  EXPECT_EQ(purge.key, "X");
  EXPECT_TRUE(purge.type_name);
  EXPECT_TRUE(purge.destructive);
  json doc = queue_document("http://127.0.0.1/1/orders-dlq", dlq_attributes());
  app::ActionTarget t{"http://127.0.0.1/1/orders-dlq", "orders-dlq", "", &doc};
  EXPECT_EQ(purge.name_to_type(t), "orders-dlq");
  auto lines = purge.details(t);
  ASSERT_TRUE(lines);
  EXPECT_EQ(lines->front(), "3 visible and 1 in-flight message(s) are deleted");
  auto req = purge.request(t);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->name(), "sqs:PurgeQueue");
  EXPECT_EQ(req->input["QueueUrl"], "http://127.0.0.1/1/orders-dlq");
}

TEST(QueueCapabilities, PeekRefusesAQueueWithARedrivePolicyAndOpensTheMessagesOfADlq) {
  const auto& peek = capability("action.peek");
  EXPECT_EQ(peek.key, "p");
  EXPECT_FALSE(peek.destructive);
  json source = queue_document("http://q/orders", source_attributes());
  auto refused = peek.details(app::ActionTarget{"http://q/orders", "orders", "", &source});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("redrive policy"), std::string::npos);

  testing_env::Env e;
  e.fake.bodies["sqs:ReceiveMessage"] = kTwoMessages;
  json dlq = queue_document("http://q/orders-dlq", dlq_attributes());
  app::ActionTarget t{"http://q/orders-dlq", "orders-dlq", "", &dlq};
  ASSERT_TRUE(peek.details(t));
  std::optional<aws::Result<std::string>> finished;
  app::ActionRun run{e.env(), [&](aws::Result<std::string> r) { finished = std::move(r); }, [](const std::string&) {}};
  peek.run(t, run);
  ASSERT_TRUE(finished && *finished);
  EXPECT_EQ(**finished, "2 message(s) read; none deleted or hidden");
  ASSERT_NE(e.view.top_screen(), nullptr);
  EXPECT_NE(e.view.top_screen()->title().find("Messages in orders-dlq"), std::string::npos);
  ui::CellGrid g(160, 24);
  e.view.render(g, "06:00 UTC", 0, true);
  std::string text = g.to_text();
  EXPECT_NE(text.find("ERROR charge failed"), std::string::npos) << text;  // a JSON body, readable
  EXPECT_NE(text.find("plain text"), std::string::npos) << text;
  EXPECT_EQ(text.find("SECRET-HANDLE"), std::string::npos) << text;
}

TEST(QueueCapabilities, RedriveStartsAMoveTaskAndFollowsItUntilItCompletes) {
  const auto& redrive = capability("action.redrive");
  EXPECT_EQ(redrive.key, "M");
  testing_env::Env e;
  e.fake.bodies["sqs:StartMessageMoveTask"] = R"({"TaskHandle":"h1"})";
  e.fake.bodies["sqs:ListMessageMoveTasks"] =
      R"({"Results":[{"TaskHandle":"h1","Status":"RUNNING","SourceArn":"x","ApproximateNumberOfMessagesMoved":1,"ApproximateNumberOfMessagesToMove":3}]})";
  json source = queue_document("http://q/orders", source_attributes());
  app::ActionTarget t{"http://q/orders", "orders", "", &source};
  auto lines = redrive.details(t);
  ASSERT_TRUE(lines);
  EXPECT_EQ(lines->front(), "orders-dlq -> orders");
  std::optional<aws::Result<std::string>> finished;
  std::vector<std::string> progress;
  app::ActionRun run{e.env(), [&](aws::Result<std::string> r) { finished = std::move(r); },
                     [&](const std::string& p) { progress.push_back(p); }};
  redrive.run(t, run);
  ASSERT_EQ(e.fake.calls.size(), 1u);
  EXPECT_EQ(e.fake.calls[0].input["SourceArn"], kDlqArn);
  EXPECT_EQ(e.fake.calls[0].input["DestinationArn"], kQueueArn);
  ASSERT_EQ(e.timers.size(), 1u);
  e.timers.back()();  // first poll: still running
  EXPECT_FALSE(finished);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), "RUNNING: 1 of 3 moved");
  e.fake.bodies["sqs:ListMessageMoveTasks"] =
      R"({"Results":[{"Status":"COMPLETED","SourceArn":"x","ApproximateNumberOfMessagesMoved":3}]})";
  ASSERT_EQ(e.timers.size(), 2u);
  e.timers.back()();
  ASSERT_TRUE(finished && *finished);
  EXPECT_EQ(**finished, "COMPLETED: 3 moved");

  // A failed task ends the action with its reason.
  e.fake.bodies["sqs:ListMessageMoveTasks"] =
      R"({"Results":[{"Status":"FAILED","SourceArn":"x","ApproximateNumberOfMessagesMoved":0,"FailureReason":"AccessDenied"}]})";
  finished.reset();
  redrive.run(t, app::ActionRun{e.env(), [&](aws::Result<std::string> r) { finished = std::move(r); },
                                [](const std::string&) {}});
  e.timers.back()();
  ASSERT_TRUE(finished);
  ASSERT_FALSE(*finished);
  EXPECT_NE(finished->error().message.find("AccessDenied"), std::string::npos);

  // Nothing to redrive from: refused before the dialog.
  json none = queue_document("http://q/x", {});
  EXPECT_FALSE(redrive.details(app::ActionTarget{"http://q/x", "x", "", &none}));
}
