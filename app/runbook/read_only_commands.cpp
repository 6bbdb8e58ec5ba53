#include "app/runbook/read_only_commands.hpp"

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

namespace {

using Words = std::vector<std::string>;

bool any_word(const Words& w, std::initializer_list<std::string_view> bad) {
  for (const auto& x : w)
    for (auto b : bad)
      if (x == b || (b.starts_with("--") && x.starts_with(std::string(b) + "="))) return true;
  return false;
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

bool aws_read_only(const Words& w) {
  if (w.size() < 3) return w.size() == 2 && w[1] == "--version";
  // Skip global options before the service (aws --region x ec2 ...).
  size_t i = 1;
  while (i < w.size() && w[i].starts_with("--")) i += (w[i].find('=') == std::string::npos) ? 2 : 1;
  if (i + 1 >= w.size()) return false;
  const std::string& service = w[i];
  const std::string& op = w[i + 1];
  if (any_word(w, {"--cli-input-json", "--cli-input-yaml"})) return false;
  if (service == "s3") return op == "ls" || op == "presign";
  if (service == "logs" && op == "tail") return true;
  if (service == "configure") return op == "get" || op == "list" || op == "list-profiles";
  static const std::regex read_op(R"(^(describe|list|get|lookup|search|filter|head|batch-get|wait|scan|query|test-dns-answer|simulate)(-[a-z0-9-]+)?$)");
  if (op == "tail" || (op.size() < 128 && std::regex_match(op, read_op))) {
    // ssm get-parameter(s) reads; `dynamodb scan/query` read. Anything else with a read verb reads.
    return true;
  }
  return false;
}

bool curl_read_only(const Words& w) {
  for (size_t i = 1; i < w.size(); ++i) {
    std::string a = unquote(w[i]);
    if (a == "-X" || a == "--request") {
      if (i + 1 >= w.size()) return false;
      std::string m = unquote(w[i + 1]);
      if (m != "GET" && m != "HEAD") return false;
      ++i;
    } else if (a.starts_with("-X") && a.size() > 2) {
      std::string m = a.substr(2);
      if (m != "GET" && m != "HEAD") return false;
    } else if (a == "-d" || a.starts_with("--data") || a == "-F" || a == "--form" || a == "-T" ||
               a == "--upload-file" || a == "--json" || a.starts_with("-d") || a == "--post301" ||
               a == "--method" || a == "--post-data" || a == "--post-file") {
      return false;
    } else if (a == "-o" || a == "--output" || a == "-O" || a == "--remote-name") {
      if (a == "-O" || a == "--remote-name" || i + 1 >= w.size() || unquote(w[i + 1]) != "/dev/null") return false;
      ++i;
    }
  }
  return true;
}

bool command_read_only(const std::string& cmd) {
  // Output redirected into a file changes that file.
  static const std::regex redirect(R"((^|[^0-9&<>])>{1,2}\s*(?!&|/dev/null\b|/dev/stdout\b|/dev/stderr\b)\S)");
  if (cmd.size() > kRegexMaxInput) return false;  // too long to judge: assume it changes something
  if (std::regex_search(cmd, redirect)) return false;
  auto w = command_words(cmd);
  static const std::regex assignment(R"(^[A-Za-z_][A-Za-z0-9_]*\+?=.*)");
  if (w.empty() || (w.size() == 1 && w.front().size() < kRegexMaxInput && std::regex_match(w.front(), assignment)))
    return true;  // only assignments: local to the shell
  const std::string& h = w.front();
  static const std::set<std::string, std::less<>> kAlways = {
      "echo", "printf", "cat", "less", "more", "head", "tail", "grep", "egrep", "fgrep", "rg",
      "ls", "ll", "stat", "file", "jq", "yq", "sort", "uniq", "wc", "cut", "tr", "date", "whoami",
      "id", "uptime", "df", "du", "free", "ps", "pgrep", "env", "printenv", "which", "type",
      "test", "[", "[[", "true", "false", "sleep", "dig", "nslookup", "host", "whois", "ping",
      "traceroute", "mtr", "hostname", "uname", "nproc", "lscpu", "lsblk", "ss", "netstat",
      "lsof", "journalctl", "pg_isready", "base64", "md5sum", "sha256sum", "diff", "tree",
      "column", "basename", "dirname", "realpath", "readlink", "seq", "xxd", "od", "cd", "export",
      "local", "read", "for", "while", "do", "done", "if", "then", "fi", "else", "set", "unset",
      "timedatectl", "watch", "awk", "exit"};
  if (kAlways.count(h)) {
    if (h == "watch" && w.size() > 1) {
      std::string rest;
      for (size_t i = 1; i < w.size(); ++i) rest += (i > 1 ? " " : "") + unquote(w[i]);
      return !w[1].starts_with("-") && command_read_only(rest);
    }
    if (h == "awk") return !any_word(w, {"-i"}) && cmd.find("system(") == std::string::npos;
    return true;
  }
  if (h == "sed") return !std::any_of(w.begin(), w.end(), [](const std::string& x) { return x.starts_with("-i") || x == "--in-place"; });
  if (h == "find") return !any_word(w, {"-delete", "-exec", "-execdir", "-ok", "-fprint"});
  if (h == "aws") return aws_read_only(w);
  if (h == "curl" || h == "wget" || h == "http") {
    if (h == "wget") return any_word(w, {"--spider", "-O-", "-qO-"}) || (any_word(w, {"-O"}) && cmd.find("-O -") != std::string::npos) || cmd.find("-qO-") != std::string::npos;
    return curl_read_only(w);
  }
  if (h == "nc") return any_word(w, {"-z", "-zv", "-vz"});
  if (h == "openssl") return w.size() > 1 && (w[1] == "s_client" || w[1] == "x509" || w[1] == "version");
  auto sub = [&](size_t i) { return i < w.size() ? w[i] : std::string(); };
  if (h == "systemctl") return std::set<std::string>{"status", "is-active", "is-enabled", "is-failed", "list-units", "list-timers", "show", "cat"}.count(sub(1)) > 0 || sub(1) == "--no-pager";
  if (h == "docker") {
    std::string s = sub(1);
    if (s == "compose") s = sub(2);
    return std::set<std::string>{"ps", "logs", "inspect", "images", "stats", "version", "info", "top", "port", "events", "history"}.count(s) > 0;
  }
  if (h == "docker-compose") return std::set<std::string>{"ps", "logs", "config", "top", "images", "version"}.count(sub(1)) > 0;
  if (h == "git") return std::set<std::string>{"status", "log", "diff", "show", "branch", "remote", "rev-parse", "describe", "tag", "fetch", "ls-files", "blame"}.count(sub(1)) > 0 && !any_word(w, {"-d", "-D", "--delete", "-m", "-M", "-f"});
  if (h == "terraform" || h == "tofu") return std::set<std::string>{"plan", "show", "output", "validate", "version", "fmt", "providers", "state"}.count(sub(1)) > 0 && (sub(1) != "state" || sub(2) == "list" || sub(2) == "show") && (sub(1) != "fmt" || any_word(w, {"-check"}));
  if (h == "kubectl") return std::set<std::string>{"get", "describe", "logs", "top", "version", "explain", "api-resources"}.count(sub(1)) > 0;
  return false;
}

}  // namespace

bool is_read_only_script(std::string_view script) {
  for (const auto& line : command_lines(script))
    for (const auto& cmd : simple_commands(line))
      if (!command_read_only(cmd)) return false;
  return true;
}

}  // namespace opsdeck::app::runbook
