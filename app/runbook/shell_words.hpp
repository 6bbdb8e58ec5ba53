#pragma once
// Word expansion over shfmt's syntax tree, for the shell guard: turns a Word node into the
// arguments a command will receive (quote removal, backslash escapes, $'…' decoding, known
// variables substituted, unquoted expansions split into fields), marking what cannot be
// known (unknown variables, command substitutions, globs, brace expansion) so that the
// guard never mistakes it for a literal.
//
// Expanding a word also runs what the word contains (command and process substitutions,
// arithmetic): ShellWords calls back into its WordContext for those. Not thread-safe on its
// own; one ShellWords belongs to one judge on one thread.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/runbook/shell_command.hpp"
#include "app/runbook/shell_tree.hpp"

namespace opsdeck::app::runbook {

// What a shell variable is known to hold at one point of a script.
struct ShellVar {
  enum class Kind { Known, Safe, Unknown };
  Kind kind = Kind::Unknown;  // Safe: not known, but made only of [A-Za-z0-9._:/@%+,=^] and never
                              // starting with '-'
  std::string value;          // Known only
  bool numeric = false;       // every value it can hold is a decimal integer (perhaps negative)
};

// What word expansion needs from the judge walking the tree.
class WordContext {
 public:
  virtual ~WordContext() = default;
  virtual void run_statements(const nlohmann::json& stmts) = 0;  // bodies of $(…), `…`, <(…)
  virtual ShellVar lookup(const std::string& name) = 0;
  // A `${OPSDECK_UNSEEN_<n>}` placeholder standing for `display` in shell text parsed again.
  virtual std::string placeholder(const std::string& display, bool safe) = 0;
  virtual std::string source_of(const nlohmann::json& node) = 0;  // the script text of a node
  virtual void not_read_only(const nlohmann::json& node, const std::string& why) = 0;
  // Code runs that opsdeck cannot see: not read-only, and reported as destructive.
  virtual void cannot_tell(const nlohmann::json& node, const std::string& why) = 0;
};

class ShellWords {
 public:
  enum class Mode {
    Fields,   // command arguments: unquoted expansions split into fields
    Single,   // assignment values, redirection targets, case words: no splitting
    Heredoc,  // an unquoted here-document body: expansions but no quote removal
  };
  explicit ShellWords(WordContext& context) : ctx_(context) {}

  std::vector<ShellWord> expand(const nlohmann::json& word, Mode mode);
  ShellWord single(const nlohmann::json& word, Mode mode = Mode::Single);

  // Arithmetic ($((…)), ((…)), let, for ((…)), subscripts): bash evaluates variables in it as
  // expressions themselves, and `a[$(cmd)]` in such a value runs cmd, so every name must hold
  // a number opsdeck knows to be one; anything else is reported as not read-only.
  void arithmetic(const nlohmann::json& expr);
  // The expression of [[ … ]]: its words are expanded, -eq/-lt/... operands are arithmetic.
  void test_expression(const nlohmann::json& expr);

  // The value of a word made only of literal text and quotes (no expansions), else nullopt.
  static std::optional<std::string> literal(const nlohmann::json& word);
  // Decodes the body of $'…' (\n, \t, \xHH, \nnn, \uHHHH, \cX, ...).
  static std::string ansi_c(std::string_view body);
  static bool safe_value(std::string_view value);  // what ShellVar::Kind::Safe promises

 private:
  class Builder;
  struct Depth {
    int& d;
    explicit Depth(int& x) : d(++x) {}
    ~Depth() { --d; }
  };
  WordContext& ctx_;
  int depth_ = 0;

  bool too_deep(const nlohmann::json& node);
  bool fields_understood(const nlohmann::json& node, const std::string& type);
  void arithmetic_value(const nlohmann::json& node, const std::string& name, const ShellVar& v);

  void parts(const nlohmann::json& parts, Builder& b, bool quoted, Mode mode);
  void param(const nlohmann::json& part, Builder& b, bool quoted, Mode mode);
};

}  // namespace opsdeck::app::runbook
