#include "aws/ecs.hpp"

#include <algorithm>

#include "aws/json_fields.hpp"

namespace opsdeck::aws {

namespace {

using nlohmann::json;

AwsRequest ecs(const char* op, json input = json::object()) {
  return json_request(services::ecs, op, std::move(input));
}

void set_next_token(AwsRequest& r, const std::string& t) { r.input["nextToken"] = t; }

std::vector<EcsFailure> parse_failures(const json& j) {
  std::vector<EcsFailure> out;
  for (const auto& f : jarr(j, "failures"))
    out.push_back({jstr(f, "arn"), jstr(f, "reason"), jstr(f, "detail")});
  return out;
}

EcsService parse_service(const json& s) {
  EcsService x;
  x.arn = jstr(s, "serviceArn");
  x.name = jstr(s, "serviceName");
  x.cluster = arn_last_segment(jstr(s, "clusterArn"));
  x.status = jstr(s, "status");
  x.desired = static_cast<int>(jint(s, "desiredCount"));
  x.running = static_cast<int>(jint(s, "runningCount"));
  x.pending = static_cast<int>(jint(s, "pendingCount"));
  x.launch_type = jstr(s, "launchType");
  x.task_definition = arn_last_segment(jstr(s, "taskDefinition"));
  double newest = -1;
  for (const auto& d : jarr(s, "deployments")) {
    double t = jnum(d, "updatedAt", jnum(d, "createdAt", -1));
    if (t > newest) {
      newest = t;
      x.last_deployment = iso8601_utc(t);
    }
    if (jstr(d, "status") == "PRIMARY") x.rollout_state = jstr(d, "rolloutState");
  }
  for (const auto& e : jarr(s, "events")) {
    if (x.recent_events.size() >= 5) break;
    x.recent_events.push_back(jstr(e, "message"));
  }
  x.raw = s;
  return x;
}

EcsTask parse_task(const json& t) {
  EcsTask x;
  x.arn = jstr(t, "taskArn");
  x.id = arn_last_segment(x.arn);
  x.cluster = arn_last_segment(jstr(t, "clusterArn"));
  x.task_definition = arn_last_segment(jstr(t, "taskDefinitionArn"));
  x.last_status = jstr(t, "lastStatus");
  x.desired_status = jstr(t, "desiredStatus");
  x.health = jstr(t, "healthStatus");
  x.launch_type = jstr(t, "launchType");
  x.az = jstr(t, "availabilityZone");
  x.started_by = jstr(t, "startedBy");
  x.started_at = jtime(t, "startedAt");
  x.stopped_at = jtime(t, "stoppedAt");
  x.stop_code = jstr(t, "stopCode");
  x.stopped_reason = jstr(t, "stoppedReason");
  for (const auto& c : jarr(t, "containers")) {
    EcsContainer ec;
    ec.name = jstr(c, "name");
    ec.image = jstr(c, "image");
    ec.last_status = jstr(c, "lastStatus");
    if (auto code = jint_opt(c, "exitCode")) ec.exit_code = static_cast<int>(*code);
    ec.reason = jstr(c, "reason");
    ec.health = jstr(c, "healthStatus");
    x.containers.push_back(std::move(ec));
  }
  x.raw = t;
  return x;
}

Result<std::vector<std::string>> list_all(const SyncCaller& call, AwsRequest req, const char* key) {
  std::string op = req.name();
  return paginate_sync<std::vector<std::string>>(
      call, std::move(req),
      [key, op](const std::string& body, std::vector<std::string>& out) -> Result<std::string> {
        std::string token;
        auto page = parse_arn_list(body, key, op, &token);
        if (!page) return page.error();
        out.insert(out.end(), page->begin(), page->end());
        return token;
      },
      set_next_token);
}

}  // namespace

std::string arn_last_segment(const std::string& arn) {
  auto slash = arn.rfind('/');
  if (slash != std::string::npos) return arn.substr(slash + 1);
  auto colon = arn.rfind(':');
  return colon == std::string::npos ? arn : arn.substr(colon + 1);
}

AwsRequest list_clusters_request() { return ecs("ListClusters", {{"maxResults", 100}}); }

AwsRequest list_services_request(const std::string& cluster) {
  return ecs("ListServices", {{"cluster", cluster}, {"maxResults", 100}});
}

AwsRequest describe_services_request(const std::string& cluster,
                                     const std::vector<std::string>& services) {
  return ecs("DescribeServices", {{"cluster", cluster}, {"services", services}});
}

AwsRequest list_tasks_request(const std::string& cluster, const std::string& service,
                              const std::string& desired_status) {
  json in = {{"cluster", cluster}, {"maxResults", 100}};
  if (!service.empty()) in["serviceName"] = service;
  if (!desired_status.empty()) in["desiredStatus"] = desired_status;
  return ecs("ListTasks", std::move(in));
}

AwsRequest describe_tasks_request(const std::string& cluster, const std::vector<std::string>& tasks) {
  return ecs("DescribeTasks", {{"cluster", cluster}, {"tasks", tasks}});
}

AwsRequest update_service_request(const std::string& cluster, const std::string& service,
                                  std::optional<int> desired_count, bool force_new_deployment) {
  json in = {{"cluster", cluster}, {"service", service}};
  if (desired_count) in["desiredCount"] = *desired_count;
  if (force_new_deployment) in["forceNewDeployment"] = true;
  return ecs("UpdateService", std::move(in));
}

AwsRequest stop_task_request(const std::string& cluster, const std::string& task, const std::string& reason) {
  return ecs("StopTask", {{"cluster", cluster}, {"task", task}, {"reason", reason.substr(0, 255)}});
}

AwsRequest execute_command_request(const std::string& cluster, const std::string& task,
                                   const std::string& command, const std::string& container) {
  json in = {{"cluster", cluster}, {"task", task}, {"command", command}, {"interactive", true}};
  if (!container.empty()) in["container"] = container;
  return ecs("ExecuteCommand", std::move(in));
}

Result<std::vector<std::string>> parse_arn_list(std::string_view body, const char* key,
                                                std::string_view operation, std::string* next_token) {
  auto j = parse_json_body(body, operation);
  if (!j) return j.error();
  if (next_token) *next_token = jstr(*j, "nextToken");
  return jstrings(*j, key);
}

Result<std::vector<EcsService>> parse_describe_services(std::string_view body,
                                                        std::vector<EcsFailure>* failures) {
  auto j = parse_json_body(body, "ecs:DescribeServices");
  if (!j) return j.error();
  std::vector<EcsService> out;
  for (const auto& s : jarr(*j, "services")) out.push_back(parse_service(s));
  if (failures) *failures = parse_failures(*j);
  return out;
}

Result<std::vector<EcsTask>> parse_describe_tasks(std::string_view body,
                                                  std::vector<EcsFailure>* failures) {
  auto j = parse_json_body(body, "ecs:DescribeTasks");
  if (!j) return j.error();
  std::vector<EcsTask> out;
  for (const auto& t : jarr(*j, "tasks")) out.push_back(parse_task(t));
  if (failures) *failures = parse_failures(*j);
  return out;
}

Result<EcsService> parse_update_service(std::string_view body) {
  auto j = parse_json_body(body, "ecs:UpdateService");
  if (!j) return j.error();
  auto service = require_object(*j, "service", {"UpdateService response", "", ErrorKind::Parse, ""});
  if (!service) {
    service.error().operation = "ecs:UpdateService";
    return service.error();
  }
  return parse_service(**service);
}

Result<EcsSession> parse_execute_command(std::string_view body) {
  auto j = parse_json_body(body, "ecs:ExecuteCommand");
  if (!j) return j.error();
  EcsSession s;
  const json& session = jobj(*j, "session");
  s.session_id = jstr(session, "sessionId");
  s.stream_url = jstr(session, "streamUrl");
  s.token = jstr(session, "tokenValue");
  s.container = jstr(*j, "containerName");
  s.task_arn = jstr(*j, "taskArn");
  if (s.stream_url.empty() || s.token.empty()) {
    Error e = make_error(ErrorKind::Parse, "ExecuteCommand response has no session stream");
    e.operation = "ecs:ExecuteCommand";
    return e;
  }
  return s;
}

Result<std::vector<std::string>> list_clusters(const SyncCaller& call) {
  return list_all(call, list_clusters_request(), "clusterArns");
}

Result<std::vector<std::string>> list_services(const SyncCaller& call, const std::string& cluster) {
  return list_all(call, list_services_request(cluster), "serviceArns");
}

Result<std::vector<std::string>> list_tasks(const SyncCaller& call, const std::string& cluster,
                                            const std::string& service,
                                            const std::string& desired_status) {
  return list_all(call, list_tasks_request(cluster, service, desired_status), "taskArns");
}

Result<std::vector<EcsService>> describe_services(const SyncCaller& call, const std::string& cluster,
                                                  const std::vector<std::string>& services) {
  std::vector<EcsService> out;
  for (size_t i = 0; i < services.size(); i += 10) {
    std::vector<std::string> batch(services.begin() + static_cast<long>(i),
                                   services.begin() + static_cast<long>(std::min(i + 10, services.size())));
    auto resp = call(describe_services_request(cluster, batch));
    if (!resp) return resp.error();
    auto page = parse_describe_services(resp->body);
    if (!page) return page.error();
    for (auto& s : *page) out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<EcsTask>> describe_tasks(const SyncCaller& call, const std::string& cluster,
                                            const std::vector<std::string>& tasks) {
  std::vector<EcsTask> out;
  for (size_t i = 0; i < tasks.size(); i += 100) {
    std::vector<std::string> batch(tasks.begin() + static_cast<long>(i),
                                   tasks.begin() + static_cast<long>(std::min(i + 100, tasks.size())));
    auto resp = call(describe_tasks_request(cluster, batch));
    if (!resp) return resp.error();
    auto page = parse_describe_tasks(resp->body);
    if (!page) return page.error();
    for (auto& t : *page) out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<EcsService>> all_services(const SyncCaller& call) {
  auto clusters = list_clusters(call);
  if (!clusters) return clusters.error();
  std::vector<EcsService> out;
  for (const auto& c : *clusters) {
    auto arns = list_services(call, c);
    if (!arns) return arns.error();
    auto svcs = describe_services(call, c, *arns);
    if (!svcs) return svcs.error();
    for (auto& s : *svcs) out.push_back(std::move(s));
  }
  return out;
}

Result<EcsService> update_service(const SyncCaller& call, const std::string& cluster,
                                  const std::string& service, std::optional<int> desired_count,
                                  bool force_new_deployment) {
  auto resp = call(update_service_request(cluster, service, desired_count, force_new_deployment));
  if (!resp) return resp.error();
  return parse_update_service(resp->body);
}

Result<EcsSession> execute_command(const SyncCaller& call, const std::string& cluster,
                                   const std::string& task, const std::string& command,
                                   const std::string& container) {
  auto resp = call(execute_command_request(cluster, task, command, container));
  if (!resp) return resp.error();
  return parse_execute_command(resp->body);
}

void all_services_async(AsyncCaller call, std::function<void(Result<std::vector<EcsService>>)> done) {
  // The fan-out is sequential; it adapts the async caller into the sync algorithm by
  // chaining, so no thread ever blocks: each step starts the next from the completion.
  struct Walk : std::enable_shared_from_this<Walk> {
    AsyncCaller call;
    std::function<void(Result<std::vector<EcsService>>)> done;
    std::vector<std::string> clusters;
    size_t ci = 0;
    std::vector<EcsService> out;

    void next_cluster() {
      if (ci >= clusters.size()) return done(std::move(out));
      auto self = shared_from_this();
      std::string cluster = clusters[ci++];
      paginate_async<std::vector<std::string>>(
          call, list_services_request(cluster),
          [](const std::string& body, std::vector<std::string>& o) -> Result<std::string> {
            std::string token;
            auto page = parse_arn_list(body, "serviceArns", "ecs:ListServices", &token);
            if (!page) return page.error();
            o.insert(o.end(), page->begin(), page->end());
            return token;
          },
          set_next_token,
          [self, cluster](Result<std::vector<std::string>> arns) {
            if (!arns) return self->done(arns.error());
            self->describe(cluster, std::move(*arns), 0);
          });
    }
    void describe(const std::string& cluster, std::vector<std::string> arns, size_t from) {
      if (from >= arns.size()) return next_cluster();
      std::vector<std::string> batch(arns.begin() + static_cast<long>(from),
                                     arns.begin() + static_cast<long>(std::min(from + 10, arns.size())));
      auto self = shared_from_this();
      call(describe_services_request(cluster, batch),
           [self, cluster, arns = std::move(arns), from](Result<HttpResponse> resp) mutable {
             if (!resp) return self->done(resp.error());
             auto page = parse_describe_services(resp->body);
             if (!page) return self->done(page.error());
             for (auto& s : *page) self->out.push_back(std::move(s));
             self->describe(cluster, std::move(arns), from + 10);
           });
    }
  };
  auto walk = std::make_shared<Walk>();
  walk->call = call;
  walk->done = std::move(done);
  paginate_async<std::vector<std::string>>(
      std::move(call), list_clusters_request(),
      [](const std::string& body, std::vector<std::string>& o) -> Result<std::string> {
        std::string token;
        auto page = parse_arn_list(body, "clusterArns", "ecs:ListClusters", &token);
        if (!page) return page.error();
        o.insert(o.end(), page->begin(), page->end());
        return token;
      },
      set_next_token,
      [walk](Result<std::vector<std::string>> clusters) {
        if (!clusters) return walk->done(clusters.error());
        walk->clusters = std::move(*clusters);
        walk->next_cluster();
      });
}

}  // namespace opsdeck::aws
