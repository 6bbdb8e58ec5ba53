#include "app/runbook/command_args.hpp"

#include <algorithm>
#include <cctype>

namespace opsdeck::app::runbook::command_args {

namespace {
constexpr auto npos = std::string::npos;
}  // namespace

bool to_stdout(std::string_view path) {
  return in(path, {"-", "/dev/null", "/dev/stdout", "/dev/stderr"});
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return s;
}

bool identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char ch) { return std::isalnum(ch) || ch == '_'; });
}

std::string visit(const ShellCommand& c, size_t from, const ArgSpec& spec, const ArgFn& fn) {
  const auto& w = c.words;
  bool options = true;
  auto take_value = [&](Arg& a, size_t& i) -> std::string {
    if (i + 1 >= w.size()) return {};
    ++i;
    a.value = w[i].text, a.known = w[i].known, a.has_value = true;
    return w[i].may_split ? "the value of " + a.name + " may split into several words" : "";
  };
  for (size_t i = from; i < w.size(); ++i) {
    const ShellWord& word = w[i];
    const std::string& t = word.text;
    if (options && hidden_option(word))
      return "`" + t + "` may expand to options of " + c.name() + " that opsdeck cannot see";
    if (!options || !word.known || t.size() < 2 || t[0] != '-') {
      if (auto p = fn({"", t, true, word.known}); !p.empty()) return p;
      continue;
    }
    if (t == "--") {
      options = false;
      continue;
    }
    if (t.starts_with("--")) {
      Arg a;
      auto eq = t.find('=');
      a.name = t.substr(0, eq);
      if (eq != npos)
        a.value = t.substr(eq + 1), a.has_value = true;
      else if (spec.long_values.contains(a.name))
        if (auto p = take_value(a, i); !p.empty()) return p;
      if (auto p = fn(a); !p.empty()) return p;
      continue;
    }
    for (size_t j = 1; j < t.size(); ++j) {
      Arg a;
      a.name = std::string("-") + t[j];
      bool valued = spec.short_values.find(t[j]) != std::string_view::npos;
      if (valued && j + 1 < t.size())
        a.value = t.substr(j + 1), a.has_value = true;
      else if (valued)
        if (auto p = take_value(a, i); !p.empty()) return p;
      if (auto p = fn(a); !p.empty()) return p;
      if (valued) break;
    }
  }
  return {};
}

Verb find_verb(const ShellCommand& c, size_t from, std::string_view flags, std::string_view values,
               NameList long_flags, NameList long_values) {
  Verb v;
  const auto& w = c.words;
  for (size_t i = from; i < w.size(); ++i) {
    const std::string& t = w[i].text;
    if (hidden_option(w[i]))
      return {npos,
              "`" + t + "` may expand to options of " + c.name() + " that opsdeck cannot see"};
    if (!w[i].known || t.size() < 2 || t[0] != '-') return {i, {}};
    if (t.starts_with("--")) {
      std::string name = t.substr(0, t.find('='));
      if (long_values.contains(name) && t.find('=') == npos)
        ++i;
      else if (!long_flags.contains(name) && !long_values.contains(name))
        return {npos, c.name() + " option " + name + " before the subcommand is not understood"};
      continue;
    }
    for (size_t j = 1; j < t.size(); ++j) {
      if (values.find(t[j]) != std::string_view::npos) {
        if (j + 1 == t.size()) ++i;
        break;
      }
      if (flags.find(t[j]) == std::string_view::npos)
        return {npos, c.name() + " option -" + std::string(1, t[j]) +
                          " before the subcommand is not understood"};
    }
  }
  return v;
}

std::string word_at(const ShellCommand& c, size_t i) {
  return i < c.words.size() && c.words[i].known ? c.words[i].text : "";
}

bool OptionScan::has(Names names) const {
  return std::any_of(seen.begin(), seen.end(), [&](const auto& o) { return in(o.first, names); });
}

std::string OptionScan::value(Names names) const {
  for (const auto& o : seen)
    if (in(o.first, names)) return o.second;
  return {};
}

OptionScan scan_options(const std::vector<ShellWord>& w, size_t from, const OptionSpec& spec,
                        std::string_view program) {
  OptionScan s;
  size_t i = from;
  auto note = [&](std::string what) {
    if (s.problem.empty()) s.problem = std::move(what);
  };
  while (i < w.size()) {
    const ShellWord& word = w[i];
    if (hidden_option(word)) {
      note("`" + word.text + "` may expand to " + std::string(program) +
           " options opsdeck cannot see");
      break;
    }
    const std::string& t = word.text;
    if (!word.known || t.size() < 2 || t[0] != '-') break;
    if (t == "--") {
      ++i;
      break;
    }
    ++i;
    if (t.starts_with("--")) {
      auto eq = t.find('=');
      std::string name = t.substr(0, eq);
      if (eq != std::string::npos) {
        s.seen.emplace_back(name, t.substr(eq + 1));
      } else if (spec.long_values.contains(name)) {
        s.seen.emplace_back(name, i < w.size() ? w[i].code : "");
        if (i < w.size() && w[i].may_split)
          note("the value of " + name + " may split into several words");
        ++i;
      } else {
        s.seen.emplace_back(name, "");
        if (!spec.long_flags.contains(name))
          note(std::string(program) + " option " + name + " is not understood");
      }
      continue;
    }
    for (size_t j = 1; j < t.size(); ++j) {
      std::string name = std::string("-") + t[j];
      if (spec.values.find(t[j]) != std::string_view::npos) {
        if (j + 1 < t.size()) {
          s.seen.emplace_back(name, t.substr(j + 1));
        } else {
          s.seen.emplace_back(name, i < w.size() ? w[i].code : "");
          if (i < w.size() && w[i].may_split)
            note("the value of " + name + " may split into several words");
          ++i;
        }
        break;
      }
      s.seen.emplace_back(name, "");
      if (spec.flags.find(t[j]) == std::string_view::npos)
        note(std::string(program) + " option " + name + " is not understood");
    }
  }
  s.next = i;
  return s;
}

}  // namespace opsdeck::app::runbook::command_args
