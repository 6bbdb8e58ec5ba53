#include "app/deploy/service_config.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using nlohmann::json;

constexpr const char* kFixHint = "fix the service in the config's \"services\" section";

aws::Error bad(const std::string& service, const std::string& what) {
  return aws::make_error(aws::ErrorKind::Usage, "service '" + service + "': " + what, kFixHint);
}

// Reads each field of `spec` in turn, stopping at the first mistyped one; the first error
// is kept in `error`. Missing or null optional fields keep their defaults.
class FieldReader {
 public:
  FieldReader(const json& obj, aws::JsonPlace at) : obj_(obj), at_(std::move(at)) {}
  std::string str(const char* key) { return keep(aws::optional_string(obj_, key, at_), std::string()); }
  long long integer(const char* key, long long fallback) { return keep(aws::optional_int(obj_, key, at_, fallback), fallback); }
  bool boolean(const char* key, bool fallback) { return keep(aws::optional_bool(obj_, key, at_, fallback), fallback); }
  std::vector<std::string> strings(const char* key) {
    return keep(aws::optional_strings(obj_, key, at_), std::vector<std::string>());
  }
  bool ok() const { return !error_; }
  const aws::Error& error() const { return *error_; }

 private:
  template <class T>
  T keep(aws::Result<T> r, T fallback) {
    if (r) return std::move(*r);
    if (!error_) error_ = r.error();
    return fallback;
  }
  const json& obj_;
  aws::JsonPlace at_;
  std::optional<aws::Error> error_;
};

aws::Result<ServiceConfig> from_json(const std::string& name, const json& s, const aws::JsonPlace& at) {
  if (!s.is_object()) return at.wrong_type(s, "an object");
  ServiceConfig out;
  out.name = name;
  FieldReader service(s, at);
  out.environment = service.str("environment");
  out.log_groups = service.strings("log_groups");
  out.runbooks = service.strings("runbooks");
  if (!service.ok()) return service.error();
  const json* d = aws::jfield(s, "deploy");
  if (!d || !d->is_object()) return bad(name, "has no \"deploy\" object");
  FieldReader deploy(*d, at.member("deploy"));
  DeploySpec& dep = out.deploy;
  dep.type = deploy.str("type");
  dep.command = deploy.str("command");
  if (dep.type == "ssm") {
    const json* t = aws::jfield(*d, "target");
    if (t && t->is_object()) {
      FieldReader target(*t, at.member("deploy").member("target"));
      std::string instance = target.str("instance"), tag = target.str("tag"), value = target.str("value");
      if (!target.ok()) return target.error();
      if (!instance.empty()) dep.target = instance;
      else if (!tag.empty()) dep.target = "tag:" + tag + "=" + value;
    } else if (t && t->is_string()) {
      dep.target = deploy.str("target");
    }
    if (!deploy.ok()) return deploy.error();
    if (dep.target.empty()) return bad(name, "deploy.target needs \"instance\" or \"tag\"/\"value\"");
    if (dep.command.empty()) return bad(name, "deploy.command is empty");
  } else if (dep.type == "ssh") {
    dep.target = deploy.str("host");
    if (!deploy.ok()) return deploy.error();
    if (dep.target.empty() || dep.command.empty()) return bad(name, "deploy needs \"host\" and \"command\"");
  } else if (dep.type == "ecs") {
    dep.cluster = deploy.str("cluster");
    dep.service = deploy.str("service");
    dep.force_new_deployment = deploy.boolean("force_new_deployment", true);
    if (aws::jfield(*d, "desired_count")) dep.desired_count = static_cast<int>(deploy.integer("desired_count", 0));
    if (!deploy.ok()) return deploy.error();
    if (dep.cluster.empty() || dep.service.empty()) return bad(name, "deploy needs \"cluster\" and \"service\"");
  } else if (dep.type == "lightsail") {
    dep.service_name = deploy.str("service_name");
    dep.container = deploy.str("container");
    dep.image = deploy.str("image");
    if (!deploy.ok()) return deploy.error();
    if (dep.service_name.empty() || dep.container.empty() || dep.image.empty())
      return bad(name, "deploy needs \"service_name\", \"container\" and \"image\"");
  } else {
    if (!deploy.ok()) return deploy.error();
    return bad(name, "deploy.type '" + dep.type + "' is not one of ssm, ssh, ecs, lightsail");
  }
  if (const json* hc = aws::jfield(s, "health_checks"); hc && !hc->is_null()) {
    const aws::JsonPlace checks = at.member("health_checks");
    if (!hc->is_array()) return checks.wrong_type(*hc, "an array");
    for (std::size_t i = 0; i < hc->size(); ++i) {
      const json& h = (*hc)[i];
      const aws::JsonPlace here = checks.element(i);
      if (!h.is_object()) return here.wrong_type(h, "an object");
      FieldReader check(h, here);
      HealthCheckSpec spec;
      spec.url = check.str("url");
      long long status = check.integer("status", 200);
      spec.body_contains = check.str("body_contains");
      if (const json* want = aws::jfield(h, "body_json"); want && !want->is_null()) {
        if (!want->is_object()) return here.member("body_json").wrong_type(*want, "an object");
        spec.body_json = *want;
      }
      spec.tls_verify = check.boolean("tls_verify", true);
      if (!check.ok()) return check.error();
      if (spec.url.empty()) return bad(name, "a health check has no \"url\"");
      if (status < 100 || status > 599)
        return here.error(here.path + ".status is " + std::to_string(status) + ", expected an HTTP status (100-599)");
      spec.status = static_cast<int>(status);
      out.health_checks.push_back(std::move(spec));
    }
  }
  return out;
}

}  // namespace

aws::Result<ServiceConfig> parse_service(const std::string& name, const std::string& json_text,
                                         const std::string& origin) {
  // The same reader and rules as load_config(): comments allowed, file:line:column errors.
  auto doc = aws::parse_config_json(json_text, origin);
  if (!doc) {
    aws::Error e = doc.error();
    e.hint = kFixHint;
    return e;
  }
  const json* services = aws::jfield(*doc, "services");
  const json* service = services ? aws::jfield(*services, name.c_str()) : nullptr;
  if (!service) {
    std::string known;
    if (services && services->is_object())
      for (const auto& [k, v] : services->items()) known += (known.empty() ? "" : ", ") + k;
    return aws::make_error(aws::ErrorKind::NotFound, "no service '" + name + "' in the config",
                           known.empty() ? "define it under \"services\"" : "known services: " + known);
  }
  const aws::JsonPlace top{"config " + origin, "$", aws::ErrorKind::Usage, kFixHint};
  return from_json(name, *service, top.member("services").member(name));
}

aws::Result<ServiceConfig> load_service(const std::string& config_path, const std::string& name) {
  if (config_path.empty())
    return aws::make_error(aws::ErrorKind::NotFound, "no config file, so no service '" + name + "'",
                           "pass --config FILE or create ~/.config/opsdeck/config.json");
  std::ifstream f(config_path, std::ios::binary);
  if (!f)
    return aws::make_error(aws::ErrorKind::Usage, "config " + config_path + ": cannot read: " + std::strerror(errno),
                           "pass --config FILE or create ~/.config/opsdeck/config.json");
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_service(name, ss.str(), config_path);
}

}  // namespace opsdeck::app
