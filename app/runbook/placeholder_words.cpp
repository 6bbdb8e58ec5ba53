#include "app/runbook/placeholder_words.hpp"

#include <set>
#include <string>

namespace opsdeck::app::runbook {

namespace {
using NameSet = std::set<std::string, std::less<>>;
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

}  // namespace opsdeck::app::runbook
