#include "app/fleet/fleet_selection.hpp"

#include <string_view>
#include <vector>

namespace opsdeck::app {

namespace {

aws::Error usage(std::string message, std::string hint = {}) {
  return aws::make_error(aws::ErrorKind::Usage, std::move(message), std::move(hint));
}

// "a, b,c" -> {"a", "b", "c"}; an empty item is an error (a stray comma hides a typo).
aws::Result<std::vector<std::string>> split_list(const std::string& text, const char* flag) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::string_view rest = text;
  for (;;) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty())
      return usage(std::string(flag) + " '" + text + "' has an empty name", "give a comma-separated list: a,b");
    out.emplace_back(item);
    if (comma == std::string_view::npos) return out;
    rest.remove_prefix(comma + 1);
  }
}

std::string fleet_names(const Config& config) {
  std::string known;
  for (const auto& [n, _] : config.fleets) known += (known.empty() ? "" : ", ") + n;
  return known;
}

}  // namespace

aws::Result<Fleet> resolve_fleet(const Config& config, const FleetSelection& selection, const GlobalOptions& global) {
  if (!selection.fleet.empty()) {
    if (!selection.profiles.empty() || !selection.regions.empty())
      return usage("--fleet cannot be combined with --profiles or --regions", "give one or the other");
    if (auto it = config.fleets.find(selection.fleet); it != config.fleets.end()) return it->second;
    if (selection.fleet == "all") {
      if (config.environments.empty())
        return usage("--fleet all: the config lists no environments",
                     "add $.environments (or $.fleets) to " +
                         (config.path.empty() ? default_config_path() : config.path));
      Fleet all;
      all.name = "all";
      for (const auto& [name, env] : config.environments) {
        FleetMember m;
        m.profile = env.profile;
        m.region = env.region;
        m.endpoint_url = env.endpoint_url;
        m.environment = name;
        m.production = env.production;
        m.account_id = env.account_id;
        all.members.push_back(std::move(m));
      }
      return all;
    }
    std::string known = fleet_names(config);
    return usage("unknown fleet '" + selection.fleet + "'",
                 known.empty() ? "define it under $.fleets in " +
                                     (config.path.empty() ? default_config_path() : config.path) +
                                     ", or use --fleet all / --profiles a,b --regions r1,r2"
                               : "fleets in " + config.path + ": " + known + " (or all)");
  }
  auto profiles = split_list(selection.profiles, "--profiles");
  if (!profiles) return profiles.error();
  auto regions = split_list(selection.regions, "--regions");
  if (!regions) return regions.error();
  if (profiles->empty()) profiles->push_back(global.profile);
  if (regions->empty()) regions->push_back(global.region);
  Fleet f;
  for (const auto& p : *profiles)
    for (const auto& r : *regions) {
      FleetMember m;
      m.profile = p;
      m.region = r;
      m.production = name_says_production(p);
      for (const auto& seen : f.members)
        if (seen.profile == m.profile && seen.region == m.region)
          return usage(m.label() + " is named twice", "name each profile and region once");
      f.members.push_back(std::move(m));
    }
  return f;
}

}  // namespace opsdeck::app
