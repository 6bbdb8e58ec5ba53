#include "app/runbook/variables.hpp"

#include <cctype>
#include <regex>
#include <set>

#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool valid_name(std::string_view n) {
  if (n.empty() || !is_name_start(n[0])) return false;
  for (char c : n)
    if (!is_name_char(c)) return false;
  return true;
}

bool is_login_environment(std::string_view n) {
  static const std::set<std::string, std::less<>> kEnv = {
      "HOME", "PATH", "USER", "SHELL", "PWD", "OLDPWD", "HOSTNAME", "HOST", "UID", "EUID",
      "GROUPS", "PPID", "RANDOM", "LINENO", "SECONDS", "TERM", "LANG", "LANGUAGE", "LOGNAME",
      "TMPDIR", "IFS", "OSTYPE", "BASH", "BASHPID", "BASH_SOURCE", "BASH_VERSION",
      "BASH_REMATCH", "EDITOR", "VISUAL", "PAGER", "PS1", "PS2", "PS4", "SHLVL", "COLUMNS",
      "LINES", "MACHTYPE", "HOSTTYPE", "DISPLAY", "SSH_AUTH_SOCK", "SSH_CLIENT",
      "SSH_CONNECTION", "SSH_TTY", "MAIL", "REPLY", "PIPESTATUS", "FUNCNAME", "OPTARG",
      "OPTIND", "EPOCHSECONDS", "EPOCHREALTIME", "DIRSTACK"};
  return kEnv.count(n) > 0 || n.starts_with("LC_") || n.starts_with("XDG_");
}

// `<UPPER_SNAKE>` or `<kebab-case>` starting at s[i] == '<'; returns the length or 0.
size_t angle_at(std::string_view s, size_t i, std::string* name) {
  if (i >= s.size() || s[i] != '<') return 0;
  size_t j = i + 1;
  if (j < s.size() && std::isupper(static_cast<unsigned char>(s[j]))) {
    while (j < s.size() && (std::isupper(static_cast<unsigned char>(s[j])) ||
                            std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '_'))
      ++j;
  } else if (j < s.size() && std::islower(static_cast<unsigned char>(s[j]))) {
    int dashes = 0;
    while (j < s.size() && (std::islower(static_cast<unsigned char>(s[j])) ||
                            std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '-')) {
      if (s[j] == '-') {
        if (s[j - 1] == '-') return 0;
        ++dashes;
      }
      ++j;
    }
    if (dashes == 0 || s[j - 1] == '-') return 0;
  } else {
    return 0;
  }
  if (j >= s.size() || s[j] != '>') return 0;
  if (name) *name = std::string(s.substr(i + 1, j - i - 1));
  return j - i + 1;
}

bool is_bare_placeholder(std::string_view w) {
  static const std::regex bare(R"(^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$)");
  return w.size() < 256 && std::regex_match(std::string(w), bare);
}

class ShellScanner {
 public:
  ShellScanner(std::string_view s, VariableScan& out) : s_(s), out_(out) {}

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
      } else if (c == '#' && word_.empty()) {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (c == '<' && angle_at(s_, i_, &tmp_)) {
        size_t n = angle_at(s_, i_, nullptr);
        use_angle(tmp_);
        word_.append(s_.substr(i_, n));
        i_ += n;
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
        if (i_ + 1 < s_.size() && s_[i_ + 1] != '\n') word_.push_back(s_[i_ + 1]);
        i_ += 2;
      } else if (c == '$') {
        dollar(false);
      } else {
        word_.push_back(c);
        ++i_;
      }
    }
    end_command();
  }

 private:
  void use(const std::string& name, const std::string* def) {
    if (!valid_name(name) || assigned_.count(name) || is_login_environment(name)) return;
    if (def && !out_.defaults.count(name)) out_.defaults[name] = *def;
    if (seen_.insert(name).second) out_.names.push_back(name);
  }
  void use_angle(const std::string& name) {
    if (seen_.insert(name).second) out_.names.push_back(name);
  }

  void end_word() {
    if (!word_.empty() || quoted_word_) words_.push_back(word_);
    word_.clear();
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

  void analyse(const std::vector<std::string>& w) {
    size_t i = 0;
    static const std::set<std::string, std::less<>> kKeywords = {
        "while", "until", "if", "then", "do", "else", "elif", "!", "{", "time", "sudo", "nohup"};
    while (i < w.size() && kKeywords.count(w[i])) ++i;
    while (i < w.size() && w[i].find('=') != std::string::npos && valid_name(std::string_view(w[i]).substr(0, w[i].find('=')))) {
      assign(w[i]);
      ++i;
    }
    // Bare UPPER_SNAKE values of --options.
    for (size_t k = i + 1; k < w.size(); ++k) {
      if (w[k - 1].starts_with("--") && w[k - 1].find('=') == std::string::npos &&
          is_bare_placeholder(w[k]) && !assigned_.count(w[k])) {
        if (seen_.insert(w[k]).second) out_.names.push_back(w[k]);
      }
    }
    if (i >= w.size()) return;
    const std::string& head = w[i];
    if (head == "export" || head == "local" || head == "declare" || head == "typeset" ||
        head == "readonly") {
      for (size_t k = i + 1; k < w.size(); ++k)
        if (!w[k].starts_with("-")) assign(w[k]);
    } else if (head == "read" || head == "mapfile" || head == "readarray") {
      for (size_t k = i + 1; k < w.size(); ++k) {
        if (w[k].starts_with("-")) {
          if (w[k] == "-a") continue;  // read -a NAME: NAME follows
          if (w[k].size() == 2 && std::string_view("pdtnNuiCc").find(w[k][1]) != std::string_view::npos) ++k;
          continue;
        }
        assign(w[k]);
      }
    } else if ((head == "for" || head == "select") && i + 1 < w.size()) {
      assign(w[i + 1]);
    } else if (head == "getopts" && i + 2 < w.size()) {
      assign(w[i + 2]);
    }
  }

  void single_quoted() {
    quoted_word_ = true;
    ++i_;
    while (i_ < s_.size() && s_[i_] != '\'') {
      if (s_[i_] == '<' && angle_at(s_, i_, &tmp_)) use_angle(tmp_);
      word_.push_back(s_[i_]);
      ++i_;
    }
    ++i_;
  }

  void double_quoted() {
    quoted_word_ = true;
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_];
      if (c == '\\' && i_ + 1 < s_.size()) {
        word_.push_back(s_[i_ + 1]);
        i_ += 2;
      } else if (c == '$') {
        dollar(true);
      } else {
        if (c == '<' && angle_at(s_, i_, &tmp_)) use_angle(tmp_);
        word_.push_back(c);
        ++i_;
      }
    }
    ++i_;
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
      use(name, has_def ? &def : nullptr);
    } else if (c == '(') {
      if (i_ + 1 < s_.size() && s_[i_ + 1] == '(') {  // $(( arithmetic ))
        size_t end = s_.find("))", i_);
        i_ = end == std::string_view::npos ? s_.size() : end + 2;
      } else if (!in_double) {
        end_command();  // $( ... ): a nested command; ')' ends it
        ++i_;
      } else {
        ++i_;
      }
    } else if (c == '\'' && !in_double) {
      --i_;
      ++i_;
      single_quoted();
    } else if (is_name_start(c)) {
      size_t j = i_;
      while (j < s_.size() && is_name_char(s_[j])) ++j;
      use(std::string(s_.substr(i_, j - i_)), nullptr);
      i_ = j;
    } else {
      ++i_;  // $1 $? $@ $# $$ $! $0 $* $- : shell specials
    }
    word_.append(s_.substr(start, i_ - start));
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
        i_ = std::min(nl + 1, s_.size());
        std::string_view cmp = h.dash ? trim(line) : line;
        if (!cmp.empty() && cmp.back() == '\r') cmp.remove_suffix(1);
        if (cmp == h.delim) break;
        scan_body(line, !h.quoted);
      }
    }
    pending_.clear();
  }

  void scan_body(std::string_view line, bool expand) {
    for (size_t k = 0; k < line.size(); ++k)
      if (line[k] == '<' && angle_at(line, k, &tmp_)) use_angle(tmp_);
    if (!expand) return;
    static const std::regex ref(
        R"((^|[^\\])\$(\{[#!]?([A-Za-z_][A-Za-z0-9_]*)(:?[-=]([^}]*))?[^}]*\}|([A-Za-z_][A-Za-z0-9_]*)))");
    std::string text = regex_input(line);
    for (std::sregex_iterator it(text.begin(), text.end(), ref), end; it != end; ++it) {
      const auto& m = *it;
      if (m[3].matched) {
        std::string def = m[5].str();
        use(m[3].str(), m[4].matched ? &def : nullptr);
      } else {
        use(m[6].str(), nullptr);
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
  size_t i_ = 0;
  std::string word_;
  bool quoted_word_ = false;
  std::vector<std::string> words_;
  std::set<std::string> assigned_;
  std::set<std::string> seen_;
  std::vector<Heredoc> pending_;
  std::string tmp_;
};

// Replaces the word `name` where it is the value of a `--option` (`--task NAME`).
std::string replace_option_value(const std::string& body, const std::string& name, const std::string& value) {
  std::string out;
  size_t pos = 0;
  for (size_t at = body.find(name); at != std::string::npos; at = body.find(name, at + 1)) {
    size_t end = at + name.size();
    if (end < body.size() && is_name_char(body[end])) continue;
    size_t k = at;
    if (k == 0 || (body[k - 1] != ' ' && body[k - 1] != '\t')) continue;
    while (k > 0 && (body[k - 1] == ' ' || body[k - 1] == '\t')) --k;
    size_t w = k;
    while (w > 0 && !std::isspace(static_cast<unsigned char>(body[w - 1]))) --w;
    std::string_view opt(body.data() + w, k - w);
    if (!opt.starts_with("--") || opt.size() < 3 || opt.find('=') != std::string_view::npos) continue;
    out.append(body, pos, at - pos);
    out += value;
    pos = end;
  }
  out.append(body, pos, std::string::npos);
  return out;
}

// The scan fill_variables() relies on (the placeholder forms it knows how to fill);
// find_variables() (variable_scan.cpp) reports more spellings.
VariableScan fill_scan(std::string_view code, bool shell) {
  VariableScan out;
  if (shell) {
    ShellScanner(code, out).run();
    return out;
  }
  std::set<std::string> seen;
  std::string name;
  for (size_t i = 0; i < code.size(); ++i) {
    if (size_t n = angle_at(code, i, &name)) {
      if (seen.insert(name).second) out.names.push_back(name);
      i += n - 1;
    }
  }
  return out;
}

}  // namespace

std::string shell_quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  out += "'";
  return out;
}

std::string fill_variables(std::string_view code, const std::map<std::string, std::string>& values,
                           bool shell) {
  auto safe = [](std::string_view v) {
    if (v.empty()) return false;
    for (char c : v)
      if (!std::isalnum(static_cast<unsigned char>(c)) &&
          std::string_view("_@%+=:,./-").find(c) == std::string_view::npos)
        return false;
    return true;
  };
  std::string body;
  char quote = 0;
  std::string name;
  std::set<std::string> angle_names;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (size_t n = angle_at(code, i, &name)) {
      auto it = values.find(name);
      angle_names.insert(name);
      if (it != values.end()) {
        const std::string& v = it->second;
        if (!shell || safe(v)) {
          body += v;
        } else if (quote == '\'') {
          for (char ch : v) body += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
        } else if (quote == '"') {
          for (char ch : v) {
            if (ch == '"' || ch == '\\' || ch == '$' || ch == '`') body.push_back('\\');
            body.push_back(ch);
          }
        } else {
          body += shell_quote(v);
        }
        i += n - 1;
        continue;
      }
    }
    if (shell) {
      if (quote == 0 && (c == '\'' || c == '"')) quote = c;
      else if (quote == c) quote = 0;
      else if (c == '\\' && quote != '\'' && i + 1 < code.size()) {
        body.push_back(c);
        c = code[++i];
      }
    }
    body.push_back(c);
  }
  if (!shell) return body;
  // Bare option placeholders (--tasks TASK_ARN).
  auto scan = fill_scan(code, true);
  std::string prefix;
  for (const auto& n : scan.names) {
    auto it = values.find(n);
    if (it == values.end() || angle_names.count(n)) continue;
    if (is_bare_placeholder(n)) {
      body = replace_option_value(body, n, safe(it->second) ? it->second : shell_quote(it->second));
    }
    prefix += "export " + n + "=" + shell_quote(it->second) + "\n";
  }
  return prefix + body;
}

}  // namespace opsdeck::app::runbook
