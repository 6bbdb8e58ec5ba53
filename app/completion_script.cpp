#include "app/completion_script.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "aws/regions.hpp"

namespace opsdeck::app {

namespace {

// Every command with its path as the scripts spell it: "" for the top level, "/ssm/run".
using Level = std::pair<std::string, const CliCommand*>;

void collect(const CliCommand& c, const std::string& path, std::vector<Level>& out) {
  out.emplace_back(path, &c);
  for (const auto& s : c.subcommands) collect(s, path + "/" + s.name, out);
}

std::vector<Level> levels(const CliCommand& root) {
  std::vector<Level> out;
  collect(root, "", out);
  return out;
}

std::string join(const std::vector<std::string>& words, const char* sep = " ") {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : sep) + w;
  return s;
}

// 'text' for a POSIX shell or zsh: ' becomes '\''.
std::string single_quoted(std::string_view text) {
  std::string s = "'";
  for (char c : text) s += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return s + "'";
}

// 'text' for fish, where \ and ' are escaped inside single quotes.
std::string fish_quoted(std::string_view text) {
  std::string s = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') s += '\\';
    s += c;
  }
  return s + "'";
}

// The first line of a description, without a trailing period (completion menus are one line).
std::string short_text(const std::string& description) {
  std::string s = description.substr(0, description.find('\n'));
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  return s;
}

std::vector<std::string> option_names(const CliCommand& c) {
  std::vector<std::string> out;
  for (const auto* o : c.named_options())
    for (const auto& n : o->names) out.push_back(n);
  out.push_back("--help");
  return out;
}

std::vector<std::string> subcommand_names(const CliCommand& c) {
  std::vector<std::string> out;
  for (const auto& s : c.subcommands) out.push_back(s.name);
  return out;
}

// The values a leaf command's positionals allow ("bash zsh fish"), empty when any text goes.
std::vector<std::string> positional_choices(const CliCommand& c) {
  std::vector<std::string> out;
  for (const auto* p : c.positionals())
    for (const auto& v : p->choices) out.push_back(v);
  return out;
}

// Case patterns "PATH OPTION" of every option that takes a value, and the values it lists.
// Two open values get help the definition cannot give: a region is offered from the
// regions opsdeck knows, a profile from the shared config files as they are when completing.
struct ValueOption {
  std::string pattern;  // "/logs --output"
  std::vector<std::string> choices;
  bool profiles = false;
};

bool named(const CliOption& o, const char* name) { return std::find(o.names.begin(), o.names.end(), name) != o.names.end(); }

std::vector<ValueOption> value_options(const std::vector<Level>& all) {
  std::vector<ValueOption> out;
  for (const auto& [path, c] : all)
    for (const auto* o : c->named_options()) {
      if (o->is_flag()) continue;
      std::vector<std::string> choices = o->choices;
      if (choices.empty() && named(*o, "--region")) choices = aws::known_regions();
      for (const auto& n : o->names) out.push_back({path + " " + n, choices, named(*o, "--profile")});
    }
  return out;
}

// The profiles of ~/.aws/config ("[profile NAME]", "[default]") and ~/.aws/credentials
// ("[NAME]"), for bash and zsh alike.
constexpr const char* kPosixProfiles =
    "_opsdeck_profiles() {\n"
    "  local f\n"
    "  for f in \"${AWS_CONFIG_FILE:-$HOME/.aws/config}\" \"${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}\"; do\n"
    "    [[ -r $f ]] && sed -n -e 's/^[[:space:]]*\\[profile[[:space:]][[:space:]]*\\([^]]*\\)\\].*/\\1/p' "
    "-e 's/^[[:space:]]*\\[\\([^] ]*\\)\\].*/\\1/p' \"$f\"\n"
    "  done | sort -u\n"
    "}\n\n";

std::string bash_script(const CliCommand& root) {
  const auto all = levels(root);
  const auto values = value_options(all);
  std::string s =
      "# bash completion for opsdeck, generated from its command line by `opsdeck completion bash`.\n"
      "# Installed as share/bash-completion/completions/opsdeck; or: source <(opsdeck completion bash)\n\n"
      "_opsdeck_takes_value() {\n  case \"$1 $2\" in\n";
  if (!values.empty()) {
    std::vector<std::string> patterns;
    for (const auto& v : values) patterns.push_back(single_quoted(v.pattern));
    s += "    " + join(patterns, "|") + ") return 0 ;;\n";
  }
  s += "  esac\n  return 1\n}\n\n";
  s += kPosixProfiles;
  s += "_opsdeck() {\n"
       "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
       "  local cmdpath='' word i skip=0\n"
       "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
       "    word=${COMP_WORDS[i]}\n"
       "    if ((skip)); then skip=0; continue; fi\n"
       "    if _opsdeck_takes_value \"$cmdpath\" \"$word\"; then skip=1; continue; fi\n"
       "    case \"$cmdpath/$word\" in\n";
  std::vector<std::string> subpaths;
  for (const auto& [path, c] : all)
    if (!path.empty()) subpaths.push_back(single_quoted(path));
  if (!subpaths.empty()) s += "      " + join(subpaths, "|") + ") cmdpath=$cmdpath/$word ;;\n";
  s += "    esac\n  done\n"
       "  if ((!skip)) && _opsdeck_takes_value \"$cmdpath\" \"$prev\"; then skip=1; fi\n"
       "  if ((skip)); then\n    case \"$cmdpath $prev\" in\n";
  for (const auto& v : values) {
    if (v.profiles)
      s += "      " + single_quoted(v.pattern) + ") COMPREPLY=($(compgen -W \"$(_opsdeck_profiles)\" -- \"$cur\")) ;;\n";
    else if (!v.choices.empty())
      s += "      " + single_quoted(v.pattern) + ") COMPREPLY=($(compgen -W " + single_quoted(join(v.choices)) +
           " -- \"$cur\")) ;;\n";
  }
  s += "      *) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n    esac\n    return 0\n  fi\n"
       "  local subcommands='' options='' values=''\n  case \"$cmdpath\" in\n";
  for (const auto& [path, c] : all) {
    s += "    " + single_quoted(path) + ")";
    s += " subcommands=" + single_quoted(join(subcommand_names(*c)));
    s += " options=" + single_quoted(join(option_names(*c)));
    s += " values=" + single_quoted(join(positional_choices(*c))) + " ;;\n";
  }
  s += "  esac\n"
       "  if [[ $cur == -* ]]; then\n"
       "    COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
       "  elif [[ -n $subcommands ]]; then\n"
       "    COMPREPLY=($(compgen -W \"$subcommands\" -- \"$cur\"))\n"
       "  elif [[ -n $values ]]; then\n"
       "    COMPREPLY=($(compgen -W \"$values\" -- \"$cur\"))\n"
       "  else\n"
       "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
       "  fi\n  return 0\n}\n\ncomplete -o filenames -F _opsdeck opsdeck\n";
  return s;
}

// zsh _describe entries "name:description" (a ':' in the name escaped).
std::string zsh_entry(const std::string& name, const std::string& description) {
  std::string n;
  for (char c : name) n += c == ':' ? std::string("\\:") : std::string(1, c);
  return single_quoted(n + ":" + short_text(description));
}

std::string zsh_script(const CliCommand& root) {
  const auto all = levels(root);
  const auto values = value_options(all);
  std::string s =
      "#compdef opsdeck\n"
      "# zsh completion for opsdeck, generated from its command line by `opsdeck completion zsh`.\n"
      "# Installed as share/zsh/site-functions/_opsdeck (a directory on $fpath).\n\n"
      "_opsdeck_takes_value() {\n  case \"$1 $2\" in\n";
  if (!values.empty()) {
    std::vector<std::string> patterns;
    for (const auto& v : values) patterns.push_back(single_quoted(v.pattern));
    s += "    (" + join(patterns, "|") + ") return 0 ;;\n";
  }
  s += "  esac\n  return 1\n}\n\n";
  s += kPosixProfiles;
  s += "_opsdeck() {\n"
       "  local cmdpath='' word prev=${words[CURRENT-1]}\n"
       "  integer i skip=0\n"
       "  for ((i = 2; i < CURRENT; i++)); do\n"
       "    word=${words[i]}\n"
       "    if ((skip)); then skip=0; continue; fi\n"
       "    if _opsdeck_takes_value \"$cmdpath\" \"$word\"; then skip=1; continue; fi\n"
       "    case \"$cmdpath/$word\" in\n";
  std::vector<std::string> subpaths;
  for (const auto& [path, c] : all)
    if (!path.empty()) subpaths.push_back(single_quoted(path));
  if (!subpaths.empty()) s += "      (" + join(subpaths, "|") + ") cmdpath=$cmdpath/$word ;;\n";
  s += "    esac\n  done\n"
       "  if ((!skip)) && _opsdeck_takes_value \"$cmdpath\" \"$prev\"; then skip=1; fi\n"
       "  if ((skip)); then\n    case \"$cmdpath $prev\" in\n";
  for (const auto& v : values) {
    if (v.profiles) s += "      (" + single_quoted(v.pattern) + ") compadd -- $(_opsdeck_profiles) ;;\n";
    else if (!v.choices.empty()) s += "      (" + single_quoted(v.pattern) + ") compadd -- " + join(v.choices) + " ;;\n";
  }
  s += "      (*) _files ;;\n    esac\n    return\n  fi\n"
       "  local -a subcommands options values\n  case \"$cmdpath\" in\n";
  for (const auto& [path, c] : all) {
    s += "    (" + single_quoted(path) + ")\n      subcommands=(";
    std::vector<std::string> subs;
    for (const auto& sub : c->subcommands) subs.push_back(zsh_entry(sub.name, sub.description));
    s += join(subs) + ")\n      options=(";
    std::vector<std::string> opts;
    for (const auto* o : c->named_options())
      for (const auto& n : o->names) opts.push_back(zsh_entry(n, o->description));
    opts.push_back(zsh_entry("--help", "Print the help and exit"));
    s += join(opts) + ")\n      values=(" + join(positional_choices(*c)) + ") ;;\n";
  }
  s += "  esac\n"
       "  if [[ ${words[CURRENT]} == -* ]]; then\n"
       "    _describe -t options option options\n"
       "  elif (( ${#subcommands} )); then\n"
       "    _describe -t commands command subcommands\n"
       "  elif (( ${#values} )); then\n"
       "    compadd -- $values\n"
       "  else\n"
       "    _files\n"
       "  fi\n}\n\n_opsdeck \"$@\"\n";
  return s;
}

std::string fish_script(const CliCommand& root) {
  const auto all = levels(root);
  const auto values = value_options(all);
  std::string s =
      "# fish completion for opsdeck, generated from its command line by `opsdeck completion fish`.\n"
      "# Installed as share/fish/vendor_completions.d/opsdeck.fish.\n\n"
      "set -g __opsdeck_commands";
  for (const auto& [path, c] : all)
    if (!path.empty()) s += " " + fish_quoted(path);
  s += "\nset -g __opsdeck_value_options";
  for (const auto& v : values) s += " " + fish_quoted(v.pattern);
  s += "\n\n"
       "# True when the words typed so far name the subcommand path $argv[1] (\"\" is the top level).\n"
       "function __opsdeck_at\n"
       "    set -l words (commandline -opc)\n"
       "    set -e words[1]\n"
       "    set -l cmdpath ''\n"
       "    set -l skip 0\n"
       "    for word in $words\n"
       "        if test $skip = 1\n            set skip 0\n            continue\n        end\n"
       "        if contains -- \"$cmdpath $word\" $__opsdeck_value_options\n"
       "            set skip 1\n            continue\n        end\n"
       "        if contains -- \"$cmdpath/$word\" $__opsdeck_commands\n"
       "            set cmdpath \"$cmdpath/$word\"\n        end\n"
       "    end\n"
       "    test \"$cmdpath\" = \"$argv[1]\"\n"
       "end\n\n"
       "# The profiles of ~/.aws/config and ~/.aws/credentials.\n"
       "function __opsdeck_profiles\n"
       "    set -l config $HOME/.aws/config\n"
       "    set -q AWS_CONFIG_FILE; and set config $AWS_CONFIG_FILE\n"
       "    set -l credentials $HOME/.aws/credentials\n"
       "    set -q AWS_SHARED_CREDENTIALS_FILE; and set credentials $AWS_SHARED_CREDENTIALS_FILE\n"
       "    for f in $config $credentials\n"
       "        test -r $f; and sed -n -e 's/^[[:space:]]*\\[profile[[:space:]][[:space:]]*\\([^]]*\\)\\].*/\\1/p' "
       "-e 's/^[[:space:]]*\\[\\([^] ]*\\)\\].*/\\1/p' $f\n"
       "    end | sort -u\n"
       "end\n\n"
       "complete -c opsdeck -f\n";
  for (const auto& [path, c] : all) {
    const std::string at = "-n " + fish_quoted("__opsdeck_at " + single_quoted(path));
    for (const auto& sub : c->subcommands)
      s += "complete -c opsdeck " + at + " -a " + fish_quoted(sub.name) + " -d " +
           fish_quoted(short_text(sub.description)) + "\n";
    for (const auto* o : c->named_options()) {
      std::string line = "complete -c opsdeck " + at;
      for (const auto& n : o->names)
        line += n.rfind("--", 0) == 0 ? " -l " + n.substr(2) : " -s " + n.substr(1);
      if (named(*o, "--profile")) line += " -x -a '(__opsdeck_profiles)'";
      else if (named(*o, "--region") && o->choices.empty()) line += " -x -a " + fish_quoted(join(aws::known_regions()));
      else if (!o->is_flag()) line += o->choices.empty() ? " -r -F" : " -x -a " + fish_quoted(join(o->choices));
      s += line + " -d " + fish_quoted(short_text(o->description)) + "\n";
    }
    if (c->subcommands.empty()) {
      auto choices = positional_choices(*c);
      if (!choices.empty()) s += "complete -c opsdeck " + at + " -a " + fish_quoted(join(choices)) + "\n";
      else if (!c->positionals().empty()) s += "complete -c opsdeck " + at + " -F\n";
    }
  }
  return s;
}

}  // namespace

std::optional<Shell> shell_named(std::string_view name) {
  if (name == "bash") return Shell::Bash;
  if (name == "zsh") return Shell::Zsh;
  if (name == "fish") return Shell::Fish;
  return std::nullopt;
}

std::string completion_script(const CliCommand& cli, Shell shell) {
  switch (shell) {
    case Shell::Bash: return bash_script(cli);
    case Shell::Zsh: return zsh_script(cli);
    case Shell::Fish: return fish_script(cli);
  }
  return {};
}

}  // namespace opsdeck::app
