#include "app/runbook/command_units.hpp"

#include <cctype>

#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

namespace {

struct PendingHeredoc {
  std::string delimiter;
};

// What is still open at the end of a line.
struct OpenState {
  char quote = 0;            // ' " or ` left open
  int keywords = 0;          // if/case/for/while/until/select not yet closed
  int parens = 0;            // ( and $( not yet closed
  int braces = 0;            // { not yet closed
  bool continued = false;    // ends in \ | && ||
  bool backslash = false;    // ends in \: the next line goes on with the same words
  std::vector<PendingHeredoc> heredocs;

  bool open() const {
    return quote != 0 || keywords > 0 || parens > 0 || braces > 0 || continued || !heredocs.empty();
  }
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Reads one command line (not a here-document body line), updating `st`. Returns the
// text of a trailing comment ("" if none).
std::string scan_line(std::string_view line, OpenState& st) {
  std::string comment;
  std::string word;
  // After `a |` or `a &&` the next line starts a command; after `a \` it goes on with a's words.
  bool command_position = st.quote == 0 && !st.backslash;
  st.continued = false;
  st.backslash = false;
  bool trailing_backslash = false;
  auto end_word = [&] {
    if (word.empty()) return;
    bool was_command_position = command_position;
    command_position = false;
    if (!was_command_position) {
      word.clear();
      return;
    }
    if (word == "if" || word == "case" || word == "for" || word == "while" || word == "until" ||
        word == "select") {
      ++st.keywords;
    } else if (word == "fi" || word == "done" || word == "esac") {
      if (st.keywords > 0) --st.keywords;
    } else if (word == "{") {
      ++st.braces;
      command_position = true;
    } else if (word == "}") {
      if (st.braces > 0) --st.braces;
    }
    if (word == "then" || word == "do" || word == "else" || word == "elif" || word == "!" ||
        word == "time" || word == "in" || word == "sudo")
      command_position = true;
    word.clear();
  };
  size_t n = line.size();
  for (size_t i = 0; i < n; ++i) {
    char c = line[i];
    if (st.quote) {
      if (c == '\\' && st.quote != '\'' && i + 1 < n) {
        ++i;
      } else if (c == st.quote) {
        st.quote = 0;
      }
      word.push_back('x');
      continue;
    }
    if (c == '\\') {
      if (i + 1 == n) {
        trailing_backslash = true;
      } else {
        ++i;
        word.push_back('x');
      }
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      st.quote = c;
      word.push_back('x');
      continue;
    }
    if (c == '#' && word.empty()) {
      comment = std::string(trim(line.substr(i + 1)));
      n = i;
      break;
    }
    if (is_space(c)) {
      end_word();
      continue;
    }
    if (c == '<' && i + 1 < n && line[i + 1] == '<') {
      end_word();
      if (i + 2 < n && line[i + 2] == '<') {  // <<< here-string
        i += 2;
        continue;
      }
      size_t j = i + 2;
      if (j < n && (line[j] == '-' || line[j] == '~')) ++j;
      while (j < n && is_space(line[j])) ++j;
      std::string delim;
      while (j < n && !is_space(line[j]) && std::string_view(";|&<>()").find(line[j]) == std::string_view::npos) {
        if (line[j] != '\'' && line[j] != '"' && line[j] != '\\') delim.push_back(line[j]);
        ++j;
      }
      if (!delim.empty()) st.heredocs.push_back({delim});
      i = j - 1;
      continue;
    }
    if (c == '(') {
      end_word();
      ++st.parens;
      command_position = true;
      continue;
    }
    if (c == ')') {
      end_word();
      if (st.parens > 0) --st.parens;
      command_position = true;  // `name() {`
      continue;
    }
    if (c == ';' || c == '|' || c == '&') {
      end_word();
      command_position = true;
      continue;
    }
    word.push_back(c);
  }
  end_word();
  if (st.quote == 0) {
    auto body = trim(line.substr(0, n));
    st.backslash = trailing_backslash;
    st.continued = trailing_backslash || body.ends_with("|") || body.ends_with("&&");
  }
  return comment;
}

// "or", "# or", "# --- or ---", "# Or:", "# alternatively", "# otherwise"
bool is_or_separator(std::string_view text) {
  std::string w;
  for (char c : text)
    if (std::isalpha(static_cast<unsigned char>(c)) || c == ' ') w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto t = trim(w);
  return t == "or" || t == "alternatively" || t == "or alternatively" || t == "otherwise" ||
         t == "or instead";
}

}  // namespace

bool is_prompted_block(std::string_view lang, std::string_view code) {
  if (lang == "console" || lang == "shell-session" || lang == "shellsession") return true;
  for (auto l : split_lines(code)) {
    auto t = trim(l);
    if (t.empty() || t.front() == '#') continue;
    return t.starts_with("$ ");
  }
  return false;
}

std::vector<CommandUnit> split_command_units(std::string_view code, bool prompted) {
  std::vector<CommandUnit> out;
  auto lines = split_lines(code);
  OpenState st;
  bool in_unit = false;
  std::vector<std::string> comments;
  int comment_line = -1;
  bool blank = false;
  bool or_pending = false;
  size_t heredoc_index = 0;
  for (size_t k = 0; k < lines.size(); ++k) {
    std::string_view raw = lines[k];
    auto t = trim(raw);
    int at = static_cast<int>(k);
    if (in_unit && heredoc_index < st.heredocs.size()) {
      CommandUnit& u = out.back();
      u.text += "\n";
      u.text += raw;
      u.end_line = at;
      if (t == st.heredocs[heredoc_index].delimiter) ++heredoc_index;
      if (heredoc_index == st.heredocs.size()) {
        st.heredocs.clear();
        heredoc_index = 0;
        in_unit = st.open();
      }
      continue;
    }
    if (in_unit) {
      CommandUnit& u = out.back();
      u.text += "\n";
      u.text += raw;
      u.end_line = at;
      scan_line(raw, st);
      heredoc_index = 0;
      in_unit = st.open();
      continue;
    }
    if (t.empty()) {
      blank = true;
      continue;
    }
    if (t.front() == '#' && !t.starts_with("#!")) {
      auto text = trim(t.substr(1));
      if (is_or_separator(text)) {
        or_pending = true;
        comments.clear();
        comment_line = -1;
        continue;
      }
      if (comments.empty()) comment_line = at;
      comments.emplace_back(text);
      continue;
    }
    if (is_or_separator(t) && t.size() <= 12) {
      or_pending = true;
      continue;
    }
    std::string_view cmd = raw;
    if (prompted) {
      if (!t.starts_with("$ ")) continue;  // output of the command above
      cmd = trim(t.substr(2));
    }
    CommandUnit u;
    u.line = at;
    u.end_line = at;
    u.comment_line = comment_line;
    u.comments = std::move(comments);
    u.blank_before = blank && !out.empty();
    u.or_before = or_pending && !out.empty();
    u.text = std::string(cmd);
    st = OpenState{};
    u.trailing_comment = scan_line(cmd, st);
    heredoc_index = 0;
    out.push_back(std::move(u));
    in_unit = st.open();
    comments.clear();
    comment_line = -1;
    blank = false;
    or_pending = false;
  }
  return out;
}

}  // namespace opsdeck::app::runbook
