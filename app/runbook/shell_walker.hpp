#pragma once
// The walk behind judge_shell() (shell_judge.hpp): statements, pipelines, compound commands,
// redirections and assignments of shfmt's syntax tree, each simple command normalised
// (shell_command.hpp) and judged by the read-only allow-list and DestructivePatterns, and
// the shell text commands hand to other shells parsed and walked in turn.
// shell_walker.cpp walks statements; shell_walker_commands.cpp judges commands,
// redirections and assignments. Internal to the shell guard; one walker per judgement, on
// one thread.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/runbook/destructive_patterns.hpp"
#include "app/runbook/shell_judge.hpp"
#include "app/runbook/shell_prescan.hpp"
#include "app/runbook/shell_words.hpp"

namespace opsdeck::app::runbook {

// One script being walked: the top one or one nested in it (bash -c, ssh host '…', ...).
struct ShellFrame {
  std::string source;  // the text the tree's byte offsets point into
  int line_offset = 0;
  bool remote = false;  // runs elsewhere: the runbook's variables do not reach it
  StdinSource input;    // what its top-level commands read on stdin
  ShellPrescan scan;
  std::map<std::string, ShellVar> vars;
};

// Walks one script's syntax tree (and the scripts nested in it) for judge_shell(),
// filling `out`.
class ShellWalker final : public WordContext {
 public:
  ShellWalker(const std::map<std::string, std::string>& env, const DestructivePatterns& patterns,
              ShellJudgement& out);

  void judge_tree(const nlohmann::json& file, std::string source);

  static constexpr int kMaxDepth = 200;                // syntax-tree levels
  static constexpr int kMaxBrackets = kMaxDepth + 50;  // bracket nesting refused before parsing
  static constexpr int kMaxNesting = 6;                // shell text inside shell text
  static constexpr int kMaxParses = 32;                // nested scripts parsed per judgement
  // One line, control characters as spaces, at most `max` bytes.
  static std::string one_line(std::string s, size_t max = 160);
  // How deeply brackets nest in raw text (quotes ignored).
  static int bracket_depth(std::string_view text);

  // WordContext
  void run_statements(const nlohmann::json& stmts) override { statements(stmts); }
  ShellVar lookup(const std::string& name) override;
  std::string placeholder(const std::string& display, bool safe) override;
  std::string source_of(const nlohmann::json& node) override;
  void not_read_only(const nlohmann::json& node, const std::string& why) override;
  void cannot_tell(const nlohmann::json& node, const std::string& why) override;

 private:
  struct Deeper {
    int& d;
    explicit Deeper(int& x) : d(++x) {}
    ~Deeper() { --d; }
  };

  const std::map<std::string, std::string>& env_;
  const DestructivePatterns& patterns_;
  ShellJudgement& out_;
  ShellWords words_;
  ShellFrame* f_ = nullptr;
  int depth_ = 0, nesting_ = 0, parses_ = 0;
  const nlohmann::json* statement_ = nullptr;  // the statement being judged, named in messages
  bool too_deep_reported_ = false;
  std::map<std::string, std::pair<std::string, bool>> unseen_;  // placeholder → (display, safe)
  std::string salt_;                                            // random, in every placeholder name
  // Files the script writes: path → the shell code written, or nullopt when it is output
  // opsdeck cannot see (curl -o, > from a command) — for `bash ./that-file` later.
  std::map<std::string, std::optional<std::string>> written_;

  // Findings.
  int line(const nlohmann::json& node) const;
  void unproven(int at, const std::string& what, const std::string& why);
  void destructive(const std::string& reason, const std::string& what, int at);
  void add_destructive(std::string finding);
  bool too_deep(
      const nlohmann::json& node);  // past kMaxDepth: unproven, destructive, stop descending
  bool fields_understood(const nlohmann::json& node, std::string_view type);

  // shell_walker.cpp: the tree.
  void enter(ShellFrame& frame, const nlohmann::json& file, const ShellFrame* parent);
  void finish();
  void statements(const nlohmann::json& stmts);
  StdinSource stmt(const nlohmann::json& s, bool straight, StdinSource input);
  StdinSource command(const nlohmann::json& cmd, bool straight, StdinSource input,
                      const nlohmann::json& s);
  void if_clause(const nlohmann::json& node);
  void nested(const NestedScript& script);

  // shell_walker_commands.cpp: commands, redirections, assignments.
  StdinSource call(const nlohmann::json& ce, bool straight, StdinSource input);
  void judge_command(ShellCommand c);
  void final_command(const ShellCommand& c);
  // Input redirections update `input`; output ones are checked and their known targets
  // added to `outputs` as (path, append).
  void redirect(const nlohmann::json& r, StdinSource& input, const nlohmann::json& s,
                std::vector<std::pair<std::string, bool>>& outputs);
  void record_written(const std::string& path, bool append, const StdinSource& content);
  void run_written_file(const ShellCommand& c);
  void assign(const nlohmann::json& a, bool straight, bool temporary);
  void declaration(const nlohmann::json& d, bool straight);
};

}  // namespace opsdeck::app::runbook
