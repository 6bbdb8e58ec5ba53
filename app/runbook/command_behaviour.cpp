#include "app/runbook/command_behaviour.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

namespace {

using Words = std::vector<std::string>;
using NameSet = std::set<std::string, std::less<>>;

const NameSet kDisplayFilters = {"grep", "egrep", "fgrep", "rg", "head", "tail", "jq", "yq", "sort",
                                 "uniq", "column", "less", "more", "awk", "cut", "wc", "tr", "sed",
                                 "cat", "nl", "fold"};

// A short-option cluster (`-fn`, `-xef`) or the option itself containing `ch`.
bool has_short_flag(const Words& w, char ch, size_t from = 0) {
  for (size_t i = from; i < w.size(); ++i) {
    const auto& x = w[i];
    if (x.size() >= 2 && x[0] == '-' && x[1] != '-' &&
        std::all_of(x.begin() + 1, x.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) &&
        x.find(ch, 1) != std::string::npos)
      return true;
  }
  return false;
}

// `docker exec -it api tail -f x`, `docker compose exec redis redis-cli MONITOR`,
// `kubectl exec pod -- journalctl -f`: the command run inside.
bool inner_never_ends(const Words& w, std::string_view simple) {
  static const NameSet kInner = {"tail", "journalctl", "watch", "redis-cli", "ping", "less"};
  for (size_t i = 1; i < w.size(); ++i)
    if (kInner.count(w[i]) && (has_word(w, "exec") || has_word(w, "run") || w[i - 1] == "--"))
      return never_ends(Words(w.begin() + static_cast<long>(i), w.end()), simple);
  return false;
}

// `text` with every `$( … )` and `` `…` `` replaced by a plain word: what the pipeline
// itself does, not the commands that compute its arguments.
std::string without_substitutions(std::string_view text) {
  std::string out;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote == '\'') {
      out.push_back(c);
      if (c == '\'') quote = 0;
      continue;
    }
    if (c == '\'' && quote == 0) quote = '\'';
    if (c == '"') quote = quote == '"' ? 0 : '"';
    if ((c == '$' && i + 1 < text.size() && text[i + 1] == '(') || c == '`') {
      char close = c == '`' ? '`' : ')';
      int depth = 0;
      size_t j = i + 1;
      for (; j < text.size(); ++j) {
        if (close == ')' && text[j] == '(') ++depth;
        if (text[j] == close && (close == '`' || --depth == 0)) break;
      }
      out += "VALUE";
      i = j;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

bool displays_only_pipeline(std::string_view text, const std::vector<std::string>& commands) {
  static const std::regex to_file(R"((^|[^0-9&>])>{1,2}\s*(?!/dev/null|&)[^\s&|;]+)");
  if (std::regex_search(regex_input(text), to_file)) return false;
  for (size_t i = 1; i < commands.size(); ++i) {
    auto w = command_words(commands[i]);
    if (!w.empty() && !kDisplayFilters.count(w[0])) return false;
  }
  return true;
}

}  // namespace

bool has_word(const Words& w, std::string_view x, size_t from) {
  for (size_t i = from; i < w.size(); ++i)
    if (w[i] == x) return true;
  return false;
}

size_t docker_subcommand(const Words& w, size_t i) {
  while (i < w.size() && w[i].starts_with("-")) {
    bool takes_value = w[i].find('=') == std::string::npos &&
                       (w[i] == "-H" || w[i] == "--context" || w[i] == "-f" || w[i] == "--file" ||
                        w[i] == "-p" || w[i] == "--project-name" || w[i] == "--env-file" ||
                        w[i] == "--profile" || w[i] == "--project-directory" || w[i] == "--host");
    i += takes_value ? 2 : 1;
  }
  return i;
}


bool never_ends(const Words& w, std::string_view simple) {
  if (w.empty()) return false;
  const auto& h = w[0];
  if ((h == "docker" || h == "docker-compose" || h == "podman" || h == "kubectl") && inner_never_ends(w, simple))
    return true;
  if (h == "tail") return has_word(w, "--follow") || has_short_flag(w, 'f') || has_short_flag(w, 'F') ||
                          std::any_of(w.begin(), w.end(), [](const std::string& x) { return x.starts_with("--follow="); });
  if (h == "journalctl") return has_word(w, "--follow") || has_short_flag(w, 'f');
  if (h == "watch" || h == "multitail") return true;
  if (h == "less") return has_word(w, "+F");
  if (h == "ping") return !has_short_flag(w, 'c') && !has_word(w, "--count");
  if (h == "tcpdump") return !has_short_flag(w, 'c');
  if (h == "docker" || h == "docker-compose" || h == "podman") {
    size_t s = docker_subcommand(w, 1);
    if (s < w.size() && w[s] == "compose") s = docker_subcommand(w, s + 1);
    if (s < w.size() && (w[s] == "container" || w[s] == "service")) ++s;
    if (s >= w.size()) return false;
    bool compose = h == "docker-compose" || has_word(w, "compose");
    if (w[s] == "logs") return has_word(w, "--follow", s) || has_short_flag(w, 'f', s + 1);
    if (w[s] == "stats") return !has_word(w, "--no-stream", s);
    if (w[s] == "events") return true;
    if (compose && w[s] == "up")
      return !has_word(w, "--detach", s) && !has_short_flag(w, 'd', s + 1) &&
             !has_word(w, "--abort-on-container-exit", s) && !has_word(w, "--exit-code-from", s);
    return false;
  }
  if (h == "kubectl") {
    return has_word(w, "port-forward") ||
           (has_word(w, "logs") && (has_word(w, "--follow") || has_short_flag(w, 'f'))) ||
           (has_word(w, "get") && (has_word(w, "--watch") || has_short_flag(w, 'w')));
  }
  if (h == "aws") {
    if (has_word(w, "logs") && has_word(w, "tail")) return has_word(w, "--follow");
    if (has_word(w, "ssm") && has_word(w, "start-session"))
      return simple.find("PortForwarding") != std::string_view::npos;
    return false;
  }
  if (h == "redis-cli") return has_word(w, "MONITOR") || has_word(w, "monitor") || has_word(w, "SUBSCRIBE") ||
                               has_word(w, "PSUBSCRIBE");
  return false;
}

bool lists_things(const Words& w) {
  if (w.empty()) return false;
  const auto& h = w[0];
  if (h == "aws") {
    size_t i = 1;
    while (i < w.size() && w[i].starts_with("-")) i += 2;
    if (i + 1 >= w.size()) return false;
    const auto& service = w[i];
    const auto& op = w[i + 1];
    if (service == "s3" && op == "ls") return true;
    if (op == "get-login-password" || op == "get-caller-identity") return false;
    return op.starts_with("describe-") || op.starts_with("list-") || op.starts_with("get-") ||
           op.starts_with("search-") || op.starts_with("lookup-") || op.starts_with("filter-") ||
           (service == "logs" && op == "start-query");
  }
  if (h == "docker" || h == "docker-compose" || h == "podman") {
    size_t i = docker_subcommand(w, 1);
    if (i < w.size() && w[i] == "compose") i = docker_subcommand(w, i + 1);
    if (i >= w.size()) return false;
    if (w[i] == "ps" || w[i] == "images") return true;
    return (w[i] == "container" || w[i] == "image" || w[i] == "volume" || w[i] == "network") &&
           i + 1 < w.size() && (w[i + 1] == "ls" || w[i + 1] == "list");
  }
  if (h == "ls") return true;
  if (h == "kubectl") return has_word(w, "get");
  if (h == "git") return w.size() > 1 && (w[1] == "log" || w[1] == "tag" || w[1] == "branch" || w[1] == "reflog");
  if (h == "systemctl") return w.size() > 1 && w[1].starts_with("list-");
  return false;
}

bool displays_only(std::string_view line) {
  std::string pipeline = without_substitutions(line);
  return displays_only_pipeline(pipeline, simple_commands(pipeline));
}

}  // namespace opsdeck::app::runbook
