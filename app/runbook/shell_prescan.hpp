#pragma once
// What a script assigns and defines, found before the shell guard walks it: function names
// (calls to them are never proven read-only), and for every variable whether the walk can
// follow its value. A variable assigned exactly once, in straight-line top-level code, is
// followed as the walk reaches the assignment; any other assigned variable (in a loop, a
// branch, a function, by `read`, by arithmetic, ...) is judged by what all its possible
// values have in common. Not thread-safe; one prescan per script.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/runbook/shell_words.hpp"

namespace opsdeck::app::runbook {

class ShellPrescan {
 public:
  // `initial`: what variables hold when the script starts (the runbook's variables).
  void run(const nlohmann::json& file, const std::map<std::string, ShellVar>& initial);

  std::set<std::string> functions;  // functions the script defines
  std::set<std::string> assigned;   // every variable the script may assign
  std::set<std::string> stable;     // assigned once in straight-line code: followed by the walk
  std::map<std::string, ShellVar> unstable;  // every other assigned variable

 private:
  struct Source {
    bool straight = false;               // top-level, unconditional
    std::optional<std::string> literal;  // the value, when it is literal text
    bool numeric = false;                // an arithmetic result
  };
  std::map<std::string, std::vector<Source>> sources_;

  void scan(const nlohmann::json& node, bool straight, int depth);
  void assignment(const nlohmann::json& assign, bool straight);
  void arithmetic_names(const nlohmann::json& node, int depth);
};

}  // namespace opsdeck::app::runbook
