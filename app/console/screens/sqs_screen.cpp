#include "app/console/screens/sqs_screen.hpp"

#include <map>
#include <memory>

namespace opsdeck::app {

namespace {
using ui::Role;
}  // namespace

std::vector<ui::Column> sqs_queue_columns() {
  return {{"QUEUE", 8, 48, 0},         {"VISIBLE", 7, 9, 0, true},  {"IN FLIGHT", 9, 9, 1, true},
          {"OLDEST", 6, 6, 2, true},   {"DLQ", 4, 40, 1},           {"DLQ DEPTH", 9, 9, 0, true}};
}

std::string queue_name(const std::string& url) {
  auto slash = url.rfind('/');
  return slash == std::string::npos ? url : url.substr(slash + 1);
}

PaneRows sqs_queue_rows(const std::vector<aws::QueueAttributes>& queues) {
  std::map<std::string, const aws::QueueAttributes*> by_arn;
  for (const auto& q : queues) {
    auto it = q.attributes.find("QueueArn");
    if (it != q.attributes.end()) by_arn[it->second] = &q;
  }
  PaneRows out;
  for (const auto& q : queues) {
    std::string dlq_arn = q.dead_letter_target();
    std::string dlq = "-", depth = "-";
    Role depth_role = Role::Dim;
    if (!dlq_arn.empty()) {
      dlq = dlq_arn.substr(dlq_arn.rfind(':') + 1);
      auto it = by_arn.find(dlq_arn);
      if (it != by_arn.end()) {
        long long d = it->second->visible();
        depth = std::to_string(d);
        depth_role = d > 0 ? Role::StateBad : Role::StateGood;
      } else {
        depth = "?";  // the DLQ is in another account or region
      }
    }
    long long visible = q.visible(), in_flight = q.in_flight();
    out.rows.push_back({cell(queue_name(q.url)),
                        cell(std::to_string(visible), visible ? Role::Default : Role::Dim),
                        cell(std::to_string(in_flight), in_flight ? Role::Default : Role::Dim),
                        cell("-", Role::Dim), cell(dlq, Role::Dim), cell(depth, depth_role)});
    out.keys.push_back(q.url);
    nlohmann::json doc = {{"QueueUrl", q.url}, {"Attributes", q.attributes}};
    out.documents.push_back(std::move(doc));
  }
  return out;
}

void open_sqs_queues(const ScreenEnv& env) {
  auto s = std::make_shared<TableScreen>("SQS queues", sqs_queue_columns(), ResourceType::SqsQueue);
  std::weak_ptr<TableScreen> w = s;
  env.view->push_screen(s);
  keep_fresh(env, w);
  s->set_loader([env, w] {
    struct Walk : std::enable_shared_from_this<Walk> {
      aws::AsyncCaller call;
      std::vector<std::string> urls;
      std::vector<aws::QueueAttributes> out;
      std::function<void(aws::Result<std::vector<aws::QueueAttributes>>)> done;
      void next(std::size_t i) {
        if (i >= urls.size()) return done(std::move(out));
        auto self = shared_from_this();
        call(aws::get_queue_attributes_request(urls[i]), [self, i](aws::Result<aws::HttpResponse> r) {
          if (!r) {
            // A queue deleted between the list and its attributes: skip it.
            if (r.error().code.find("NonExistentQueue") == std::string::npos)
              return self->done(r.error());
          } else {
            auto q = aws::parse_get_queue_attributes(r->body, self->urls[i]);
            if (!q) return self->done(q.error());
            self->out.push_back(std::move(*q));
          }
          self->next(i + 1);
        });
      }
    };
    auto walk = std::make_shared<Walk>();
    walk->call = env.call;
    walk->done = deliver<std::vector<aws::QueueAttributes>>(
        env, w, "sqs", [](const auto& v) { return sqs_queue_rows(v); });
    aws::paginate_async<std::vector<std::string>>(
        env.call, aws::list_queues_request(),
        [](const std::string& body, std::vector<std::string>& o) -> aws::Result<std::string> {
          std::string token;
          auto page = aws::parse_list_queues(body, &token);
          if (!page) return page.error();
          o.insert(o.end(), page->begin(), page->end());
          return token;
        },
        [](aws::AwsRequest& r, const std::string& t) { r.input["NextToken"] = t; },
        [walk](aws::Result<std::vector<std::string>> urls) {
          if (!urls) return walk->done(urls.error());
          walk->urls = std::move(*urls);
          walk->next(0);
        });
  });
}

}  // namespace opsdeck::app
