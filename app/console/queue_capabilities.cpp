#include "app/console/queue_capabilities.hpp"

#include <memory>

#include "app/console/screens/list_screen.hpp"
#include "app/resources/messages.hpp"
#include "app/resources/queues.hpp"
#include "aws/json_fields.hpp"
#include "aws/sqs_messages.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

using R = aws::Result<aws::AwsRequest>;
using Lines = aws::Result<std::vector<std::string>>;

std::map<std::string, std::string> attributes_of(const ActionTarget& t) {
  return t.document ? aws::jstring_map(*t.document, "Attributes") : std::map<std::string, std::string>{};
}

std::string count_of(const std::map<std::string, std::string>& a, const char* key) {
  auto it = a.find(key);
  return it == a.end() ? std::string("?") : it->second;
}

Capability peek() {
  Capability c = simple_capability("action.peek", "p", "peek", "sqs.peek",
                                   "reads messages without deleting or hiding them (their receive counts grow)",
                                   nullptr);
  c.destructive = false;
  c.details = [](const ActionTarget& t) -> Lines {
    std::string risk = aws::peek_risk(attributes_of(t));
    if (!risk.empty()) return capability_refusal("not peeking " + queue_name(t.id) + ": " + risk);
    return std::vector<std::string>{"up to " + std::to_string(kConsolePeek) + " messages, VisibilityTimeout 0"};
  };
  c.run = [](const ActionTarget& t, ActionRun run) {
    std::string url = t.id;
    std::string title = "Messages in " + ui::sanitize_plain(queue_name(url)) + " (peek: not deleted, not hidden)";
    aws::peek_messages_async(run.env.call, url, kConsolePeek, [run, title](aws::Result<std::vector<aws::SqsMessage>> r) {
      run.env.post([run, title, r = std::move(r)]() mutable {
        if (!r) return run.finish(r.error());
        const auto& list = message_list();
        auto screen = std::make_shared<TableScreen>(title, list.pane_columns(), ResourceType::SqsMessage);
        std::size_t n = r->size();
        Snapshot s{message_resources(*r), {}, {}};
        list.sort(s.resources);
        screen->set_resources(list, std::move(s), run.env.now());
        if (n == 0) screen->set_error("no messages: the queue is empty (or every message is in flight)");
        screen->add_hint({"d", "message"});
        run.env.view->push_screen(screen);
        run.finish(std::to_string(n) + " message(s) read; none deleted or hidden");
      });
    });
  };
  return c;
}

// Polls the move task started from `source` until it ends (every kMoveTaskPoll, at most an hour).
void watch_move(ActionRun run, std::string source, int polls_left) {
  run.env.after(kMoveTaskPoll, [run, source, polls_left] {
    run.env.call(aws::list_message_move_tasks_request(source), [run, source, polls_left](aws::Result<aws::HttpResponse> r) {
      auto tasks = r ? aws::parse_list_message_move_tasks(r->body) : aws::Result<std::vector<aws::MoveTask>>(r.error());
      run.env.post([run, source, polls_left, tasks = std::move(tasks)] {
        if (!tasks) return run.finish(tasks.error());
        if (tasks->empty()) return run.finish(capability_refusal("SQS lists no move task for " + queue_name(source)));
        const aws::MoveTask& t = tasks->front();  // newest first
        if (t.status == "FAILED") return run.finish(capability_refusal("the redrive failed: " + t.describe()));
        if (t.finished()) return run.finish(t.describe());
        run.progress(t.describe());
        if (polls_left <= 0) return run.finish(t.describe() + " (still running; `M` is refused until it ends)");
        watch_move(run, source, polls_left - 1);
      });
    });
  });
}

Capability redrive() {
  Capability c = simple_capability("action.redrive", "M", "redrive", "sqs.redrive",
                                   "moves the dead-letter queue's messages back (StartMessageMoveTask); "
                                   "consumers process them again",
                                   nullptr);
  c.details = [](const ActionTarget& t) -> Lines {
    auto plan = aws::redrive_plan(attributes_of(t));
    if (plan.source_arn.empty()) return capability_refusal(queue_name(t.id) + ": no queue ARN or dead-letter queue to redrive");
    return std::vector<std::string>{plan.describe()};
  };
  c.run = [](const ActionTarget& t, ActionRun run) {
    auto plan = aws::redrive_plan(attributes_of(t));
    run.env.call(aws::start_message_move_task_request(plan.source_arn, plan.destination_arn),
                 [run, plan](aws::Result<aws::HttpResponse> r) {
                   auto handle = r ? aws::parse_start_message_move_task(r->body) : aws::Result<std::string>(r.error());
                   run.env.post([run, plan, handle] {
                     if (!handle) return run.finish(handle.error());
                     run.progress("started " + plan.describe());
                     watch_move(run, plan.source_arn, 1800);
                   });
                 });
  };
  return c;
}

Capability purge() {
  Capability c = simple_capability(
      "action.purge", "X", "purge", "sqs.purge",
      "deletes EVERY message in the queue; they cannot be recovered (one purge per queue per 60 s)",
      [](const ActionTarget& t) { return R(aws::purge_queue_request(t.id)); });
  c.type_name = true;
  c.name_to_type = [](const ActionTarget& t) { return queue_name(t.id); };
  c.details = [](const ActionTarget& t) -> Lines {
    auto a = attributes_of(t);
    return std::vector<std::string>{count_of(a, "ApproximateNumberOfMessages") + " visible and " +
                                    count_of(a, "ApproximateNumberOfMessagesNotVisible") +
                                    " in-flight message(s) are deleted"};
  };
  return c;
}

}  // namespace

const std::vector<Capability>& queue_capabilities() {
  static const std::vector<Capability> kCaps = {peek(), redrive(), purge()};
  return kCaps;
}

}  // namespace opsdeck::app
