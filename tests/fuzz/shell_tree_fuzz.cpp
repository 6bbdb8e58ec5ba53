// libFuzzer target: the in-process half of the shell guard — everything that reads shfmt's
// JSON syntax tree (app/runbook/shell_syntax.hpp) instead of running shfmt: the judge's walk
// (ShellWalker, shell_walker.hpp) and the filler's placeholder sites (find_sites,
// placeholder_sites.hpp). Real trees come from shfmt; this target hands them trees that
// are slightly wrong (offsets past the script, wrong types, missing or unknown fields,
// unknown node types) and checks the readers fail closed instead of crashing: the walker
// never calls such a script read-only without understanding it, find_sites returns sites
// inside the script or an error.
//
// Input: "<script>\0<tree as JSON>" (seeds: shfmt -ln bash --to-json of the script, compacted).
// Only a tree shaped as parse_shell() returns it (an object of Type "File") is walked.
// Script text nested in the tree (bash -c '…') is parsed by the real shfmt, as in the product.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app/runbook/destructive_patterns.hpp"
#include "app/runbook/placeholder_sites.hpp"
#include "app/runbook/placeholder_text.hpp"
#include "app/runbook/shell_walker.hpp"
#include "app/runbook/variables.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::app::runbook;
  using opsdeck::fuzz::fail;
  static const DestructivePatterns patterns;
  std::string_view rest = opsdeck::fuzz::as_text(data, size);
  auto nul = rest.find('\0');
  if (nul == std::string_view::npos) return 0;
  const std::string script(rest.substr(0, nul));
  auto tree = nlohmann::json::parse(rest.substr(nul + 1), nullptr, false);
  if (tree.is_discarded() || !tree.is_object()) return 0;
  auto type = tree.find("Type");
  if (type == tree.end() || *type != "File") return 0;

  // The query the filler would build: placeholders as the loader reports them, and
  // stand-in tokens written as ZZTOK<n> in the seeds.
  SiteQuery query;
  query.token_prefix = "ZZTOK";
  for (const char* t : {"ZZTOK0", "ZZTOK1", "ZZTOK2"}) query.tokens.push_back(t);
  std::map<std::string, std::string> env;
  for (const auto& name : find_variables(script, true).names) {
    if (is_bare_placeholder_name(name)) query.bare.insert(name);
    query.params.insert(name);
    query.idents.insert(name);
    env[name] = "value";
  }
  auto sites = find_sites(tree, script, query);
  std::size_t n = 0;
  if (sites.ok()) {
    for (const auto& s : sites->sites) {
      if (s.offset > script.size() || s.length > script.size() - s.offset) fail("a site lies outside the script");
      n += s.key.size();
    }
  } else {
    n += sites.error().message.size();
  }

  ShellJudgement out;
  out.parsed = true;
  ShellWalker(env, patterns, out).judge_tree(tree, script);
  for (const auto& c : out.commands) n += c.size();
  for (const auto& d : out.destructive) n += d.size();
  volatile std::size_t sink = n + out.unproven.size();
  (void)sink;
  return 0;
}
