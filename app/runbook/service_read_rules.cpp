// The read-only rules for service CLIs (tool_read_rules.hpp): aws, systemctl, journalctl,
// docker and docker compose, kubectl, git, terraform/tofu. Options before a subcommand must
// be known, so that an option taking a value can never hide the real subcommand.

#include <algorithm>

#include "app/runbook/command_args.hpp"
#include "app/runbook/tool_read_rules.hpp"

namespace opsdeck::app::runbook {

using namespace command_args;

namespace {

constexpr auto npos = std::string::npos;

std::string changes(const ShellCommand& c, std::string_view what) {
  return c.name() + (what.empty() ? "" : " ") + std::string(what) + " changes something";
}

std::string check_compose(const ShellCommand& c, size_t from) {
  auto v =
      find_verb(c, from, "", "fp", {"--compatibility", "--dry-run", "--all-resources", "--verbose"},
                {"--file", "--project-name", "--project-directory", "--env-file", "--profile",
                 "--ansi", "--progress", "--parallel"});
  if (!v.problem.empty() || v.at == npos) return v.problem;
  std::string verb = word_at(c, v.at);
  if (verb == "config")
    return visit(c, v.at + 1, {"o", {"--output", "--format", "--hash", "--profiles"}},
                 [](const Arg& a) -> std::string {
                   return in(a.name, {"-o", "--output"}) && !to_stdout(a.value)
                              ? "docker compose config -o writes a file"
                              : "";
                 });
  if (in(verb, {"ps", "logs", "top", "images", "version", "ls", "port", "events"})) return {};
  return "docker compose " + verb + " changes something";
}

}  // namespace

std::string aws_read_problem(const ShellCommand& c) {
  // Global options may come before the service and between it and the operation.
  auto after_globals = [&](size_t from) {
    return find_verb(
        c, from, "", "",
        {"--debug", "--no-verify-ssl", "--no-paginate", "--no-sign-request", "--no-cli-pager",
         "--no-cli-auto-prompt", "--version", "--help"},
        {"--region", "--profile", "--output", "--query", "--endpoint-url", "--color", "--ca-bundle",
         "--cli-read-timeout", "--cli-connect-timeout", "--cli-binary-format"});
  };
  auto v = after_globals(1);
  if (!v.problem.empty() || v.at == npos) return v.problem;
  auto o = after_globals(v.at + 1);
  if (!o.problem.empty()) return o.problem;
  std::string service = word_at(c, v.at), op = o.at == npos ? "" : word_at(c, o.at);
  if (service.empty()) return "the aws service is not literal";
  if (service == "help" || op == "help" || o.at == npos) return {};  // help text
  if (op.empty()) return "the aws operation is not literal";
  for (const auto& w : c.words)
    if (w.known &&
        (w.text.starts_with("--cli-input-json") || w.text.starts_with("--cli-input-yaml")))
      return "aws --cli-input-json reads parameters opsdeck cannot see";
  const std::string svc_op = "aws " + service + " " + op;
  if (service == "s3") {
    if (op == "ls" || op == "presign") return {};
    if (op == "cp" && word_at(c, o.at + 1).starts_with("s3://") && word_at(c, o.at + 2) == "-" &&
        std::none_of(c.words.begin(), c.words.end(),
                     [](const ShellWord& w) { return w.text == "--recursive"; }))
      return {};
    return svc_op + " changes something";
  }
  if ((service == "logs" && op == "tail") || op == "wait" ||
      (service == "dynamodb" &&
       in(op, {"scan", "query", "batch-get-item", "transact-get-items"})) ||
      (service == "configure" && in(op, {"get", "list", "list-profiles"})))
    return {};
  static constexpr std::string_view kReadVerbs[] = {"describe-", "list-",   "get-",       "lookup-",
                                                    "search-",   "filter-", "batch-get-", "head-"};
  if (service == "configure" || std::none_of(std::begin(kReadVerbs), std::end(kReadVerbs),
                                             [&](auto p) { return op.starts_with(p); }))
    return svc_op + " is not a read (describe-*, list-*, get-*, ... are)";
  // Operations that write their result into a local file named by the last word.
  if (in(op, {"get-object", "get-object-torrent", "get-job-output", "get-media", "get-clip",
              "get-snapshot-block", "get-package-version-asset", "get-export", "get-sdk",
              "get-media-for-fragment-list"}) &&
      !in(c.words.back().text, {"/dev/stdout", "/dev/null"}))
    return svc_op + " writes its result into a local file";
  return {};
}

std::string systemctl_read_problem(const ShellCommand& c) {
  auto v =
      find_verb(c, 1, "alqrifTh", "notspPHM",
                {"--all",        "--full",    "--quiet",    "--recursive", "--user",
                 "--system",     "--global",  "--no-pager", "--no-legend", "--no-ask-password",
                 "--no-block",   "--no-wall", "--plain",    "--value",     "--failed",
                 "--show-types", "--reverse", "--after",    "--before",    "--with-dependencies",
                 "--runtime",    "--help",    "--version"},
                {"--type", "--state", "--property", "--lines", "--output", "--signal", "--host",
                 "--machine", "--job-mode", "--kill-whom", "--root", "--what", "--timestamp",
                 "--legend", "--preset-mode", "--check-inhibitors"});
  if (!v.problem.empty() || v.at == npos) return v.problem;
  std::string verb = word_at(c, v.at);
  if (in(verb, {"status", "show", "cat", "is-active", "is-enabled", "is-failed",
                "is-system-running", "list-units", "list-unit-files", "list-timers", "list-sockets",
                "list-dependencies", "list-jobs", "list-automounts", "list-paths", "list-machines",
                "get-default", "show-environment", "help"}))
    return {};
  return verb.empty() ? "the systemctl subcommand is not literal" : changes(c, verb);
}

std::string journalctl_read_problem(const ShellCommand& c) {
  return visit(
      c, 1,
      {"utTpgcSUoDMF", {"--unit",         "--user-unit",  "--identifier", "--exclude-identifier",
                        "--priority",     "--facility",   "--grep",       "--cursor",
                        "--after-cursor", "--since",      "--until",      "--output",
                        "--directory",    "--machine",    "--field",      "--file",
                        "--root",         "--image",      "--namespace",  "--output-fields",
                        "--interval",     "--verify-key", "--cursor-file"}},
      [&](const Arg& a) -> std::string {
        if (a.name.starts_with("--vacuum") ||
            in(a.name,
               {"--rotate", "--flush", "--sync", "--relinquish-var", "--smart-relinquish-var",
                "--setup-keys", "--update-catalog", "--cursor-file"}))
          return "journalctl " + a.name + " changes the journal";
        return {};
      });
}

std::string docker_read_problem(const ShellCommand& c) {
  if (c.name() == "docker-compose") return check_compose(c, 1);
  auto v = find_verb(
      c, 1, "Dv", "Hcl", {"--debug", "--tls", "--tlsverify", "--version", "--help"},
      {"--host", "--context", "--config", "--log-level", "--tlscacert", "--tlscert", "--tlskey"});
  if (!v.problem.empty() || v.at == npos) return v.problem;
  std::string verb = word_at(c, v.at), sub = word_at(c, v.at + 1);
  if (in(verb, {"ps", "logs", "inspect", "images", "stats", "version", "info", "top", "port",
                "history", "events", "diff"}))
    return {};
  if (verb == "compose") return check_compose(c, v.at + 1);
  if ((verb == "container" &&
       in(sub, {"ls", "list", "ps", "logs", "inspect", "top", "port", "stats", "diff"})) ||
      (verb == "image" && in(sub, {"ls", "list", "inspect", "history"})) ||
      (in(verb,
          {"volume", "network", "context", "node", "service", "secret", "config", "plugin"}) &&
       in(sub, {"ls", "list", "inspect"})) ||
      (verb == "service" && in(sub, {"logs", "ps"})) ||
      (verb == "system" && in(sub, {"df", "info", "events"})))
    return {};
  return "docker " + verb +
         (in(verb, {"container", "image", "volume", "network", "system"}) ? " " + sub : "") +
         " changes something";
}

std::string kubectl_read_problem(const ShellCommand& c) {
  auto v = find_verb(c, 1, "h", "nsv",
                     {"--insecure-skip-tls-verify", "--match-server-version",
                      "--warnings-as-errors", "--disable-compression", "--help"},
                     {"--namespace", "--context", "--cluster", "--user", "--server", "--kubeconfig",
                      "--token", "--as", "--as-group", "--as-uid", "--request-timeout", "--v",
                      "--certificate-authority", "--client-certificate", "--client-key",
                      "--tls-server-name", "--cache-dir", "--username", "--password"});
  if (!v.problem.empty() || v.at == npos) return v.problem;
  std::string verb = word_at(c, v.at), sub = word_at(c, v.at + 1);
  if (in(verb, {"get", "describe", "logs", "top", "version", "explain", "api-resources",
                "api-versions"}) ||
      (verb == "cluster-info" && sub != "dump") ||
      (verb == "auth" && in(sub, {"can-i", "whoami"})) ||
      (verb == "config" &&
       in(sub, {"view", "get-contexts", "current-context", "get-clusters", "get-users"})))
    return {};
  return "kubectl " + verb + " changes something";
}

std::string git_read_problem(const ShellCommand& c) {
  for (const auto& w : c.words)
    if (w.known &&
        (w.text == "-c" || w.text.starts_with("--config-env") || w.text.starts_with("--exec-path")))
      return "git " + w.text.substr(0, w.text.find('=')) +
             " sets configuration that can run commands";
  auto v = find_verb(c, 1, "pPh", "C",
                     {"--no-pager", "--paginate", "--bare", "--no-replace-objects",
                      "--literal-pathspecs", "--glob-pathspecs", "--noglob-pathspecs",
                      "--icase-pathspecs", "--no-optional-locks", "--version", "--help"},
                     {"--git-dir", "--work-tree", "--namespace"});
  if (!v.problem.empty() || v.at == npos) return v.problem;
  std::string verb = word_at(c, v.at);
  if (in(verb, {"log", "show", "diff", "shortlog", "grep"}))
    return visit(c, v.at + 1, {"", {}}, [&](const Arg& a) -> std::string {
      if (in(a.name, {"--output", "--ext-diff", "--open-files-in-pager"}) ||
          (verb == "grep" && a.name == "-O"))
        return "git " + verb + " " + a.name + " writes a file or runs a program";
      return {};
    });
  if (in(verb, {"status", "rev-parse", "describe", "ls-files", "blame", "ls-remote", "cat-file"}))
    return {};
  if (verb == "branch") {
    bool listing = false, operands = false;
    auto p = visit(
        c, v.at + 1, {"", {"--sort", "--format", "--color", "--column", "--abbrev"}},
        [&](const Arg& a) -> std::string {
          if (a.operand())
            operands = true;
          else if (in(a.name, {"-l", "--list", "--merged", "--no-merged", "--contains",
                               "--no-contains", "--points-at"}))
            listing = true;
          else if (
              !in(a.name,
                  {"-a",           "--all",          "-r",          "--remotes",  "-v",
                   "--verbose",    "--show-current", "--color",     "--no-color", "--column",
                   "--no-column",  "--abbrev",       "--no-abbrev", "-i",         "--ignore-case",
                   "--omit-empty", "--sort",         "--format",    "-q",         "--quiet"}))
            return "git branch " + a.name + " changes branches";
          return {};
        });
    if (p.empty() && operands && !listing) return "git branch NAME creates a branch";
    return p;
  }
  if (verb == "remote") {
    std::string sub = word_at(c, v.at + 1);
    if (v.at + 1 >= c.words.size() || in(sub, {"-v", "--verbose", "show", "get-url"})) return {};
    return "git remote " + sub + " changes something";
  }
  return "git " + verb + " changes something";
}

std::string terraform_read_problem(const ShellCommand& c) {
  size_t i = 1;
  while (i < c.words.size() && c.words[i].known &&
         (c.words[i].text.starts_with("-chdir=") ||
          in(c.words[i].text, {"-version", "--version", "-v", "-help", "--help"})))
    ++i;
  if (i >= c.words.size()) return {};
  std::string verb = word_at(c, i), sub = word_at(c, i + 1);
  if (verb == "plan") {
    for (size_t k = i + 1; k < c.words.size(); ++k) {
      const auto& w = c.words[k];
      if (hidden_option(w))
        return "`" + w.text + "` may expand to terraform options opsdeck cannot see";
      if (w.text.starts_with("-out") || w.text.starts_with("--out") ||
          w.text.starts_with("-generate-config-out"))
        return "terraform plan -out writes a file";
    }
    return {};
  }
  if (in(verb, {"show", "output", "validate", "version", "providers", "graph"}) ||
      (in(verb, {"state", "workspace"}) && in(sub, {"list", "show"})))
    return {};
  if (verb == "fmt" && std::any_of(c.words.begin(), c.words.end(),
                                   [](const ShellWord& w) { return w.text == "-check"; }))
    return {};
  return c.name() + " " + verb + " changes something";
}

}  // namespace opsdeck::app::runbook
