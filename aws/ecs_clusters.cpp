#include "aws/ecs_clusters.hpp"

#include <algorithm>
#include <memory>

#include "aws/json_fields.hpp"

namespace opsdeck::aws {

namespace {

using nlohmann::json;
using Arns = std::vector<std::string>;

void set_next_token(AwsRequest& r, const std::string& t) { r.input["nextToken"] = t; }

// Every page of a List* call's ARNs.
void list_arns_async(AsyncCaller call, AwsRequest request, const char* key, const char* op,
                     std::function<void(Result<Arns>)> done) {
  paginate_async<Arns>(
      std::move(call), std::move(request),
      [key, op](const std::string& body, Arns& o) -> Result<std::string> {
        std::string token;
        auto page = parse_arn_list(body, key, op, &token);
        if (!page) return page.error();
        o.insert(o.end(), page->begin(), page->end());
        return token;
      },
      set_next_token, std::move(done));
}

// Describes `arns` in batches of `batch`, one request after the other.
template <class T>
struct Batches : std::enable_shared_from_this<Batches<T>> {
  AsyncCaller call;
  Arns arns;
  std::size_t batch = 10;
  std::function<AwsRequest(const Arns&)> request;
  std::function<Result<std::vector<T>>(std::string_view)> parse;
  std::function<void(Result<std::vector<T>>)> done;
  std::vector<T> out;

  void next(std::size_t from) {
    if (from >= arns.size()) return done(std::move(out));
    Arns part(arns.begin() + static_cast<long>(from),
              arns.begin() + static_cast<long>(std::min(from + batch, arns.size())));
    auto self = this->shared_from_this();
    call(request(part), [self, from](Result<HttpResponse> r) {
      if (!r) return self->done(r.error());
      auto page = self->parse(r->body);
      if (!page) return self->done(page.error());
      for (auto& x : *page) self->out.push_back(std::move(x));
      self->next(from + self->batch);
    });
  }
};

template <class T>
void describe_in_batches(AsyncCaller call, Arns arns, std::size_t batch,
                         std::function<AwsRequest(const Arns&)> request,
                         std::function<Result<std::vector<T>>(std::string_view)> parse,
                         std::function<void(Result<std::vector<T>>)> done) {
  auto b = std::make_shared<Batches<T>>();
  b->call = std::move(call);
  b->arns = std::move(arns);
  b->batch = batch;
  b->request = std::move(request);
  b->parse = std::move(parse);
  b->done = std::move(done);
  b->next(0);
}

}  // namespace

AwsRequest describe_clusters_request(const std::vector<std::string>& clusters) {
  return json_request(services::ecs, "DescribeClusters", {{"clusters", clusters}});
}

Result<std::vector<EcsCluster>> parse_describe_clusters(std::string_view body) {
  auto j = parse_json_body(body, "ecs:DescribeClusters");
  if (!j) return j.error();
  std::vector<EcsCluster> out;
  for (const auto& c : jarr(*j, "clusters")) {
    EcsCluster x;
    x.arn = jstr(c, "clusterArn");
    x.name = jstr(c, "clusterName", arn_last_segment(x.arn));
    x.status = jstr(c, "status");
    x.active_services = static_cast<int>(jint(c, "activeServicesCount"));
    x.running_tasks = static_cast<int>(jint(c, "runningTasksCount"));
    x.pending_tasks = static_cast<int>(jint(c, "pendingTasksCount"));
    x.container_instances = static_cast<int>(jint(c, "registeredContainerInstancesCount"));
    x.raw = c;
    out.push_back(std::move(x));
  }
  return out;
}

namespace {

// Clusters that report no active services are counted with ListServices: some endpoints
// (moto) never fill activeServicesCount, and an empty cluster costs one cheap call.
struct CountServices : std::enable_shared_from_this<CountServices> {
  AsyncCaller call;
  std::vector<EcsCluster> clusters;
  std::function<void(Result<std::vector<EcsCluster>>)> done;
  void next(std::size_t i) {
    while (i < clusters.size() && clusters[i].active_services > 0) ++i;
    if (i >= clusters.size()) return done(std::move(clusters));
    auto self = shared_from_this();
    list_arns_async(call, list_services_request(clusters[i].name), "serviceArns",
                    "ecs:ListServices", [self, i](Result<Arns> arns) {
                      // The client is going away: no further call.
                      if (!arns && arns.error().kind == ErrorKind::Cancelled)
                        return self->done(arns.error());
                      if (arns) self->clusters[i].active_services = static_cast<int>(arns->size());
                      self->next(i + 1);  // a failed count leaves the reported 0
                    });
  }
};

}  // namespace

void clusters_async(AsyncCaller call, std::function<void(Result<std::vector<EcsCluster>>)> done) {
  AsyncCaller c2 = call;
  list_arns_async(
      std::move(call), list_clusters_request(), "clusterArns", "ecs:ListClusters",
      [c2, done = std::move(done)](Result<Arns> arns) mutable {
        if (!arns) return done(arns.error());
        describe_in_batches<EcsCluster>(
            c2, std::move(*arns), 100, [](const Arns& a) { return describe_clusters_request(a); },
            [](std::string_view b) { return parse_describe_clusters(b); },
            [c2, done](Result<std::vector<EcsCluster>> clusters) {
              if (!clusters) return done(clusters.error());
              auto count = std::make_shared<CountServices>();
              count->call = c2;
              count->clusters = std::move(*clusters);
              count->done = done;
              count->next(0);
            });
      });
}

void cluster_services_async(AsyncCaller call, const std::string& cluster,
                            std::function<void(Result<std::vector<EcsService>>)> done) {
  AsyncCaller c2 = call;
  list_arns_async(std::move(call), list_services_request(cluster), "serviceArns",
                  "ecs:ListServices",
                  [c2, cluster, done = std::move(done)](Result<Arns> arns) mutable {
                    if (!arns) return done(arns.error());
                    describe_in_batches<EcsService>(
                        c2, std::move(*arns), 10,
                        [cluster](const Arns& a) { return describe_services_request(cluster, a); },
                        [](std::string_view b) { return parse_describe_services(b); },
                        std::move(done));
                  });
}

void service_tasks_async(AsyncCaller call, const std::string& cluster, const std::string& service,
                         std::function<void(Result<std::vector<EcsTask>>)> done) {
  auto describe = [call, cluster, done](Arns arns) mutable {
    describe_in_batches<EcsTask>(
        call, std::move(arns), 100,
        [cluster](const Arns& a) { return describe_tasks_request(cluster, a); },
        [](std::string_view b) { return parse_describe_tasks(b); }, std::move(done));
  };
  list_arns_async(
      call, list_tasks_request(cluster, service, "RUNNING"), "taskArns", "ecs:ListTasks",
      [call, cluster, service, done, describe](Result<Arns> running) mutable {
        if (!running) return done(running.error());
        list_arns_async(call, list_tasks_request(cluster, service, "STOPPED"), "taskArns",
                        "ecs:ListTasks",
                        [running = std::move(*running), done, describe](Result<Arns> stopped) mutable {
                          if (!stopped) return done(stopped.error());
                          Arns all = std::move(running);
                          for (auto& a : *stopped)
                            if (std::find(all.begin(), all.end(), a) == all.end())
                              all.push_back(std::move(a));
                          describe(std::move(all));
                        });
      });
}

}  // namespace opsdeck::aws
