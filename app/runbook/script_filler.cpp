#include "app/runbook/script_filler.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "app/runbook/placeholder_sites.hpp"
#include "app/runbook/placeholder_text.hpp"
#include "app/runbook/shell_syntax.hpp"
#include "app/runbook/value_rules.hpp"

namespace opsdeck::app::runbook {

namespace {

aws::Error refuse(std::string message, std::string hint = {}) {
  return aws::make_error(aws::ErrorKind::Usage, std::move(message), std::move(hint));
}

std::string describe(const SiteContext& c) {
  switch (c.quoting) {
    case Quoting::Word:
      return "in an unquoted word";
    case Quoting::Double:
      return "inside double quotes";
    case Quoting::Single:
      return "inside single quotes";
    case Quoting::AnsiC:
      return "inside $'…'";
    case Quoting::HeredocExpand:
      return "in a here-document";
    case Quoting::HeredocLiteral:
      return "in a quoted here-document";
    case Quoting::Comment:
      return "in a comment";
    case Quoting::Arithmetic:
      return "in arithmetic";
  }
  return "here";
}

// One replacement in the tokenized script. `ref` is where the reference ($…) starts in
// `text`, or npos when the edit places no reference.
struct Edit {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;
  std::size_t ref = std::string::npos;
  const Site* site = nullptr;
};

// A count of the script's commands, statements, words and redirections: placing
// references changes only the parts of words, never this.
void fingerprint(const nlohmann::json& n, std::string& out, int depth) {
  if (depth > kMaxSiteDepth) return;
  if (n.is_object()) {
    auto t = n.find("Type");
    if (t != n.end() && t->is_string()) {
      const std::string& s = t->get_ref<const std::string&>();
      if (s != "Lit" && s != "DblQuoted" && s != "SglQuoted" && s != "ParamExp" && s != "Word")
        out += s + ";";
    }
    for (const char* k :
         {"Stmts", "Args", "Assigns", "Redirs", "Items", "Patterns", "Elems", "Comments"}) {
      auto a = n.find(k);
      if (a != n.end() && a->is_array()) out += std::string(k) + std::to_string(a->size()) + ";";
    }
    if (auto op = n.find("Op"); op != n.end() && op->is_number_integer())
      out += "op" + std::to_string(op->get<int>()) + ";";
    for (const auto& c : n) fingerprint(c, out, depth + 1);
  } else if (n.is_array()) {
    for (const auto& c : n) fingerprint(c, out, depth + 1);
  }
}

class Filler {
 public:
  Filler(std::string_view code, const std::map<std::string, std::string>& values)
      : code_(code), values_(values) {}

  aws::Result<FilledScript> run() {
    for (const auto& [name, value] : values_) {
      if (value.find('\0') != std::string::npos)
        return refuse("variable " + name + ": the value contains a NUL byte");
      if (value.size() > kMaxFilledValueBytes)
        return refuse("variable " + name + ": the value is longer than " +
                      std::to_string(kMaxFilledValueBytes) + " bytes");
    }
    text_ = tokenize_placeholders(code_, values_);
    auto tree = parse_shell(text_.script);
    if (!tree.ok()) {
      aws::Error e = tree.error();
      e.message = "cannot fill the script: " + untokenized(e.message);
      if (e.kind != aws::ErrorKind::Internal) e.kind = aws::ErrorKind::Usage;
      return e;
    }
    choose_params();
    auto scan = find_sites(*tree, text_.script, query_);
    if (!scan.ok()) return refuse("cannot fill the script: " + scan.error().message);
    if (auto r = choose_env_names(*scan); !r.ok()) return r.error();
    for (const auto& site : scan->sites)
      if (auto r = place(site); !r.ok()) return r.error();
    return finish(*tree, *scan);
  }

 private:
  // $NAME expansions are placeholders for names with values, except the shell's and
  // opsdeck's own names when the runbook also uses NAME as a textual placeholder.
  void choose_params() {
    for (const auto& t : text_.tokens) query_.tokens.push_back(t.token);
    query_.token_prefix = text_.token_prefix;
    std::set<std::string> textual;
    for (const auto& t : text_.tokens) textual.insert(t.name);
    for (const auto& [name, value] : values_) {
      if (is_bare_placeholder_name(name)) query_.bare.insert(name);
      if (!is_shell_identifier(name)) continue;
      if (is_reserved_env_name(name) && textual.count(name)) continue;
      query_.params.insert(name);
      query_.idents.insert(name);
    }
  }

  aws::Result<void> choose_env_names(const SiteScan& scan) {
    std::set<std::string> needs;
    // A reserved NAME the runbook also writes as a bare word (`--home HOME_DIR`) is a
    // placeholder there; its $NAME expansions are the shell's own.
    for (const auto& s : scan.sites)
      if (s.kind == Site::Kind::Bare && is_reserved_env_name(s.key)) shell_own_.insert(s.key);
    for (const auto& s : scan.sites) {
      if (s.ctx.quoting == Quoting::Comment) continue;
      std::string name = variable_of(s);
      if (name.empty()) continue;
      bool expansion = s.kind == Site::Kind::Param || s.kind == Site::Kind::Ident;
      if (expansion && shell_own_.count(name)) continue;
      if (expansion) {
        if (is_reserved_env_name(name)) return refuse_reserved(name);
        env_name_[name] = name;
      } else {
        needs.insert(name);
      }
    }
    std::set<std::string> taken;
    for (const auto& [n, e] : env_name_) taken.insert(e);
    for (const auto& name : needs) {
      if (env_name_.count(name)) continue;
      std::string e = placeholder_env_name(name);
      if (taken.count(e) || scan.names_used.count(e)) e = "OPSDECK_VAR_" + upper_snake(name);
      if (taken.count(e) || scan.names_used.count(e) || !is_shell_identifier(e))
        return refuse_taken(name, e);
      env_name_[name] = e;
      taken.insert(e);
    }
    return {};
  }

  static aws::Error refuse_reserved(const std::string& name) {
    std::string msg = "variable " + name;
    msg += ": $" + name;
    msg +=
        " is set by the shell, the login environment or opsdeck, so a runbook value cannot be "
        "passed as it";
    return refuse(std::move(msg),
                  "use a placeholder such as <" + name + "> or rename the variable");
  }

  static aws::Error refuse_taken(const std::string& name, const std::string& env) {
    std::string msg = "variable " + name;
    msg += ": no free environment name to pass it as (" + env;
    msg += " is already used)";
    return refuse(std::move(msg));
  }

  // `text` with the stand-in tokens shown as the placeholders they replaced.
  std::string untokenized(std::string text) const {
    for (auto it = text_.tokens.rbegin(); it != text_.tokens.rend(); ++it)
      for (auto at = text.find(it->token); at != std::string::npos;
           at = text.find(it->token, at + it->original.size()))
        text.replace(at, it->token.size(), it->original);
    return text;
  }

  std::string variable_of(const Site& s) const {
    if (s.kind == Site::Kind::Token) {
      for (const auto& t : text_.tokens)
        if (t.token == s.key) return t.name;
      return {};
    }
    return s.key;
  }

  const PlaceholderToken* token_of(const Site& s) const {
    for (const auto& t : text_.tokens)
      if (t.token == s.key) return &t;
    return nullptr;
  }

  aws::Result<void> place(const Site& s) {
    std::string name = variable_of(s);
    const PlaceholderToken* tok = s.kind == Site::Kind::Token ? token_of(s) : nullptr;
    if (s.ctx.quoting == Quoting::Comment && s.ctx.unsupported.empty()) {
      if (tok) edits_.push_back({s.offset, s.length, tok->original, std::string::npos, &s});
      return {};
    }
    std::string where = describe(s.ctx);
    if (!s.ctx.unsupported.empty())
      return refuse("variable " + name + ": cannot place a value " + s.ctx.unsupported);
    auto value_it = values_.find(name);
    if (value_it == values_.end()) {
      if (s.kind == Site::Kind::Token) return refuse("variable " + name + ": no value given");
      return {};
    }
    if ((s.kind == Site::Kind::Ident || s.kind == Site::Kind::Param) && shell_own_.count(name))
      return {};
    if (s.kind == Site::Kind::Ident && !env_name_.count(name)) return {};
    const std::string& v = value_it->second;
    if (s.prompt)
      return refuse("variable " + name + ": ${" + name + "@P} runs the value as a prompt string");
    if (s.indirect && !is_shell_identifier(v))
      return refuse("variable " + name + ": ${!" + name +
                    "} uses the value as a variable name; \"" + shown_value(v) +
                    "\" is not a plain name");
    if (auto why = check_value(v, s.ctx); !why.empty())
      return refuse("variable " + name + ": " + why);
    std::size_t bs = 0;
    while (bs < s.offset && text_.script[s.offset - bs - 1] == '\\') ++bs;
    bool escapes = s.ctx.quoting != Quoting::Single && s.ctx.quoting != Quoting::HeredocLiteral;
    if (bs % 2 == 1 && escapes)
      return refuse("variable " + name + ": the placeholder follows a backslash " + where);
    if (s.ctx.arithmetic && !v.empty() && v[0] == '-' && s.offset > 0 &&
        (text_.script[s.offset - 1] == '-' || text_.script[s.offset - 1] == '+'))
      return refuse("variable " + name + ": a negative value right after '" +
                        text_.script[s.offset - 1] + "' would read as " +
                        text_.script[s.offset - 1] + "-",
                    "put a space before the placeholder");

    auto env_it = env_name_.find(name);
    if (env_it == env_name_.end())
      return refuse("variable " + name + ": no environment name chosen for it");
    const std::string& e = env_it->second;
    if (s.kind == Site::Kind::Param) return quote_param(s, name);
    if (s.kind == Site::Kind::Ident) {
      idents_used_.insert(name);
      return {};
    }
    if (s.ctx.quoting == Quoting::Arithmetic && !s.whole_operand)
      return refuse("variable " + name + ": in arithmetic the placeholder must be a whole operand");
    std::size_t after = s.offset + s.length;
    if (s.ctx.quoting == Quoting::Word && after < text_.script.size() && text_.script[after] == '#')
      return refuse("variable " + name +
                        ": a '#' right after the placeholder would be read as a comment by the "
                        "syntax check (shfmt) though not by bash",
                    "put the word in double quotes: \"<" + name + ">#…\"");
    Edit ed{s.offset, s.length, {}, 0, &s};
    switch (s.ctx.quoting) {
      case Quoting::Word:
        ed.text = "\"$" + e + "\"";
        ed.ref = 1;
        break;
      case Quoting::Double:
      case Quoting::Arithmetic:
        ed.text = s.ctx.pattern ? "\"${" + e + "}\"" : "${" + e + "}";
        ed.ref = s.ctx.pattern ? 1 : 0;
        break;
      case Quoting::HeredocExpand:
        if (s.ctx.pattern)
          return refuse("variable " + name +
                        ": cannot place a value in a pattern inside a here-document");
        ed.text = "${" + e + "}";
        break;
      case Quoting::Single:
        ed.text = "'\"$" + e + "\"'";
        ed.ref = 2;
        break;
      case Quoting::AnsiC:
        ed.text = "'\"$" + e + "\"$'";
        ed.ref = 2;
        break;
      case Quoting::HeredocLiteral:
        if (v.find('\n') != std::string::npos || v.find('\r') != std::string::npos)
          return refuse("variable " + name +
                        ": a value with a line break could end the quoted here-document early");
        if (s.ctx.dash_heredoc && !v.empty() && v[0] == '\t')
          return refuse("variable " + name + ": <<- would strip the value's leading tab");
        ed.text = v;
        ed.ref = std::string::npos;
        break;
      case Quoting::Comment:
        break;
    }
    edits_.push_back(std::move(ed));
    return {};
  }

  // $X / ${X…} left as written; an unquoted one (or one used as a pattern) gets quotes.
  aws::Result<void> quote_param(const Site& s, const std::string& name) {
    param_sites_.push_back(&s);
    bool wrap = !s.ctx.arithmetic && (s.ctx.quoting == Quoting::Word ||
                                      (s.ctx.pattern && s.ctx.quoting == Quoting::Double));
    if (!wrap) return {};
    if (s.ctx.quoting == Quoting::HeredocExpand)
      return refuse("variable " + name + ": cannot quote $" + name +
                    " used as a pattern inside a here-document");
    std::string_view inner = std::string_view(text_.script).substr(s.offset, s.length);
    if (inner.find_first_of("'\\~") != std::string_view::npos)
      return refuse("variable " + name + ": cannot quote " + std::string(inner) +
                        " (quotes, backslashes or ~ inside it would change meaning)",
                    "write \"" + std::string(inner) + "\" in double quotes");
    edits_.push_back({s.offset, 0, "\"", std::string::npos, nullptr});
    edits_.push_back({s.offset + s.length, 0, "\"", std::string::npos, nullptr});
    return {};
  }

  aws::Result<FilledScript> finish(const nlohmann::json& tree, const SiteScan& scan) {
    (void)scan;
    std::stable_sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) {
      if (a.offset != b.offset) return a.offset < b.offset;
      return a.length < b.length;  // an insertion before a replacement at the same spot
    });
    FilledScript out;
    std::string& s = out.script;
    std::vector<std::pair<std::size_t, const Site*>> expected;  // new offset of each $…
    std::size_t pos = 0;
    auto next_edit = edits_.begin();
    auto params = param_sites_;
    std::sort(params.begin(), params.end(),
              [](const Site* a, const Site* b) { return a->offset < b->offset; });
    auto next_param = params.begin();
    auto copy_to = [&](std::size_t end) {
      while (next_param != params.end() && (*next_param)->offset < end) {
        if ((*next_param)->offset < pos) return false;
        expected.emplace_back(s.size() + ((*next_param)->offset - pos), *next_param);
        ++next_param;
      }
      s.append(text_.script, pos, end - pos);
      pos = end;
      return true;
    };
    for (; next_edit != edits_.end(); ++next_edit) {
      if (next_edit->offset < pos)
        return refuse("cannot fill the script: two placeholders overlap");
      if (!copy_to(next_edit->offset))
        return refuse("cannot fill the script: a placeholder overlaps an expansion");
      if (next_edit->ref != std::string::npos)
        expected.emplace_back(s.size() + next_edit->ref, next_edit->site);
      s += next_edit->text;
      pos = next_edit->offset + next_edit->length;
    }
    if (!copy_to(text_.script.size()))
      return refuse("cannot fill the script: a placeholder overlaps an expansion");
    for (const auto& [name, e] : env_name_) {
      auto value = values_.find(name);
      if (value == values_.end() || !used(name, expected)) continue;
      out.env_name[name] = e;
      out.env[e] = value->second;
    }
    if (auto r = verify(tree, out, expected); !r.ok()) return r.error();
    return out;
  }

  bool used(const std::string& name,
            const std::vector<std::pair<std::size_t, const Site*>>& expected) const {
    for (const auto& [at, site] : expected)
      if (site && variable_of(*site) == name) return true;
    return name_has_ident(name);
  }
  bool name_has_ident(const std::string& name) const {
    for (const auto* p : param_sites_)
      if (p->key == name) return true;
    return idents_used_.count(name) > 0;
  }

  // The filled script must parse to the same commands, and every reference must be a
  // quoted (or arithmetic) expansion exactly where it was placed, in the same context.
  aws::Result<void> verify(const nlohmann::json& before, const FilledScript& out,
                           const std::vector<std::pair<std::size_t, const Site*>>& expected) {
    if (out.script.find(text_.token_prefix) != std::string::npos)
      return refuse("cannot fill the script: a placeholder was left unplaced");
    auto tree = parse_shell(out.script);
    if (!tree.ok())
      return refuse("the filled script would not parse (" + tree.error().message +
                    "); refusing to run it");
    std::string fa, fb;
    fingerprint(before, fa, 0);
    fingerprint(*tree, fb, 0);
    if (fa != fb)
      return refuse(
          "filling the placeholders would change the script's commands; refusing to run it");
    SiteQuery q;
    for (const auto& [name, e] : out.env_name) q.params.insert(e);
    auto landed = find_sites(*tree, out.script, q);
    if (!landed.ok()) return refuse("cannot check the filled script: " + landed.error().message);
    std::map<std::size_t, const Site*> want;
    for (const auto& [at, site] : expected) want[at] = site;
    std::size_t seen = 0;
    for (const auto& l : landed->sites) {
      if (l.kind != Site::Kind::Param) continue;
      auto it = want.find(l.offset);
      std::string name = it == want.end() || !it->second ? l.key : variable_of(*it->second);
      if (it == want.end() || !it->second)
        return refuse("variable " + name +
                      ": a reference landed where none was placed; refusing to run the script");
      const SiteContext& w = it->second->ctx;
      bool quoted = l.ctx.quoting != Quoting::Word || l.ctx.arithmetic;
      if (!quoted || l.ctx.quoting != landing_quoting(*it->second) || l.ctx.code != w.code ||
          l.ctx.arithmetic != w.arithmetic || l.ctx.name != w.name || !l.ctx.unsupported.empty())
        return refuse(
            "variable " + name +
            ": the reference did not land where it was placed; refusing to run the script");
      ++seen;
    }
    if (seen != want.size())
      return refuse("cannot fill the script: a reference went missing; refusing to run it");
    return {};
  }

  // The quoting a reference placed for `s` is found in when the filled script is parsed.
  static Quoting landing_quoting(const Site& s) {
    Quoting q = s.ctx.quoting;
    if (s.kind == Site::Kind::Param)
      return !s.ctx.arithmetic && (q == Quoting::Word || (s.ctx.pattern && q == Quoting::Double))
                 ? Quoting::Double
                 : q;
    return q == Quoting::Word || q == Quoting::Single || q == Quoting::AnsiC ? Quoting::Double : q;
  }

  std::string_view code_;
  const std::map<std::string, std::string>& values_;
  TokenizedScript text_;
  SiteQuery query_;
  std::map<std::string, std::string> env_name_;
  std::vector<Edit> edits_;
  std::vector<const Site*> param_sites_;
  std::set<std::string> idents_used_;
  std::set<std::string> shell_own_;
};

}  // namespace

aws::Result<FilledScript> fill_script(std::string_view code,
                                      const std::map<std::string, std::string>& values) {
  return Filler(code, values).run();
}

}  // namespace opsdeck::app::runbook
