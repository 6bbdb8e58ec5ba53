// find_variables() (declared in variables.hpp): the placeholders an operator must fill,
// in every spelling runbooks use. Pure; no state outside one call.

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "app/runbook/placeholder_words.hpp"
#include "app/runbook/shell_text.hpp"
#include "app/runbook/variables.hpp"

namespace opsdeck::app::runbook {

namespace {

using NameSet = std::set<std::string, std::less<>>;

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }

bool valid_name(std::string_view n) {
  if (n.empty() || !is_name_start(n[0])) return false;
  return std::all_of(n.begin(), n.end(), is_name_char);
}

// Placeholders found, with where they start, reported in text order.
class Found {
 public:
  void add(size_t pos, std::string name) { items_.push_back({pos, items_.size(), std::move(name)}); }
  std::vector<std::string> names() const {
    auto sorted = items_;
    std::sort(sorted.begin(), sorted.end(), [](const Item& a, const Item& b) {
      return a.pos != b.pos ? a.pos < b.pos : a.seq < b.seq;
    });
    std::vector<std::string> out;
    NameSet seen;
    for (const auto& i : sorted)
      if (seen.insert(i.name).second) out.push_back(i.name);
    return out;
  }

 private:
  struct Item {
    size_t pos;
    size_t seq;
    std::string name;
  };
  std::vector<Item> items_;
};

// YOUR_X / X_HERE / your-x words in `text` (which starts at `offset` of the block).
void scan_fill_me_words(std::string_view text, size_t offset, Found& found) {
  for_each_fill_me_word(text, [&](size_t at, std::string name) { found.add(offset + at, std::move(name)); });
}

// Walks a shell block as bash reads it: quotes, `$` expansions, here-documents,
// comments. Each word keeps, per character, where it came from:
//   u unquoted  d "double-quoted"  s 'single-quoted'  e \escaped  v $expansion
//   a <placeholder>/{placeholder}  p "a prose or SQL string"
class ShellScanner {
 public:
  // `assigned_anywhere`: every name the block assigns (from a first pass); null in that pass.
  ShellScanner(std::string_view s, VariableScan& out, Found& found, const NameSet* assigned_anywhere)
      : s_(s), out_(out), found_(found), assigned_anywhere_(assigned_anywhere),
        markup_(s.find("</") != std::string_view::npos) {}

  const NameSet& assigned() const { return assigned_; }

  void run() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\n') {
        end_command();
        ++i_;
        read_heredocs();
      } else if (c == ' ' || c == '\t' || c == '\r') {
        end_word();
        ++i_;
      } else if (c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '`') {
        end_command();
        ++i_;
      } else if (c == '#' && word_.text.empty()) {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (c == '<' && angle_at(s_, i_, markup_, &tmp_)) {
        placeholder(angle_at(s_, i_, markup_, nullptr));
      } else if (c == '{' && brace_at(s_, i_, &tmp_)) {
        placeholder(brace_at(s_, i_, nullptr));
      } else if (c == '<' && i_ + 1 < s_.size() && s_[i_ + 1] == '<' &&
                 !(i_ + 2 < s_.size() && s_[i_ + 2] == '<')) {
        end_word();
        i_ += 2;
        heredoc();
      } else if (c == '<' || c == '>') {
        end_word();
        ++i_;
      } else if (c == '\'') {
        single_quoted();
      } else if (c == '"') {
        double_quoted();
      } else if (c == '\\') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] != '\n') push(s_[i_ + 1], 'e', i_ + 1);
        i_ += 2;
      } else if (c == '$') {
        dollar(false);
      } else {
        push(c, 'u', i_);
        ++i_;
      }
    }
    end_command();
  }

 private:
  struct Word {
    std::string text;
    std::string mask;
    std::vector<size_t> pos;
  };

  void push(char c, char origin, size_t at) {
    word_.text.push_back(c);
    word_.mask.push_back(origin);
    word_.pos.push_back(at);
  }

  void placeholder(size_t n) {
    found_.add(i_, tmp_);
    for (size_t k = 0; k < n; ++k) push(s_[i_ + k], 'a', i_ + k);
    i_ += n;
  }

  void use(const std::string& name, const std::string* def, size_t at) {
    if (!valid_name(name) || assigned_.count(name) || is_login_environment(name)) return;
    if (def && !out_.defaults.count(name)) out_.defaults[name] = *def;
    found_.add(at, name);
  }

  void end_word() {
    if (!word_.text.empty() || quoted_word_) words_.push_back(std::move(word_));
    word_ = {};
    quoted_word_ = false;
  }

  void end_command() {
    end_word();
    analyse(words_);
    words_.clear();
  }

  void assign(std::string_view w) {
    auto eq = w.find('=');
    auto name = w.substr(0, eq == std::string_view::npos ? w.size() : eq);
    if (!name.empty() && name.back() == '+') name.remove_suffix(1);  // FOO+=x
    if (valid_name(name)) assigned_.insert(std::string(name));
  }

  // The command's name: the first word after keywords, sudo/env and assignments.
  std::string head_of(const std::vector<Word>& w) const {
    static const NameSet kSkip = {"while", "until", "if", "then", "do", "else", "elif", "!", "{",
                                  "time", "sudo", "nohup", "env", "exec", "command"};
    for (const auto& x : w) {
      if (kSkip.count(x.text) || x.text.starts_with("-")) continue;
      auto eq = x.text.find('=');
      if (eq != std::string::npos && valid_name(std::string_view(x.text).substr(0, eq))) continue;
      return x.text;
    }
    return {};
  }

  void analyse(const std::vector<Word>& w) {
    size_t i = 0;
    static const NameSet kKeywords = {"while", "until", "if", "then", "do", "else", "elif", "!", "{", "time", "sudo", "nohup"};
    while (i < w.size() && kKeywords.count(w[i].text)) ++i;
    while (i < w.size() && w[i].text.find('=') != std::string::npos &&
           valid_name(std::string_view(w[i].text).substr(0, w[i].text.find('=')))) {
      assign(w[i].text);
      ++i;
    }
    bare_words(w, i);
    if (i >= w.size()) return;
    const std::string& head = w[i].text;
    if (head == "export" || head == "local" || head == "declare" || head == "typeset" || head == "readonly") {
      for (size_t k = i + 1; k < w.size(); ++k)
        if (!w[k].text.starts_with("-")) assign(w[k].text);
    } else if (head == "read" || head == "mapfile" || head == "readarray") {
      for (size_t k = i + 1; k < w.size(); ++k) {
        if (w[k].text.starts_with("-")) {
          if (w[k].text == "-a") continue;  // read -a NAME: NAME follows
          if (w[k].text.size() == 2 && std::string_view("pdtnNuiCc").find(w[k].text[1]) != std::string_view::npos) ++k;
          continue;
        }
        assign(w[k].text);
      }
    } else if ((head == "for" || head == "select") && i + 1 < w.size()) {
      assign(w[i + 1].text);
    } else if (head == "getopts" && i + 2 < w.size()) {
      assign(w[i + 2].text);
    }
  }

  // YOUR_X / X_HERE anywhere; other ALL_CAPS words (DB_HOST, COMMIT_HASH, PID) where the
  // command reads a value: unquoted or in a "…" that is not prose, standing alone or
  // after = , : @ . ( [ //, not a KEY= name, not a path component, not an option.
  void bare_words(const std::vector<Word>& w, size_t first) {
    if (!assigned_anywhere_) return;
    static const NameSet kNamesNotValues = {
        "grep", "egrep", "fgrep", "rg", "sed", "awk", "gawk", "jq", "yq", "printenv", "unset",
        "export", "echo", "printf", "logger", "redis-cli", "read", "declare", "local", "readonly",
        "typeset", "set", "test", "[", "[[", "env", "trap", "getopts", "alias", "mapfile"};
    std::string head = head_of(w);
    bool names_not_values = kNamesNotValues.count(head) > 0;
    for (size_t k = first; k < w.size(); ++k) {
      const Word& x = w[k];
      bool is_head = x.text == head && k <= first + 1;
      for (size_t a = 0; a < x.text.size();) {
        if (!is_name_char(x.text[a])) {
          ++a;
          continue;
        }
        size_t b = a;
        while (b < x.text.size() && is_name_char(x.text[b])) ++b;
        std::string_view tok(x.text.data() + a, b - a);
        bool plain = true;
        bool literal = true;
        for (size_t m = a; m < b; ++m) {
          char o = x.mask[m];
          plain = plain && (o == 'u' || o == 'd');
          literal = literal && o != 'v' && o != 'a';
        }
        if (literal && is_caps_token(tok) && is_fill_me_word(tok)) {
          found_.add(x.pos[a], std::string(tok));
        } else if (plain && !is_head && !names_not_values && is_caps_token(tok) && stands_alone(x.text, a, b) &&
                   !is_constant_word(tok) && !is_tool_environment(tok) && !is_login_environment(tok) &&
                   !assigned_anywhere_->count(tok)) {
          found_.add(x.pos[a], std::string(tok));
        }
        a = b;
      }
      // your-domain, your_bucket
      for (size_t a = 0; a < x.text.size();) {
        if (!is_fill_me_char(x.text[a])) {
          ++a;
          continue;
        }
        size_t b = a;
        while (b < x.text.size() && is_fill_me_char(x.text[b])) ++b;
        std::string_view run(x.text.data() + a, b - a);
        while (!run.empty() && run.back() == '-') run.remove_suffix(1);
        if (run.starts_with("your") && is_fill_me_word(run) && std::none_of(run.begin(), run.end(), is_upper) &&
            x.mask[a] != 'v' && x.mask[a] != 'a')
          found_.add(x.pos[a], std::string(run));
        a = b;
      }
    }
  }

  static bool stands_alone(const std::string& t, size_t a, size_t b) {
    static const std::string_view kBefore = "=,:@.([";
    static const std::string_view kAfter = ",:./)]@;";
    if (a > 0) {
      char p = t[a - 1];
      bool url_host = p == '/' && a >= 2 && t[a - 2] == '/';
      if (!url_host && kBefore.find(p) == std::string_view::npos) return false;
    }
    if (b < t.size() && kAfter.find(t[b]) == std::string_view::npos) return false;
    return true;
  }

  void single_quoted() {
    quoted_word_ = true;
    std::string head = head_of(words_);
    static const NameSet kPrograms = {"awk", "gawk", "jq", "yq", "sed", "perl", "python", "python3", "ruby", "node"};
    bool program = kPrograms.count(head) > 0 || (words_.empty() && kPrograms.count(word_.text));
    ++i_;
    while (i_ < s_.size() && s_[i_] != '\'') {
      if (s_[i_] == '<' && angle_at(s_, i_, markup_, &tmp_)) found_.add(i_, tmp_);
      if (!program && s_[i_] == '{' && brace_at(s_, i_, &tmp_)) found_.add(i_, tmp_);
      if (!program && s_[i_] == '"') json_value(i_ + 1);
      push(s_[i_], 's', i_);
      ++i_;
    }
    ++i_;
  }

  // '{"job_id": "JOB_ID"}': a JSON string value in capitals inside a quoted payload.
  void json_value(size_t at) {
    size_t j = at;
    while (j < s_.size() && (is_upper(s_[j]) || std::isdigit(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
    if (j >= s_.size() || s_[j] != '"' || j == at) return;
    std::string_view tok = s_.substr(at, j - at);
    if (is_caps_token(tok) && !is_constant_word(tok) && !is_tool_environment(tok) && assigned_anywhere_ &&
        !assigned_anywhere_->count(tok))
      found_.add(at, std::string(tok));
  }

  void double_quoted() {
    quoted_word_ = true;
    size_t from = word_.text.size();
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_];
      if (c == '\\' && i_ + 1 < s_.size()) {
        push(s_[i_ + 1], 'e', i_ + 1);
        i_ += 2;
      } else if (c == '$') {
        dollar(true);
      } else if (c == '<' && angle_at(s_, i_, markup_, &tmp_)) {
        placeholder(angle_at(s_, i_, markup_, nullptr));
      } else if (c == '{' && brace_at(s_, i_, &tmp_)) {
        placeholder(brace_at(s_, i_, nullptr));
      } else {
        push(c, 'd', i_);
        ++i_;
      }
    }
    ++i_;
    if (is_prose_or_sql(std::string_view(word_.text).substr(from)))
      for (size_t k = from; k < word_.mask.size(); ++k)
        if (word_.mask[k] == 'd') word_.mask[k] = 'p';
  }

  // "testing the pager", "SELECT count(*) FROM users": words for people or for a database.
  static bool is_prose_or_sql(std::string_view s) {
    static const std::regex sql(
        R"(^\s*(select|insert|update|delete|create|alter|drop|grant|revoke|truncate|with|explain|vacuum|analyze|show|begin|set)\b)",
        std::regex::icase);
    if (std::regex_search(regex_input(s), sql)) return true;
    int words = 0;
    bool in_word = false;
    for (char c : s) {
      if (std::string_view("=:/@").find(c) != std::string_view::npos) return false;
      bool space = c == ' ';
      if (!space && !in_word) ++words;
      in_word = !space;
    }
    return words >= 3;
  }

  // At s_[i_] == '$'.
  void dollar(bool in_double) {
    size_t start = i_;
    ++i_;
    if (i_ >= s_.size()) return;
    char c = s_[i_];
    if (c == '{') {
      size_t depth = 1;
      size_t j = i_ + 1;
      while (j < s_.size() && depth > 0) {
        if (s_[j] == '{') ++depth;
        if (s_[j] == '}') --depth;
        ++j;
      }
      std::string_view inner = s_.substr(i_ + 1, (j - 1) - (i_ + 1));
      i_ = j;
      if (!inner.empty() && (inner[0] == '#' || inner[0] == '!')) inner.remove_prefix(1);
      size_t n = 0;
      while (n < inner.size() && is_name_char(inner[n])) ++n;
      std::string name(inner.substr(0, n));
      auto rest = inner.substr(n);
      std::string def;
      bool has_def = false;
      for (std::string_view op : {":-", ":=", "-", "="}) {
        if (rest.starts_with(op)) {
          def = std::string(rest.substr(op.size()));
          has_def = true;
          break;
        }
      }
      use(name, has_def ? &def : nullptr, start);
    } else if (c == '(') {
      if (i_ + 1 < s_.size() && s_[i_ + 1] == '(') {  // $(( arithmetic ))
        size_t end = s_.find("))", i_);
        i_ = end == std::string_view::npos ? s_.size() : end + 2;
      } else if (!in_double) {
        end_command();  // $( ... ): a nested command; ')' ends it
        ++i_;
        return;
      } else {
        ++i_;
      }
    } else if (c == '\'' && !in_double) {
      single_quoted();
      return;
    } else if (is_name_start(c)) {
      size_t j = i_;
      while (j < s_.size() && is_name_char(s_[j])) ++j;
      use(std::string(s_.substr(i_, j - i_)), nullptr, start);
      i_ = j;
    } else {
      ++i_;  // $1 $? $@ $# $$ $! $0 $* $- : shell specials
    }
    for (size_t k = start; k < i_; ++k) push(s_[k], 'v', k);
  }

  void heredoc() {
    bool dash = i_ < s_.size() && s_[i_] == '-';
    if (dash) ++i_;
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    std::string delim;
    bool quoted = false;
    while (i_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[i_])) &&
           std::string_view(";|&<>()").find(s_[i_]) == std::string_view::npos) {
      char c = s_[i_++];
      if (c == '\'' || c == '"' || c == '\\') {
        quoted = true;
        continue;
      }
      delim.push_back(c);
    }
    if (!delim.empty()) pending_.push_back({delim, quoted, dash});
  }

  void read_heredocs() {
    for (const auto& h : pending_) {
      while (i_ < s_.size()) {
        size_t nl = s_.find('\n', i_);
        if (nl == std::string_view::npos) nl = s_.size();
        std::string_view line = s_.substr(i_, nl - i_);
        size_t at = i_;
        i_ = std::min(nl + 1, s_.size());
        std::string_view cmp = h.dash ? trim(line) : line;
        if (!cmp.empty() && cmp.back() == '\r') cmp.remove_suffix(1);
        if (cmp == h.delim) break;
        scan_body(line, at, !h.quoted);
      }
    }
    pending_.clear();
  }

  void scan_body(std::string_view line, size_t at, bool expand) {
    for (size_t k = 0; k < line.size(); ++k)
      if (line[k] == '<' && angle_at(line, k, markup_, &tmp_)) found_.add(at + k, tmp_);
    scan_fill_me_words(line, at, found_);
    if (!expand) return;
    static const std::regex ref(
        R"((^|[^\\])\$(\{[#!]?([A-Za-z_][A-Za-z0-9_]*)(:?[-=]([^}]*))?[^}]*\}|([A-Za-z_][A-Za-z0-9_]*)))");
    std::string text = regex_input(line);
    for (std::sregex_iterator it(text.begin(), text.end(), ref), end; it != end; ++it) {
      const auto& m = *it;
      size_t pos = at + static_cast<size_t>(m.position(0));
      if (m[3].matched) {
        std::string def = m[5].str();
        use(m[3].str(), m[4].matched ? &def : nullptr, pos);
      } else {
        use(m[6].str(), nullptr, pos);
      }
    }
  }

  struct Heredoc {
    std::string delim;
    bool quoted;
    bool dash;
  };

  std::string_view s_;
  VariableScan& out_;
  Found& found_;
  const NameSet* assigned_anywhere_;
  bool markup_;
  size_t i_ = 0;
  Word word_;
  bool quoted_word_ = false;
  std::vector<Word> words_;
  NameSet assigned_;
  std::vector<Heredoc> pending_;
  std::string tmp_;
};

}  // namespace

VariableScan find_variables(std::string_view code, bool shell) {
  VariableScan out;
  Found found;
  if (shell) {
    NameSet assigned;
    {
      VariableScan ignored;
      Found ignored_found;
      ShellScanner pre(code, ignored, ignored_found, nullptr);
      pre.run();
      assigned = pre.assigned();
    }
    ShellScanner(code, out, found, &assigned).run();
  } else {
    bool markup = code.find("</") != std::string_view::npos;
    std::string name;
    for (size_t i = 0; i < code.size(); ++i) {
      if (size_t n = angle_at(code, i, markup, &name)) {
        found.add(i, name);
        i += n - 1;
      }
    }
    scan_fill_me_words(code, 0, found);
  }
  out.names = found.names();
  return out;
}

}  // namespace opsdeck::app::runbook
