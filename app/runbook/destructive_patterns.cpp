#include "app/runbook/destructive_patterns.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <initializer_list>

#include "app/runbook/read_only_allowlist.hpp"
#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

namespace {

struct Builtin {
  const char* re;
  const char* reason;
};

// `-f` counts only where it means force (rm, git push/clean, docker rm); `--force` counts
// everywhere except ECS's routine `--force-new-deployment`.
constexpr Builtin kBuiltins[] = {
    {R"((^|[\s;&|(`])rm\s)", "rm deletes files"},
    {R"(\b(shred|wipefs|mkfs(\.\w+)?)\b)", "wipes a disk or file"},
    {R"(\bdd\b.*\bof=/dev/)", "dd onto a device"},
    {R"(\baws\s+[\w-]+\s+(delete|terminate|revoke|deregister|purge|remove|disassociate|cancel|disable|detach)-[\w-]+)",
     "aws delete/terminate/revoke operation"},
    {R"(\baws\s+s3\s+(rm|rb)\b)", "aws s3 rm/rb deletes objects"},
    {R"(\baws\s+s3\s+sync\b.*--delete\b)", "aws s3 sync --delete removes objects"},
    {R"((-X|--request)\s*['"]?DELETE\b)", "HTTP DELETE"},
    {R"(\bdelete\s+from\b)", "SQL DELETE"},
    {R"("Action"\s*:\s*"DELETE")", "DNS record DELETE"},
    {R"(\b(kubectl|helm)\s+(delete|uninstall)\b)", "kubernetes delete"},
    {R"(\bdrop\s+(table|database|schema|index|user|role|view|owned|extension)\b)", "SQL DROP"},
    {R"(\b(dropdb|dropuser)\b)", "drops a database"},
    {R"(\btruncate\b)", "truncate"},
    {R"(\bdb:(reset|drop|seed|setup|purge|schema:load|migrate:reset)\b)", "resets or seeds a database"},
    {R"(\bmigrate:(fresh|reset|refresh)\b|\bmanage\.py\s+(flush|reset_db)\b|\bprisma\s+migrate\s+reset\b)",
     "resets a database"},
    {R"(\b(seed|reset)[-_:]?(db|database)\b|\b(db|database)[-_](seed|reset|wipe)\b)", "resets or seeds a database"},
    // Restoring a dump over a database replaces what is there.
    {R"(\b(psql|mysql|mariadb)\b[^|;&]*[^<]<\s*[^<\s]\S*\.(sql|dump|bak)(\.gz)?\b)", "restores a dump into a database"},
    {R"(\b(zcat|gunzip|gzip\s+-d\w*|cat|pv)\b[^|]*\.(sql|dump|bak)(\.gz)?\b[^|]*\|.*\b(psql|mysql|mariadb|pg_restore)\b)",
     "restores a dump into a database"},
    {R"(\b(psql|mysql|mariadb)\b.*\s(-f|--file[= ])\s*\S*(dump|backup)\S*)", "restores a dump into a database"},
    {R"(\bpg_restore\b.*(--clean\b|\s-(?!F)[a-z]*c[a-z]*\b))", "pg_restore --clean drops objects first"},
    {R"(\bmongorestore\b.*--drop\b)", "mongorestore --drop drops collections"},
    {R"(\brsync\b.*\s--delete)", "rsync --delete removes files"},
    {R"(\b(flushall|flushdb)\b)", "flushes redis"},
    {R"(\bgit\s+reset\s+--hard\b)", "git reset --hard discards work"},
    {R"(\bgit\s+clean\s+-\w*f)", "git clean -f deletes files"},
    {R"(\bgit\s+push\b.*(--force\b|\s-f\b|--force-with-lease|\s\+\w))", "git push --force"},
    {R"(\bgit\s+branch\s+-D\b)", "git branch -D"},
    {R"(--force(?![\w-]))", "--force"},
    {R"(\bdocker\s+(rm|rmi)\s+(.*\s)?-\w*f)", "docker rm -f"},
    {R"(\bdocker\s+system\s+prune\b.*(\s-\w*a|--all|--volumes))", "docker system prune -a"},
    {R"(\bdocker\s+volume\s+(prune|rm)\b)", "deletes docker volumes"},
    {R"(\bdocker(-compose|\s+compose)\b.*\bdown\b.*(\s-v\b|--volumes|--rmi))", "compose down -v deletes volumes"},
    {R"(\b(terraform|tofu|cdk|pulumi|sam|eksctl|serverless|sls)\b.*\b(destroy|delete)\b|-destroy\b)", "destroy"},
    {R"(\bdestroy\b)", "destroy"},
    {R"(\brevoke\b)", "revoke"},
    {R"(\bterminate\b)", "terminate"},
    {R"(^\s*(sudo\s+)?(shutdown|poweroff|halt)\b)", "shuts the host down"},
    {R"(\bcrontab\s+-r\b)", "removes the crontab"},
    {R"(\b(ufw\s+(reset|disable)|iptables\s+-F)\b)", "drops firewall rules"},
    {R"(\bdelete\b)", "delete"},
};

// Configured patterns are compiled by std::regex, whose compiler recurses per group and
// overflows a signed integer on a long number ("\\99999999999999999999", "a{99999999999999999999}"):
// such a pattern is refused before it reaches the compiler, like one that does not parse.
bool compilable(std::string_view pattern) {
  constexpr std::size_t kMaxPatternLength = 1000;
  constexpr int kMaxGroupDepth = 32;
  constexpr int kMaxDigits = 6;
  if (pattern.size() > kMaxPatternLength) return false;
  int depth = 0, digits = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
    if (digits > kMaxDigits) return false;
    if (c == '\\') {
      ++i;  // an escaped character opens no group (a digit after it still counts)
      if (i < pattern.size() && pattern[i] >= '0' && pattern[i] <= '9') digits = 1;
      continue;
    }
    if (c == '(' && ++depth > kMaxGroupDepth) return false;
    if (c == ')' && depth > 0) --depth;
  }
  return true;
}

}  // namespace

DestructivePatterns::DestructivePatterns(const std::vector<std::string>& extra,
                                         std::vector<std::string>* errors) {
  auto flags = std::regex::ECMAScript | std::regex::icase;
  for (const auto& b : kBuiltins) patterns_.push_back({std::regex(b.re, flags), b.reason});
  for (const auto& e : extra) {
    if (!compilable(e)) {
      invalid_.push_back(e);
      continue;
    }
    try {
      patterns_.push_back({std::regex(e, flags), "matches configured pattern " + e});
    } catch (const std::regex_error&) {
      invalid_.push_back(e);
    }
  }
  if (errors) errors->insert(errors->end(), invalid_.begin(), invalid_.end());
}

namespace {

std::string invalid_pattern_reason(const std::string& pattern) {
  std::string shown = pattern.size() > 80 ? pattern.substr(0, 80) + "..." : pattern;
  return "the configured destructive pattern '" + shown +
         "' does not compile, so every command counts as destructive until it is fixed";
}

}  // namespace

std::vector<std::string> DestructivePatterns::reasons(std::string_view code) const {
  std::vector<std::string> out;
  bool any_command = false;
  for (auto raw : split_lines(code)) {
    auto line = trim(raw);
    if (line.empty() || (line.front() == '#' && !line.starts_with("#!")) || line.starts_with("// ") ||
        line.starts_with("-- "))
      continue;
    any_command = true;
    // Long lines are checked in overlapping windows (see regex_input).
    std::vector<std::string> windows;
    for (size_t at = 0; at < line.size(); at += kRegexMaxInput - 512) {
      windows.push_back(regex_input(line.substr(at)));
      if (at + kRegexMaxInput >= line.size()) break;
    }
    for (const auto& p : patterns_) {
      bool hit = false;
      for (const auto& s : windows) hit = hit || std::regex_search(s, p.re);
      if (hit &&
          std::find(out.begin(), out.end(), p.reason) == out.end()) {
        // The generic words stand back when a precise reason already explains the line.
        if ((p.reason == "delete" || p.reason == "destroy" || p.reason == "terminate" ||
             p.reason == "revoke") && !out.empty())
          continue;
        out.push_back(p.reason);
      }
    }
  }
  if (any_command)
    for (const auto& p : invalid_) out.push_back(invalid_pattern_reason(p));
  return out;
}

}  // namespace opsdeck::app::runbook

// ---- Structured checks of one normalised command -------------------------------------------

namespace opsdeck::app::runbook {

namespace {

using Names = std::initializer_list<std::string_view>;
using Add = std::function<void(std::string)>;

bool in(std::string_view s, Names names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}
template <size_t N>
bool in(std::string_view s, const std::string_view (&names)[N]) {
  return std::find(std::begin(names), std::end(names), s) != std::end(names);
}

// A short-option cluster (`-rf`, `-Rv`) holding `letter`.
bool cluster_has(std::string_view w, char letter) {
  return w.size() > 1 && w[0] == '-' && w[1] != '-' && w.find(letter) != std::string_view::npos &&
         std::all_of(w.begin() + 1, w.end(), [](unsigned char ch) { return std::isalpha(ch); });
}

bool any_word(const ShellCommand& c, const std::function<bool(std::string_view)>& pred) {
  for (size_t i = 1; i < c.words.size(); ++i)
    if (pred(c.words[i].text)) return true;
  return false;
}

// The first operand after words[from] once options (and the values of `value_options`) are skipped.
size_t verb_at(const ShellCommand& c, size_t from, Names value_options) {
  size_t i = from;
  while (i < c.words.size() && c.words[i].text.size() > 1 && c.words[i].text[0] == '-')
    i += (c.words[i].text.find('=') == std::string::npos && in(c.words[i].text, value_options)) ? 2
                                                                                                : 1;
  return i;
}
std::string word(const ShellCommand& c, size_t i) {
  return i < c.words.size() ? c.words[i].text : std::string();
}

bool protected_path(std::string_view p) {
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  if (in(p, {"/", "/*", "/var", "/var/*"})) return true;
  for (std::string_view root :
       {"/data", "/var/lib", "/etc", "/opt", "/srv", "/home", "/root", "/usr", "/boot", "/bin",
        "/sbin", "/lib", "/lib64", "/var/www", "/mnt"})
    if (p.starts_with(root) &&
        (p.size() == root.size() || p[root.size()] == '/' || p[root.size()] == '*'))
      return true;
  return false;
}

// SQL with comments removed (`DROP/**/TABLE`, `drop -- x\n table`); with `#` comments (MySQL)
// removed as well as kept, so neither reading can hide a statement.
void sql_reasons(std::string_view sql, const Add& add) {
  for (bool hash_comments : {false, true}) {
    std::vector<std::string> tokens;
    std::string token;
    auto flush = [&] {
      if (!token.empty()) tokens.push_back(std::move(token));
      token.clear();
    };
    for (size_t i = 0; i < sql.size();) {
      if (sql.compare(i, 2, "--") == 0 || (hash_comments && sql[i] == '#')) {
        while (i < sql.size() && sql[i] != '\n') ++i;
        flush();
      } else if (sql.compare(i, 2, "/*") == 0) {
        auto end = sql.find("*/", i + 2);
        i = end == std::string_view::npos ? sql.size() : end + 2;
        flush();
      } else if (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_') {
        token += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i++])));
      } else {
        flush();
        ++i;
      }
    }
    flush();
    for (size_t k = 0; k < tokens.size(); ++k) {
      if (tokens[k] == "drop" && k + 1 < tokens.size()) add("SQL DROP");
      if (tokens[k] == "truncate") add("truncate");
      if (tokens[k] == "delete") add("SQL DELETE");
      if (tokens[k] == "flushall" || tokens[k] == "flushdb") add("flushes redis");
    }
  }
}

void sql_client(const ShellCommand& c, const Add& add) {
  std::string args;
  for (size_t i = 1; i < c.words.size(); ++i) args += c.words[i].text + "\n";
  sql_reasons(args, add);
  if (c.input.kind == StdinSource::Kind::Text) sql_reasons(c.input.text, add);
  if (c.input.kind == StdinSource::Kind::File && c.input.text != "/dev/null")
    add("restores a dump into a database");
  if (c.input.kind == StdinSource::Kind::Unseen)
    add("restores a dump into a database (SQL from a pipe)");
  for (size_t i = 1; i < c.words.size(); ++i) {
    const std::string& t = c.words[i].text;
    if ((t == "-f" || t == "--file") && word(c, i + 1) != "-")
      add("restores a dump into a database");
    if (t.starts_with("--file=") && t != "--file=-") add("restores a dump into a database");
  }
}

void check_aws(const ShellCommand& c, const Add& add) {
  auto skip_globals = [&](size_t from) {
    return verb_at(
        c, from,
        {"--region", "--profile", "--output", "--query", "--endpoint-url", "--color", "--ca-bundle",
         "--cli-read-timeout", "--cli-connect-timeout", "--cli-binary-format"});
  };
  size_t s = skip_globals(1), o = skip_globals(s + 1);
  std::string service = word(c, s), op = word(c, o);
  static constexpr std::string_view kVerbs[] = {
      "delete-",   "terminate-",    "revoke-",       "deregister-", "purge-",
      "remove-",   "detach-",       "disable-",      "release-",    "reset-",
      "cancel-",   "disassociate-", "batch-delete-", "abort-",      "deactivate-",
      "unassign-", "reject-",       "flush-",        "drop-",       "wipe-"};
  if (std::any_of(std::begin(kVerbs), std::end(kVerbs), [&](auto v) { return op.starts_with(v); }))
    add("aws delete/terminate/revoke operation");
  if (service == "s3" && in(op, {"rm", "rb"})) add("aws s3 rm/rb deletes objects");
  if (service == "s3" && op == "mv") add("aws s3 mv removes the source objects");
  if (service == "s3" && op == "sync" && any_word(c, [](auto w) { return w == "--delete"; }))
    add("aws s3 sync --delete removes objects");
  if (in(service, {"rds-data", "redshift-data", "athena"})) {
    std::string args;
    for (const auto& w : c.words) args += w.text + "\n";
    sql_reasons(args, add);
  }
}

void check_git(const ShellCommand& c, const Add& add) {
  size_t v = verb_at(c, 1, {"-C", "-c", "--git-dir", "--work-tree", "--namespace"});
  std::string verb = word(c, v);
  auto has = [&](const std::function<bool(std::string_view)>& pred) {
    for (size_t i = v + 1; i < c.words.size(); ++i)
      if (pred(c.words[i].text)) return true;
    return false;
  };
  if (verb == "reset" && has([](auto w) { return w == "--hard"; }))
    add("git reset --hard discards work");
  if (verb == "clean" && has([](auto w) { return w == "--force" || cluster_has(w, 'f'); }))
    add("git clean -f deletes files");
  if (verb == "push" && has([](auto w) {
        return w == "--force" || w.starts_with("--force-with-lease") ||
               w == "--force-if-includes" || w == "--mirror" || w == "--prune" ||
               cluster_has(w, 'f') || (w.size() > 1 && w[0] == '+');
      }))
    add("git push --force");
  if (verb == "push" && has([](auto w) {
        return w == "--delete" || cluster_has(w, 'd') || (w.size() > 1 && w[0] == ':');
      }))
    add("git push --delete removes a remote branch");
  if (verb == "branch" && has([](auto w) { return cluster_has(w, 'D'); })) add("git branch -D");
  if (verb == "stash" && in(word(c, v + 1), {"drop", "clear"})) add("git stash drop discards work");
}

void check_docker(const ShellCommand& c, const Add& add) {
  auto skip_global = [&](size_t from) {
    return verb_at(
        c, from,
        {"-H", "--host", "-c", "--context", "--config", "-l", "--log-level", "-f", "--file", "-p",
         "--project-name", "--project-directory", "--env-file", "--profile"});
  };
  size_t v = skip_global(1);
  std::string verb = word(c, v), sub = word(c, v + 1);
  if (verb == "compose" || c.name() == "docker-compose") {
    size_t cv = c.name() == "docker-compose" ? v : skip_global(v + 1);
    if (word(c, cv) == "down" && any_word(c, [](auto w) {
          return in(w, {"-v", "--volumes", "--rmi"}) || cluster_has(w, 'v');
        }))
      add("compose down -v deletes volumes");
    return;
  }
  auto force = [&] {
    return any_word(c, [](auto w) { return w == "--force" || cluster_has(w, 'f'); });
  };
  bool rm =
      in(verb, {"rm", "rmi"}) || (in(verb, {"container", "image"}) && in(sub, {"rm", "remove"}));
  if (rm && force()) add("docker rm -f");
  if (verb == "system" && sub == "prune" && any_word(c, [](auto w) {
        return in(w, {"--all", "--volumes"}) || cluster_has(w, 'a');
      }))
    add("docker system prune -a");
  if (verb == "image" && sub == "prune" &&
      any_word(c, [](auto w) { return w == "--all" || cluster_has(w, 'a'); }))
    add("docker image prune -a deletes images");
  if (verb == "volume" && in(sub, {"rm", "prune", "remove"})) add("deletes docker volumes");
}

void structured(const ShellCommand& c, const Add& add) {
  const std::string n = c.name();
  auto operands_from = [&](size_t i) {
    std::vector<std::string> out;
    bool options = true;
    for (; i < c.words.size(); ++i) {
      const std::string& t = c.words[i].text;
      if (options && t == "--")
        options = false;
      else if (!(options && t.size() > 1 && t[0] == '-'))
        out.push_back(t);
    }
    return out;
  };
  if (n == "rm") add("rm deletes files");
  if (n == "unlink") add("unlink deletes a file");
  if (in(n, {"shred", "wipefs", "blkdiscard"}) || n.starts_with("mkfs") ||
      (n == "sgdisk" && any_word(c, [](auto w) {
         return in(w, {"-Z", "--zap-all", "-o", "--clear", "--zap"});
       })))
    add("wipes a disk or file");
  if (n == "dd" && any_word(c, [](auto w) {
        return w.starts_with("of=/dev/") &&
               !in(w, {"of=/dev/null", "of=/dev/stdout", "of=/dev/stderr"});
      }))
    add("dd onto a device");
  if (n == "truncate") add("truncate");
  if (n == "mv") {
    auto ops = operands_from(1);
    bool target_option =
        any_word(c, [](auto w) { return w == "-t" || w.starts_with("--target-directory"); });
    size_t sources = target_option ? ops.size() : (ops.empty() ? 0 : ops.size() - 1);
    if (target_option && !ops.empty()) --sources;  // the directory after -t
    for (size_t i = target_option ? 1 : 0; i < ops.size() && sources > 0; ++i, --sources)
      if (protected_path(ops[i])) add("mv moves system or data files away");
  }
  if (in(n, {"chmod", "chown", "chgrp"}) &&
      any_word(c, [](auto w) { return w == "--recursive" || cluster_has(w, 'R'); }))
    add("recursive permission change");
  if (n == "chmod") {
    auto ops = operands_from(1);
    if (!ops.empty() && (ops[0].find_first_not_of('0') == std::string::npos ||
                         in(ops[0], {"a-rwx", "ugo-rwx", "a=", "ugo="})))
      add("chmod 000 locks everyone out");
  }
  if (n == "kill") {
    for (size_t i = 1; i < c.words.size(); ++i) {
      std::string t = c.words[i].text;
      std::transform(t.begin(), t.end(), t.begin(),
                     [](unsigned char ch) { return std::toupper(ch); });
      std::string next = word(c, i + 1);
      std::transform(next.begin(), next.end(), next.begin(),
                     [](unsigned char ch) { return std::toupper(ch); });
      if (in(t, {"-9", "-KILL", "-SIGKILL", "--SIGNAL=KILL", "--SIGNAL=9", "-S9", "-SKILL"}) ||
          (in(t, {"-S", "-N", "--SIGNAL"}) && in(next, {"9", "KILL", "SIGKILL"})))
        add("kill -9 kills processes without letting them clean up");
    }
  }
  if (in(n, {"killall", "pkill", "killall5"})) add("kills processes by name");
  if (in(n, {"reboot", "shutdown", "poweroff", "halt"})) add("shuts the host down");
  if (n == "systemctl" &&
      in(word(c, verb_at(c, 1,
                         {"-t", "--type", "-s", "--signal", "-p", "--property", "-H", "--host",
                          "-M", "--machine", "-n", "--lines", "-o", "--output", "--state"})),
         {"poweroff", "reboot", "halt", "kexec", "soft-reboot", "rescue", "emergency"}))
    add("shuts the host down");
  if (in(n, {"init", "telinit"}) && in(word(c, 1), {"0", "6", "1", "s", "S"}))
    add("shuts the host down");
  if (in(n, {"iptables", "ip6tables", "iptables-legacy", "iptables-nft", "ip6tables-legacy",
             "ip6tables-nft"})) {
    if (any_word(c, [](auto w) {
          return in(w, {"--flush", "--delete-chain"}) || cluster_has(w, 'F') || cluster_has(w, 'X');
        }))
      add("drops firewall rules");
    if (any_word(c, [](auto w) { return w == "-P" || w == "--policy"; }) &&
        any_word(c, [](auto w) { return w == "DROP"; }))
      add("iptables -P DROP blocks traffic");
  }
  if (n == "nft" && any_word(c, [](auto w) { return in(w, {"flush", "delete", "destroy"}); }))
    add("drops firewall rules");
  if (n == "ufw" && any_word(c, [](auto w) { return in(w, {"reset", "disable"}); }))
    add("drops firewall rules");
  if (n == "crontab" && any_word(c, [](auto w) { return cluster_has(w, 'r'); }))
    add("removes the crontab");
  if (in(n, {"psql", "mysql", "mariadb", "sqlite3", "clickhouse-client", "sqlcmd", "cqlsh"}))
    sql_client(c, add);
  if (n == "pg_restore") {
    // -c is --clean; in -Fc the c is the value of -F.
    for (size_t i = 1; i < c.words.size(); ++i) {
      const std::string& t = c.words[i].text;
      bool clean = t == "--clean";
      for (size_t j = 1; !clean && t.size() > 1 && t[0] == '-' && t[1] != '-' && j < t.size();
           ++j) {
        if (t[j] == 'c') clean = true;
        if (std::string_view("dfFIjLnNPStTUhp").find(t[j]) != std::string_view::npos) break;
      }
      if (clean) add("pg_restore --clean drops objects first");
    }
  }
  if (n == "redis-cli") {
    sql_reasons(c.input.kind == StdinSource::Kind::Text ? c.input.text : "", [&](std::string r) {
      if (r == "flushes redis") add(r);
    });
    if (any_word(c, [](auto w) {
          std::string l(w);
          std::transform(l.begin(), l.end(), l.begin(),
                         [](unsigned char ch) { return std::tolower(ch); });
          return l == "flushall" || l == "flushdb";
        }))
      add("flushes redis");
  }
  if (n == "aws") check_aws(c, add);
  if (n == "git") check_git(c, add);
  if (n == "docker" || n == "docker-compose") check_docker(c, add);
  if (n == "kubectl" && word(c, verb_at(c, 1,
                                        {"-n", "--namespace", "--context", "--cluster", "--user",
                                         "-s", "--server", "--kubeconfig", "--token"})) == "delete")
    add("kubernetes delete");
  if (n == "helm" &&
      in(word(c, verb_at(c, 1, {"-n", "--namespace", "--kube-context", "--kubeconfig"})),
         {"uninstall", "delete", "del", "un"}))
    add("kubernetes delete");
  if (n == "terraform" || n == "tofu") {
    size_t v = 1;
    while (v < c.words.size() && c.words[v].text.starts_with("-")) ++v;
    std::string verb = word(c, v);
    if (verb == "destroy" ||
        (verb == "apply" && any_word(c, [](auto w) { return w == "-destroy"; })))
      add("terraform destroy");
    if (verb == "state" && word(c, v + 1) == "rm") add("terraform state rm forgets resources");
  }
  if (n == "find" && any_word(c, [](auto w) { return w == "-delete"; }))
    add("find -delete deletes files");
  if (in(n, {"userdel", "groupdel", "deluser", "delgroup"})) add("deletes a user");
  if (in(n, {"lvremove", "vgremove", "pvremove"})) add("removes LVM volumes");
  if (n == "hash" && any_word(c, [](auto w) { return w == "-p"; }))
    add("hash -p changes what a command name runs");
  add(hidden_command_runner(c));
}

}  // namespace

std::vector<std::string> DestructivePatterns::reasons(const ShellCommand& command) const {
  std::vector<std::string> out;
  auto add = [&](std::string r) {
    if (!r.empty() && std::find(out.begin(), out.end(), r) == out.end())
      out.push_back(std::move(r));
  };
  structured(command, add);
  const bool known_by_structure = !out.empty();
  for (auto& r : reasons(std::string_view(command.text()))) {
    // `docker volume rm x` is explained by its own reason; the text pattern for rm only
    // stands when nothing more precise knows the command.
    if (r == "rm deletes files" && known_by_structure && command.name() != "rm") continue;
    add(std::move(r));
  }
  // The generic words stand back when a precise reason already explains the command.
  auto generic = [](const std::string& r) {
    return in(r, {"delete", "destroy", "terminate", "revoke"});
  };
  if (std::any_of(out.begin(), out.end(), [&](const std::string& r) { return !generic(r); }))
    out.erase(std::remove_if(out.begin(), out.end(), generic), out.end());
  return out;
}

}  // namespace opsdeck::app::runbook
