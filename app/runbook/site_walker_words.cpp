#include "app/runbook/shell_syntax.hpp"
#include "app/runbook/site_walker.hpp"

namespace opsdeck::app::runbook::site_walk {

void Walker::walk_word(const json& w, const SiteContext& ctx, bool bare_ok, int depth) {
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

void Walker::find_bare(const json& lit, std::string_view v, const SiteContext& ctx) {
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

void Walker::ident(const json& lit, std::string_view v, const SiteContext& ctx) {
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

void Walker::walk_parts(const json& w, const SiteContext& ctx, int depth) {
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

void Walker::backquoted(const json& subst, SiteContext& c) {
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

void Walker::walk_param(const json& p, const SiteContext& ctx, int depth) {
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
    s.indirect =
        flag(p, "Excl") && !child(p, "Names") && !(idx_lit && (*idx_lit == "@" || *idx_lit == "*"));
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

void Walker::walk_arith(const json& e, const SiteContext& ctx, int depth) {
  if (!enter(depth)) return;
  std::string_view t = type_of(e);
  if (t == "Word") {
    walk_word(e, ctx, false, depth + 1);
  } else {
    for (const char* k : {"X", "Y"})
      if (const json* x = child(e, k)) walk_arith(*x, ctx, depth + 1);
  }
}

void Walker::walk_test(const json& e, const SiteContext& ctx, int depth) {
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

void Walker::walk_comments(const json& n, int depth) {
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

void Walker::find_unvisited_params(const json& n, int depth) {
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

}  // namespace opsdeck::app::runbook::site_walk
