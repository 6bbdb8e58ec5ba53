// SsmCommandRunner over a scripted SyncCaller: output emitted as new suffixes only,
// InvocationDoesNotExist tolerated, exit codes, tag targets, cancel and timeout.
#include "ssh/ssm_command_runner.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>

namespace opsdeck {
namespace {

using nlohmann::json;

// Answers SendCommand with a fixed id and GetCommandInvocation / ListCommandInvocations
// from a queue (the last entry repeats). An entry "!Code" is an AWS error with that code.
struct FakeSsm {
  std::mutex mu;
  std::vector<std::string> polls;
  size_t next = 0;
  std::vector<std::string> ops;
  json last_send;

  aws::SyncCaller caller() {
    return [this](const aws::AwsRequest& r) -> aws::Result<aws::HttpResponse> {
      std::lock_guard lock(mu);
      ops.push_back(r.operation);
      aws::HttpResponse resp;
      resp.status = 200;
      if (r.operation == "SendCommand") {
        last_send = r.input;
        resp.body = R"({"Command":{"CommandId":"c-1","Status":"Pending"}})";
        return resp;
      }
      if (r.operation == "CancelCommand") {
        resp.body = "{}";
        return resp;
      }
      const std::string& p = polls[std::min(next++, polls.size() - 1)];
      if (!p.empty() && p[0] == '!') {
        aws::Error e = aws::make_error(aws::ErrorKind::Aws, "scripted");
        e.code = p.substr(1);
        e.http_status = 400;
        return e;
      }
      resp.body = p;
      return resp;
    };
  }
};

std::string inv(const std::string& status, int code, const std::string& out,
                const std::string& err = "") {
  return json{{"CommandId", "c-1"},         {"InstanceId", "i-0aaa111122223333a"},
              {"Status", status},           {"StatusDetails", status},
              {"ResponseCode", code},       {"StandardOutputContent", out},
              {"StandardErrorContent", err}}
      .dump();
}

struct Collected {
  std::string out, err;
  std::vector<std::string> out_chunks;
  ssh::CommandOutcome outcome;
};

ssh::SsmRunnerOptions fast() {
  ssh::SsmRunnerOptions o;
  o.first_poll = std::chrono::milliseconds(1);
  o.max_poll = std::chrono::milliseconds(5);
  return o;
}

Collected run(FakeSsm& fake, const std::string& target, ssh::SsmRunnerOptions o = fast(),
              bool cancel_after_start = false) {
  ssh::SsmCommandRunner runner(fake.caller(), ssh::parse_ssm_target(target), o);
  auto c = std::make_shared<Collected>();
  std::promise<void> done;
  ssh::CommandCallbacks cb;
  cb.on_stdout = [c](std::string_view d) {
    c->out += d;
    c->out_chunks.emplace_back(d);
  };
  cb.on_stderr = [c](std::string_view d) { c->err += d; };
  cb.on_exit = [c, &done](const ssh::CommandOutcome& x) {
    c->outcome = x;
    done.set_value();
  };
  auto h = runner.start("echo hi", std::move(cb));
  if (cancel_after_start) h->cancel();
  EXPECT_EQ(done.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  return *c;
}

TEST(SsmCommandRunner, StreamsOnlyNewSuffixesAndReportsExitCode) {
  FakeSsm fake;
  fake.polls = {"!InvocationDoesNotExist", inv("InProgress", -1, "a\n"),
                inv("InProgress", -1, "a\n"), inv("InProgress", -1, "a\nb\n", "w\n"),
                inv("Success", 0, "a\nb\nc\n", "w\n")};
  auto c = run(fake, "i-0aaa111122223333a");
  EXPECT_EQ(c.out, "a\nb\nc\n");
  EXPECT_EQ(c.out_chunks, (std::vector<std::string>{"a\n", "b\n", "c\n"}));
  EXPECT_EQ(c.err, "w\n");
  EXPECT_TRUE(c.outcome.succeeded());
  EXPECT_EQ(c.outcome.exit_status, 0);
  EXPECT_EQ(fake.last_send["InstanceIds"][0], "i-0aaa111122223333a");
  EXPECT_EQ(fake.last_send["Parameters"]["commands"][0], "echo hi");
}

TEST(SsmCommandRunner, FailedCommandKeepsItsExitCode) {
  FakeSsm fake;
  fake.polls = {inv("InProgress", -1, "x\n"), inv("Failed", 2, "x\n", "disk full\n")};
  auto c = run(fake, "i-0aaa111122223333a");
  EXPECT_FALSE(c.outcome.error);
  EXPECT_EQ(c.outcome.exit_status, 2);
  EXPECT_EQ(c.err, "disk full\n");
}

TEST(SsmCommandRunner, NonRetryableErrorEndsTheCommand) {
  FakeSsm fake;
  fake.polls = {"!AccessDeniedException"};
  auto c = run(fake, "i-0aaa111122223333a");
  ASSERT_TRUE(c.outcome.error);
  EXPECT_EQ(c.outcome.error->code, "AccessDeniedException");
}

TEST(SsmCommandRunner, CancelCallsCancelCommand) {
  FakeSsm fake;
  fake.polls = {inv("InProgress", -1, "")};
  auto c = run(fake, "i-0aaa111122223333a", fast(), true);
  ASSERT_TRUE(c.outcome.error);
  EXPECT_EQ(c.outcome.error->kind, aws::ErrorKind::Cancelled);
  std::lock_guard lock(fake.mu);
  // Cancelled before SendCommand, or after it with CancelCommand.
  bool sent = std::find(fake.ops.begin(), fake.ops.end(), "SendCommand") != fake.ops.end();
  bool cancelled = std::find(fake.ops.begin(), fake.ops.end(), "CancelCommand") != fake.ops.end();
  EXPECT_EQ(sent, cancelled);
}

TEST(SsmCommandRunner, TimeoutCancelsAndReportsTimeout) {
  FakeSsm fake;
  fake.polls = {inv("InProgress", -1, "")};
  auto o = fast();
  o.timeout = std::chrono::milliseconds(50);
  auto c = run(fake, "i-0aaa111122223333a", o);
  ASSERT_TRUE(c.outcome.error);
  EXPECT_EQ(c.outcome.error->kind, aws::ErrorKind::Timeout);
  std::lock_guard lock(fake.mu);
  EXPECT_EQ(fake.ops.back(), "CancelCommand");
}

TEST(SsmCommandRunner, TagTargetPollsListInvocationsAndPrefixesOutput) {
  FakeSsm fake;
  auto item = [](const std::string& id, const std::string& st, int rc, const std::string& out) {
    return json{{"InstanceId", id},
                {"Status", st},
                {"CommandPlugins", json::array({{{"ResponseCode", rc}, {"Output", out}}})}};
  };
  fake.polls = {
      R"({"CommandInvocations":[]})",
      json{{"CommandInvocations",
            {item("i-1", "InProgress", -1, "a"), item("i-2", "Success", 0, "b")}}}
          .dump(),
      json{{"CommandInvocations", {item("i-1", "Failed", 3, "a!"), item("i-2", "Success", 0, "b")}}}
          .dump()};
  auto c = run(fake, "tag:Role=web");
  EXPECT_EQ(c.out, "[i-1] a[i-2] b[i-1] !");
  EXPECT_EQ(c.outcome.exit_status, 3);
  EXPECT_EQ(fake.last_send["Targets"][0]["Key"], "tag:Role");
  ssh::SsmCommandRunner r(fake.caller(), ssh::parse_ssm_target("tag:Role=web"));
  EXPECT_EQ(r.describe_target(), "tag:Role=web (ssm)");
}

}  // namespace
}  // namespace opsdeck
