#include "app/resources/queues.hpp"

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>

namespace opsdeck::app {

namespace {

using ui::Role;

// Older than this, the oldest message is shown as a warning.
constexpr long long kOldMessageSeconds = 300;

void with_ages(const aws::AsyncCaller& call, SysTime now, std::vector<aws::QueueAttributes> queues,
               SnapshotCallback done) {
  auto queries = oldest_message_queries(queues);
  if (queries.empty()) {
    Snapshot s{queue_resources(queues), {}, {}};
    queue_list().sort(s.resources);
    return done(std::move(s));
  }
  double end = std::chrono::duration<double>(now.time_since_epoch()).count();
  auto shared = std::make_shared<std::vector<aws::QueueAttributes>>(std::move(queues));
  call(aws::get_metric_data_request(queries, end - 900, end, false),
       [shared, done = std::move(done)](aws::Result<aws::HttpResponse> r) {
         std::string token;
         auto series = r ? aws::parse_get_metric_data(r->body, &token)
                         : aws::Result<std::vector<aws::MetricSeries>>(r.error());
         std::map<std::string, double> oldest;
         if (series)
           for (const auto& m : *series) {
             std::size_t i = std::strtoul(m.id.c_str() + 1, nullptr, 10);
             if (m.id.size() > 1 && i < shared->size() && !m.values.empty())
               oldest[(*shared)[i].url] = m.values.front();  // newest first
           }
         Snapshot s{queue_resources(*shared, oldest), {}, {}};
         if (!series) s.left_out.push_back({"CloudWatch (oldest message ages)", series.error()});
         queue_list().sort(s.resources);
         done(std::move(s));
       });
}

void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  SysTime now = opts.now;
  aws::queues_async(call, [call, now, done = std::move(done)](aws::Result<std::vector<aws::QueueAttributes>> r) {
    if (!r) return done(r.error());
    with_ages(call, now, std::move(*r), std::move(done));
  });
}

ResourceList make_list() {
  ResourceList l;
  l.name = "queues";
  l.keys = {"name", "url", "visible", "in_flight", "oldest_seconds", "dlq", "dlq_depth"};
  auto count = [](const char* key) {
    return [key](const Resource& r, const CellContext&) {
      long long n = field_number(r, key);
      return cell_of(std::to_string(n), n ? Role::Default : Role::Dim);
    };
  };
  l.pane = {
      {{"QUEUE", 8, 48, 0}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "name")); }},
      {{"VISIBLE", 7, 9, 0, true}, count("visible")},
      {{"IN FLIGHT", 9, 9, 1, true}, count("in_flight")},
      {{"OLDEST", 6, 6, 2, true},
       [](const Resource& r, const CellContext&) {
         const auto& v = field_value(r, "oldest_seconds");
         if (!v.is_number()) return cell_of("-", Role::Dim);
         auto secs = std::chrono::seconds(static_cast<long long>(v.get<double>()));
         return cell_of(short_age(secs), secs.count() > kOldMessageSeconds ? Role::StateWarn : Role::Default);
       }},
      {{"DLQ", 4, 40, 1},
       [](const Resource& r, const CellContext&) {
         auto dlq = field_text(r, "dlq");
         return cell_of(dlq.empty() ? "-" : dlq, Role::Dim);
       }},
      {{"DLQ DEPTH", 9, 9, 0, true},
       [](const Resource& r, const CellContext&) {
         if (field_text(r, "dlq").empty()) return cell_of("-", Role::Dim);
         const auto& d = field_value(r, "dlq_depth");
         if (!d.is_number()) return cell_of("?", Role::Dim);  // the DLQ is not in this list
         long long depth = d.get<long long>();
         return cell_of(std::to_string(depth), depth > 0 ? Role::StateBad : Role::StateGood);
       }},
  };
  l.before = [](const Resource& a, const Resource& b) { return field_text(a, "name") < field_text(b, "name"); };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& queue_list() {
  static const ResourceList list = make_list();
  return list;
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

std::vector<Resource> queue_resources(const std::vector<aws::QueueAttributes>& queues,
                                      const std::map<std::string, double>& oldest_seconds) {
  std::map<std::string, const aws::QueueAttributes*> by_arn;
  for (const auto& q : queues) {
    auto it = q.attributes.find("QueueArn");
    if (it != q.attributes.end()) by_arn[it->second] = &q;
  }
  std::vector<Resource> out;
  for (const auto& q : queues) {
    Resource r{ResourceType::SqsQueue, q.url, {}, {{"QueueUrl", q.url}, {"Attributes", q.attributes}}};
    r.fields["name"] = queue_name(q.url);
    r.fields["url"] = q.url;
    r.fields["visible"] = q.visible();
    r.fields["in_flight"] = q.in_flight();
    auto age = oldest_seconds.find(q.url);
    r.fields["oldest_seconds"] = age == oldest_seconds.end() ? nlohmann::ordered_json() : nlohmann::ordered_json(age->second);
    std::string dlq_arn = q.dead_letter_target();
    r.fields["dlq"] = dlq_arn.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(dlq_arn.substr(dlq_arn.rfind(':') + 1));
    auto dlq = by_arn.find(dlq_arn);
    r.fields["dlq_depth"] = dlq_arn.empty() || dlq == by_arn.end() ? nlohmann::ordered_json()
                                                                  : nlohmann::ordered_json(dlq->second->visible());
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace opsdeck::app
