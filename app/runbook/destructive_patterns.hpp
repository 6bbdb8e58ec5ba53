#pragma once
// Which commands destroy things: a built-in list (rm, aws delete-*/terminate-*/revoke-*,
// drop table/database, truncate, db:reset/db:seed, git reset --hard, push --force,
// terraform destroy, docker system prune -a, compose down -v, ...) that the config can
// extend with more regular expressions. Immutable after construction; safe to share
// between threads.

#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app::runbook {

class DestructivePatterns {
 public:
  // Built-in patterns plus `extra` (ECMAScript regular expressions, case-insensitive).
  // An invalid extra pattern is skipped and named in `errors`.
  explicit DestructivePatterns(const std::vector<std::string>& extra = {},
                               std::vector<std::string>* errors = nullptr);

  // Why `code` is destructive: one short reason per matching pattern, no duplicates.
  // Comment lines are ignored.
  std::vector<std::string> reasons(std::string_view code) const;

 private:
  struct Pattern {
    std::regex re;
    std::string reason;
  };
  std::vector<Pattern> patterns_;
};

}  // namespace opsdeck::app::runbook
