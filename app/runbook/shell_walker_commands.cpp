#include <algorithm>

#include "app/runbook/read_only_allowlist.hpp"
#include "app/runbook/shell_syntax.hpp"
#include "app/runbook/shell_walker.hpp"

namespace opsdeck::app::runbook {

using nlohmann::json;
using namespace shell_tree;

void ShellWalker::judge_command(ShellCommand c) {
  if (!c.words[0].known) return final_command(c);
  PeeledCommand p = peel_wrappers(c);
  if (!p.wrapper_problem.empty()) unproven(c.line, c.text(), p.wrapper_problem);
  for (const auto& inner : p.commands) final_command(inner);
  for (const auto& [inner, why] : p.unseen) {
    out_.commands.push_back(inner.text());
    unproven(inner.line, inner.text(), why);
    destructive(why + ": opsdeck cannot tell what runs", inner.text(), inner.line);
  }
  for (const auto& s : p.scripts) nested(s);
}

void ShellWalker::final_command(const ShellCommand& c) {
  const std::string text = c.text();
  out_.commands.push_back(text);
  if (!c.words[0].known) {
    unproven(c.line, text, "the command name `" + c.words[0].text + "` is not literal");
    add_destructive("command name is not literal (`" + one_line(c.words[0].text) +
                    "`): opsdeck cannot tell what runs (line " + std::to_string(c.line) + ")");
    return;
  }
  run_written_file(c);
  if (f_->scan.functions.count(c.name()))
    unproven(c.line, text, "calls `" + c.name() + "`, a function defined in the script");
  else if (auto why = read_only_problem(c); !why.empty())
    unproven(c.line, text, why);
  for (const auto& r : patterns_.reasons(c)) destructive(r, text, c.line);
}

void ShellWalker::redirect(const json& r, StdinSource& input, const json& s,
                           std::vector<std::pair<std::string, bool>>& outputs) {
  if (!fields_understood(r, "Redirect")) return;
  const int op = num(r, "Op");
  const json* word = field(r, "Word");
  auto is = [&](RedirOp o) { return op == static_cast<int>(o); };
  if (is(RedirOp::Heredoc) || is(RedirOp::DashHeredoc)) {
    const json* body = field(r, "Hdoc");
    bool quoted_delimiter = false;  // <<'EOF', <<"EOF", <<\EOF: the body is literal text
    if (word)
      for (const auto& p : list(*word, "Parts"))
        if (str(p, "Type") != "Lit" || str(p, "Value").find('\\') != std::string::npos)
          quoted_delimiter = true;
    if (!body) {
      input = {StdinSource::Kind::Text, {}, {}};
    } else if (quoted_delimiter) {
      std::string text;
      for (const auto& p : list(*body, "Parts")) text += str(p, "Value");
      input = {StdinSource::Kind::Text, text, text};
    } else {
      ShellWord w = words_.single(*body, ShellWords::Mode::Heredoc);
      input = {StdinSource::Kind::Text, w.text, w.code};
    }
    return;
  }
  ShellWord target = word ? words_.single(*word) : ShellWord{};
  if (is(RedirOp::HereString)) {
    input = {StdinSource::Kind::Text, target.text + "\n", target.code + "\n"};
  } else if (is(RedirOp::In)) {
    input = {StdinSource::Kind::File, target.text, target.code};
  } else if (is(RedirOp::DupIn)) {
  } else if (is(RedirOp::Out) || is(RedirOp::Append) || is(RedirOp::Clobber) ||
             is(RedirOp::AllOut) || is(RedirOp::AllAppend) || is(RedirOp::ReadWrite) ||
             is(RedirOp::DupOut)) {
    const std::string& t = target.text;
    if (is(RedirOp::DupOut) && target.known && !t.empty() &&
        (t == "-" || t.find_first_not_of("0123456789") == std::string::npos ||
         (t.back() == '-' && t.find_first_not_of("0123456789") == t.size() - 1)))
      return;  // 2>&1, >&2, 3>&-
    const json& parts = word ? list(*word, "Parts") : list(r, "Parts");
    if (parts.size() == 1 && str(parts[0], "Type") == "ProcSubst") return;  // > >(cmd): a pipe
    static constexpr std::string_view kHarmless[] = {"/dev/null", "/dev/stdout", "/dev/stderr",
                                                     "/dev/fd/1", "/dev/fd/2",   "/dev/tty"};
    if (target.known &&
        std::find(std::begin(kHarmless), std::end(kHarmless), t) != std::end(kHarmless))
      return;
    unproven(line(s), source_of(s), "output goes into " + (t.empty() ? std::string("a file") : t));
    if (target.known) outputs.emplace_back(t, is(RedirOp::Append) || is(RedirOp::AllAppend));
    if (target.known && t.starts_with("/dev/") && !t.starts_with("/dev/fd/") &&
        !t.starts_with("/dev/tcp/") && !t.starts_with("/dev/udp/") && !t.starts_with("/dev/pts/") &&
        !t.starts_with("/dev/shm/") && t != "/dev/console")
      destructive("writes onto a device", source_of(s), line(s));
  } else {
    unproven(line(s), source_of(s),
             "redirection operator " + std::to_string(op) + " is not understood");
  }
}

namespace {

std::string file_key(std::string path) {
  while (path.starts_with("./")) path.erase(0, 2);
  return path;
}

}  // namespace

void ShellWalker::record_written(const std::string& path, bool append, const StdinSource& content) {
  auto& entry = written_[file_key(path)];
  if (content.kind != StdinSource::Kind::Text)
    entry.reset();
  else if (append && entry)
    *entry += content.code;
  else
    entry = content.code;
}

// `bash ./x.sh`, `source x.sh`, `./x.sh` after the script wrote x.sh: what it wrote runs.
void ShellWalker::run_written_file(const ShellCommand& c) {
  const std::string n = c.name();
  const auto& w = c.words;
  std::string file = c.path;
  if ((n == "source" || n == ".") && w.size() > 1) file = w[1].text;
  if (is_shell_program(n)) {
    for (size_t i = 1; i < w.size(); ++i) {
      const std::string& t = w[i].text;
      if (t.size() > 1 && t[0] == '-' && t.find('c') != std::string::npos && !t.starts_with("--"))
        return;  // -c text
      if (t == "-o" || t == "-O" || t == "+o" || t == "+O")
        ++i;
      else if (!t.starts_with("-") && !t.starts_with("+")) {
        file = t;
        break;
      }
    }
  }
  if (c.name() == "tee")
    for (size_t i = 1; i < w.size(); ++i)
      if (w[i].known && !w[i].text.starts_with("-")) record_written(w[i].text, false, c.input);
  for (size_t i = 1; i + 1 < w.size(); ++i)  // downloads: content opsdeck cannot see
    if ((n == "curl" && (w[i].text == "-o" || w[i].text == "--output")) ||
        (n == "wget" && (w[i].text == "-O" || w[i].text == "--output-document")))
      written_[file_key(w[i + 1].text)].reset();
  auto it = file.empty() ? written_.end() : written_.find(file_key(file));
  if (it == written_.end()) return;
  if (it->second) return nested({*it->second, "running " + file, c.line, c.remote, c.input});
  unproven(c.line, c.text(),
           "runs " + file + ", which the script wrote from output opsdeck cannot see");
  destructive(
      "runs " + file + ", written from output opsdeck cannot see: opsdeck cannot tell what runs",
      c.text(), c.line);
}

void ShellWalker::assign(const json& a, bool straight, bool temporary) {
  if (!fields_understood(a, "Assign")) return;
  const json* n = field(a, "Name");
  const std::string name = n ? str(*n, "Value") : "";
  if (auto why = sensitive_variable_problem(name); !why.empty())
    unproven(line(a), source_of(a), why);
  if (const json* idx = field(a, "Index")) words_.arithmetic(*idx);
  if (const json* arr = field(a, "Array"))
    for (const auto& e : list(*arr, "Elems")) {
      if (const json* idx = field(e, "Index")) words_.arithmetic(*idx);
      if (const json* v = field(e, "Value")) (void)words_.single(*v);
    }
  const json* value = field(a, "Value");
  ShellWord v = value ? words_.single(*value) : ShellWord{};
  if (!straight || temporary || !f_->scan.stable.count(name) || flag(a, "Append") ||
      field(a, "Index") || field(a, "Array"))
    return;
  const json& parts = value ? list(*value, "Parts") : list(a, "Parts");
  if (v.known)
    f_->vars[name] = {ShellVar::Kind::Known, v.text, false};
  else
    f_->vars[name] = {
        ShellVar::Kind::Unknown, {}, parts.size() == 1 && str(parts[0], "Type") == "ArithmExp"};
}

void ShellWalker::declaration(const json& d, bool straight) {
  const json* variant = field(d, "Variant");
  ShellCommand c;
  c.line = line(d);
  c.words.push_back({variant ? str(*variant, "Value") : "declare", {}, true, false, false});
  bool plain = true;  // no attribute flags: a plain assignment
  for (const auto& a : list(d, "Args")) {
    if (!fields_understood(a, "Assign")) continue;
    const json* n = field(a, "Name");
    const json* value = field(a, "Value");
    if (flag(a, "Naked") && !n && value) {
      ShellWord w = words_.single(*value);
      if (w.text.starts_with("-") || w.text.starts_with("+")) plain = false;
      c.words.push_back(std::move(w));
      continue;
    }
    std::string name = n ? str(*n, "Value") : "";
    ShellWord w{name, name, true, false, false};
    if (field(a, "Index")) w.text += "[…]";
    if (value || field(a, "Array")) {
      assign(a, straight && plain && c.words[0].text != "local", false);
      w.text += "=" + (value ? words_.single(*value).text : std::string("(…)"));
    }
    c.words.push_back(std::move(w));
  }
  out_.commands.push_back(c.text());
  if (auto why = declaration_problem(c.words); !why.empty()) unproven(c.line, c.text(), why);
}

}  // namespace opsdeck::app::runbook
