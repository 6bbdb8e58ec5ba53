#include "app/console/screens/sqs_screen.hpp"

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>

namespace opsdeck::app {

namespace {
using ui::Role;
struct QueuesWithAges {
  std::vector<aws::QueueAttributes> queues;
  std::map<std::string, double> oldest;  // url -> seconds
};
}  // namespace

std::vector<ui::Column> sqs_queue_columns() {
  return {{"QUEUE", 8, 48, 0},         {"VISIBLE", 7, 9, 0, true},  {"IN FLIGHT", 9, 9, 1, true},
          {"OLDEST", 6, 6, 2, true},   {"DLQ", 4, 40, 1},           {"DLQ DEPTH", 9, 9, 0, true}};
}

std::string queue_name(const std::string& url) {
  auto slash = url.rfind('/');
  return slash == std::string::npos ? url : url.substr(slash + 1);
}

std::vector<aws::MetricQuery> oldest_message_queries(const std::vector<aws::QueueAttributes>& queues) {
  std::vector<aws::MetricQuery> out;
  for (std::size_t i = 0; i < queues.size() && i < 500; ++i) {  // GetMetricData's limit
    aws::MetricQuery q;
    q.id = "q" + std::to_string(i);
    q.namespace_ = "AWS/SQS";
    q.metric = "ApproximateAgeOfOldestMessage";
    q.dimensions = {{"QueueName", queue_name(queues[i].url)}};
    q.period = 60;
    q.stat = "Maximum";
    out.push_back(std::move(q));
  }
  return out;
}

PaneRows sqs_queue_rows(const std::vector<aws::QueueAttributes>& queues,
                        const std::map<std::string, double>& oldest_seconds) {
  std::map<std::string, const aws::QueueAttributes*> by_arn;
  for (const auto& q : queues) {
    auto it = q.attributes.find("QueueArn");
    if (it != q.attributes.end()) by_arn[it->second] = &q;
  }
  auto oldest = [&](const std::string& url) {
    auto it = oldest_seconds.find(url);
    if (it == oldest_seconds.end()) return cell("-", Role::Dim);
    auto secs = std::chrono::seconds(static_cast<long long>(it->second));
    return cell(short_age(secs), secs.count() > 300 ? Role::StateWarn : Role::Default);
  };
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
                        oldest(q.url), cell(dlq, Role::Dim), cell(depth, depth_role)});
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
      SysTime now;
      std::vector<std::string> urls;
      QueuesWithAges out;
      std::function<void(aws::Result<QueuesWithAges>)> done;
      void next(std::size_t i) {
        if (i >= urls.size()) return ages();
        auto self = shared_from_this();
        call(aws::get_queue_attributes_request(urls[i]), [self, i](aws::Result<aws::HttpResponse> r) {
          if (!r) {
            // A queue deleted between the list and its attributes: skip it.
            if (r.error().code.find("NonExistentQueue") == std::string::npos)
              return self->done(r.error());
          } else {
            auto q = aws::parse_get_queue_attributes(r->body, self->urls[i]);
            if (!q) return self->done(q.error());
            self->out.queues.push_back(std::move(*q));
          }
          self->next(i + 1);
        });
      }
      // Optional: a failed metrics call leaves the ages "-".
      void ages() {
        auto queries = oldest_message_queries(out.queues);
        if (queries.empty()) return done(std::move(out));
        double end = std::chrono::duration<double>(now.time_since_epoch()).count();
        auto self = shared_from_this();
        call(aws::get_metric_data_request(queries, end - 900, end, false),
             [self](aws::Result<aws::HttpResponse> r) {
               std::string token;
               auto series = r ? aws::parse_get_metric_data(r->body, &token)
                               : aws::Result<std::vector<aws::MetricSeries>>(r.error());
               if (series)
                 for (const auto& m : *series) {
                   std::size_t i = std::strtoul(m.id.c_str() + 1, nullptr, 10);
                   if (m.id.size() > 1 && i < self->out.queues.size() && !m.values.empty())
                     self->out.oldest[self->out.queues[i].url] = m.values.front();  // newest
                 }
               self->done(std::move(self->out));
             });
      }
    };
    auto walk = std::make_shared<Walk>();
    walk->call = env.call;
    walk->now = env.now();
    walk->done = deliver<QueuesWithAges>(
        env, w, "sqs", [](const auto& v) { return sqs_queue_rows(v.queues, v.oldest); });
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
