#include "aws/lightsail.hpp"

#include <algorithm>
#include <cctype>

#include "aws/json_fields.hpp"

namespace opsdeck::aws {

namespace {

using nlohmann::json;

LightsailInstance parse_instance(const json& i) {
  LightsailInstance x;
  x.name = jstr(i, "name");
  x.arn = jstr(i, "arn");
  x.state = jstr(jobj(i, "state"), "name");
  x.bundle = jstr(i, "bundleId");
  x.blueprint = jstr(i, "blueprintId");
  x.private_ip = jstr(i, "privateIpAddress");
  x.public_ip = jstr(i, "publicIpAddress");
  x.az = jstr(jobj(i, "location"), "availabilityZone");
  x.created = jtime(i, "createdAt");
  x.username = jstr(i, "username");
  x.raw = i;
  return x;
}

LightsailDeployment parse_deployment(const json& d) {
  LightsailDeployment x;
  x.version = static_cast<int>(jint(d, "version"));
  x.state = jstr(d, "state");
  x.created = jtime(d, "createdAt");
  x.containers = jobj(d, "containers");
  x.raw = d;
  return x;
}

LightsailContainerService parse_service(const json& s) {
  LightsailContainerService x;
  x.name = jstr(s, "containerServiceName");
  x.arn = jstr(s, "arn");
  x.state = jstr(s, "state");
  x.power = jstr(s, "power");
  x.scale = static_cast<int>(jint(s, "scale"));
  x.url = jstr(s, "url");
  x.disabled = jbool(s, "isDisabled");
  if (const json* current = jfield(s, "currentDeployment"); current && current->is_object()) {
    auto d = parse_deployment(*current);
    x.current_deployment_state = d.state;
    x.current_deployment_version = d.version;
    x.current_deployment_created = d.created;
  }
  x.next_deployment_state = jstr(jobj(s, "nextDeployment"), "state");
  x.raw = s;
  return x;
}

AwsRequest ls(const char* op, json input = json::object()) {
  return json_request(services::lightsail, op, std::move(input));
}

}  // namespace

AwsRequest get_instances_request() { return ls("GetInstances"); }

AwsRequest get_container_services_request(const std::string& name) {
  json in = json::object();
  if (!name.empty()) in["serviceName"] = name;
  return ls("GetContainerServices", std::move(in));
}

AwsRequest get_container_service_deployments_request(const std::string& service) {
  return ls("GetContainerServiceDeployments", {{"serviceName", service}});
}

AwsRequest create_container_service_deployment_request(const std::string& service,
                                                       const json& containers,
                                                       const json& public_endpoint) {
  json in = {{"serviceName", service}, {"containers", containers}};
  if (!public_endpoint.is_null()) in["publicEndpoint"] = public_endpoint;
  return ls("CreateContainerServiceDeployment", std::move(in));
}

std::vector<std::string> current_containers(const json& service) {
  std::vector<std::string> out;
  for (const auto& [name, c] : jobj(jobj(service, "currentDeployment"), "containers").items()) out.push_back(name);
  return out;
}

AwsRequest get_container_log_request(const std::string& service, const std::string& container,
                                     double start, double end, const std::string& filter_pattern,
                                     const std::string& page_token) {
  json in = {{"serviceName", service}, {"containerName", container}};
  if (start > 0) in["startTime"] = start;
  if (end > 0) in["endTime"] = end;
  if (!filter_pattern.empty()) in["filterPattern"] = filter_pattern;
  if (!page_token.empty()) in["pageToken"] = page_token;
  return ls("GetContainerLog", std::move(in));
}

Result<std::vector<ContainerLogEvent>> parse_get_container_log(std::string_view body,
                                                               std::string* next_page_token) {
  auto j = parse_json_body(body, "lightsail:GetContainerLog");
  if (!j) return j.error();
  std::vector<ContainerLogEvent> out;
  for (const auto& e : jarr(*j, "logEvents")) {
    if (!e.is_object()) continue;
    out.push_back({jnum(e, "createdAt"), jstr(e, "message")});
  }
  if (next_page_token) *next_page_token = jstr(*j, "nextPageToken");
  return out;
}

AwsRequest get_container_service_metric_data_request(const std::string& service,
                                                     const std::string& metric, double start,
                                                     double end, int period,
                                                     const std::string& statistic) {
  return ls("GetContainerServiceMetricData",
            {{"serviceName", service}, {"metricName", metric}, {"startTime", start}, {"endTime", end},
             {"period", period}, {"statistics", json::array({statistic})}});
}

Result<std::vector<ContainerMetricPoint>> parse_get_container_service_metric_data(
    std::string_view body, const std::string& statistic) {
  auto j = parse_json_body(body, "lightsail:GetContainerServiceMetricData");
  if (!j) return j.error();
  // The response names each statistic in lower camel case ("Average" -> "average").
  std::string key = statistic;
  if (!key.empty()) key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  std::vector<ContainerMetricPoint> out;
  for (const auto& d : jarr(*j, "metricData")) {
    auto v = d.is_object() ? jnum_opt(d, key.c_str()) : std::nullopt;
    if (!v) continue;
    out.push_back({jnum(d, "timestamp"), *v, jstr(d, "unit")});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.timestamp < b.timestamp; });
  return out;
}

Result<std::vector<LightsailInstance>> parse_get_instances(std::string_view body, std::string* next_token) {
  auto j = parse_json_body(body, "lightsail:GetInstances");
  if (!j) return j.error();
  std::vector<LightsailInstance> out;
  for (const auto& i : jarr(*j, "instances")) out.push_back(parse_instance(i));
  if (next_token) *next_token = jstr(*j, "nextPageToken");
  return out;
}

Result<std::vector<LightsailContainerService>> parse_get_container_services(std::string_view body) {
  auto j = parse_json_body(body, "lightsail:GetContainerServices");
  if (!j) return j.error();
  std::vector<LightsailContainerService> out;
  for (const auto& s : jarr(*j, "containerServices")) out.push_back(parse_service(s));
  return out;
}

Result<std::vector<LightsailDeployment>> parse_get_container_service_deployments(std::string_view body) {
  auto j = parse_json_body(body, "lightsail:GetContainerServiceDeployments");
  if (!j) return j.error();
  std::vector<LightsailDeployment> out;
  for (const auto& d : jarr(*j, "deployments")) out.push_back(parse_deployment(d));
  return out;
}

Result<LightsailContainerService> parse_create_container_service_deployment(std::string_view body) {
  auto j = parse_json_body(body, "lightsail:CreateContainerServiceDeployment");
  if (!j) return j.error();
  auto service = require_object(*j, "containerService", {"response", "", ErrorKind::Parse, ""});
  if (!service) {
    service.error().operation = "lightsail:CreateContainerServiceDeployment";
    return service.error();
  }
  return parse_service(**service);
}

namespace {

Result<std::string> instances_page(const std::string& body, std::vector<LightsailInstance>& out) {
  std::string token;
  auto page = parse_get_instances(body, &token);
  if (!page) return page.error();
  for (auto& i : *page) out.push_back(std::move(i));
  return token;
}

void set_page_token(AwsRequest& r, const std::string& t) { r.input["pageToken"] = t; }

AwsRequest maybe_optional(AwsRequest r, bool optional) { return optional ? optional_probe(std::move(r)) : r; }

}  // namespace

Result<std::vector<LightsailInstance>> lightsail_instances(const SyncCaller& call, bool optional) {
  return paginate_sync<std::vector<LightsailInstance>>(call, maybe_optional(get_instances_request(), optional),
                                                       instances_page, set_page_token);
}

void lightsail_instances_async(AsyncCaller call, bool optional,
                               std::function<void(Result<std::vector<LightsailInstance>>)> done) {
  paginate_async<std::vector<LightsailInstance>>(std::move(call), maybe_optional(get_instances_request(), optional),
                                                 instances_page, set_page_token, std::move(done));
}

Result<std::vector<LightsailContainerService>> lightsail_container_services(const SyncCaller& call,
                                                                            bool optional) {
  auto resp = call(maybe_optional(get_container_services_request(), optional));
  if (!resp) return resp.error();
  return parse_get_container_services(resp->body);
}

void lightsail_container_services_async(AsyncCaller call, bool optional,
                                        std::function<void(Result<std::vector<LightsailContainerService>>)> done) {
  call(maybe_optional(get_container_services_request(), optional),
       [done = std::move(done)](Result<HttpResponse> resp) {
         if (!resp) return done(resp.error());
         done(parse_get_container_services(resp->body));
       });
}

Result<std::vector<LightsailDeployment>> lightsail_deployments(const SyncCaller& call,
                                                               const std::string& service) {
  auto resp = call(get_container_service_deployments_request(service));
  if (!resp) return resp.error();
  return parse_get_container_service_deployments(resp->body);
}

Result<LightsailContainerService> lightsail_deploy(const SyncCaller& call, const std::string& service,
                                                  const json& containers, const json& public_endpoint) {
  auto resp = call(create_container_service_deployment_request(service, containers, public_endpoint));
  if (!resp) return resp.error();
  return parse_create_container_service_deployment(resp->body);
}

}  // namespace opsdeck::aws
