#include "app/runbook/placeholder_words.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

namespace opsdeck::app::runbook {

namespace {
using NameSet = std::set<std::string, std::less<>>;

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_lower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
}  // namespace

bool is_login_environment(std::string_view n) {
  static const NameSet kEnv = {
      "HOME", "PATH", "USER", "SHELL", "PWD", "OLDPWD", "HOSTNAME", "HOST", "UID", "EUID",
      "GROUPS", "PPID", "RANDOM", "LINENO", "SECONDS", "TERM", "LANG", "LANGUAGE", "LOGNAME",
      "TMPDIR", "IFS", "OSTYPE", "BASH", "BASHPID", "BASH_SOURCE", "BASH_VERSION",
      "BASH_REMATCH", "EDITOR", "VISUAL", "PAGER", "PS1", "PS2", "PS4", "SHLVL", "COLUMNS",
      "LINES", "MACHTYPE", "HOSTTYPE", "DISPLAY", "SSH_AUTH_SOCK", "SSH_CLIENT",
      "SSH_CONNECTION", "SSH_TTY", "MAIL", "REPLY", "PIPESTATUS", "FUNCNAME", "OPTARG",
      "OPTIND", "EPOCHSECONDS", "EPOCHREALTIME", "DIRSTACK"};
  return kEnv.count(n) > 0 || n.starts_with("LC_") || n.starts_with("XDG_");
}

bool is_tool_environment(std::string_view n) {
  static const NameSet kTools = {
      "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PAGER", "AWS_DEFAULT_OUTPUT",
      "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_SDK_LOAD_CONFIG",
      "AWS_EC2_METADATA_DISABLED", "NODE_ENV", "RAILS_ENV", "RACK_ENV", "FLASK_ENV", "APP_ENV",
      "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PGPASSWORD", "PGHOST", "PGUSER",
      "PGPORT", "PGDATABASE", "PGSSLMODE", "DOCKER_HOST", "DOCKER_BUILDKIT", "COMPOSE_FILE",
      "COMPOSE_PROJECT_NAME", "KUBECONFIG", "JAVA_HOME", "GOPATH", "PYTHONPATH", "VIRTUAL_ENV",
      "TZ", "CI", "DEBIAN_FRONTEND", "BUILDX_NO_DEFAULT_ATTESTATIONS"};
  return kTools.count(n) > 0;
}

bool is_constant_word(std::string_view n) {
  static const NameSet kConstants = {
      "HTTP", "HTTPS", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "JSON", "YAML",
      "XML", "CSV", "TEXT", "HTML", "UTC", "GMT", "SIGTERM", "SIGKILL", "SIGHUP", "SIGINT",
      "SIGUSR1", "SIGUSR2", "SIGQUIT", "SIGSTOP", "SIGCONT", "TERM", "KILL", "HUP", "INT", "QUIT",
      "ERROR", "ERR", "WARN", "WARNING", "INFO", "DEBUG", "FATAL", "TRACE", "CRITICAL", "NOTICE",
      "OK", "ALARM", "INSUFFICIENT_DATA", "AAAA", "CNAME", "MX", "TXT", "NS", "SOA", "SRV",
      "PTR", "CAA", "UPSERT", "CREATE", "TCP", "UDP", "ICMP", "FARGATE", "FARGATE_SPOT", "EC2",
      "EXTERNAL", "RUNNING", "STOPPED", "PENDING", "ACTIVE", "INACTIVE", "DRAINING", "FAILED",
      "SUCCESS", "SUCCEEDED", "ENABLED", "DISABLED", "TRUE", "FALSE", "NULL", "YES", "NO", "ON",
      "OFF", "EOF", "EOT", "END", "ORIG_HEAD", "FETCH_HEAD", "MERGE_HEAD", "README", "LICENSE",
      "TODO", "AWS", "RDS", "IAM", "VPC", "ECS", "ECR", "ALB", "ELB", "NLB", "SSM", "SQS", "SNS",
      "DNS", "TLS", "SSL", "SSH", "API", "URL", "URI", "CPU", "RAM", "GB", "MB", "KB", "TB",
      "GIB", "MIB", "UTF8", "ASCII", "LF", "CRLF", "ALL", "NONE", "ANY", "KEYS_ONLY",
      "PAY_PER_REQUEST", "PROVISIONED", "STANDARD", "STANDARD_IA", "GLACIER", "GLACIER_IR",
      "DEEP_ARCHIVE", "INTELLIGENT_TIERING", "ONEZONE_IA", "REDUCED_REDUNDANCY", "NEW_IMAGE",
      "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES",
      "SPECIFIC_ATTRIBUTES", "COUNT", "TOTAL", "INDEXES", "LATEST", "TRIM_HORIZON",
      "AT_TIMESTAMP", "DESC", "ASC", "MAX", "MIN", "AVG", "SUM", "SELECT", "FROM", "WHERE",
      "AND", "OR", "NOT", "IS", "IN", "LIKE", "ILIKE", "ORDER", "BY", "GROUP", "LIMIT", "OFFSET",
      "INSERT", "INTO", "VALUES", "UPDATE", "SET", "CREATE", "DROP", "TABLE", "DATABASE", "INDEX",
      "ALTER", "GRANT", "REVOKE", "TO", "AS", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER",
      "HAVING", "DISTINCT", "NOW", "INTERVAL", "VACUUM", "ANALYZE", "EXPLAIN", "SHOW", "BEGIN",
      "COMMIT", "ROLLBACK", "TRUNCATE", "CASCADE", "WITH", "EXISTS", "BETWEEN", "CASE", "WHEN",
      "THEN", "ELSE", "PRIMARY", "KEY", "TIMESTAMP", "CURRENT_DATE", "CURRENT_TIMESTAMP",
      "PRAGMA", "USER", "ROLE", "SCHEMA", "VIEW", "PUBLIC", "PING", "INFO", "DBSIZE", "MONITOR",
      "FLUSHALL", "FLUSHDB", "KEYS", "SCAN", "TTL", "DEL", "MEMORY", "CONFIG", "CLIENT",
      "SLOWLOG", "LLEN", "HGETALL", "EXPIRE", "SUBSCRIBE", "PSUBSCRIBE", "UNIX", "LTS", "ARM",
      "ARM64", "AMD64", "X86_64", "AMI", "EBS", "EFS", "GP2", "GP3", "IO1", "IO2", "PEM",
      "PDT", "PST", "CET", "EST", "UP", "DOWN"};
  if (kConstants.count(n)) return true;
  for (std::string_view suffix : {"_COMPLETE", "_IN_PROGRESS", "_FAILED"})
    if (n.ends_with(suffix)) return true;
  return false;
}

bool is_html_tag(std::string_view n) {
  static const NameSet kTags = {
      "html", "head", "body", "title", "div", "span", "p", "a", "b", "i", "u", "em", "strong",
      "script", "style", "meta", "link", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
      "tr", "td", "th", "ul", "ol", "li", "form", "input", "img", "pre", "code", "xml", "svg",
      "section", "header", "footer", "nav", "main", "button", "label", "option", "select"};
  return kTags.count(n) > 0;
}

bool is_fill_me_word(std::string_view w) {
  if (w.size() < 6) return false;
  if (w.starts_with("YOUR_") || w.ends_with("_HERE")) return true;
  return (w.starts_with("your-") || w.starts_with("your_")) && w.size() > 5;
}

bool is_fill_me_char(char c) { return is_name_char(c) || c == '-'; }

size_t angle_at(std::string_view s, size_t i, bool markup, std::string* name) {
  if (i >= s.size() || s[i] != '<' || i + 1 >= s.size() || !std::isalpha(static_cast<unsigned char>(s[i + 1])))
    return 0;
  size_t j = i + 1;
  while (j < s.size() && (is_name_char(s[j]) || s[j] == '-' || s[j] == '.' || s[j] == '/')) ++j;
  if (j >= s.size() || s[j] != '>') return 0;
  std::string_view n = s.substr(i + 1, j - i - 1);
  char last = n.back();
  if (last == '-' || last == '.' || last == '/') return 0;
  bool plain_lower = std::all_of(n.begin(), n.end(), [](char c) {
    return is_lower(c) || std::isdigit(static_cast<unsigned char>(c));
  });
  if (plain_lower && (is_html_tag(n) || markup)) return 0;
  if (name) *name = std::string(n);
  return j - i + 1;
}

size_t brace_at(std::string_view s, size_t i, std::string* name) {
  if (i >= s.size() || s[i] != '{') return 0;
  if (i > 0 && (s[i - 1] == '$' || s[i - 1] == '{' || s[i - 1] == '%' || s[i - 1] == '@')) return 0;
  size_t j = i + 1;
  if (j >= s.size() || !is_name_start(s[j])) return 0;
  while (j < s.size() && (is_name_char(s[j]) || s[j] == '-')) ++j;
  if (j >= s.size() || s[j] != '}' || (j + 1 < s.size() && s[j + 1] == '}')) return 0;
  if (name) *name = std::string(s.substr(i + 1, j - i - 1));
  return j - i + 1;
}

bool is_caps_token(std::string_view t) {
  if (t.empty() || !is_upper(t[0])) return false;
  int letters = 0;
  for (char c : t) {
    if (is_upper(c)) ++letters;
    else if (!std::isdigit(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return letters >= 2 && t.back() != '_';
}

void for_each_fill_me_word(std::string_view text, const std::function<void(size_t, std::string)>& found) {
  size_t i = 0;
  while (i < text.size()) {
    if (!is_fill_me_char(text[i]) || (i > 0 && is_fill_me_char(text[i - 1]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && is_fill_me_char(text[j])) ++j;
    std::string_view run = text.substr(i, j - i);
    while (!run.empty() && run.back() == '-') run.remove_suffix(1);
    // Upper-case words end at the first '-' (`YOUR_IP-1`); lower-case ones keep them.
    std::string_view upper = run.substr(0, run.find('-'));
    if (is_caps_token(upper) && is_fill_me_word(upper)) found(i, std::string(upper));
    else if (run.starts_with("your") && is_fill_me_word(run) && std::none_of(run.begin(), run.end(), is_upper))
      found(i, std::string(run));
    i = j;
  }
}

}  // namespace opsdeck::app::runbook
