#include "app/config_check.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>

#include "app/config.hpp"
#include "app/console/runbook_catalog.hpp"
#include "app/console/sources/console_settings.hpp"
#include "app/deploy/service_config.hpp"
#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using nlohmann::json;

// The keys the readers read, as a tree: an object with named fields, an object of any
// names whose values all have one shape (environments, services), a list of one shape, or
// a value whose inside is not checked (free-form maps such as "vars" and "keys").
struct Shape {
  enum Kind { Any, Fields, Map, List } kind = Any;
  std::vector<std::string> names;  // Fields: the field names, each with its shape in `shapes`
  std::vector<Shape> shapes;       // Fields: one per name; Map and List: the one element shape
};

Shape any() { return {}; }
Shape fields(std::initializer_list<std::pair<std::string, Shape>> f) {
  Shape s{Shape::Fields, {}, {}};
  for (const auto& [name, shape] : f) {
    s.names.push_back(name);
    s.shapes.push_back(shape);
  }
  return s;
}
Shape map_of(Shape s) { return {Shape::Map, {}, {std::move(s)}}; }
Shape list_of(Shape s) { return {Shape::List, {}, {std::move(s)}}; }

// config.hpp (environments, runbooks), console_settings.hpp (refresh, log_groups, keys,
// shell), service_config.hpp (services), runbook_catalog.hpp (alarm_runbooks,
// runbooks.directory), config.hpp's fleets. A key added to a reader is added here (a test checks
// examples/config.json has no unknown key).
const Shape& config_shape() {
  static const Shape shape = fields({
      {"default_environment", any()},
      {"environments", map_of(fields({{"production", any()},
                                      {"profile", any()},
                                      {"region", any()},
                                      {"endpoint_url", any()},
                                      {"account_id", any()},
                                      {"vars", any()}}))},
      {"runbooks", fields({{"directory", any()},
                           {"destructive_patterns", any()},
                           {"vars", any()},
                           {"secret_names", any()}})},
      {"refresh", fields({{"instances_seconds", any()},
                          {"databases_seconds", any()},
                          {"alarms_seconds", any()},
                          {"logs_poll_ms", any()}})},
      {"log_groups", any()},
      {"keys", any()},
      {"shell", fields({{"method", any()},
                        {"ssh_user", any()},
                        {"ssh_port", any()},
                        {"identity_file", any()},
                        {"prefer_private_ip", any()}})},
      {"services",
       map_of(fields({{"environment", any()},
                      {"deploy", fields({{"type", any()},
                                         {"target", any()},
                                         {"command", any()},
                                         {"host", any()},
                                         {"cluster", any()},
                                         {"service", any()},
                                         {"force_new_deployment", any()},
                                         {"desired_count", any()},
                                         {"service_name", any()},
                                         {"container", any()},
                                         {"image", any()}})},
                      {"health_checks", list_of(fields({{"url", any()},
                                                        {"status", any()},
                                                        {"body_contains", any()},
                                                        {"body_json", any()},
                                                        {"tls_verify", any()}}))},
                      {"log_groups", any()},
                      {"runbooks", any()}}))},
      {"alarm_runbooks", any()},
      {"ssm", fields({{"client", any()}, {"bastion", any()}})},
      {"fleets", map_of(fields({{"members", list_of(fields({{"profile", any()},
                                                              {"environment", any()},
                                                              {"region", any()},
                                                              {"regions", any()},
                                                              {"endpoint_url", any()},
                                                              {"account_id", any()},
                                                              {"production", any()}}))},
                                {"max_connections_per_endpoint", any()}}))},
  });
  return shape;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string member_path(const std::string& at, const std::string& key) {
  bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
  return plain ? at + "." + key : at + "[" + json(key).dump() + "]";
}

void unknown_keys(const json& value, const Shape& shape, const std::string& at, const std::string& file,
                  std::vector<ConfigProblem>& out) {
  switch (shape.kind) {
    case Shape::Any: return;
    case Shape::List:
      if (value.is_array())
        for (size_t i = 0; i < value.size(); ++i)
          unknown_keys(value[i], shape.shapes[0], at + "[" + std::to_string(i) + "]", file, out);
      return;
    case Shape::Map:
      if (value.is_object())
        for (const auto& [k, v] : value.items()) unknown_keys(v, shape.shapes[0], member_path(at, k), file, out);
      return;
    case Shape::Fields: break;
  }
  if (!value.is_object()) return;  // a wrong type is the readers' to report
  for (const auto& [k, v] : value.items()) {
    if (k.rfind('_', 0) == 0) continue;  // "_about": a comment
    auto known = std::find(shape.names.begin(), shape.names.end(), k);
    if (known != shape.names.end()) {
      unknown_keys(v, shape.shapes[static_cast<size_t>(known - shape.names.begin())], member_path(at, k), file, out);
      continue;
    }
    std::string closest;
    size_t best = 3;  // suggest only a near miss
    for (const auto& name : shape.names)
      if (size_t d = edit_distance(k, name); d < best) best = d, closest = name;
    std::string names;
    for (const auto& name : shape.names) names += (names.empty() ? "" : ", ") + name;
    out.push_back({false, "config " + file + ": " + member_path(at, k) + " is not a setting opsdeck reads (ignored)",
                   closest.empty() ? "remove it, or use one of: " + names
                                   : "did you mean \"" + closest + "\"? (or remove it; a key starting with _ is a comment)"});
  }
}

void add_error(const aws::Error& e, std::vector<ConfigProblem>& out) {
  ConfigProblem p{true, e.message, e.hint.empty() ? "fix the file" : e.hint};
  for (const auto& seen : out)
    if (seen.what == p.what) return;  // two readers tripping over the same value
  out.push_back(std::move(p));
}

}  // namespace

int ConfigCheckReport::errors() const {
  return static_cast<int>(std::count_if(problems.begin(), problems.end(), [](const auto& p) { return p.error; }));
}

int ConfigCheckReport::warnings() const { return static_cast<int>(problems.size()) - errors(); }

ConfigCheckReport check_config_text(std::string_view text, const std::string& path) {
  ConfigCheckReport r;
  r.path = path;
  auto doc = aws::parse_config_json(text, path);
  if (!doc) {  // a syntax error: file:line:column; nothing more can be read
    add_error(doc.error(), r.problems);
    return r;
  }
  auto config = parse_config(text, path);
  if (!config) add_error(config.error(), r.problems);
  const std::string text_copy(text);
  if (auto console = parse_console_settings(text_copy, path); !console) add_error(console.error(), r.problems);
  auto catalog = parse_runbook_catalog(text_copy, path);
  if (!catalog) add_error(catalog.error(), r.problems);
  if (!doc->is_object()) return r;

  if (const json* services = aws::jfield(*doc, "services"); services && services->is_object()) {
    for (auto it = services->begin(); it != services->end(); ++it) {
      const std::string& name = it.key();
      auto service = parse_service(name, text_copy, path);
      if (!service) {
        add_error(service.error(), r.problems);
        continue;
      }
      if (config && !config->environments.empty() && !service->environment.empty() &&
          !config->find_environment(service->environment)) {
        std::string known;
        for (const auto& [n, _] : config->environments) known += (known.empty() ? "" : ", ") + n;
        r.problems.push_back({true,
                              "config " + path + ": " + member_path("$.services", name) + ".environment names '" +
                                  service->environment + "', which is not in $.environments",
                              "use one of: " + known + " (or add the environment)"});
      }
    }
  }
  if (catalog) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!catalog->directory.empty() && !fs::is_directory(catalog->directory, ec))
      r.problems.push_back({false, "config " + path + ": $.runbooks.directory " + catalog->directory + " is not a directory",
                            "create it or correct the path (relative paths are relative to the config file)"});
    for (const auto& rb : catalog->runbooks) {
      if (fs::is_regular_file(rb.path, ec)) continue;
      std::string users;
      for (const auto& u : rb.used_by) users += (users.empty() ? "" : ", ") + u;
      r.problems.push_back({false, "config " + path + ": runbook " + rb.name + " (" + users + ") does not exist at " + rb.path,
                            "correct the path (relative paths are relative to the config file)"});
    }
  }
  unknown_keys(*doc, config_shape(), "$", path, r.problems);
  return r;
}

ConfigCheckReport check_config_file(const std::string& explicit_path) {
  const std::string path = explicit_path.empty() ? default_config_path() : explicit_path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ConfigCheckReport r;
    r.path = path;
    std::error_code ec;
    if (explicit_path.empty() && !std::filesystem::exists(path, ec)) {
      r.exists = false;
      return r;
    }
    r.problems.push_back({true, "config " + path + ": cannot read: " + std::strerror(errno),
                          "check the path and its permissions"});
    return r;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return check_config_text(ss.str(), path);
}

}  // namespace opsdeck::app
