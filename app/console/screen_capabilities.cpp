#include "app/console/screen_capabilities.hpp"

#include <charconv>

#include "aws/ecs.hpp"
#include "aws/ecs_task_definitions.hpp"
#include "aws/json_fields.hpp"
#include "aws/lightsail.hpp"
#include "aws/ssm_parameters.hpp"

namespace opsdeck::app {

namespace {

using R = aws::Result<aws::AwsRequest>;

// An ECS service row: key "cluster/service", document = DescribeServices' service.
bool ecs_names(const ActionTarget& t, std::string& cluster, std::string& service) {
  if (t.document) {
    cluster = aws::arn_last_segment(aws::jstr(*t.document, "clusterArn"));
    service = aws::jstr(*t.document, "serviceName");
  }
  auto slash = t.id.find('/');
  if (cluster.empty() && slash != std::string::npos) cluster = t.id.substr(0, slash);
  if (service.empty() && slash != std::string::npos) service = t.id.substr(slash + 1);
  return !cluster.empty() && !service.empty();
}

}  // namespace

std::string validate_desired_count(const std::string& text) {
  int n = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return "the desired count must be a whole number, not \"" + text + "\"";
  if (n < 0 || n > 1000) return "the desired count must be between 0 and 1000";
  return "";
}

const std::vector<Capability>& ecs_service_capabilities() {
  static const std::vector<Capability> kCaps = [] {
    Capability scale = simple_capability(
        "action.scale", "=", "scale", "ecs.scale",
        "changes the service's desired task count (tasks start or stop)",
        [](const ActionTarget& t) -> R {
          std::string cluster, service;
          if (!ecs_names(t, cluster, service)) return capability_refusal("not an ECS service: " + t.id);
          if (std::string problem = validate_desired_count(t.input); !problem.empty())
            return capability_refusal(problem);
          return aws::update_service_request(cluster, service, std::stoi(t.input), false);
        });
    scale.input_prompt = "desired count (0-1000)";
    scale.input_default = [](const ActionTarget& t) {
      return t.document ? std::to_string(aws::jint(*t.document, "desiredCount")) : std::string();
    };
    scale.validate = validate_desired_count;
    Capability redeploy = simple_capability(
        "action.redeploy", "F", "force new deployment", "ecs.force-deployment",
        "replaces every task of the service with a fresh one (rolling)",
        [](const ActionTarget& t) -> R {
          std::string cluster, service;
          if (!ecs_names(t, cluster, service)) return capability_refusal("not an ECS service: " + t.id);
          return aws::update_service_request(cluster, service, std::nullopt, true);
        });
    return std::vector<Capability>{scale, redeploy};
  }();
  return kCaps;
}

const std::vector<Capability>& ecs_task_capabilities() {
  static const std::vector<Capability> kCaps = {simple_capability(
      "action.stop", "S", "stop task", "ecs.stop-task",
      "stops the task; its service (if any) starts a replacement",
      [](const ActionTarget& t) -> R {
        // A task row: key = task ARN (arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID), document =
        // DescribeTasks' task.
        std::string cluster = t.document ? aws::arn_last_segment(aws::jstr(*t.document, "clusterArn")) : "";
        const std::string marker = ":task/";
        auto at = t.id.find(marker);
        if (cluster.empty() && at != std::string::npos) {
          std::string rest = t.id.substr(at + marker.size());
          if (auto slash = rest.find('/'); slash != std::string::npos) cluster = rest.substr(0, slash);
        }
        if (cluster.empty() || at == std::string::npos) return capability_refusal("not an ECS task: " + t.id);
        if (t.document && aws::jstr(*t.document, "lastStatus") == "STOPPED")
          return capability_refusal("the task has already stopped: " + aws::arn_last_segment(t.id));
        return aws::stop_task_request(cluster, t.id, "Stopped by opsdeck from the console");
      })};
  return kCaps;
}

const std::vector<Capability>& task_definition_capabilities() {
  static const std::vector<Capability> kCaps = [] {
    // A revision row's document: {"taskDefinition": ..., "service": {cluster, serviceName,
    // taskDefinition (current)}} (app/resources/task_definitions.hpp).
    Capability rollback = simple_capability(
        "action.rollback", "B", "roll back", "ecs.rollback",
        "the service deploys this revision: new tasks start with it, then the old ones stop (rolling)",
        [](const ActionTarget& t) -> R {
          if (!t.document || !t.document->contains("service")) return capability_refusal("not a task-definition revision: " + t.id);
          const auto& svc = (*t.document)["service"];
          return aws::set_task_definition_request(aws::jstr(svc, "cluster"), aws::jstr(svc, "serviceName"), t.id);
        });
    rollback.details = [](const ActionTarget& t) -> aws::Result<std::vector<std::string>> {
      if (!t.document || !t.document->contains("service")) return capability_refusal("not a task-definition revision: " + t.id);
      const auto& svc = (*t.document)["service"];
      std::string current = aws::jstr(svc, "taskDefinition");
      if (aws::task_definition_revision(current) == aws::task_definition_revision(t.id) &&
          aws::task_definition_family(current) == aws::task_definition_family(t.id))
        return capability_refusal(aws::jstr(svc, "serviceName") + " already runs revision " +
                          std::to_string(aws::task_definition_revision(t.id)));
      std::vector<std::string> lines = {aws::jstr(svc, "cluster") + "/" + aws::jstr(svc, "serviceName") + ": " +
                                        aws::task_definition_family(current) + " revision " +
                                        std::to_string(aws::task_definition_revision(current)) + " -> " +
                                        std::to_string(aws::task_definition_revision(t.id))};
      for (const auto& c : aws::jarr((*t.document)["taskDefinition"], "containerDefinitions"))
        lines.push_back("  " + aws::jstr(c, "name") + ": " + aws::jstr(c, "image"));
      return lines;
    };
    return std::vector<Capability>{rollback};
  }();
  return kCaps;
}

const std::vector<Capability>& parameter_capabilities() {
  static const std::vector<Capability> kCaps = [] {
    Capability edit = simple_capability(
        "action.edit", "e", "update parameter", "ssm.put-parameter",
        "overwrites the parameter's value (a new version); services read it on their next fetch",
        [](const ActionTarget& t) -> R {
          std::string type = t.document ? aws::jstr(*t.document, "Type") : "";
          return aws::put_parameter_request(t.id, t.input, type);
        });
    edit.input_prompt = "new value";
    edit.secret_when = [](const ActionTarget& t) {
      return !t.document || aws::jstr(*t.document, "Type") == "SecureString";
    };
    edit.redact_audit = true;
    edit.validate = [](const std::string& v) {
      return v.empty() ? std::string("a parameter's value cannot be empty") : std::string();
    };
    return std::vector<Capability>{edit};
  }();
  return kCaps;
}

const std::vector<Capability>& lightsail_service_capabilities() {
  static const std::vector<Capability> kCaps = {simple_capability(
      "action.redeploy", "F", "redeploy", "lightsail.redeploy",
      "creates a new deployment with the current containers (they restart)",
      [](const ActionTarget& t) -> R {
        if (!t.document) return capability_refusal("no container service document for " + t.id);
        const auto& doc = *t.document;
        std::string name = aws::jstr(doc, "containerServiceName");
        auto cur = doc.find("currentDeployment");
        if (name.empty() || cur == doc.end() || !cur->is_object() || !cur->contains("containers"))
          return capability_refusal(t.id + " has no current deployment to redeploy");
        nlohmann::json endpoint = cur->value("publicEndpoint", nlohmann::json());
        if (endpoint.is_object()) {  // the request takes name, port and health check only
          nlohmann::json e;
          for (const char* k : {"containerName", "containerPort", "healthCheck"})
            if (endpoint.contains(k)) e[k] = endpoint[k];
          endpoint = e;
        } else {
          endpoint = nullptr;
        }
        return aws::create_container_service_deployment_request(name, (*cur)["containers"],
                                                                endpoint);
      })};
  return kCaps;
}

}  // namespace opsdeck::app
