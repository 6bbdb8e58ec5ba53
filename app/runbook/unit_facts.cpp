#include "app/runbook/unit_facts.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "app/runbook/command_behaviour.hpp"
#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

namespace {

using Words = std::vector<std::string>;
using NameSet = std::set<std::string, std::less<>>;

// Commands that only make sense on the server.
const NameSet kHostHeads = {
    "systemctl", "journalctl", "service", "apt", "apt-get", "yum", "dnf", "apk", "certbot",
    "nginx", "pm2", "supervisorctl", "ufw", "iptables", "useradd", "usermod", "crontab",
    "docker-compose", "reboot", "shutdown", "timedatectl", "mount", "umount", "df", "free",
    "uptime", "du", "lsblk", "ss", "netstat", "lsof", "vmstat", "iostat", "dmesg", "top",
    "htop", "growpart", "xfs_growfs", "resize2fs", "gunicorn", "uwsgi", "pg_ctl", "pg_ctlcluster",
    "logrotate", "fail2ban-client", "ps"};
// Commands that need the operator's machine.
const NameSet kLocalHeads = {"terraform", "tofu", "kubectl", "helm", "cdk", "sam", "eksctl", "eb",
                             "aws-vault", "session-manager-plugin", "ssh-keygen", "ssh-add", "gh",
                             "brew", "open", "scp", "ssh", "pulumi", "serverless", "sls"};
const NameSet kLocalDocker = {"build", "push", "buildx", "tag", "manifest", "logout"};
const NameSet kStateHeads = {"cd", "pushd", "popd", "export", "source", ".", "set", "umask",
                             "shopt", "unset", "alias", "local", "declare", "readonly", "typeset"};

bool is_assignment_word(std::string_view w) {
  size_t eq = w.find('=');
  if (eq == 0 || eq == std::string_view::npos) return false;
  if (!(std::isalpha(static_cast<unsigned char>(w[0])) || w[0] == '_')) return false;
  for (size_t i = 0; i < eq; ++i)
    if (!(std::isalnum(static_cast<unsigned char>(w[i])) || w[i] == '_')) return false;
  return true;
}

size_t index_of(const Words& w, std::string_view x) {
  for (size_t i = 0; i < w.size(); ++i)
    if (w[i] == x) return i;
  return w.size();
}

std::string basename_of(std::string_view path) {
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string unquote(std::string_view w) {
  if (w.size() >= 2 && (w.front() == '\'' || w.front() == '"') && w.back() == w.front()) {
    std::string out;
    for (size_t i = 1; i + 1 < w.size(); ++i) {
      if (w.front() == '"' && w[i] == '\\' && i + 2 < w.size() &&
          std::string_view("\"\\$`").find(w[i + 1]) != std::string_view::npos)
        ++i;
      out.push_back(w[i]);
    }
    return out;
  }
  return std::string(w);
}

// The words of a simple command as written (quotes kept, so quoted words start with one).
Words split_words_of(std::string_view s) {
  Words out;
  std::string cur;
  char quote = 0;
  for (char c : s) {
    if (quote) {
      cur.push_back(c);
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
      cur.push_back(c);
    } else if (c == ' ' || c == '\t') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

Side side_of_command(const Words& w, std::string_view simple, std::string_view whole_line,
                     bool& strong_local) {
  static const std::regex host_path(
      R"((^|[\s'"=:(])(/opt|/etc|/var|/srv|/home|/usr/local|/root|/mnt|/data)(/|\s|$|['"]))");
  static const std::regex localhost(R"(\b(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])\b)");
  static const std::regex remote_path(R"((^|\s)[\w.<>{}$-]*@?[\w.<>{}$-]+:[~/])");
  auto t = trim(simple);
  if (t.starts_with("sudo ") || t == "sudo") return Side::Host;
  if (w.empty()) return Side::Neutral;
  const auto& h = w[0];
  std::string s = regex_input(simple);
  if (h == "aws") {
    // On the host too: an ECR login piped into docker, copies to or from server paths
    // (a path inside a quoted argument is text sent to AWS, not a file here).
    if (whole_line.find("docker login") != std::string_view::npos) return Side::Neutral;
    static const std::regex host_word(R"(^>{0,2}(/opt|/etc|/var|/srv|/home|/usr/local|/root|/mnt|/data)(/|$))");
    for (const auto& x : split_words_of(simple))
      if (std::regex_search(regex_input(x), host_word)) return Side::Host;
    strong_local = true;
    return Side::Local;
  }
  if (h == "rsync") {
    if (std::regex_search(s, remote_path)) {
      strong_local = true;
      return Side::Local;
    }
    return std::regex_search(s, host_path) ? Side::Host : Side::Neutral;
  }
  if (kLocalHeads.count(h)) {
    strong_local = true;
    return Side::Local;
  }
  if (kHostHeads.count(h)) return Side::Host;
  if (h == "git") {
    if (w.size() > 1 && w[1] == "push") {
      strong_local = true;
      return Side::Local;
    }
  } else if (h == "docker" || h == "podman") {
    size_t i = docker_subcommand(w, 1);
    if (i < w.size() && w[i] == "compose") return Side::Host;
    if (i < w.size() && kLocalDocker.count(w[i])) {
      strong_local = true;
      return Side::Local;
    }
    if (i < w.size() && w[i] == "login") return Side::Neutral;
    return Side::Host;
  } else if (h == "curl" || h == "wget" || h == "http") {
    if (std::regex_search(s, localhost)) return Side::Host;
  }
  if (std::regex_search(s, host_path)) return Side::Host;
  return Side::Neutral;
}

// `ssh [options] DEST [cmd …]` on the unit's only command line.
SshCall parse_ssh(const Words& w, const std::string& body, bool has_heredoc) {
  SshCall call;
  static const std::string kTakesValue = "bcDEeFIiJLlmOopQRSWwB";
  bool tunnel = false;
  size_t i = 1;
  for (; i < w.size(); ++i) {
    const auto& x = w[i];
    if (!x.starts_with("-") || x.size() < 2) break;
    bool value_follows = false;
    for (size_t k = 1; k < x.size(); ++k) {
      char c = x[k];
      if (c == 'L' || c == 'R' || c == 'D' || c == 'N' || c == 'f') tunnel = true;
      if (kTakesValue.find(c) != std::string::npos) {
        value_follows = k + 1 == x.size();
        break;
      }
    }
    if (value_follows) ++i;
  }
  if (i >= w.size()) return call;
  call.destination = w[i];
  if (call.destination.starts_with("git@")) return {};  // `ssh -T git@github.com`: an auth test
  for (size_t k = 0; k <= i; ++k) call.command += (k ? " " : "") + w[k];
  std::string remote;
  for (size_t k = i + 1; k < w.size(); ++k) {
    if (w[k].starts_with("<<")) {
      if (w[k] == "<<" || w[k] == "<<-") ++k;
      continue;
    }
    remote += (remote.empty() ? "" : " ") + w[k];
  }
  if (i + 2 == w.size() || (w.size() > i + 1 && remote.find(' ') == std::string::npos)) remote = unquote(remote);
  std::string r = unquote(remote);
  bool shell_reads_stdin = r.empty() || r == "bash -s" || r == "sh -s" || r == "sudo bash -s" || r == "bash" ||
                           r == "sudo bash" || r == "sudo -i" || r == "sudo su -";
  if (tunnel && remote.empty() && !has_heredoc) {
    call.kind = SshCall::Kind::Tunnel;
  } else if (has_heredoc && shell_reads_stdin) {
    call.kind = SshCall::Kind::Remote;
    call.remote = body;
  } else if (!remote.empty()) {
    call.kind = SshCall::Kind::Remote;
    call.remote = r;
  } else {
    call.kind = SshCall::Kind::Login;
  }
  return call;
}

std::string action_of(const Words& w) {
  if (w.empty()) return {};
  const auto& h = w[0];
  auto next_plain = [&](size_t i) {
    while (i < w.size() && w[i].starts_with("-")) {
      bool value = w[i].find('=') == std::string::npos && i + 1 < w.size() && !w[i + 1].starts_with("-") &&
                   (w[i] == "-n" || w[i] == "--namespace" || w[i] == "--context" || w[i] == "--region" ||
                    w[i] == "--profile" || w[i] == "-C" || w[i] == "--endpoint-url" || w[i] == "--output");
      i += value ? 2 : 1;
    }
    return i;
  };
  if (h == "aws") {
    size_t i = next_plain(1);
    size_t j = next_plain(i + 1);
    return "aws " + (i < w.size() ? w[i] : "") + " " + (j < w.size() ? w[j] : "");
  }
  if (h == "docker" || h == "docker-compose" || h == "podman") {
    size_t i = docker_subcommand(w, 1);
    std::string out = h;
    if (i < w.size() && w[i] == "compose") {
      out += " compose";
      i = docker_subcommand(w, i + 1);
    }
    return i < w.size() ? out + " " + w[i] : out;
  }
  if (h == "kubectl" || h == "systemctl" || h == "git" || h == "helm" || h == "terraform") {
    size_t i = next_plain(1);
    std::string out = h + (i < w.size() ? " " + w[i] : "");
    if (i < w.size() && (w[i] == "rollout" || w[i] == "config" || w[i] == "top")) {
      size_t j = next_plain(i + 1);
      if (j < w.size()) out += " " + w[j];
    }
    return out;
  }
  if (h.find('/') != std::string::npos || h.ends_with(".sh") || h.ends_with(".py")) return basename_of(h);
  if ((h == "bash" || h == "sh" || h == "python" || h == "python3") && w.size() > 1) return basename_of(w[1]);
  return h;
}

}  // namespace

std::string without_heredoc_bodies(std::string_view text) {
  static const std::regex opener(R"re(<<-?~?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1)re");
  std::string out;
  std::vector<std::string> pending;
  for (auto line : split_lines(text)) {
    if (!pending.empty()) {
      if (trim(line) == pending.front()) pending.erase(pending.begin());
      continue;
    }
    std::string s = regex_input(line);
    for (std::sregex_iterator it(s.begin(), s.end(), opener), end; it != end; ++it) {
      auto pos = static_cast<size_t>(it->position(0));
      if (pos + 2 < s.size() && s[pos + 2] == '<') continue;
      if (pos > 0 && s[pos - 1] == '<') continue;
      pending.push_back((*it)[2].str());
    }
    out.append(line);
    out.push_back('\n');
  }
  return out;
}

UnitFacts unit_facts(std::string_view text) {
  UnitFacts f;
  std::string commands_text = without_heredoc_bodies(text);
  auto lines = command_lines(commands_text);
  bool all_state = !lines.empty();
  bool first = true;
  for (const auto& line : lines) {
    auto simple = simple_commands(line);
    for (size_t k = 0; k < simple.size(); ++k) {
      auto w = command_words(simple[k]);
      bool bare_assignment = w.size() == 1 && is_assignment_word(w[0]) && w[0].back() == '=';
      if (first && !bare_assignment) {
        f.words = w;
        first = false;
      }
      bool strong = false;
      Side s = side_of_command(w, simple[k], line, strong);
      if (s == Side::Host) f.side = Side::Host;
      else if (s == Side::Local && f.side == Side::Neutral) f.side = Side::Local;
      f.strong_local = f.strong_local || strong;
      if (never_ends(w, simple[k])) f.follow = true;
      // State-only: every word an assignment, or a shell builtin that changes the shell.
      std::string_view sc = trim(simple[k]);
      bool assignments_only = !sc.empty() && !w.empty() && is_assignment_word(w[0]) && w.size() == 1;
      if (!(assignments_only || (!w.empty() && kStateHeads.count(w[0])))) all_state = false;
      if (!w.empty() && (w[0] == "sleep" || w[0] == "wait" ||
                         (w[0] == "aws" && w.size() > 2 && has_word(w, "wait") && w[1] != "wait")))
        f.glue = true;
      if (!w.empty() && (w[0] == "exit" || w[0] == "logout") && lines.size() == 1 && simple.size() == 1) f.exit = true;
      if (!w.empty() && w[0] == "read") {
        for (size_t i = 1; i < w.size(); ++i) {
          if (w[i].starts_with("-")) {
            if (w[i].size() == 2 && std::string_view("pdtnNuie").find(w[i][1]) != std::string_view::npos) ++i;
            continue;
          }
          f.computed.push_back(w[i]);
        }
      }
    }
  }
  f.state = all_state;
  static const std::regex computed(R"re((^|[\s;&|(])(?:export\s+|local\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=("?\$\(|"?`))re");
  static const std::regex literal(R"re((^|[\s;&|(])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(?!"?\$\(|"?`))re");
  static const std::regex for_var(R"((^|[\s;&|(])(for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b)");
  std::string ct = regex_input(commands_text);
  for (std::sregex_iterator it(ct.begin(), ct.end(), computed), end; it != end; ++it)
    f.computed.push_back((*it)[2].str());
  for (std::sregex_iterator it(ct.begin(), ct.end(), literal), end; it != end; ++it)
    f.literal.push_back((*it)[2].str());
  for (std::sregex_iterator it(ct.begin(), ct.end(), for_var), end; it != end; ++it)
    f.literal.push_back((*it)[3].str());
  f.carry = f.state && f.computed.empty() && (f.words.empty() || f.words[0] != "popd");

  auto first_line = lines.empty() ? std::string() : lines.front();
  auto first_simple = simple_commands(first_line);
  std::string head = f.words.empty() ? std::string() : f.words[0];
  static const std::regex sql(
      R"(^\s*(select|insert\s+into|update\s+\w+|delete\s+from|create\s|alter\s|drop\s|grant\s|revoke\s|truncate\s|begin\b|commit\b|rollback\b|with\s+\w+\s+as|explain\s|vacuum|analyze|from\s|where\s|order\s+by|group\s+by|limit\s+\d|and\s|or\s|set\s+\w+\s*=|values\s*\(|\)\s*;|\\[a-z?]+))",
      std::regex::icase);
  if (!is_known_command(head) && !is_assignment_word(head) && std::regex_search(regex_input(text), sql))
    f.content = true;
  if ((head == "psql" || head == "mysql" || head == "mariadb") && first_simple.size() == 1 && lines.size() == 1) {
    bool runs = false;
    for (std::string_view opt : {"-c", "--command", "-e", "--execute", "-f", "--file", "-l", "--list"})
      runs = runs || has_word(f.words, opt);
    runs = runs || std::any_of(f.words.begin(), f.words.end(), [](const std::string& x) {
             return x.starts_with("<") || x.starts_with("--command=") || x.starts_with("--file=");
           });
    f.opens_client = !runs && commands_text.find('<') == std::string::npos;
  }
  if (head == "sqlite3" && first_simple.size() == 1 && lines.size() == 1) {
    size_t plain = 0;
    for (size_t i = 1; i < f.words.size(); ++i)
      if (!f.words[i].starts_with("-")) ++plain;
    f.opens_client = plain <= 1;
  }

  if (!f.follow && lines.size() == 1 && lists_things(f.words)) f.lists = displays_only(first_line);
  f.action = action_of(f.words);

  // ssh / SSM sessions: only when the ssh command is the whole unit.
  if (head == "ssh" && lines.size() == 1 && first_simple.size() == 1) {
    std::string body;
    bool has_heredoc = split_lines(commands_text).size() < split_lines(text).size();
    if (has_heredoc) {
      auto all = split_lines(text);
      for (size_t i = 1; i + 1 < all.size(); ++i) {
        body.append(all[i]);
        body.push_back('\n');
      }
    }
    f.ssh = parse_ssh(f.words, body, has_heredoc);
    if (f.ssh.kind == SshCall::Kind::Tunnel) f.follow = true;
    if (f.ssh.kind == SshCall::Kind::Remote) f.follow = unit_facts(f.ssh.remote).follow;
  }
  if (head == "aws" && has_word(f.words, "ssm") && has_word(f.words, "start-session") && !f.follow) {
    size_t t = index_of(f.words, "--target");
    if (t + 1 < f.words.size()) f.ssm_target = f.words[t + 1];
  }
  return f;
}

Side where_hint(std::string_view text) {
  static const std::regex host(
      R"(\b(on|in|inside|from\s+inside|into)\s+(the|a|an|that|this|each)\s+(\w+\s+)?(server|host|instance|box|vm|droplet|task|container|pod|node)\b|\b(on|in)\s+(the\s+)?(server|host)\b|\bssh(ed)?\s+in\b)",
      std::regex::icase);
  static const std::regex local(
      R"(\b(on|from)\s+(your|the|my|a)\s+(own\s+)?(laptop|workstation|local\s+machine|computer|desktop|machine)\b|\blocally\b|\blocal\s+machine\b)",
      std::regex::icase);
  std::string s = regex_input(text);
  bool l = std::regex_search(s, local);
  bool h = std::regex_search(s, host);
  if (l && !h) return Side::Local;
  if (h && !l) return Side::Host;
  return Side::Neutral;
}

}  // namespace opsdeck::app::runbook
