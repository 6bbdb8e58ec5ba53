#include "app/console/runbook_catalog.hpp"

#include "app/runbook/runbook_path.hpp"
#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

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
  auto parsed = aws::parse_config_json(text, config_path);
  if (!parsed) return parsed.error();
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object()) return bad(config_path, "not a JSON object");
  const aws::JsonPlace top{config_path, "$", aws::ErrorKind::Usage, ""};
  std::map<std::string, RunbookEntry> by_path;
  auto add = [&](const std::string& name, const std::string& user) {
    std::string path = join(c.base_dir, name);
    RunbookEntry& e = by_path[path];
    e.path = path;
    if (e.name.empty()) e.name = name;
    if (!user.empty() && std::find(e.used_by.begin(), e.used_by.end(), user) == e.used_by.end())
      e.used_by.push_back(user);
  };
  // Wrong types in "services" and "log_groups" are the deploy reader's and the console
  // settings' to report; here they only leave entries out.
  const nlohmann::json& rb = aws::jobj(doc, "runbooks");
  if (aws::jfield(rb, "directory")) {
    auto dir = aws::require_string(rb, "directory", top.member("runbooks"));
    if (!dir) return dir.error();
    c.directory = join(c.base_dir, *dir);
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(c.directory, ec))
      if (f.path().extension() == ".md") add((fs::path(*dir) / f.path().filename()).string(), "");
  }
  for (const auto& [name, s] : aws::jobj(doc, "services").items()) {
    if (!s.is_object()) continue;
    c.services.push_back(name);
    for (const auto& f : aws::jstrings(s, "runbooks")) add(f, "service " + name);
    for (auto& g : aws::jstrings(s, "log_groups")) c.service_log_groups[name].push_back(std::move(g));
  }
  const nlohmann::json& log_groups = aws::jobj(doc, "log_groups");
  for (const auto& [name, groups] : log_groups.items()) {
    auto& known = c.service_log_groups[name];
    for (auto& g : aws::jstrings(log_groups, name.c_str()))
      if (std::find(known.begin(), known.end(), g) == known.end()) known.push_back(std::move(g));
  }
  if (const auto* ar = aws::jfield(doc, "alarm_runbooks"); ar && !ar->is_null()) {
    const aws::JsonPlace at = top.member("alarm_runbooks");
    if (!ar->is_object()) return at.wrong_type(*ar, "an object");
    for (const auto& [alarm, f] : ar->items()) {
      auto file = aws::require_string(*ar, alarm.c_str(), at);
      if (!file) return file.error();
      add(*file, "alarm " + alarm);
      c.alarm_runbooks[alarm] = join(c.base_dir, *file);
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
