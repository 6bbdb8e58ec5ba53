#include "app/console/runbook_catalog.hpp"

#include "app/runbook/runbook_path.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace opsdeck::app {

namespace fs = std::filesystem;

namespace {

std::string join(const std::string& base, const std::string& p) {
  if (p.empty() || p.front() == '/' || base.empty()) return p;
  return (fs::path(base) / p).lexically_normal().string();
}

aws::Error bad(const std::string& path, const std::string& what) {
  return aws::make_error(aws::ErrorKind::Usage, path + ": " + what);
}

}  // namespace

std::string RunbookCatalog::resolve(const std::string& file) const {
  std::error_code ec;
  if (fs::exists(file, ec)) return file;
  for (const std::string& dir : {base_dir, directory}) {
    if (dir.empty()) continue;
    std::string p = join(dir, file);
    if (fs::exists(p, ec)) return p;
  }
  return file;
}

std::vector<std::string> RunbookCatalog::directories() const {
  std::vector<std::string> dirs;
  auto add = [&dirs](std::string d) {
    if (!d.empty() && std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(std::move(d));
  };
  if (!directory.empty()) add(directory);
  for (const auto& r : runbooks) add(fs::path(r.path).parent_path().string());
  if (dirs.empty()) add(base_dir.empty() ? "." : base_dir);
  return dirs;
}

aws::Result<std::string> RunbookCatalog::confine(const std::string& file) const {
  if (const RunbookEntry* e = find(file)) return runbook::confine_runbook_path(e->path, directories());
  return runbook::confine_runbook_path(file, directories());
}

const RunbookEntry* RunbookCatalog::find(const std::string& file) const {
  for (const auto& r : runbooks)
    if (r.path == file || r.name == file) return &r;
  return nullptr;
}

aws::Result<RunbookCatalog> parse_runbook_catalog(const std::string& text, const std::string& config_path) {
  RunbookCatalog c;
  c.base_dir = config_path.empty() ? "" : fs::path(config_path).parent_path().string();
  if (text.empty()) return c;
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false, true);
  if (doc.is_discarded() || !doc.is_object()) return bad(config_path, "not a JSON object");
  std::map<std::string, RunbookEntry> by_path;
  auto add = [&](const std::string& name, const std::string& user) {
    std::string path = join(c.base_dir, name);
    RunbookEntry& e = by_path[path];
    e.path = path;
    if (e.name.empty()) e.name = name;
    if (!user.empty() && std::find(e.used_by.begin(), e.used_by.end(), user) == e.used_by.end())
      e.used_by.push_back(user);
  };
  if (auto rb = doc.find("runbooks"); rb != doc.end() && rb->is_object()) {
    if (auto d = rb->find("directory"); d != rb->end()) {
      if (!d->is_string()) return bad(config_path, "runbooks.directory must be a string");
      c.directory = join(c.base_dir, d->get<std::string>());
      std::error_code ec;
      for (const auto& f : fs::directory_iterator(c.directory, ec))
        if (f.path().extension() == ".md")
          add((fs::path(d->get<std::string>()) / f.path().filename()).string(), "");
    }
  }
  if (auto sv = doc.find("services"); sv != doc.end() && sv->is_object()) {
    for (const auto& [name, s] : sv->items()) {
      if (!s.is_object()) continue;
      c.services.push_back(name);
      if (auto r = s.find("runbooks"); r != s.end() && r->is_array())
        for (const auto& f : *r)
          if (f.is_string()) add(f.get<std::string>(), "service " + name);
      if (auto g = s.find("log_groups"); g != s.end() && g->is_array())
        for (const auto& f : *g)
          if (f.is_string()) c.service_log_groups[name].push_back(f.get<std::string>());
    }
  }
  if (auto lg = doc.find("log_groups"); lg != doc.end() && lg->is_object()) {
    for (const auto& [name, groups] : lg->items()) {
      if (!groups.is_array()) continue;
      auto& known = c.service_log_groups[name];
      for (const auto& g : groups)
        if (g.is_string() && std::find(known.begin(), known.end(), g.get<std::string>()) == known.end())
          known.push_back(g.get<std::string>());
    }
  }
  if (auto ar = doc.find("alarm_runbooks"); ar != doc.end()) {
    if (!ar->is_object()) return bad(config_path, "alarm_runbooks must be an object");
    for (const auto& [alarm, f] : ar->items()) {
      if (!f.is_string()) return bad(config_path, "alarm_runbooks." + alarm + " must be a string");
      add(f.get<std::string>(), "alarm " + alarm);
      c.alarm_runbooks[alarm] = join(c.base_dir, f.get<std::string>());
    }
  }
  for (auto& [path, e] : by_path) c.runbooks.push_back(std::move(e));
  std::sort(c.runbooks.begin(), c.runbooks.end(),
            [](const RunbookEntry& a, const RunbookEntry& b) { return a.name < b.name; });
  return c;
}

aws::Result<RunbookCatalog> load_runbook_catalog(const std::string& config_path) {
  if (config_path.empty()) return RunbookCatalog{};
  std::ifstream in(config_path, std::ios::binary);
  if (!in) return RunbookCatalog{};
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_runbook_catalog(ss.str(), config_path);
}

}  // namespace opsdeck::app
