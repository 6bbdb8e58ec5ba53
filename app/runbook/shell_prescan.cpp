#include "app/runbook/shell_prescan.hpp"

#include <algorithm>
#include <cctype>

namespace opsdeck::app::runbook {

using nlohmann::json;
using namespace shell_tree;

namespace {

constexpr int kMaxDepth = 220;  // the walk itself stops at 200

bool decimal(std::string_view v) {
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) v.remove_prefix(1);
  return !v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos;
}

// The variable name in `name`, `name=value`, `name[index]=value`, or "".
std::string name_in(std::string_view w) {
  size_t end = 0;
  while (end < w.size() && (std::isalnum(static_cast<unsigned char>(w[end])) || w[end] == '_'))
    ++end;
  if (end == 0 || std::isdigit(static_cast<unsigned char>(w[0]))) return {};
  return std::string(w.substr(0, end));
}

}  // namespace

void ShellPrescan::run(const json& file, const std::map<std::string, ShellVar>& initial) {
  scan(file, false, 0);
  for (const auto& [name, sources] : sources_) {
    assigned.insert(name);
    if (sources.size() == 1 && sources[0].straight) {
      stable.insert(name);
      continue;
    }
    bool safe = true, numeric = true;
    if (auto it = initial.find(name); it != initial.end()) {
      const ShellVar& v = it->second;
      safe = v.kind == ShellVar::Kind::Safe ||
             (v.kind == ShellVar::Kind::Known && ShellWords::safe_value(v.value));
      numeric = v.numeric || (v.kind == ShellVar::Kind::Known && decimal(v.value));
    }
    for (const auto& s : sources) {
      if (s.numeric) {
        safe = false;  // arithmetic can be negative
      } else if (s.literal) {
        safe = safe && ShellWords::safe_value(*s.literal);
        numeric = numeric && decimal(*s.literal);
      } else {
        safe = numeric = false;
      }
    }
    unstable[name] = {safe ? ShellVar::Kind::Safe : ShellVar::Kind::Unknown, {}, numeric};
  }
}

void ShellPrescan::scan(const json& node, bool straight, int depth) {
  if (depth > kMaxDepth) return;
  if (node.is_array()) {
    for (const auto& x : node) scan(x, false, depth + 1);
    return;
  }
  if (!node.is_object()) return;
  const std::string t = str(node, "Type");
  auto unknown = [&](const std::string& name) {
    if (!name.empty()) sources_[name].push_back({});
  };
  if (t == "File") {
    for (const auto& s : list(node, "Stmts")) {
      bool top = !flag(s, "Negated") && !flag(s, "Background") && !flag(s, "Coprocess");
      if (const json* cmd = field(s, "Cmd")) scan(*cmd, top, depth + 1);
      scan(list(s, "Redirs"), false, depth + 1);
    }
    return;
  }
  if (t == "CallExpr") {
    const json& args = list(node, "Args");
    for (const auto& a : list(node, "Assigns"))
      if (args.empty()) assignment(a, straight);
    // Builtins that assign the names they are given.
    auto first = args.empty() ? std::nullopt : ShellWords::literal(args[0]);
    static constexpr std::string_view kAssigning[] = {"read",    "mapfile", "readarray", "getopts",
                                                      "printf",  "unset",   "export",    "declare",
                                                      "typeset", "local",   "readonly",  "let"};
    if (first &&
        std::find(std::begin(kAssigning), std::end(kAssigning), *first) != std::end(kAssigning))
      for (size_t i = 1; i < args.size(); ++i)
        if (auto w = ShellWords::literal(args[i])) unknown(name_in(*w));
  } else if (t == "DeclClause") {
    const json* variant = field(node, "Variant");
    const std::string v = variant ? str(*variant, "Value") : "";
    bool plain = true;
    for (const auto& a : list(node, "Args"))
      if (flag(a, "Naked") && !field(a, "Name"))
        plain = false;  // -a, -i, -n, or a word opsdeck cannot see
    for (const auto& a : list(node, "Args")) {
      const json* n = field(a, "Name");
      if (!n) continue;
      if (field(a, "Value") && !field(a, "Array") && !field(a, "Index") && plain && v != "local")
        assignment(a, straight);
      else if (field(a, "Value") || field(a, "Array") || v == "local" || !plain)
        unknown(str(*n, "Value"));
    }
  } else if (t == "FuncDecl") {
    if (const json* n = field(node, "Name")) functions.insert(str(*n, "Value"));
  } else if (t == "ForClause") {
    const json* loop = field(node, "Loop");
    if (loop && str(*loop, "Type") == "WordIter") {
      const json* n = field(*loop, "Name");
      const std::string name = n ? str(*n, "Value") : "";
      const json& items = list(*loop, "Items");
      if (items.empty() || flag(node, "Select")) unknown(name);
      for (const auto& item : items) {
        auto lit = ShellWords::literal(item);
        bool glob = lit && lit->find_first_of("*?[{~") != std::string::npos;
        Source s;
        if (lit && !glob && lit->find_first_of(" \t\n") == std::string::npos) s.literal = *lit;
        if (!name.empty()) sources_[name].push_back(s);
      }
    }
  } else if (t == "ParamExp") {
    const json* e = field(node, "Exp");
    const json* p = field(node, "Param");
    if (e && p && (num(*e, "Op") == 74 || num(*e, "Op") == 75))
      unknown(str(*p, "Value"));  // ${x=w} ${x:=w}
  } else if (t == "ArithmCmd" || t == "ArithmExp" || t == "LetClause" || t == "CStyleLoop") {
    arithmetic_names(node, depth);
  } else if (t.empty() && field(node, "Op") && field(node, "N")) {
    const json* n = field(node, "N");  // {fd}>file assigns fd
    std::string v = str(*n, "Value");
    if (v.size() > 2 && v.front() == '{') unknown(name_in(v.substr(1)));
  }
  for (auto it = node.begin(); it != node.end(); ++it)
    if (it.value().is_object() || it.value().is_array()) scan(it.value(), false, depth + 1);
}

void ShellPrescan::assignment(const json& a, bool straight) {
  const json* n = field(a, "Name");
  if (!n) return;
  const std::string name = str(*n, "Value");
  if (flag(a, "Append") || field(a, "Index") || field(a, "Array")) {
    sources_[name].push_back({});
    return;
  }
  Source s;
  s.straight = straight;
  const json* value = field(a, "Value");
  if (!value) {
    s.literal = "";
  } else if (auto lit = ShellWords::literal(*value)) {
    s.literal = *lit;
  } else {
    const json& parts = list(*value, "Parts");
    s.numeric = parts.size() == 1 && str(parts[0], "Type") == "ArithmExp";
  }
  sources_[name].push_back(s);
}

void ShellPrescan::arithmetic_names(const json& node, int depth) {
  if (depth > kMaxDepth) return;
  if (node.is_array()) {
    for (const auto& x : node) arithmetic_names(x, depth + 1);
    return;
  }
  if (!node.is_object()) return;
  // The targets of =, +=, ..., >>= (ops 74, 44-53) and of ++/-- (36, 37) get numbers.
  const std::string t = str(node, "Type");
  const int op = num(node, "Op");
  const json* x = field(node, "X");
  if (x && ((t == "BinaryArithm" && (op == 74 || (op >= 44 && op <= 53))) ||
            (t == "UnaryArithm" && (op == 36 || op == 37)))) {
    const json& parts = list(*x, "Parts");
    std::string name = parts.size() == 1 ? name_in(str(parts[0], "Value")) : "";
    if (!name.empty()) sources_[name].push_back({false, std::nullopt, true});
  }
  for (auto it = node.begin(); it != node.end(); ++it)
    if (it.value().is_object() || it.value().is_array()) arithmetic_names(it.value(), depth + 1);
}

}  // namespace opsdeck::app::runbook
