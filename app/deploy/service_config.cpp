#include "app/deploy/service_config.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace opsdeck::app {

namespace {

aws::Error bad(const std::string& service, const std::string& what) {
  return aws::make_error(aws::ErrorKind::Usage, "service '" + service + "': " + what,
                         "fix the service in the config's \"services\" section");
}

std::string str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it != j.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

aws::Result<ServiceConfig> from_json(const std::string& name, const nlohmann::json& s) {
  if (!s.is_object()) return bad(name, "must be an object");
  ServiceConfig out;
  out.name = name;
  out.environment = str(s, "environment");
  out.log_groups = strings(s, "log_groups");
  out.runbooks = strings(s, "runbooks");
  auto d = s.find("deploy");
  if (d == s.end() || !d->is_object()) return bad(name, "has no \"deploy\" object");
  DeploySpec& dep = out.deploy;
  dep.type = str(*d, "type");
  dep.command = str(*d, "command");
  if (dep.type == "ssm") {
    auto t = d->find("target");
    if (t != d->end() && t->is_object()) {
      if (!str(*t, "instance").empty()) dep.target = str(*t, "instance");
      else if (!str(*t, "tag").empty()) dep.target = "tag:" + str(*t, "tag") + "=" + str(*t, "value");
    } else if (t != d->end() && t->is_string()) {
      dep.target = t->get<std::string>();
    }
    if (dep.target.empty()) return bad(name, "deploy.target needs \"instance\" or \"tag\"/\"value\"");
    if (dep.command.empty()) return bad(name, "deploy.command is empty");
  } else if (dep.type == "ssh") {
    dep.target = str(*d, "host");
    if (dep.target.empty() || dep.command.empty()) return bad(name, "deploy needs \"host\" and \"command\"");
  } else if (dep.type == "ecs") {
    dep.cluster = str(*d, "cluster");
    dep.service = str(*d, "service");
    dep.force_new_deployment = d->value("force_new_deployment", true);
    if (d->contains("desired_count") && (*d)["desired_count"].is_number_integer())
      dep.desired_count = (*d)["desired_count"].get<int>();
    if (dep.cluster.empty() || dep.service.empty()) return bad(name, "deploy needs \"cluster\" and \"service\"");
  } else if (dep.type == "lightsail") {
    dep.service_name = str(*d, "service_name");
    dep.container = str(*d, "container");
    dep.image = str(*d, "image");
    if (dep.service_name.empty() || dep.container.empty() || dep.image.empty())
      return bad(name, "deploy needs \"service_name\", \"container\" and \"image\"");
  } else {
    return bad(name, "deploy.type '" + dep.type + "' is not one of ssm, ssh, ecs, lightsail");
  }
  auto hc = s.find("health_checks");
  if (hc != s.end() && hc->is_array()) {
    for (const auto& h : *hc) {
      HealthCheckSpec spec;
      spec.url = str(h, "url");
      if (spec.url.empty()) return bad(name, "a health check has no \"url\"");
      spec.status = h.value("status", 200);
      spec.body_contains = str(h, "body_contains");
      spec.tls_verify = h.value("tls_verify", true);
      out.health_checks.push_back(std::move(spec));
    }
  }
  return out;
}

}  // namespace

aws::Result<ServiceConfig> parse_service(const std::string& name, const std::string& json_text) {
  auto doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return aws::make_error(aws::ErrorKind::Usage, "the config is not valid JSON");
  auto services = doc.find("services");
  if (services == doc.end() || !services->is_object() || !services->contains(name)) {
    std::string known;
    if (services != doc.end() && services->is_object())
      for (const auto& [k, v] : services->items()) known += (known.empty() ? "" : ", ") + k;
    return aws::make_error(aws::ErrorKind::NotFound, "no service '" + name + "' in the config",
                           known.empty() ? "define it under \"services\"" : "known services: " + known);
  }
  return from_json(name, (*services)[name]);
}

aws::Result<ServiceConfig> load_service(const std::string& config_path, const std::string& name) {
  if (config_path.empty())
    return aws::make_error(aws::ErrorKind::NotFound, "no config file, so no service '" + name + "'",
                           "pass --config FILE or create ~/.config/opsdeck/config.json");
  std::ifstream f(config_path);
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_service(name, ss.str());
}

}  // namespace opsdeck::app
