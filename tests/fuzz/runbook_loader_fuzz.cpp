// libFuzzer target for the runbook loader (app/runbook/loader.hpp): any bytes are some
// Markdown. Checks the loader's own invariants besides not crashing: steps are numbered
// 1..n, their lines lie inside the document and never go back, every kind/where is a known
// value, a step's variables are unique and its defaults belong to them, choice groups and
// blocks are positive; and the textual placeholders of every step can be tokenised for
// filling (app/runbook/placeholder_text.hpp) without the token prefix occurring in the
// code. The redactor (app/redactor.hpp) never lets a registered secret through verbatim.

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "app/redactor.hpp"
#include "app/runbook/loader.hpp"
#include "app/runbook/placeholder_text.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::app::runbook;
  using opsdeck::fuzz::fail;
  static const DestructivePatterns patterns;
  std::string_view text = opsdeck::fuzz::as_text(data, size);
  Runbook rb = parse_runbook(text, patterns);
  int lines = 1;
  for (char c : text) lines += c == '\n';
  int previous = 0;
  for (std::size_t i = 0; i < rb.steps.size(); ++i) {
    const Step& s = rb.steps[i];
    if (s.index != static_cast<int>(i) + 1) fail("steps are not numbered 1..n");
    if (s.line < 1 || s.line > lines || s.line < previous) fail("a step line is outside the text or goes back");
    previous = s.line;  // alternatives of one item share it
    if (s.block < 1 || s.choice_group < 0) fail("a step has no block or a negative choice group");
    if (s.kind != StepKind::Command && s.kind != StepKind::Script && s.kind != StepKind::Content)
      fail("unknown step kind");
    if (s.where != StepWhere::Local && s.where != StepWhere::Host) fail("unknown step place");
    std::set<std::string> names(s.vars.begin(), s.vars.end());
    if (names.size() != s.vars.size()) fail("a step lists a variable twice");
    for (const auto& [name, value] : s.var_defaults)
      if (!names.count(name)) fail("a default for a variable the step does not list");
    if (s.destructive != !s.destructive_reasons.empty() && !s.forbidden_by_runbook)
      fail("destructive without a reason, or a reason without destructive");

    std::map<std::string, std::string> values;
    for (const auto& v : s.vars) values[v] = "x";
    auto tokens = tokenize_placeholders(s.script, values);
    if (tokens.token_prefix.empty() && !tokens.tokens.empty()) fail("tokens without a prefix");
    if (!tokens.token_prefix.empty() && s.script.find(tokens.token_prefix) != std::string::npos)
      fail("the token prefix occurs in the script");
    for (const auto& t : tokens.tokens) {
      if (!t.token.starts_with(tokens.token_prefix)) fail("a token without the prefix", t.token);
      if (tokens.script.find(t.token) == std::string::npos) fail("a token is missing from the tokenised script", t.token);
    }
  }
  for (const auto& c : rb.checklist)
    if (c.line < 1 || c.line > lines) fail("a checklist line is outside the text");
  for (const auto& r : rb.rules)
    if (r.line < 1 || r.line > lines) fail("a safety rule line is outside the text");

  opsdeck::app::Redactor r;
  r.add_secret("secret-value");
  if (r.redact(text.substr(0, 4096)).find("secret-value") != std::string::npos)
    fail("the redactor let a registered secret through");
  return 0;
}
