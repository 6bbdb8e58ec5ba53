// libFuzzer target: the shell guard end to end — filling a step's placeholders
// (app/runbook/script_filler.hpp) and judging the script (app/runbook/shell_judge.hpp).
// Both run shfmt (the external parser) once or more per call, so this target manages tens
// of executions a second, not thousands: the in-process parts are fuzzed hard by
// runbook_classifier (placeholders, tokens) and shell_tree (the walkers over shfmt's tree).
//
// Input: first byte picks the values, the rest is the step's code. The placeholders are
// the ones the loader would report (find_variables). Checked besides not crashing:
//  - a filled script never holds a hostile value verbatim (values travel in the
//    environment), and the environment carries each value exactly;
//  - a script the guard cannot parse is never read-only and is reported as destructive.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "app/runbook/destructive_patterns.hpp"
#include "app/runbook/script_filler.hpp"
#include "app/runbook/shell_judge.hpp"
#include "app/runbook/variables.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace opsdeck::app::runbook;
using opsdeck::fuzz::fail;

// Values an operator (or whoever filled the form) might give; the first ones try to
// become syntax.
constexpr const char* kValues[] = {
    "$(touch /tmp/opsdeck-fuzz-canary)",
    "a'b\"c`d`$e\\f",
    "x; rm -rf /tmp/opsdeck-fuzz-canary #",
    "line1\nline2",
    "  spaced  out  ",
    "42",
    "prod-cluster_1.example.com",
    "",
    "*",
    "-n",
};
constexpr std::size_t kCount = sizeof kValues / sizeof kValues[0];

void check_judgement(const ShellJudgement& j) {
  if (!j.parsed && (j.read_only() || j.destructive.empty() || j.unproven.empty()))
    fail("a script the guard could not parse was not treated as unproven and destructive");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const DestructivePatterns patterns;
  if (size == 0) return 0;
  std::string_view code = opsdeck::fuzz::as_text(data + 1, size - 1);
  std::map<std::string, std::string> values;
  std::size_t pick = data[0];
  for (const auto& name : find_variables(code, true).names) values[name] = kValues[pick++ % kCount];

  auto filled = fill_script(code, values);
  if (filled.ok()) {
    for (std::size_t i = 0; i < 4; ++i) {
      std::string_view hostile = kValues[i];
      if (filled->script.find(hostile) != std::string::npos && code.find(hostile) == std::string_view::npos)
        fail("a hostile value landed in the filled script verbatim");
    }
    for (const auto& [name, env_name] : filled->env_name) {
      auto value = values.find(name);
      auto env = filled->env.find(env_name);
      if (value == values.end() || env == filled->env.end() || env->second != value->second)
        fail("the step's environment does not carry a value exactly");
    }
    check_judgement(judge_shell(filled->script, filled->env, patterns));
  }
  check_judgement(judge_shell(code, {}, patterns));
  return 0;
}
