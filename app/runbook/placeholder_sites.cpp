#include "app/runbook/placeholder_sites.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "app/runbook/command_roles.hpp"
#include "app/runbook/shell_syntax.hpp"

namespace opsdeck::app::runbook {

namespace {

using nlohmann::json;

const json* child(const json& n, const char* key) {
  if (!n.is_object()) return nullptr;
  auto it = n.find(key);
  return it == n.end() ? nullptr : &*it;
}

std::string_view text(const json& n, const char* key) {
  const json* v = child(n, key);
  return v && v->is_string() ? std::string_view(v->get_ref<const std::string&>())
                             : std::string_view();
}

int number(const json& n, const char* key) {
  const json* v = child(n, key);
  return v && v->is_number_integer() ? v->get<int>() : -1;
}

bool flag(const json& n, const char* key) {
  const json* v = child(n, key);
  return v && v->is_boolean() && v->get<bool>();
}

std::string_view type_of(const json& n) { return text(n, "Type"); }

const json& items(const json& n, const char* key) {
  static const json empty = json::array();
  const json* v = child(n, key);
  return v && v->is_array() ? *v : empty;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// shfmt's ParamExp operator codes.
bool is_pattern_op(int op) { return op >= 76 && op <= 83; }  // # ## % %% ^ ^^ , ,,
constexpr int kParamAtOp = 84;                               // ${x@P}
// shfmt's [[ ]] operator codes.
bool is_arith_test(int op) { return op >= 116 && op <= 121; }  // -eq -ne -le -ge -lt -gt
bool is_name_test(int op) { return op == 110 || op == 111; }   // -v -R

class Walker {
 public:
  Walker(std::string_view script, const SiteQuery& q) : src_(script), q_(q) {
    for (const auto& t : q.tokens)
      for (auto at = src_.find(t); !t.empty() && at != std::string_view::npos;
           at = src_.find(t, at + 1))
        occurrences_[at] = t;
  }

  aws::Result<SiteScan> run(const json& tree) {
    collect_integer_names(tree, 0);
    walk_stmts(tree, "Stmts", SiteContext{}, false, 0);
    walk_comments(tree, 0);
    find_unvisited_params(tree, 0);
    if (too_deep_)
      return aws::make_error(aws::ErrorKind::Usage, "the script nests deeper than " +
                                                        std::to_string(kMaxSiteDepth) +
                                                        " levels; too deep to fill");
    if (malformed_)
      return aws::make_error(aws::ErrorKind::Internal,
                             "the shell syntax tree has an unexpected shape");
    for (const auto& [at, token] : occurrences_) {
      if (claims_.count(at)) continue;
      Site s;
      s.kind = Site::Kind::Token;
      s.offset = at;
      s.length = token.size();
      s.key = token;
      s.ctx.unsupported =
          "where bash reads no value (a variable or function name, a here-document "
          "delimiter, a file descriptor or an unsupported construct)";
      claims_[at] = s;
    }
    SiteScan out;
    for (auto& [at, s] : claims_) out.sites.push_back(std::move(s));
    out.names_used = std::move(names_used_);
    return out;
  }

 private:
  bool enter(int depth) {
    if (depth > kMaxSiteDepth) too_deep_ = true;
    return !too_deep_;
  }

  std::optional<std::size_t> offset(const json& n, const char* key) {
    const json* p = child(n, key);
    const json* o = p ? child(*p, "Offset") : nullptr;
    if (!o || !o->is_number_integer() || o->get<long long>() < 0 ||
        static_cast<std::size_t>(o->get<long long>()) > src_.size()) {
      malformed_ = true;
      return std::nullopt;
    }
    return static_cast<std::size_t>(o->get<long long>());
  }

  void add(Site s) {
    auto [it, inserted] = claims_.emplace(s.offset, s);
    if (inserted) return;
    Site& old = it->second;
    if (old.kind != s.kind || old.ctx.quoting != s.ctx.quoting || old.ctx.code != s.ctx.code ||
        old.ctx.arithmetic != s.ctx.arithmetic || old.ctx.name != s.ctx.name)
      old.ctx.unsupported = "where the shell syntax tree is ambiguous";
  }

  // Tokens whose text lies inside [begin, end) of the script.
  void claim(const json& node, const SiteContext& ctx, bool whole_operand = false,
             const char* begin_key = "Pos") {
    auto b = offset(node, begin_key);
    auto e = offset(node, "End");
    if (!b || !e || occurrences_.empty()) return;
    for (auto it = occurrences_.lower_bound(*b); it != occurrences_.end() && it->first < *e; ++it) {
      Site s;
      s.kind = Site::Kind::Token;
      s.offset = it->first;
      s.length = it->second.size();
      s.key = it->second;
      s.whole_operand = whole_operand && it->first == *b && it->second.size() == *e - *b;
      s.ctx = ctx;
      add(std::move(s));
    }
  }

  // ---- statements and commands ------------------------------------------------------

  void walk_stmts(const json& parent, const char* key, const SiteContext& ctx, bool stdin_code,
                  int depth) {
    for (const auto& s : items(parent, key)) walk_stmt(s, ctx, stdin_code, depth + 1);
  }

  void walk_stmt(const json& stmt, const SiteContext& ctx, bool stdin_code, int depth) {
    if (!enter(depth)) return;
    const json* cmd = child(stmt, "Cmd");
    bool code_in = stdin_code || (cmd && reads_code(*cmd, depth));
    bool data_in = !code_in && cmd && type_of(*cmd) == "CallExpr" &&
                   classify_command(literal_args(*cmd)).stdin_is_data;
    for (const auto& r : items(stmt, "Redirs")) walk_redirect(r, ctx, code_in, data_in, depth + 1);
    if (cmd) walk_cmd(*cmd, ctx, stdin_code, depth + 1);
  }

  // `stdin_data`: the statement's command is known to keep its input as data; a value in a
  // quoted here-document read by any other command is held to the rules for code.
  void walk_redirect(const json& r, const SiteContext& ctx, bool stdin_code, bool stdin_data, int depth) {
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
        walk_word(*word, op == static_cast<int>(RedirOp::HereString) ? input : ctx, false,
                  depth + 1);
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
        input.code_why = "a quoted here-document, copied as written, for a command not known to keep "
                         "its input as data";
      }
      claim(*body, input);
    } else {
      input.quoting = Quoting::HeredocExpand;
      walk_parts(*body, input, depth + 1);
    }
  }

  void walk_cmd(const json& cmd, const SiteContext& ctx, bool stdin_code, int depth) {
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

  static const json& items_or(const json& n, const char* key) {
    static const json empty = json::object();
    const json* v = child(n, key);
    return v ? *v : empty;
  }

  static SiteContext arithmetic(SiteContext ctx, std::string why, Quoting q) {
    ctx.arithmetic = true;
    ctx.arith_why = std::move(why);
    ctx.quoting = q;
    return ctx;
  }

  void walk_call_args(const json& cmd, const SiteContext& ctx, int depth) {
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

  // The command's words as classify_command() sees them. A word holding a placeholder
  // counts as not literal, as it will be once filled, so that the filled script is
  // judged the same way.
  std::vector<CommandWord> literal_args(const json& cmd) const {
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

  // Whether a word that is not literal may start with '-' once expanded: its first
  // character is unknown (an expansion or a placeholder comes first) or is '-'.
  bool may_start_with_dash(const json& w) const {
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

  bool holds_placeholder(const std::string& word) const {
    for (const auto& t : q_.tokens)
      if (word.find(t) != std::string::npos) return true;
    if (q_.bare.count(word)) return true;
    auto eq = word.find('=');
    return word.starts_with("--") && eq != std::string::npos && q_.bare.count(word.substr(eq + 1));
  }

  // The word's text when it has no expansion (quotes removed), else nullopt.
  static std::optional<std::string> literal_word(const json& w) {
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

  // a | b | bash: what a and b print is parsed as code.
  void walk_binary(const json& cmd, const SiteContext& ctx, bool stdin_code, int depth) {
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

  void flatten_pipe(const json& cmd, std::vector<const json*>& out, int depth) {
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

  // Whether the command (or a command inside a { } / ( ) group) parses its stdin as code.
  bool reads_code(const json& cmd, int depth) {
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

  void walk_assign(const json& a, SiteContext ctx, int depth) {
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

  // declare/local/export/readonly/typeset: -n values are names, -i values arithmetic,
  // and a word that is not NAME=value is itself a name.
  void walk_decl(const json& cmd, const SiteContext& ctx, int depth) {
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

  void collect_integer_names(const json& n, int depth) {
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

  // ---- words ----------------------------------------------------------------------

  void walk_word(const json& w, const SiteContext& ctx, bool bare_ok, int depth) {
    if (!enter(depth)) return;
    const json& parts = items(w, "Parts");
    if (parts.size() == 1 && type_of(parts[0]) == "Lit" && ctx.quoting == Quoting::Word &&
        ctx.unsupported.empty()) {
      std::string_view v = text(parts[0], "Value");
      if (bare_ok) find_bare(parts[0], v, ctx);
      if (ctx.arithmetic) {
        claim(parts[0], ctx, true);
        ident(parts[0], v, ctx);
        return;
      }
    }
    if (parts.size() == 1 && type_of(parts[0]) == "Lit" && ctx.quoting == Quoting::Arithmetic) {
      claim(parts[0], ctx, true);
      ident(parts[0], text(parts[0], "Value"), ctx);
      return;
    }
    walk_parts(w, ctx, depth + 1);
  }

  void find_bare(const json& lit, std::string_view v, const SiteContext& ctx) {
    auto pos = offset(lit, "Pos");
    if (!pos) return;
    std::size_t at = std::string_view::npos;
    std::string name;
    if (q_.bare.count(std::string(v))) {
      at = 0;
      name = v;
    } else if (v.starts_with("--") && v.find('=') != std::string_view::npos) {
      auto eq = v.find('=');
      if (q_.bare.count(std::string(v.substr(eq + 1)))) {
        at = eq + 1;
        name = v.substr(eq + 1);
      }
    }
    if (at == std::string_view::npos || *pos + at > src_.size() ||
        src_.substr(*pos + at, name.size()) != name)
      return;
    Site s;
    s.kind = Site::Kind::Bare;
    s.offset = *pos + at;
    s.length = name.size();
    s.key = name;
    s.ctx = ctx;
    add(std::move(s));
  }

  void ident(const json& lit, std::string_view v, const SiteContext& ctx) {
    if (!is_identifier(v)) return;
    names_used_.insert(std::string(v));
    if (!q_.idents.count(std::string(v))) return;
    auto pos = offset(lit, "Pos");
    if (!pos) return;
    Site s;
    s.kind = Site::Kind::Ident;
    s.offset = *pos;
    s.length = v.size();
    s.key = v;
    s.ctx = ctx;
    add(std::move(s));
  }

  void walk_parts(const json& w, const SiteContext& ctx, int depth) {
    if (!enter(depth)) return;
    for (const auto& p : items(w, "Parts")) {
      std::string_view t = type_of(p);
      if (t == "Lit") {
        claim(p, ctx);
        if (ctx.arithmetic) ident(p, text(p, "Value"), ctx);
      } else if (t == "SglQuoted") {
        SiteContext c = ctx;
        c.quoting = flag(p, "Dollar") ? Quoting::AnsiC : Quoting::Single;
        if (ctx.quoting == Quoting::Double || ctx.quoting == Quoting::HeredocExpand)
          c.unsupported = "in single quotes inside ${…} inside double quotes";
        claim(p, c);
      } else if (t == "DblQuoted") {
        SiteContext c = ctx;
        c.quoting = Quoting::Double;
        if (flag(p, "Dollar")) c.unsupported = "in a $\"…\" string bash translates";
        walk_parts(p, c, depth + 1);
      } else if (t == "ParamExp") {
        walk_param(p, ctx, depth + 1);
      } else if (t == "CmdSubst" || t == "ProcSubst") {
        SiteContext c = ctx;
        if (flag(p, "Backquotes")) backquoted(p, c);
        c.quoting = Quoting::Word;
        c.pattern = false;
        walk_stmts(p, "Stmts", c, false, depth);
      } else if (t == "ArithmExp") {
        if (const json* x = child(p, "X"))
          walk_arith(*x, arithmetic(ctx, "arithmetic $(( ))", Quoting::Arithmetic), depth + 1);
      } else if (t == "BraceExp") {
        for (const auto& e : items(p, "Elems")) walk_word(e, ctx, false, depth + 1);
      } else if (t == "ExtGlob") {
        SiteContext c = ctx;
        c.unsupported = "inside an extended glob pattern";
        if (const json* pat = child(p, "Pattern")) claim(*pat, c);
      }
    }
  }

  // Inside `…` bash removes one level of backslashes before parsing; within double
  // quotes that includes \" (which the syntax tree keeps as a literal quote), and nested
  // backquotes stack the levels. Neither can be placed into exactly.
  void backquoted(const json& subst, SiteContext& c) {
    if (c.backquoted) c.unsupported = "inside nested backquotes; use $(…)";
    auto b = offset(subst, "Pos");
    auto e = offset(subst, "End");
    bool escaped_quote =
        b && e && *e > *b && src_.substr(*b, *e - *b).find("\\\"") != std::string_view::npos;
    if (escaped_quote && (c.quoting == Quoting::Double || c.quoting == Quoting::HeredocExpand))
      c.unsupported =
          "inside backquotes `…` within double quotes that hold \\\" (bash and the syntax check "
          "read it "
          "differently); use $(…)";
    c.backquoted = true;
  }

  void walk_param(const json& p, const SiteContext& ctx, int depth) {
    if (!enter(depth)) return;
    std::string name(text(items_or(p, "Param"), "Value"));
    auto pos = offset(p, "Pos");
    auto end = offset(p, "End");
    if (!pos || !end) return;
    visited_params_.insert(*pos);
    if (is_identifier(name)) names_used_.insert(name);
    const json* exp = child(p, "Exp");
    int exp_op = exp ? number(*exp, "Op") : -1;
    if (q_.params.count(name)) {
      Site s;
      s.kind = Site::Kind::Param;
      s.offset = *pos;
      s.length = *end - *pos;
      s.key = name;
      s.ctx = ctx;
      const json* idx = child(p, "Index");
      auto idx_lit = idx ? literal_word(*idx) : std::nullopt;
      s.indirect = flag(p, "Excl") && !child(p, "Names") &&
                   !(idx_lit && (*idx_lit == "@" || *idx_lit == "*"));
      s.prompt =
          exp_op == kParamAtOp && exp && literal_word(items_or(*exp, "Word")).value_or("") == "P";
      add(std::move(s));
    }
    SiteContext sub = arithmetic(ctx, "an array subscript", Quoting::Arithmetic);
    if (const json* idx = child(p, "Index")) walk_arith(*idx, sub, depth + 1);
    if (const json* sl = child(p, "Slice")) {
      SiteContext s = arithmetic(ctx, "a ${x:offset:length} slice", Quoting::Arithmetic);
      for (const char* k : {"Offset", "Length"})
        if (const json* e = child(*sl, k)) walk_arith(*e, s, depth + 1);
    }
    SiteContext word = ctx;
    if (ctx.quoting != Quoting::Double && ctx.quoting != Quoting::HeredocExpand)
      word.quoting = Quoting::Word;
    if (const json* repl = child(p, "Repl")) {
      word.pattern = true;
      for (const char* k : {"Orig", "With"})
        if (const json* w = child(*repl, k)) walk_word(*w, word, false, depth + 1);
    }
    if (exp) {
      word.pattern = is_pattern_op(exp_op);
      if (const json* w = child(*exp, "Word")) walk_word(*w, word, false, depth + 1);
    }
  }

  void walk_arith(const json& e, const SiteContext& ctx, int depth) {
    if (!enter(depth)) return;
    std::string_view t = type_of(e);
    if (t == "Word") {
      walk_word(e, ctx, false, depth + 1);
    } else {
      for (const char* k : {"X", "Y"})
        if (const json* x = child(e, k)) walk_arith(*x, ctx, depth + 1);
    }
  }

  void walk_test(const json& e, const SiteContext& ctx, int depth) {
    if (!enter(depth)) return;
    std::string_view t = type_of(e);
    if (t == "Word") {
      walk_word(e, ctx, false, depth + 1);
      return;
    }
    int op = number(e, "Op");
    SiteContext c = ctx;
    if (t == "BinaryTest" && is_arith_test(op))
      c = arithmetic(ctx, "[[ … -eq/-lt/-gt … ]]", Quoting::Word);
    if (t == "UnaryTest" && is_name_test(op)) {
      c.name = true;
      c.name_why = "[[ -v ]]";
    }
    for (const char* k : {"X", "Y"})
      if (const json* x = child(e, k)) walk_test(*x, c, depth + 1);
  }

  // ---- whole-tree passes ------------------------------------------------------------

  void walk_comments(const json& n, int depth) {
    if (depth > kMaxSiteDepth) {
      too_deep_ = true;
      return;
    }
    if (n.is_object() && child(n, "Hash") && child(n, "Text")) {
      SiteContext c;
      c.quoting = Quoting::Comment;
      // shfmt starts a comment at a '#' right after a quote or an expansion ("a"#x);
      // bash does not, so what follows is part of a word there.
      auto hash = offset(n, "Hash");
      if (hash && *hash > 0 &&
          std::string_view(" \t\n;&|()").find(src_[*hash - 1]) == std::string_view::npos)
        c.unsupported = "after a '#' that bash reads as part of a word, not as a comment";
      claim(n, c, false, "Hash");
      return;
    }
    if (n.is_object() || n.is_array())
      for (const auto& c : n) walk_comments(c, depth + 1);
  }

  // Expansions of placeholder names the walk did not reach (an unsupported construct).
  void find_unvisited_params(const json& n, int depth) {
    if (depth > kMaxSiteDepth) {
      too_deep_ = true;
      return;
    }
    if (n.is_object() && type_of(n) == "ParamExp") {
      std::string name(text(items_or(n, "Param"), "Value"));
      auto pos = offset(n, "Pos");
      auto end = offset(n, "End");
      if (pos && end && q_.params.count(name) && !visited_params_.count(*pos)) {
        Site s;
        s.kind = Site::Kind::Param;
        s.offset = *pos;
        s.length = *end - *pos;
        s.key = name;
        s.ctx.unsupported = "in a construct the filler does not know";
        add(std::move(s));
      }
    }
    if (n.is_object() || n.is_array())
      for (const auto& c : n) find_unvisited_params(c, depth + 1);
  }

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

}  // namespace

aws::Result<SiteScan> find_sites(const nlohmann::json& tree, std::string_view script,
                                 const SiteQuery& query) {
  if (!tree.is_object() || type_of(tree) != "File")
    return aws::make_error(aws::ErrorKind::Internal, "the shell syntax tree has no File node");
  auto scan = Walker(script, query).run(tree);
  if (!scan) return scan;
  // A tree that does not match the script (offsets past its end) is not one shfmt made for
  // it: refuse rather than edit outside the text.
  for (const auto& site : scan->sites)
    if (site.offset > script.size() || site.length > script.size() - site.offset)
      return aws::make_error(aws::ErrorKind::Internal,
                             "the shell syntax tree does not match the script (a position past its end)");
  return scan;
}

}  // namespace opsdeck::app::runbook
