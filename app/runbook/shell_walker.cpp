#include "app/runbook/shell_walker.hpp"

#include <algorithm>
#include <random>

#include "app/runbook/shell_syntax.hpp"

namespace opsdeck::app::runbook {

using nlohmann::json;
using namespace shell_tree;

ShellWalker::ShellWalker(const std::map<std::string, std::string>& env,
                         const DestructivePatterns& patterns, ShellJudgement& out)
    : env_(env), patterns_(patterns), out_(out), words_(*this) {
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned bits = random(), i = 0; i < 8; ++i, bits >>= 4) salt_ += kHex[bits & 15];
}

void ShellWalker::judge_tree(const json& file, std::string source) {
  ShellFrame top;
  top.source = std::move(source);
  enter(top, file, nullptr);
  finish();
}

std::string ShellWalker::one_line(std::string s, size_t max) {
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  if (s.size() > max) s = s.substr(0, max) + "…";
  return s;
}

// Scripts far past kMaxDepth are refused before shfmt spends seconds printing a tree
// hundreds of megabytes large.
int ShellWalker::bracket_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  for (char c : text) {
    if (c == '(' || c == '{' || c == '[')
      deepest = std::max(deepest, ++depth);
    else if ((c == ')' || c == '}' || c == ']') && depth > 0)
      --depth;
  }
  return deepest;
}

std::string ShellWalker::placeholder(const std::string& display, bool safe) {
  // The salt keeps a script from naming a placeholder itself.
  std::string name = std::string(kUnseenPrefix) + salt_ + "_" + std::to_string(unseen_.size() + 1);
  unseen_[name] = {display, safe};
  return "${" + name + "}";
}

std::string ShellWalker::source_of(const json& node) {
  const json *p = field(node, "Pos"), *e = field(node, "End");
  int from = p ? num(*p, "Offset") : -1, to = e ? num(*e, "Offset") : -1;
  if (from < 0 || to < from || static_cast<size_t>(to) > f_->source.size()) return "…";
  return one_line(f_->source.substr(static_cast<size_t>(from), static_cast<size_t>(to - from)), 80);
}

void ShellWalker::not_read_only(const json& node, const std::string& why) {
  unproven(line(node), source_of(statement_ ? *statement_ : node), why);
}

void ShellWalker::cannot_tell(const json& node, const std::string& why) {
  const std::string what = source_of(statement_ ? *statement_ : node);
  unproven(line(node), what, why);
  destructive(why + ": opsdeck cannot tell what runs", what, line(node));
}

int ShellWalker::line(const json& node) const {
  const json* p = field(node, "Pos");
  int l = p ? num(*p, "Line") : -1;
  return f_->line_offset + (l > 0 ? l : 1);
}

void ShellWalker::unproven(int at, const std::string& what, const std::string& why) {
  if (out_.unproven.empty())
    out_.unproven = "line " + std::to_string(at) + ": `" + one_line(what) + "`: " + why;
}

void ShellWalker::destructive(const std::string& reason, const std::string& what, int at) {
  add_destructive(reason + ": `" + one_line(what) + "` (line " + std::to_string(at) + ")");
}

void ShellWalker::add_destructive(std::string finding) {
  if (std::find(out_.destructive.begin(), out_.destructive.end(), finding) ==
      out_.destructive.end())
    out_.destructive.push_back(std::move(finding));
}

bool ShellWalker::too_deep(const json& node) {
  if (depth_ <= kMaxDepth) return false;
  if (!too_deep_reported_) {
    too_deep_reported_ = true;
    unproven(line(node), "…",
             "the script nests deeper than " + std::to_string(kMaxDepth) + " levels");
    add_destructive("the script nests deeper than " + std::to_string(kMaxDepth) +
                    " levels: opsdeck cannot tell what runs (line " + std::to_string(line(node)) +
                    ")");
  }
  return true;
}

bool ShellWalker::fields_understood(const json& node, std::string_view type) {
  std::string key = unknown_field(node, type);
  if (!key.empty())
    unproven(line(node), source_of(node),
             "`" + std::string(type) + "." + key + "` is not understood");
  return key.empty();
}

void ShellWalker::statements(const json& stmts) {
  for (const auto& s : stmts) stmt(s, false, {});
}

ShellVar ShellWalker::lookup(const std::string& name) {
  if (name == kXargsInput) return {};
  if (name == kFoundPath) return {ShellVar::Kind::Safe, {}, false};
  if (auto it = unseen_.find(name); it != unseen_.end())
    return {it->second.second ? ShellVar::Kind::Safe : ShellVar::Kind::Unknown, {}, false};
  if (name == "?" || name == "#" || name == "$" || name == "!")
    return {ShellVar::Kind::Safe, {}, true};
  if (name == "-") return {ShellVar::Kind::Safe, {}, false};
  auto it = f_->vars.find(name);
  if (it == f_->vars.end()) return {};
  // A script that sets IFS splits words where opsdeck does not: no value is known then.
  if (it->second.kind == ShellVar::Kind::Known && f_->scan.assigned.count("IFS")) return {};
  return it->second;
}

void ShellWalker::enter(ShellFrame& frame, const json& file, const ShellFrame* parent) {
  ShellFrame* saved = f_;
  const json* saved_statement = statement_;
  f_ = &frame;
  statement_ = nullptr;
  // The runbook's variables reach this script unless it runs elsewhere, or a parent script
  // assigned the name (then its value at this point is not known).
  if (!frame.remote)
    for (const auto& [name, value] : env_)
      if (!parent || !parent->scan.assigned.count(name))
        frame.vars[name] = {ShellVar::Kind::Known, value, false};
  frame.scan.run(file, frame.vars);
  if (parent)
    frame.scan.functions.insert(parent->scan.functions.begin(), parent->scan.functions.end());
  for (const auto& [name, var] : frame.scan.unstable) frame.vars[name] = var;
  if (fields_understood(file, "File"))
    for (const auto& s : list(file, "Stmts")) stmt(s, true, frame.input);
  f_ = saved;
  statement_ = saved_statement;
}

void ShellWalker::finish() {
  // Placeholders become the text they stand for ($X, $(…)), innermost last.
  auto replace_all = [](std::string& s, const std::string& token, const std::string& shown) {
    for (auto at = s.find(token); at != std::string::npos; at = s.find(token, at + shown.size()))
      s.replace(at, token.size(), shown);
  };
  auto resolve = [&](std::string& s) {
    for (int pass = 0; pass < 8 && s.find(kUnseenPrefix) != std::string::npos; ++pass)
      for (const auto& [name, what] : unseen_) replace_all(s, "${" + name + "}", what.first);
    replace_all(s, "${" + std::string(kXargsInput) + "}", "…");
    replace_all(s, "${" + std::string(kFoundPath) + "}", "{}");
  };
  resolve(out_.unproven);
  for (auto& s : out_.destructive) resolve(s);
  for (auto& s : out_.commands) resolve(s);
}

StdinSource ShellWalker::stmt(const json& s, bool straight, StdinSource input) {
  Deeper d(depth_);
  if (too_deep(s) || !s.is_object() || !fields_understood(s, "Stmt"))
    return {StdinSource::Kind::Unseen, {}, {}};
  const json* outer = statement_;
  statement_ = &s;
  std::vector<std::pair<std::string, bool>> outputs;
  for (const auto& r : list(s, "Redirs")) redirect(r, input, s, outputs);
  const json* cmd = field(s, "Cmd");
  straight = straight && !flag(s, "Negated") && !flag(s, "Background") && !flag(s, "Coprocess");
  StdinSource out =
      cmd ? command(*cmd, straight, input, s) : StdinSource{StdinSource::Kind::Unseen, {}, {}};
  for (const auto& [path, append] : outputs) record_written(path, append, out);
  statement_ = outer;
  return out;
}

StdinSource ShellWalker::command(const json& cmd, bool straight, StdinSource input, const json& s) {
  const StdinSource unseen{StdinSource::Kind::Unseen, {}, {}};
  Deeper d(depth_);
  const std::string t = str(cmd, "Type");
  if (too_deep(cmd) || !fields_understood(cmd, t)) return unseen;
  if (t == "CallExpr") return call(cmd, straight, input);
  if (t == "BinaryCmd") {
    const json *x = field(cmd, "X"), *y = field(cmd, "Y");
    int op = num(cmd, "Op");
    if (!x || !y) return unseen;
    if (op == static_cast<int>(BinCmdOp::Pipe) || op == static_cast<int>(BinCmdOp::PipeAll)) {
      StdinSource piped = stmt(*x, false, input);
      return stmt(*y, false, piped);
    }
    if (op != static_cast<int>(BinCmdOp::And) && op != static_cast<int>(BinCmdOp::Or))
      unproven(line(cmd), source_of(cmd), "operator " + std::to_string(op) + " is not understood");
    stmt(*x, false, input);
    stmt(*y, false, input);
  } else if (t == "IfClause") {
    if_clause(cmd);
  } else if (t == "WhileClause") {
    statements(list(cmd, "Cond"));
    statements(list(cmd, "Do"));
  } else if (t == "ForClause") {
    const json* loop = field(cmd, "Loop");
    const std::string lt = loop ? str(*loop, "Type") : "";
    if (lt == "WordIter" && fields_understood(*loop, lt)) {
      for (const auto& item : list(*loop, "Items"))
        (void)words_.expand(item, ShellWords::Mode::Fields);
    } else if (lt == "CStyleLoop" && fields_understood(*loop, lt)) {
      for (const char* k : {"Init", "Cond", "Post"})
        if (const json* e = field(*loop, k)) words_.arithmetic(*e);
    } else {
      unproven(line(cmd), source_of(cmd), "loop `" + lt + "` is not understood");
    }
    statements(list(cmd, "Do"));
  } else if (t == "CaseClause") {
    if (const json* w = field(cmd, "Word")) (void)words_.single(*w);
    for (const auto& item : list(cmd, "Items")) {
      if (!fields_understood(item, "CaseItem")) continue;
      for (const auto& p : list(item, "Patterns")) (void)words_.single(p);
      statements(list(item, "Stmts"));
    }
  } else if (t == "Block" || t == "Subshell") {
    statements(list(cmd, "Stmts"));
  } else if (t == "FuncDecl") {
    if (const json* body = field(cmd, "Body")) stmt(*body, false, {});
  } else if (t == "ArithmCmd") {
    if (const json* x = field(cmd, "X")) words_.arithmetic(*x);
  } else if (t == "TestClause") {
    if (const json* x = field(cmd, "X")) words_.test_expression(*x);
  } else if (t == "DeclClause") {
    declaration(cmd, straight);
  } else if (t == "LetClause") {
    for (const auto& e : list(cmd, "Exprs")) words_.arithmetic(e);
  } else if (t == "TimeClause" || t == "CoprocClause") {
    if (const json* inner = field(cmd, "Stmt")) stmt(*inner, false, input);
  } else {
    unproven(line(s), source_of(s), "`" + t + "` is not understood");
    destructive("`" + t + "` is not understood: opsdeck cannot tell what runs", source_of(s),
                line(s));
  }
  return unseen;
}

void ShellWalker::if_clause(const json& node) {
  Deeper d(depth_);
  if (too_deep(node) || !fields_understood(node, "IfClause")) return;
  statements(list(node, "Cond"));
  statements(list(node, "Then"));
  if (const json* e = field(node, "Else")) if_clause(*e);
}

StdinSource ShellWalker::call(const json& ce, bool straight, StdinSource input) {
  const json& args = list(ce, "Args");
  for (const auto& a : list(ce, "Assigns")) assign(a, straight && args.empty(), !args.empty());
  std::vector<ShellWord> words;
  for (const auto& a : args) {
    auto fields = words_.expand(a, ShellWords::Mode::Fields);
    std::move(fields.begin(), fields.end(), std::back_inserter(words));
  }
  if (words.empty()) return {StdinSource::Kind::Unseen, {}, {}};
  ShellCommand c;
  c.line = line(ce);
  c.input = input;
  c.remote = f_->remote;
  c.words = std::move(words);
  name_command(c);
  judge_command(c);
  // What the command prints, for a shell or SQL client reading it from a pipe.
  const std::string n = c.name();
  if (n == "echo" || n == "printf") {
    StdinSource out{StdinSource::Kind::Text, {}, {}};
    for (size_t i = 1; i < c.words.size(); ++i) {
      const std::string& w = c.words[i].text;
      if (n == "echo" && i == 1 && w.size() > 1 && w[0] == '-' &&
          w.find_first_not_of("neE", 1) == std::string::npos)
        continue;
      out.text += (out.text.empty() ? "" : " ") + c.words[i].text;
      out.code += (out.code.empty() ? "" : " ") + c.words[i].code;
    }
    for (auto* s : {&out.text, &out.code})
      for (auto at = s->find("\\n"); at != std::string::npos; at = s->find("\\n", at + 1))
        s->replace(at, 2, "\n");
    out.text += "\n", out.code += "\n";
    return out;
  }
  if (n == "cat" && c.words.size() == 1 && input.kind == StdinSource::Kind::Text) return input;
  return {StdinSource::Kind::Unseen, {}, {}};
}

void ShellWalker::nested(const NestedScript& script) {
  const std::string shown = one_line(script.code);
  if (nesting_ >= kMaxNesting || parses_ >= kMaxParses) {
    unproven(script.line, shown, script.via + " text is nested too deeply to judge");
    destructive(script.via + " text is nested too deeply to judge: opsdeck cannot tell what runs",
                shown, script.line);
    return;
  }
  // Values opsdeck cannot see become code when the text is parsed again.
  for (auto at = script.code.find(kUnseenPrefix); at != std::string::npos;
       at = script.code.find(kUnseenPrefix, at + 1)) {
    auto end = script.code.find('}', at);
    std::string name =
        script.code.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (lookup(name).kind != ShellVar::Kind::Safe)
      unproven(
          script.line, shown,
          script.via + " parses `${" + name + "}` as code, and its value could be any command");
  }
  ++parses_;
  if (bracket_depth(script.code) > kMaxBrackets) {
    unproven(script.line, shown,
             script.via + " text nests deeper than " + std::to_string(kMaxDepth) + " levels");
    destructive(script.via + " text nests too deeply to judge: opsdeck cannot tell what runs",
                shown, script.line);
    return;
  }
  auto tree = parse_shell(script.code);
  if (!tree.ok()) {
    const std::string& why = tree.error().message;
    unproven(script.line, shown, script.via + " text: " + why);
    destructive(script.via + " text is " +
                    (why.starts_with("not valid bash") ? "" : "unreadable: ") + why +
                    "; opsdeck cannot tell what it runs",
                shown, script.line);
    for (const auto& r : patterns_.reasons(std::string_view(script.code)))
      destructive(r, shown, script.line);
    return;
  }
  ShellFrame child;
  child.source = script.code;
  child.line_offset = script.line - 1;
  child.remote = script.remote;
  child.input = script.input;
  ++nesting_;
  enter(child, *tree, f_);
  --nesting_;
}

}  // namespace opsdeck::app::runbook
