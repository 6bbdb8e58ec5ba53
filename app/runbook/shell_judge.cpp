#include "app/runbook/shell_judge.hpp"

#include <algorithm>

#include "app/runbook/shell_syntax.hpp"
#include "app/runbook/shell_walker.hpp"

namespace opsdeck::app::runbook {

ShellJudgement judge_shell(std::string_view script, const std::map<std::string, std::string>& env,
                           const DestructivePatterns& patterns) {
  ShellJudgement out;
  auto tree =
      ShellWalker::bracket_depth(script) > ShellWalker::kMaxBrackets
          ? aws::Result<nlohmann::json>(aws::make_error(
                aws::ErrorKind::Parse, "the script nests deeper than " +
                                           std::to_string(ShellWalker::kMaxDepth) + " levels"))
          : parse_shell(script);
  if (!tree.ok()) {
    out.unproven = tree.error().message;
    out.destructive.push_back(tree.error().message + "; opsdeck cannot tell what it runs");
    for (auto& r : patterns.reasons(script))
      if (std::find(out.destructive.begin(), out.destructive.end(), r) == out.destructive.end())
        out.destructive.push_back(std::move(r));
    return out;
  }
  out.parsed = true;
  ShellWalker(env, patterns, out).judge_tree(*tree, std::string(script));
  return out;
}

}  // namespace opsdeck::app::runbook
