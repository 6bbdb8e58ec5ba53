#include "app/runbook/shell_text.hpp"

#include <algorithm>
#include <unordered_set>
#include <cctype>

namespace opsdeck::app::runbook {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    start = nl + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && to_lower(s.substr(0, prefix.size())) == to_lower(prefix);
}

std::vector<std::string> command_lines(std::string_view code) {
  std::vector<std::string> out;
  std::string pending;
  for (auto raw : split_lines(code)) {
    std::string_view line = trim(raw);
    if (pending.empty()) {
      if (line.empty() || line.front() == '#') continue;
      if (line.size() >= 2 && line[0] == '$' && line[1] == ' ') line = trim(line.substr(2));
    }
    if (!line.empty() && line.back() == '\\') {
      pending.append(line.substr(0, line.size() - 1));
      pending.push_back(' ');
      continue;
    }
    pending.append(line);
    if (!trim(pending).empty()) out.push_back(pending);
    pending.clear();
  }
  if (!trim(pending).empty()) out.push_back(pending);
  return out;
}

std::vector<std::string> simple_commands(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  auto flush = [&] {
    auto t = trim(cur);
    if (!t.empty()) out.emplace_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      cur.push_back(c);
      if (c == '\\' && quote == '"' && i + 1 < line.size()) cur.push_back(line[++i]);
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '\\' && i + 1 < line.size()) {
      cur.push_back(c);
      cur.push_back(line[++i]);
    } else if (c == '\'' || c == '"') {
      quote = c;
      cur.push_back(c);
    } else if (c == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1])))) {
      break;  // comment
    } else if (c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '`') {
      if (c == '&' && !cur.empty() && (cur.back() == '>' || (i + 1 < line.size() && line[i + 1] == '>'))) {
        cur.push_back(c);  // 2>&1, &>file
        continue;
      }
      if (c == '(' && !cur.empty() && cur.back() == '$') {
        cur.pop_back();  // $( ... ) starts a nested command
      }
      flush();
    } else {
      cur.push_back(c);
    }
  }
  flush();
  return out;
}

namespace {

bool is_assignment(std::string_view w) {
  size_t eq = w.find('=');
  if (eq == 0 || eq == std::string_view::npos) return false;
  if (!(std::isalpha(static_cast<unsigned char>(w[0])) || w[0] == '_')) return false;
  return std::all_of(w.begin(), w.begin() + static_cast<long>(eq), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      cur.push_back(c);
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
      cur.push_back(c);
    } else if (c == '\\' && i + 1 < s.size()) {
      cur.push_back(c);
      cur.push_back(s[++i]);
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

std::vector<std::string> command_words(std::string_view simple_command) {
  auto words = split_words(simple_command);
  size_t i = 0;
  while (i < words.size()) {
    const auto& w = words[i];
    if (w == "sudo") {
      ++i;
      while (i < words.size() && words[i].starts_with("-")) {
        bool takes_arg = words[i] == "-u" || words[i] == "-g" || words[i] == "-C";
        ++i;
        if (takes_arg) ++i;
      }
    } else if (w == "time" || w == "nohup" || w == "exec" || w == "command" || w == "builtin" ||
               w == "!" || w == "then" || w == "do" || w == "else" || w == "{") {
      ++i;
    } else if (w == "env") {
      ++i;
      while (i < words.size() && (is_assignment(words[i]) || words[i].starts_with("-"))) ++i;
    } else if (is_assignment(w) && i + 1 < words.size()) {
      ++i;
    } else {
      break;
    }
  }
  return {words.begin() + static_cast<long>(std::min(i, words.size())), words.end()};
}

std::string command_head(std::string_view line) {
  auto cmds = simple_commands(line);
  if (cmds.empty()) return {};
  auto words = command_words(cmds.front());
  return words.empty() ? std::string() : words.front();
}

std::string regex_input(std::string_view s) {
  return std::string(s.substr(0, std::min(s.size(), kRegexMaxInput)));
}

bool is_known_command(std::string_view word) {
  static const std::unordered_set<std::string_view> kCommands = {
      "aws", "sam", "cdk", "terraform", "tofu", "tf", "git", "gh", "docker", "docker-compose",
      "podman", "kubectl", "helm", "eksctl", "dig", "nslookup", "host", "whois", "curl", "wget",
      "http", "ssh", "scp", "rsync", "sftp", "ssh-keygen", "ssh-add", "sudo", "systemctl",
      "journalctl", "service", "cd", "ls", "ll", "cat", "less", "more", "tail", "head", "grep",
      "egrep", "rg", "find", "echo", "printf", "export", "source", ".", "chmod", "chown", "mkdir",
      "rm", "rmdir", "cp", "mv", "ln", "touch", "tar", "gzip", "gunzip", "zip", "unzip", "psql",
      "pg_dump", "pg_restore", "pg_isready", "mysql", "mysqldump", "redis-cli", "sqlite3",
      "mongosh", "npm", "npx", "yarn", "pnpm", "node", "python", "python3", "pip", "pip3",
      "bundle", "rake", "rails", "make", "go", "cargo", "openssl", "nginx", "certbot", "apt",
      "apt-get", "yum", "dnf", "apk", "brew", "snap", "crontab", "kill", "pkill", "killall", "ps",
      "top", "htop", "df", "du", "free", "uptime", "whoami", "id", "env", "printenv", "set",
      "unset", "read", "for", "while", "until", "if", "fi", "done", "case", "esac", "sleep",
      "watch", "jq", "yq", "awk", "sed", "sort", "uniq", "wc", "xargs", "tee", "nc", "ping",
      "traceroute", "mtr", "ss", "netstat", "lsof", "pm2", "supervisorctl", "ufw", "iptables",
      "useradd", "usermod", "passwd", "su", "reboot", "shutdown", "mount", "umount", "lsblk",
      "mkfs", "dd", "base64", "date", "time", "nohup", "exec", "eval", "test", "[", "[[",
      "true", "false", "exit", "local", "declare", "trap", "aws-vault", "eb", "session-manager-plugin",
      "vim", "vi", "nano", "history", "alias", "tmux", "screen", "tree", "stat", "file", "diff",
      "bash", "sh", "zsh", "chmod", "hostname", "uname", "timedatectl", "nproc", "lscpu",
      "openssl", "vault", "sops", "ansible", "ansible-playbook", "sqlcmd", "pg_ctl", "createdb",
      "dropdb", "sync", "ab", "hey", "siege"};
  if (word.empty()) return false;
  if (word.starts_with("./") || word.starts_with("~/") ||
      (word.starts_with("/") && word.size() > 1 && word.find(' ') == std::string_view::npos &&
       word.find('/', 1) != std::string_view::npos))
    return true;  // a path to an executable
  return kCommands.count(word) > 0;
}

}  // namespace opsdeck::app::runbook
