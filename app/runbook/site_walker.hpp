#pragma once
// The walk behind find_sites (placeholder_sites.hpp), for its own files only: one Walker
// per script visits shfmt's syntax tree (statements and commands in
// site_walker_commands.cpp, words, parameters, arithmetic and whole-tree passes in
// site_walker_words.cpp) and records every placeholder site with what bash does to a value
// placed there. The tree is read through the tolerant accessors below: a field of the
// wrong type reads as absent, so a tree of an unexpected shape is refused, never trusted.

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/runbook/command_roles.hpp"
#include "app/runbook/placeholder_sites.hpp"
#include "aws/result.hpp"

namespace opsdeck::app::runbook::site_walk {

using nlohmann::json;

inline const json* child(const json& n, const char* key) {
  if (!n.is_object()) return nullptr;
  auto it = n.find(key);
  return it == n.end() ? nullptr : &*it;
}

inline std::string_view text(const json& n, const char* key) {
  const json* v = child(n, key);
  return v && v->is_string() ? std::string_view(v->get_ref<const std::string&>())
                             : std::string_view();
}

inline int number(const json& n, const char* key) {
  const json* v = child(n, key);
  return v && v->is_number_integer() ? v->get<int>() : -1;
}

inline bool flag(const json& n, const char* key) {
  const json* v = child(n, key);
  return v && v->is_boolean() && v->get<bool>();
}

inline std::string_view type_of(const json& n) { return text(n, "Type"); }

inline const json& items(const json& n, const char* key) {
  static const json empty = json::array();
  const json* v = child(n, key);
  return v && v->is_array() ? *v : empty;
}

inline bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// shfmt's ParamExp operator codes.
inline bool is_pattern_op(int op) { return op >= 76 && op <= 83; }  // # ## % %% ^ ^^ , ,,
inline constexpr int kParamAtOp = 84;                               // ${x@P}
// shfmt's [[ ]] operator codes.
inline bool is_arith_test(int op) { return op >= 116 && op <= 121; }  // -eq -ne -le -ge -lt -gt
inline bool is_name_test(int op) { return op == 110 || op == 111; }   // -v -R

class Walker {
 public:
  Walker(std::string_view script, const SiteQuery& q);
  aws::Result<SiteScan> run(const json& tree);

 private:
  bool enter(int depth);

  std::optional<std::size_t> offset(const json& n, const char* key);

  void add(Site s);

  // Tokens whose text lies inside [begin, end) of the script.
  void claim(const json& node, const SiteContext& ctx, bool whole_operand = false,
             const char* begin_key = "Pos");

  // ---- statements and commands (site_walker_commands.cpp) ----------------------------
  void walk_stmts(const json& parent, const char* key, const SiteContext& ctx, bool stdin_code,
                  int depth);

  void walk_stmt(const json& stmt, const SiteContext& ctx, bool stdin_code, int depth);

  // `stdin_data`: the statement's command is known to keep its input as data; a value in a
  // quoted here-document read by any other command is held to the rules for code.
  void walk_redirect(const json& r, const SiteContext& ctx, bool stdin_code, bool stdin_data,
                     int depth);

  void walk_cmd(const json& cmd, const SiteContext& ctx, bool stdin_code, int depth);

  static const json& items_or(const json& n, const char* key);

  static SiteContext arithmetic(SiteContext ctx, std::string why, Quoting q);

  void walk_call_args(const json& cmd, const SiteContext& ctx, int depth);

  // The command's words as classify_command() sees them. A word holding a placeholder
  // counts as not literal, as it will be once filled, so that the filled script is
  // judged the same way.
  std::vector<CommandWord> literal_args(const json& cmd) const;

  // Whether a word that is not literal may start with '-' once expanded: its first
  // character is unknown (an expansion or a placeholder comes first) or is '-'.
  bool may_start_with_dash(const json& w) const;

  bool holds_placeholder(const std::string& word) const;

  // The word's text when it has no expansion (quotes removed), else nullopt.
  static std::optional<std::string> literal_word(const json& w);

  // a | b | bash: what a and b print is parsed as code.
  void walk_binary(const json& cmd, const SiteContext& ctx, bool stdin_code, int depth);

  void flatten_pipe(const json& cmd, std::vector<const json*>& out, int depth);

  // Whether the command (or a command inside a { } / ( ) group) parses its stdin as code.
  bool reads_code(const json& cmd, int depth);

  void walk_assign(const json& a, SiteContext ctx, int depth);

  // declare/local/export/readonly/typeset: -n values are names, -i values arithmetic,
  // and a word that is not NAME=value is itself a name.
  void walk_decl(const json& cmd, const SiteContext& ctx, int depth);

  void collect_integer_names(const json& n, int depth);

  // ---- words and whole-tree passes (site_walker_words.cpp) ---------------------------
  void walk_word(const json& w, const SiteContext& ctx, bool bare_ok, int depth);

  void find_bare(const json& lit, std::string_view v, const SiteContext& ctx);

  void ident(const json& lit, std::string_view v, const SiteContext& ctx);

  void walk_parts(const json& w, const SiteContext& ctx, int depth);

  // Inside `…` bash removes one level of backslashes before parsing; within double
  // quotes that includes \" (which the syntax tree keeps as a literal quote), and nested
  // backquotes stack the levels. Neither can be placed into exactly.
  void backquoted(const json& subst, SiteContext& c);

  void walk_param(const json& p, const SiteContext& ctx, int depth);

  void walk_arith(const json& e, const SiteContext& ctx, int depth);

  void walk_test(const json& e, const SiteContext& ctx, int depth);

  void walk_comments(const json& n, int depth);

  // Expansions of placeholder names the walk did not reach (an unsupported construct).
  void find_unvisited_params(const json& n, int depth);

  std::string_view src_;
  const SiteQuery& q_;
  std::map<std::size_t, std::string> occurrences_;
  std::map<std::size_t, Site> claims_;
  std::set<std::string> names_used_;
  std::set<std::string> integer_names_;
  std::set<std::size_t> visited_params_;
  std::string stdin_why_;
  bool too_deep_ = false;
  bool malformed_ = false;
};

}  // namespace opsdeck::app::runbook::site_walk
