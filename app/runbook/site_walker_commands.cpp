#include "app/runbook/shell_syntax.hpp"
#include "app/runbook/site_walker.hpp"

namespace opsdeck::app::runbook::site_walk {

void Walker::walk_stmts(const json& parent, const char* key, const SiteContext& ctx,
                        bool stdin_code, int depth) {
  for (const auto& s : items(parent, key)) walk_stmt(s, ctx, stdin_code, depth + 1);
}

void Walker::walk_stmt(const json& stmt, const SiteContext& ctx, bool stdin_code, int depth) {
  if (!enter(depth)) return;
  const json* cmd = child(stmt, "Cmd");
  bool code_in = stdin_code || (cmd && reads_code(*cmd, depth));
  bool data_in = !code_in && cmd && type_of(*cmd) == "CallExpr" &&
                 classify_command(literal_args(*cmd)).stdin_is_data;
  for (const auto& r : items(stmt, "Redirs")) walk_redirect(r, ctx, code_in, data_in, depth + 1);
  if (cmd) walk_cmd(*cmd, ctx, stdin_code, depth + 1);
}

void Walker::walk_redirect(const json& r, const SiteContext& ctx, bool stdin_code, bool stdin_data,
                           int depth) {
  if (!enter(depth)) return;
  int op = number(r, "Op");
  bool heredoc =
      op == static_cast<int>(RedirOp::Heredoc) || op == static_cast<int>(RedirOp::DashHeredoc);
  const json* word = child(r, "Word");
  SiteContext input = ctx;
  if (stdin_code && (heredoc || op == static_cast<int>(RedirOp::HereString))) {
    input.code = true;
    input.code_why =
        stdin_why_.empty() ? "a command that reads code from standard input" : stdin_why_;
  }
  if (!heredoc) {
    if (word)
      walk_word(*word, op == static_cast<int>(RedirOp::HereString) ? input : ctx, false, depth + 1);
    return;
  }
  if (word) {
    SiteContext delim = ctx;
    delim.unsupported = "in a here-document delimiter";
    walk_word(*word, delim, false, depth + 1);
  }
  const json* body = child(r, "Hdoc");
  if (!body) return;
  input.dash_heredoc = op == static_cast<int>(RedirOp::DashHeredoc);
  bool quoted = false;
  if (word)
    for (const auto& p : items(*word, "Parts"))
      if (type_of(p) != "Lit" || text(p, "Value").find('\\') != std::string_view::npos)
        quoted = true;
  if (quoted) {
    input.quoting = Quoting::HeredocLiteral;
    if (!input.code && !stdin_data) {
      input.code = true;
      input.code_why =
          "a quoted here-document, copied as written, for a command not known to keep "
          "its input as data";
    }
    claim(*body, input);
  } else {
    input.quoting = Quoting::HeredocExpand;
    walk_parts(*body, input, depth + 1);
  }
}

void Walker::walk_cmd(const json& cmd, const SiteContext& ctx, bool stdin_code, int depth) {
  if (!enter(depth)) return;
  std::string_view t = type_of(cmd);
  if (t == "CallExpr") {
    for (const auto& a : items(cmd, "Assigns")) walk_assign(a, ctx, depth + 1);
    walk_call_args(cmd, ctx, depth + 1);
  } else if (t == "IfClause" || (t.empty() && child(cmd, "Then"))) {
    walk_stmts(cmd, "Cond", ctx, false, depth);
    walk_stmts(cmd, "Then", ctx, false, depth);
    if (const json* e = child(cmd, "Else")) walk_cmd(*e, ctx, stdin_code, depth + 1);
  } else if (t == "WhileClause") {
    walk_stmts(cmd, "Cond", ctx, false, depth);
    walk_stmts(cmd, "Do", ctx, false, depth);
  } else if (t == "ForClause") {
    if (const json* loop = child(cmd, "Loop")) {
      if (type_of(*loop) == "WordIter") {
        names_used_.insert(std::string(text(items_or(*loop, "Name"), "Value")));
        for (const auto& w : items(*loop, "Items")) walk_word(w, ctx, false, depth + 1);
      } else {
        SiteContext a = arithmetic(ctx, "for (( ))", Quoting::Arithmetic);
        for (const char* k : {"Init", "Cond", "Post"})
          if (const json* e = child(*loop, k)) walk_arith(*e, a, depth + 1);
      }
    }
    walk_stmts(cmd, "Do", ctx, false, depth);
  } else if (t == "CaseClause") {
    if (const json* w = child(cmd, "Word")) walk_word(*w, ctx, false, depth + 1);
    for (const auto& item : items(cmd, "Items")) {
      for (const auto& p : items(item, "Patterns")) walk_word(p, ctx, false, depth + 1);
      walk_stmts(item, "Stmts", ctx, false, depth);
    }
  } else if (t == "Block" || t == "Subshell") {
    walk_stmts(cmd, "Stmts", ctx, stdin_code, depth);
  } else if (t == "BinaryCmd") {
    walk_binary(cmd, ctx, stdin_code, depth + 1);
  } else if (t == "FuncDecl") {
    if (const json* body = child(cmd, "Body")) walk_stmt(*body, ctx, false, depth + 1);
  } else if (t == "ArithmCmd") {
    if (const json* x = child(cmd, "X"))
      walk_arith(*x, arithmetic(ctx, "(( ))", Quoting::Arithmetic), depth + 1);
  } else if (t == "TestClause") {
    if (const json* x = child(cmd, "X")) walk_test(*x, ctx, depth + 1);
  } else if (t == "DeclClause") {
    walk_decl(cmd, ctx, depth + 1);
  } else if (t == "LetClause") {
    SiteContext a = arithmetic(ctx, "let", Quoting::Word);
    for (const auto& e : items(cmd, "Exprs")) walk_arith(e, a, depth + 1);
  } else if (t == "TimeClause" || t == "CoprocClause") {
    if (const json* s = child(cmd, "Stmt")) walk_stmt(*s, ctx, stdin_code, depth + 1);
  }
  // Anything else is left unwalked: its tokens stay unclaimed and are refused, and
  // find_unvisited_params() refuses its expansions of placeholder names.
}

const json& Walker::items_or(const json& n, const char* key) {
  static const json empty = json::object();
  const json* v = child(n, key);
  return v ? *v : empty;
}

SiteContext Walker::arithmetic(SiteContext ctx, std::string why, Quoting q) {
  ctx.arithmetic = true;
  ctx.arith_why = std::move(why);
  ctx.quoting = q;
  return ctx;
}

void Walker::walk_call_args(const json& cmd, const SiteContext& ctx, int depth) {
  const json& args = items(cmd, "Args");
  CommandRoles roles = classify_command(literal_args(cmd));
  for (std::size_t i = 0; i < args.size(); ++i) {
    SiteContext c = ctx;
    unsigned r = roles.roles[i];
    if ((r & kCode) && !c.code) {
      c.code = true;
      c.code_why = roles.why[i];
    }
    if (r & kName) {
      c.name = true;
      c.name_why = roles.why[i];
    }
    if (r & kHost) {
      c.host = true;
      c.host_why = roles.why[i];
    }
    walk_word(args[i], c, i > 0 && !(roles.roles[i] & kName), depth + 1);
  }
}

std::vector<CommandWord> Walker::literal_args(const json& cmd) const {
  std::vector<CommandWord> out;
  for (const auto& w : items(cmd, "Args")) {
    CommandWord cw;
    cw.text = literal_word(w);
    if (cw.text && holds_placeholder(*cw.text)) cw.text.reset();
    if (!cw.text) cw.may_be_option = may_start_with_dash(w);
    out.push_back(std::move(cw));
  }
  return out;
}

bool Walker::may_start_with_dash(const json& w) const {
  const json* p = &w;
  for (int level = 0; level < 2; ++level) {
    const json& parts = items(*p, "Parts");
    if (parts.empty()) return true;
    const json& first = parts[0];
    std::string_view t = type_of(first);
    if (t == "DblQuoted") {
      p = &first;
      continue;
    }
    if (t != "Lit" && t != "SglQuoted") return true;
    std::string_view v = text(first, "Value");
    if (v.empty() || v[0] == '-' || (!q_.token_prefix.empty() && v.starts_with(q_.token_prefix)))
      return true;
    std::size_t n = 0;
    while (n < v.size() && (std::isalnum(static_cast<unsigned char>(v[n])) || v[n] == '_')) ++n;
    return q_.bare.count(std::string(v.substr(0, n))) > 0 && n == v.size() && level == 0;
  }
  return true;
}

bool Walker::holds_placeholder(const std::string& word) const {
  for (const auto& t : q_.tokens)
    if (word.find(t) != std::string::npos) return true;
  if (q_.bare.count(word)) return true;
  auto eq = word.find('=');
  return word.starts_with("--") && eq != std::string::npos && q_.bare.count(word.substr(eq + 1));
}

std::optional<std::string> Walker::literal_word(const json& w) {
  std::string out;
  for (const auto& p : items(w, "Parts")) {
    std::string_view t = type_of(p);
    if (t == "Lit") {
      std::string_view v = text(p, "Value");
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        out.push_back(v[i]);
      }
    } else if (t == "SglQuoted" && !flag(p, "Dollar")) {
      out += text(p, "Value");
    } else if (t == "DblQuoted") {
      for (const auto& q : items(p, "Parts")) {
        if (type_of(q) != "Lit") return std::nullopt;
        out += text(q, "Value");
      }
    } else {
      return std::nullopt;
    }
  }
  return out;
}

void Walker::walk_binary(const json& cmd, const SiteContext& ctx, bool stdin_code, int depth) {
  if (!enter(depth)) return;
  int op = number(cmd, "Op");
  bool pipe = op == static_cast<int>(BinCmdOp::Pipe) || op == static_cast<int>(BinCmdOp::PipeAll);
  if (!pipe) {
    if (const json* x = child(cmd, "X")) walk_stmt(*x, ctx, stdin_code, depth + 1);
    if (const json* y = child(cmd, "Y")) walk_stmt(*y, ctx, stdin_code, depth + 1);
    return;
  }
  std::vector<const json*> chain;
  flatten_pipe(cmd, chain, depth + 1);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    SiteContext c = ctx;
    for (std::size_t j = i + 1; j < chain.size() && !c.code; ++j) {
      const json* next = child(*chain[j], "Cmd");
      std::string saved = stdin_why_;
      if (next && reads_code(*next, depth)) {
        c.code = true;
        c.code_why = stdin_why_.empty() ? "a pipe into a command that reads code"
                                        : "a pipe into " + stdin_why_;
      }
      stdin_why_ = saved;
    }
    walk_stmt(*chain[i], c, i == 0 && stdin_code, depth + 1);
  }
}

void Walker::flatten_pipe(const json& cmd, std::vector<const json*>& out, int depth) {
  if (!enter(depth)) return;
  for (const char* k : {"X", "Y"}) {
    const json* s = child(cmd, k);
    if (!s) continue;
    const json* c = child(*s, "Cmd");
    int op = c ? number(*c, "Op") : -1;
    if (c && type_of(*c) == "BinaryCmd" && items(*s, "Redirs").empty() &&
        (op == static_cast<int>(BinCmdOp::Pipe) || op == static_cast<int>(BinCmdOp::PipeAll)))
      flatten_pipe(*c, out, depth + 1);
    else
      out.push_back(s);
  }
}

bool Walker::reads_code(const json& cmd, int depth) {
  if (depth > kMaxSiteDepth) {
    too_deep_ = true;
    return true;
  }
  std::string_view t = type_of(cmd);
  if (t == "CallExpr") {
    CommandRoles r = classify_command(literal_args(cmd));
    if (r.stdin_is_code) stdin_why_ = r.stdin_why;
    return r.stdin_is_code;
  }
  if (t == "Block" || t == "Subshell") {
    for (const auto& s : items(cmd, "Stmts"))
      if (const json* c = child(s, "Cmd"); c && reads_code(*c, depth + 1)) return true;
    return false;
  }
  if (t == "BinaryCmd") {
    const json* x = child(cmd, "X");
    const json* y = child(cmd, "Y");
    const json* xc = x ? child(*x, "Cmd") : nullptr;
    const json* yc = y ? child(*y, "Cmd") : nullptr;
    return (xc && reads_code(*xc, depth + 1)) || (yc && reads_code(*yc, depth + 1));
  }
  if (t == "TimeClause" || t == "CoprocClause") {
    const json* s = child(cmd, "Stmt");
    const json* c = s ? child(*s, "Cmd") : nullptr;
    return c && reads_code(*c, depth + 1);
  }
  return false;
}

void Walker::walk_assign(const json& a, SiteContext ctx, int depth) {
  if (!enter(depth)) return;
  std::string name(text(items_or(a, "Name"), "Value"));
  if (!name.empty()) names_used_.insert(name);
  if (const json* idx = child(a, "Index"))
    walk_arith(*idx, arithmetic(ctx, "an array subscript", Quoting::Arithmetic), depth + 1);
  if (integer_names_.count(name)) ctx = arithmetic(ctx, "a variable declared -i", ctx.quoting);
  static const std::set<std::string, std::less<>> kPrompt = {
      "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND", "BASH_ENV", "ENV"};
  if (kPrompt.count(name)) {
    ctx.code = true;
    ctx.code_why = name + " (bash expands or runs it)";
  }
  if (const json* v = child(a, "Value")) walk_word(*v, ctx, false, depth + 1);
  if (const json* arr = child(a, "Array")) {
    for (const auto& e : items(*arr, "Elems")) {
      if (const json* idx = child(e, "Index"))
        walk_arith(*idx, arithmetic(ctx, "an array subscript", Quoting::Arithmetic), depth + 1);
      if (const json* v = child(e, "Value")) walk_word(*v, ctx, false, depth + 1);
    }
  }
}

void Walker::walk_decl(const json& cmd, const SiteContext& ctx, int depth) {
  std::string flags;
  for (const auto& a : items(cmd, "Args")) {
    if (!flag(a, "Naked") || child(a, "Name")) continue;
    auto lit = literal_word(items_or(a, "Value"));
    if (lit && lit->size() > 1 && ((*lit)[0] == '-' || (*lit)[0] == '+')) flags += *lit;
  }
  std::string variant(text(items_or(cmd, "Variant"), "Value"));
  for (const auto& a : items(cmd, "Args")) {
    SiteContext c = ctx;
    bool naked_word = flag(a, "Naked") && !child(a, "Name");
    auto lit = naked_word ? literal_word(items_or(a, "Value")) : std::nullopt;
    bool is_flag = lit && !lit->empty() && ((*lit)[0] == '-' || (*lit)[0] == '+');
    if (naked_word && !is_flag) {
      c.name = true;
      c.name_why = variant;
    } else if (flags.find('n') != std::string::npos) {
      c.name = true;
      c.name_why = variant + " -n";
    } else if (flags.find('i') != std::string::npos) {
      c = arithmetic(c, variant + " -i", c.quoting);
    }
    walk_assign(a, c, depth + 1);
  }
}

void Walker::collect_integer_names(const json& n, int depth) {
  if (depth > kMaxSiteDepth) {
    too_deep_ = true;
    return;
  }
  if (n.is_object() && type_of(n) == "DeclClause") {
    bool integer = false;
    for (const auto& a : items(n, "Args"))
      if (flag(a, "Naked") && !child(a, "Name"))
        if (auto lit = literal_word(items_or(a, "Value"));
            lit && lit->starts_with("-") && lit->find('i') != std::string::npos)
          integer = true;
    if (integer)
      for (const auto& a : items(n, "Args"))
        if (auto name = text(items_or(a, "Name"), "Value"); !name.empty())
          integer_names_.insert(std::string(name));
  }
  if (n.is_object() || n.is_array())
    for (const auto& c : n) collect_integer_names(c, depth + 1);
}

}  // namespace opsdeck::app::runbook::site_walk
