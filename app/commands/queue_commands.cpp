// `opsdeck queue peek|redrive|purge QUEUE`: the SQS view's `p`, `M` and `X` for scripts and
// terminals without the console, through the same gate and audit records. A queue is named
// by its name or URL.

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "app/commands/guarded_action.hpp"
#include "app/list_runner.hpp"
#include "app/resources/messages.hpp"
#include "app/resources/queues.hpp"
#include "app/plain_table.hpp"
#include "aws/sqs_messages.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

namespace {

struct QueueOptions {
  std::string queue;
  int count = 10;
  std::string output = "table";
  bool yes = false;
  bool wait = true;
};

aws::Error refused(const std::string& message, const std::string& hint) {
  aws::Error e = aws::make_error(aws::ErrorKind::ReadOnly, message);
  e.code = "Refused";
  e.hint = hint;
  return e;
}

// The queue's URL and attributes, from its name or URL.
aws::Result<aws::QueueAttributes> find_queue(const aws::SyncCaller& call, const std::string& queue) {
  std::string url = queue;
  if (queue.find("://") == std::string::npos) {
    auto u = aws::get_queue_url(call, queue);
    if (!u) {
      aws::Error e = u.error();
      if (e.code.find("NonExistentQueue") != std::string::npos || e.code.find("QueueDoesNotExist") != std::string::npos) {
        e.kind = aws::ErrorKind::NotFound;
        e.message = "no queue named " + queue + ": " + e.message;
      }
      return e;
    }
    url = *u;
  }
  return aws::get_queue_attributes(call, url);
}

HeadlessAction queue_action(const std::string& verb, const std::string& audit, const std::string& queue,
                            const std::string& why, bool destructive, bool yes) {
  GateRequest g;
  g.action = verb + " SQS queue " + queue;
  g.target = "sqs:" + queue;
  g.why_not_read_only = why;
  g.destructive = destructive;
  if (destructive) g.reasons.push_back(why);
  return HeadlessAction{g, audit, g.target, g.action, "", yes};
}

int run_peek(CommandContext& ctx, const QueueOptions& o) {
  auto action = queue_action("peek at", "sqs.peek", o.queue,
                             "receives messages (VisibilityTimeout 0: nothing is hidden or deleted, but each "
                             "message's receive count grows)",
                             false, o.yes);
  std::string printed;
  int code = run_guarded(ctx, "queue peek", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto q = find_queue(call, o.queue);
    if (!q) return q.error();
    if (std::string risk = aws::peek_risk(q->attributes); !risk.empty())
      return refused("not peeking " + queue_name(q->url) + ": " + risk,
                     "peek its dead-letter queue instead (`opsdeck queue peek " + queue_name(q->url) + "-dlq`)");
    auto messages = aws::peek_messages(call, q->url, o.count);
    if (!messages) return messages.error();
    auto rows = message_resources(*messages);
    message_list().sort(rows);
    printed = format_rows(message_list(), rows, o.output);
    return std::to_string(messages->size()) + " message(s) read from " + queue_name(q->url) +
           "; none deleted or hidden";
  }, /*summary_to_stderr=*/true);
  if (code == kExitOk) {
    std::fputs(printed.c_str(), stdout);
  }
  return code;
}

int run_redrive(CommandContext& ctx, const QueueOptions& o) {
  auto action = queue_action("redrive", "sqs.redrive", o.queue,
                             "moves the dead-letter queue's messages back; consumers process them again", true, o.yes);
  return run_guarded(ctx, "queue redrive", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto q = find_queue(call, o.queue);
    if (!q) return q.error();
    auto plan = aws::redrive_plan(q->attributes);
    if (plan.source_arn.empty()) return refused(o.queue + ": no queue ARN or dead-letter queue to redrive", "");
    auto started = call(aws::start_message_move_task_request(plan.source_arn, plan.destination_arn));
    if (!started) return started.error();
    std::fprintf(stderr, "queue redrive: started %s\n", sanitize_for_terminal(plan.describe()).c_str());
    if (!o.wait) return "started " + plan.describe();
    std::string last;
    for (;;) {
      std::this_thread::sleep_for(std::chrono::seconds(2));
      auto r = call(aws::list_message_move_tasks_request(plan.source_arn));
      if (!r) return r.error();
      auto tasks = aws::parse_list_message_move_tasks(r->body);
      if (!tasks) return tasks.error();
      if (tasks->empty()) return refused("SQS lists no move task for " + plan.describe(), "");
      const auto& t = tasks->front();
      if (t.status == "FAILED") return aws::make_error(aws::ErrorKind::Aws, "the redrive failed: " + t.describe());
      if (t.finished()) return plan.describe() + ": " + t.describe();
      if (t.describe() != last) std::fprintf(stderr, "queue redrive: %s\n", (last = t.describe()).c_str());
    }
  });
}

int run_purge(CommandContext& ctx, const QueueOptions& o) {
  auto action = queue_action("purge", "sqs.purge", o.queue,
                             "deletes EVERY message in the queue; they cannot be recovered", true, o.yes);
  return run_guarded(ctx, "queue purge", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto q = find_queue(call, o.queue);
    if (!q) return q.error();
    auto r = call(aws::purge_queue_request(q->url));
    if (!r) return r.error();
    return queue_name(q->url) + ": purged (" + std::to_string(q->visible()) + " visible, " +
           std::to_string(q->in_flight()) + " in flight before)";
  });
}

}  // namespace

void add_queue_commands(CLI::App& cli, CommandContext& ctx) {
  auto* queue = cli.add_subcommand("queue", "Peek at, redrive or purge an SQS queue (the :sqs view's p, M, X)");
  queue->require_subcommand(1);

  auto peek = std::make_shared<QueueOptions>();
  auto* pk = queue->add_subcommand("peek", "Read messages without deleting or hiding them (VisibilityTimeout 0)");
  pk->add_option("queue", peek->queue, "Queue name or URL")->required();
  pk->add_option("-n,--count", peek->count, "How many messages, 1-100")->check(CLI::Range(1, aws::kMaxPeek));
  pk->add_option("-o,--output", peek->output, "table or json")->check(CLI::IsMember({"table", "json"}));
  pk->add_flag("--yes", peek->yes, "Do not ask y/N in production");
  pk->footer("Refused (exit 5) for a queue with a redrive policy: each receive moves a message closer to its DLQ.\n"
             "Exit: 0 read; 1 AWS error; 4 no such queue; 5 refused.");
  pk->callback([&ctx, peek] { ctx.action = [&ctx, peek] { return run_peek(ctx, *peek); }; });

  auto redrive = std::make_shared<QueueOptions>();
  auto* rd = queue->add_subcommand("redrive", "Move a dead-letter queue's messages back (StartMessageMoveTask)");
  rd->add_option("queue", redrive->queue,
                 "The DLQ (messages go back to their source queues) or a queue with a redrive policy (its DLQ "
                 "is moved into it)")
      ->required();
  rd->add_flag("--yes", redrive->yes, "Do not ask y/N (production still needs its name typed)");
  rd->add_flag("!--no-wait", redrive->wait, "Return once the move task started (default: print progress until it ends)");
  rd->footer("Exit: 0 moved (or started, with --no-wait); 1 AWS error or the move failed; 4 no such queue; 5 refused.");
  rd->callback([&ctx, redrive] { ctx.action = [&ctx, redrive] { return run_redrive(ctx, *redrive); }; });

  auto purge = std::make_shared<QueueOptions>();
  auto* pg = queue->add_subcommand("purge", "Delete every message in a queue (PurgeQueue)");
  pg->add_option("queue", purge->queue, "Queue name or URL")->required();
  pg->add_flag("--yes", purge->yes, "Do not ask y/N (production still needs its name typed)");
  pg->footer("Exit: 0 purged; 1 AWS error (SQS allows one purge per queue per 60 s); 4 no such queue; 5 refused.");
  pg->callback([&ctx, purge] { ctx.action = [&ctx, purge] { return run_purge(ctx, *purge); }; });
}

}  // namespace opsdeck::app
