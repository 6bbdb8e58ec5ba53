#include "app/runbook/shell_words.hpp"

#include <cctype>

namespace opsdeck::app::runbook {

using nlohmann::json;
using namespace shell_tree;

namespace {

constexpr int kMaxDepth = 200;

// Backslash escapes of a literal: unquoted every `\c` is `c`; inside double quotes only
// \$ \` \" \\ and \newline are escapes; in a here-document the same without \".
template <class Emit>
void unescape(std::string_view v, bool double_quoted, bool heredoc, Emit emit) {
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '\\' && i + 1 < v.size()) {
      char next = v[i + 1];
      std::string_view special = heredoc ? "$`\\\n" : "$`\"\\\n";
      if ((!double_quoted && !heredoc) || special.find(next) != std::string_view::npos) {
        if (next != '\n') emit(next, true);
        ++i;
        continue;
      }
      emit('\\', true);
      continue;
    }
    emit(c, double_quoted || heredoc);
  }
}

// `{a,b}` or `{1..3}` outside quotes: bash expands it into several words.
bool has_brace_expansion(const std::string& shadow) {
  for (size_t open = shadow.find('{'); open != std::string::npos;
       open = shadow.find('{', open + 1)) {
    int depth = 0;
    for (size_t i = open; i < shadow.size(); ++i) {
      if (shadow[i] == '{')
        ++depth;
      else if (shadow[i] == '}' && --depth == 0)
        break;
      else if (depth == 1 && (shadow[i] == ',' || shadow.compare(i, 2, "..") == 0))
        return true;
    }
  }
  return false;
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | ((cp >> 18) & 0x07));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

// Collects the fields of one word: text, placeholder code, and a shadow of the text where
// quoted characters are \x01 and unknown parts \x02, so that only unquoted glob and brace
// characters count.
class ShellWords::Builder {
 public:
  explicit Builder(bool split) : split_(split) {}

  void ch(char c, bool quoted) {
    cur_.text += c;
    cur_.code += c;
    cur_.shadow += quoted ? '\x01' : c;
    cur_.any = true;
  }
  void quoted_empty() { cur_.any = true; }
  void value(std::string_view v, bool quoted) {
    if (quoted || !split_) {
      for (char c : v) ch(c, quoted);
      if (quoted) cur_.any = true;
      return;
    }
    for (char c : v) {
      if (c == ' ' || c == '\t' || c == '\n')
        end();
      else
        ch(c, false);
    }
  }
  // safe: cannot begin with '-'; splits: may hold spaces (and so become several words).
  void unknown(const std::string& display, const std::string& code, bool quoted, bool safe,
               bool splits) {
    if (cur_.shadow.empty() && !safe) cur_.starts_unknown = true;
    cur_.text += display;
    cur_.code += code;
    cur_.shadow += '\x02';
    cur_.any = cur_.unknown = true;
    if (!quoted && splits && split_) cur_.may_split = true;
  }
  void glob(const std::string& source) {
    cur_.text += source;
    cur_.code += source;
    cur_.shadow += '*';
    cur_.any = true;
  }
  std::vector<ShellWord> finish() {
    end();
    return std::move(out_);
  }

 private:
  struct Field {
    std::string text, code, shadow;
    bool any = false, unknown = false, may_split = false, starts_unknown = false;
  };
  bool split_;
  Field cur_;
  std::vector<ShellWord> out_;

  void end() {
    if (!cur_.any) return;
    const std::string& s = cur_.shadow;
    auto open = s.find('[');
    bool glob = s.find_first_of("*?") != std::string::npos ||
                (open != std::string::npos && s.find(']', open) != std::string::npos);
    bool brace = has_brace_expansion(s);
    bool tilde = !s.empty() && s[0] == '~';
    bool special_start =
        !s.empty() && std::string_view("*?[{").find(s[0]) != std::string_view::npos;
    ShellWord w;
    w.text = std::move(cur_.text);
    w.code = std::move(cur_.code);
    w.known = !cur_.unknown && !glob && !brace && !tilde;
    w.may_split = cur_.may_split || glob || brace;
    w.may_be_option = cur_.starts_unknown || ((glob || brace) && special_start);
    out_.push_back(std::move(w));
    cur_ = {};
  }
};

std::vector<ShellWord> ShellWords::expand(const json& word, Mode mode) {
  Builder b(mode == Mode::Fields);
  parts(list(word, "Parts"), b, false, mode);
  return b.finish();
}

ShellWord ShellWords::single(const json& word, Mode mode) {
  Builder b(false);
  parts(list(word, "Parts"), b, false, mode == Mode::Fields ? Mode::Single : mode);
  auto fields = b.finish();
  if (fields.empty()) return ShellWord{};
  return std::move(fields.front());
}

void ShellWords::parts(const json& arr, Builder& b, bool quoted, Mode mode) {
  Depth guard(depth_);
  const bool heredoc = mode == Mode::Heredoc;
  for (const auto& p : arr) {
    const std::string t = str(p, "Type");
    const bool q = quoted || heredoc;
    if (depth_ > kMaxDepth) {
      ctx_.cannot_tell(p, "the word nests deeper than " + std::to_string(kMaxDepth) + " levels");
      b.unknown("…", ctx_.placeholder("…", false), q, false, true);
      return;
    }
    if (t != "BraceExp" && !unknown_field(p, t).empty()) {
      ctx_.cannot_tell(p, "`" + t + "." + unknown_field(p, t) + "` is not understood");
      b.unknown("…", ctx_.placeholder("…", false), q, false, true);
      continue;
    }
    if (t == "Lit") {
      unescape(str(p, "Value"), quoted, heredoc, [&](char c, bool qc) { b.ch(c, qc); });
    } else if (t == "SglQuoted") {
      std::string v = str(p, "Value");
      b.value(flag(p, "Dollar") ? ansi_c(v) : v, true);
    } else if (t == "DblQuoted") {
      b.quoted_empty();
      parts(list(p, "Parts"), b, true, heredoc ? Mode::Single : mode);
    } else if (t == "ParamExp") {
      param(p, b, q, mode);
    } else if (t == "CmdSubst" || t == "ProcSubst") {
      ctx_.run_statements(list(p, "Stmts"));
      std::string d = ctx_.source_of(p);
      bool path = t == "ProcSubst";  // <(…) is a /dev/fd path
      b.unknown(d, ctx_.placeholder(d, path), q, path, !path);
    } else if (t == "ArithmExp") {
      if (const json* x = field(p, "X")) arithmetic(*x);
      std::string d = ctx_.source_of(p);
      b.unknown(d, ctx_.placeholder(d, true), q, false, false);  // a number, maybe negative
    } else if (t == "ExtGlob" || t == "BraceExp") {
      b.glob(ctx_.source_of(p));
    } else {
      ctx_.cannot_tell(p, "word part `" + t + "` is not understood");
      std::string d = ctx_.source_of(p);
      b.unknown(d, ctx_.placeholder(d, false), q, false, true);
    }
  }
}

void ShellWords::param(const json& p, Builder& b, bool quoted, Mode mode) {
  const json* pp = field(p, "Param");
  const std::string name = pp ? str(*pp, "Value") : std::string();
  const std::string d = ctx_.source_of(p);
  // safe: no leading '-' and no spaces; number: a decimal integer (maybe negative), never split.
  auto unknown = [&](bool safe, bool number = false) {
    b.unknown(d, ctx_.placeholder(d, safe || number), quoted, safe, !safe && !number);
  };
  auto side_effects = [&](const json* w) {
    if (w) (void)single(*w);
  };
  if (flag(p, "Excl") || field(p, "Names")) {
    ctx_.not_read_only(p, "indirect expansion `" + d + "` can evaluate array subscripts");
    return unknown(false);
  }
  if (flag(p, "Length")) return unknown(true);
  if (const json* idx = field(p, "Index")) {
    auto lit = literal(*idx);
    if (!(lit && (*lit == "@" || *lit == "*"))) arithmetic(*idx);
    return unknown(false);
  }
  if (const json* slice = field(p, "Slice")) {
    if (const json* o = field(*slice, "Offset")) arithmetic(*o);
    if (const json* l = field(*slice, "Length")) arithmetic(*l);
    return unknown(false);
  }
  if (const json* repl = field(p, "Repl")) {
    side_effects(field(*repl, "Orig"));
    side_effects(field(*repl, "With"));
    return unknown(false);
  }
  const ShellVar v = ctx_.lookup(name);
  const bool set = v.kind == ShellVar::Kind::Known, nonempty = set && !v.value.empty();
  if (const json* e = field(p, "Exp")) {
    const json* w = field(*e, "Word");
    auto alternative = [&] {
      if (w) parts(list(*w, "Parts"), b, quoted, mode);
    };
    switch (num(*e, "Op")) {
      case 84:  // ${x@P}: prompt expansion runs command substitutions in the value
        if (w && literal(*w) == "P")
          ctx_.not_read_only(p, "`" + d + "` runs command substitutions found in the value");
        return unknown(false);
      case 71:  // ${x:-w}
      case 75:  // ${x:=w}
        if (nonempty) return b.value(v.value, quoted);
        if (set) return alternative();
        break;
      case 70:  // ${x-w}
      case 74:  // ${x=w}
      case 72:  // ${x?w}
      case 73:  // ${x:?w}
        if (set) return b.value(v.value, quoted);
        break;
      case 69:  // ${x:+w}
        if (nonempty) return alternative();
        if (set) return;
        break;
      case 68:  // ${x+w}
        if (set) return alternative();
        break;
      default:
        break;
    }
    side_effects(w);
    return unknown(false);
  }
  if (set) return b.value(v.value, quoted);
  unknown(v.kind == ShellVar::Kind::Safe, v.numeric);
}

bool ShellWords::too_deep(const json& node) {
  if (depth_ <= kMaxDepth) return false;
  ctx_.cannot_tell(node,
                   "the expression nests deeper than " + std::to_string(kMaxDepth) + " levels");
  return true;
}

bool ShellWords::fields_understood(const json& node, const std::string& type) {
  std::string key = unknown_field(node, type);
  if (!key.empty()) ctx_.not_read_only(node, "`" + type + "." + key + "` is not understood");
  return key.empty();
}

void ShellWords::arithmetic(const json& expr) {
  Depth guard(depth_);
  if (too_deep(expr)) return;
  const std::string t = str(expr, "Type");
  if (t == "BinaryArithm" || t == "UnaryArithm" || t == "ParenArithm") {
    if (!fields_understood(expr, t)) return;
    for (const char* k : {"X", "Y"})
      if (const json* x = field(expr, k)) arithmetic(*x);
    return;
  }
  if (t != "Word" && !(t.empty() && field(expr, "Parts"))) {
    ctx_.not_read_only(expr, "arithmetic `" + t + "` is not understood");
    return;
  }
  // Bash evaluates variables in arithmetic as expressions themselves, and `a[$(cmd)]` in
  // such a value runs cmd: every name must hold a number opsdeck knows to be one.
  for (const auto& p : list(expr, "Parts")) {
    const std::string pt = str(p, "Type");
    if (pt == "Lit") {
      std::string v = str(p, "Value");
      bool number = !v.empty() && std::isdigit(static_cast<unsigned char>(v[0])) &&
                    v.find_first_not_of("0123456789abcdefABCDEFxX#") == std::string::npos;
      bool name = !v.empty() && (std::isalpha(static_cast<unsigned char>(v[0])) || v[0] == '_') &&
                  std::all_of(v.begin(), v.end(),
                              [](unsigned char c) { return std::isalnum(c) || c == '_'; });
      if (name)
        arithmetic_value(p, v, ctx_.lookup(v));
      else if (!number)
        ctx_.not_read_only(p, "arithmetic on `" + v + "` may evaluate an array subscript");
    } else if (pt == "ParamExp") {
      const json* pp = field(p, "Param");
      std::string name = pp ? str(*pp, "Value") : "";
      bool plain = !field(p, "Exp") && !field(p, "Index") && !field(p, "Slice") &&
                   !field(p, "Repl") && !flag(p, "Excl");
      (void)single(json{{"Parts", json::array({p})}});  // runs what the expansion contains
      if (flag(p, "Length")) continue;
      arithmetic_value(p, name, plain ? ctx_.lookup(name) : ShellVar{});
    } else {
      (void)single(json{{"Parts", json::array({p})}});
      if (pt != "ArithmExp")
        ctx_.not_read_only(
            p, "arithmetic on `" + ctx_.source_of(p) + "`, whose value opsdeck cannot see");
    }
  }
}

void ShellWords::arithmetic_value(const json& node, const std::string& name, const ShellVar& v) {
  const std::string& x = v.value;
  bool number =
      !x.empty() &&
      x.find_first_not_of("0123456789", x[0] == '-' || x[0] == '+' ? 1 : 0) == std::string::npos;
  if ((v.kind == ShellVar::Kind::Known && number) || v.numeric) return;
  if (v.kind == ShellVar::Kind::Known &&
      (x.find("$(") != std::string::npos || x.find('`') != std::string::npos))
    ctx_.cannot_tell(
        node, "arithmetic evaluates `" + name + "`, whose value holds a command substitution");
  else
    ctx_.not_read_only(node, "arithmetic on `" + name +
                                 "`, whose value opsdeck cannot see: bash evaluates it, and "
                                 "`a[$(…)]` in it would run a command");
}

void ShellWords::test_expression(const json& expr) {
  Depth guard(depth_);
  if (too_deep(expr)) return;
  const std::string t = str(expr, "Type");
  if (t == "Word") {
    (void)single(expr);
    return;
  }
  if (!fields_understood(expr, t)) return;
  if (t == "BinaryTest") {
    int op = num(expr, "Op");
    bool arith = op >= 116 && op <= 121;  // -eq -ne -le -ge -lt -gt
    for (const char* k : {"X", "Y"})
      if (const json* x = field(expr, k))
        arith&& str(*x, "Type") == "Word" ? arithmetic(*x) : test_expression(*x);
  } else if (t == "UnaryTest") {
    const json* x = field(expr, "X");
    if (x && num(expr, "Op") == 110 && single(*x).text.find('[') != std::string::npos)  // -v a[…]
      ctx_.not_read_only(expr, "-v on an array element evaluates its subscript");
    else if (x)
      test_expression(*x);
  } else if (t == "ParenTest") {
    if (const json* x = field(expr, "X")) test_expression(*x);
  } else {
    ctx_.not_read_only(expr, "test `" + t + "` is not understood");
  }
}

std::optional<std::string> ShellWords::literal(const json& word) {
  std::string out;
  auto emit = [&](char c, bool) { out += c; };
  for (const auto& p : list(word, "Parts")) {
    const std::string t = str(p, "Type");
    if (t == "Lit") {
      unescape(str(p, "Value"), false, false, emit);
    } else if (t == "SglQuoted") {
      out += flag(p, "Dollar") ? ansi_c(str(p, "Value")) : str(p, "Value");
    } else if (t == "DblQuoted" && !flag(p, "Dollar")) {
      for (const auto& inner : list(p, "Parts")) {
        if (str(inner, "Type") != "Lit") return std::nullopt;
        unescape(str(inner, "Value"), true, false, emit);
      }
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::string ShellWords::ansi_c(std::string_view body) {
  std::string out;
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 >= body.size()) {
      out += body[i];
      continue;
    }
    char c = body[++i];
    switch (c) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'e':
      case 'E':
        out += '\x1b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'c':
        if (i + 1 < body.size()) out += static_cast<char>(body[++i] & 0x1f);
        break;
      case 'x':
      case 'u':
      case 'U': {
        size_t max = c == 'x' ? 2 : c == 'u' ? 4 : 8, n = 0;
        unsigned long v = 0;
        while (n < max && i + 1 < body.size() && hex(body[i + 1])) {
          char h = body[++i];
          v = v * 16 + static_cast<unsigned long>(std::isdigit(static_cast<unsigned char>(h))
                                                      ? h - '0'
                                                      : (std::tolower(h) - 'a' + 10));
          ++n;
        }
        if (n == 0)
          out += std::string("\\") + c;
        else if (c == 'x')
          out += static_cast<char>(v);
        else
          append_utf8(out, v);
        break;
      }
      default:
        if (c >= '0' && c <= '7') {
          unsigned v = static_cast<unsigned>(c - '0');
          for (int n = 1; n < 3 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7';
               ++n)
            v = v * 8 + static_cast<unsigned>(body[++i] - '0');
          out += static_cast<char>(v & 0xff);
        } else if (c == '\\' || c == '\'' || c == '"' || c == '?') {
          out += c;
        } else {
          out += '\\';
          out += c;
        }
    }
  }
  return out;
}

bool ShellWords::safe_value(std::string_view v) {
  static constexpr std::string_view kSafe =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/@%+,=^";
  return !v.empty() && v[0] != '-' && v.find_first_not_of(kSafe) == std::string_view::npos;
}

}  // namespace opsdeck::app::runbook
