// libFuzzer target: the operator's config.json (app/config.hpp). Any text gives a typed
// Config or a Usage error naming the file (and the line, for JSON that does not parse) —
// never a crash or an exception. A config that loads resolves its environments, and its
// extra destructive patterns compile or are reported. `opsdeck config check` on the same
// text (app/config_check.hpp) reports an error exactly when some reader refuses it, so
// whatever parse_config() refuses is an error there too.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.hpp"
#include "app/config_check.hpp"
#include "app/runbook/destructive_patterns.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::app;
  using opsdeck::fuzz::touch;
  auto cfg = parse_config(opsdeck::fuzz::as_text(data, size), "config.json");
  std::size_t n = touch(cfg);
  ConfigCheckReport check = check_config_text(opsdeck::fuzz::as_text(data, size), "config.json");
  if (!cfg.ok() && check.errors() == 0) opsdeck::fuzz::fail("config check accepts what the loader refuses");
  for (const auto& p : check.problems)
    if (p.what.empty() || p.fix.empty()) opsdeck::fuzz::fail("a config problem without what or fix");
  n += check.problems.size();
  if (cfg.ok()) {
    if (!cfg->path.empty() && cfg->path != "config.json") opsdeck::fuzz::fail("the config forgot its path");
    n += touch(resolve_environment(*cfg, ""));
    n += touch(resolve_environment(*cfg, "prod"));
    for (const auto& [name, env] : cfg->environments) {
      auto r = resolve_environment(*cfg, name);
      if (!r.ok() || r->name != env.name) opsdeck::fuzz::fail("a configured environment does not resolve");
      n += r->vars.size();
    }
    if (!cfg->runbooks.destructive_patterns.empty()) {
      std::vector<std::string> errors;
      runbook::DestructivePatterns patterns(cfg->runbooks.destructive_patterns, &errors);
      n += errors.size() + patterns.reasons("rm -rf /tmp/x\nkubectl delete ns prod").size();
    }
  }
  volatile std::size_t sink = n;
  (void)sink;
  return 0;
}
