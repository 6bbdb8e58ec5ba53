#include "app/runbook/shell_tree.hpp"

namespace opsdeck::app::runbook {

using nlohmann::json;

namespace shell_tree {

const json* field(const json& node, const char* key) {
  if (!node.is_object()) return nullptr;
  auto it = node.find(key);
  return it == node.end() || it->is_null() ? nullptr : &*it;
}
const json& list(const json& node, const char* key) {
  static const json kEmpty = json::array();
  const json* f = field(node, key);
  return f && f->is_array() ? *f : kEmpty;
}
std::string str(const json& node, const char* key) {
  const json* f = field(node, key);
  return f && f->is_string() ? f->get<std::string>() : std::string();
}
bool flag(const json& node, const char* key) {
  const json* f = field(node, key);
  return f && f->is_boolean() && f->get<bool>();
}
int num(const json& node, const char* key) {
  const json* f = field(node, key);
  return f && f->is_number_integer() && f->get<long long>() >= 0 &&
                 f->get<long long>() < (1LL << 30)
             ? static_cast<int>(f->get<long long>())
             : -1;
}

namespace {

bool is_position_of(const json& v) {
  return v.is_object() && v.contains("Offset") && v.contains("Line") && v.contains("Col");
}

// The fields of each node the judge reads; any other field (positions aside) is a construct
// it does not understand, so the script stays unproven.
std::string_view known_fields_of(std::string_view type) {
  static constexpr std::pair<std::string_view, std::string_view> kFields[] = {
      {"File", " Name Stmts Last "},
      {"Stmt", " Comments Cmd Negated Background Coprocess Redirs "},
      {"CallExpr", " Assigns Args "},
      {"Assign", " Append Naked Name Index Value Array "},
      {"BinaryCmd", " Op X Y "},
      {"IfClause", " Cond CondLast Then ThenLast Else Last "},
      {"WhileClause", " Until Cond CondLast Do DoLast "},
      {"ForClause", " Select Braces Loop Do DoLast "},
      {"WordIter", " Name Items "},
      {"CStyleLoop", " Init Cond Post "},
      {"CaseClause", " Braces Word Items Last "},
      {"CaseItem", " Op Comments Patterns Stmts Last "},
      {"Block", " Stmts Last "},
      {"Subshell", " Stmts Last "},
      {"FuncDecl", " RsrvWord Parens Name Body "},
      {"ArithmCmd", " Unsigned X "},
      {"TestClause", " X "},
      {"DeclClause", " Variant Args "},
      {"LetClause", " Exprs "},
      {"TimeClause", " PosixFormat Stmt "},
      {"CoprocClause", " Name Stmt "},
      {"Redirect", " Op N Word Hdoc "},
      {"BinaryArithm", " Op X Y "},
      {"UnaryArithm", " Op Post X "},
      {"ParenArithm", " X "},
      {"BinaryTest", " Op X Y "},
      {"UnaryTest", " Op X "},
      {"ParenTest", " X "},
      {"Word", " Parts "},
      {"Lit", " Value "},
      {"SglQuoted", " Dollar Value "},
      {"DblQuoted", " Dollar Parts "},
      {"ParamExp", " Short Excl Length Param Index Slice Repl Names Exp "},
      {"CmdSubst", " Stmts Last Backquotes "},
      {"ArithmExp", " Bracket Unsigned X "},
      {"ProcSubst", " Op Stmts Last "},
      {"ExtGlob", " Op Pattern "},
  };
  for (const auto& [t, f] : kFields)
    if (t == type) return f;
  return {};
}

}  // namespace

std::string unknown_field(const json& node, std::string_view type) {
  if (!node.is_object()) return "(not an object)";
  std::string_view allowed = known_fields_of(type);
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it.key() == "Type" || is_position_of(it.value())) continue;
    if (allowed.find(" " + it.key() + " ") == std::string_view::npos) return it.key();
  }
  return {};
}

}  // namespace shell_tree

}  // namespace opsdeck::app::runbook
