#pragma once
// Which commands only read: the explicit allow-list behind the read-only proof of
// judge_shell(). A command passes only when its name AND its subcommand AND every option it
// is given are known to read; anything else is reported with why. Per-tool rules live in
// tool_read_rules.hpp.
//
// Allowed (README "Guards and the audit log" lists the same):
//  - aws: describe-*, list-*, get-*, lookup-*, search-*, filter-*, batch-get-*, head-*, wait,
//    dynamodb scan/query, logs tail, s3 ls/presign, `s3 cp s3://… -`, configure get/list,
//    sts get-caller-identity. Reads that return secrets (secretsmanager get-secret-value,
//    ssm get-parameter(s) --with-decryption, ec2 get-password-data) count as reads: read-only
//    means "changes nothing". Never with --cli-input-json/yaml; operations that write their
//    result into a local file (s3api get-object OUTFILE, ...) only into /dev/stdout or /dev/null.
//  - kubectl get/describe/logs/top/version/explain/api-resources/api-versions/cluster-info,
//    auth can-i/whoami, config view/get-contexts/current-context.
//  - systemctl status/show/cat/is-*/list-*/get-default (options before the verb must be
//    known: `systemctl --no-pager restart x` is a restart); journalctl without --vacuum-*,
//    --rotate, --flush, --sync, --relinquish-var, --setup-keys, --update-catalog, --cursor-file.
//  - docker ps/logs/inspect/images/stats/version/info/top/port/history/events/diff (and the
//    container/image/volume/network ls/inspect forms), docker compose ps/logs/config/top/images.
//  - curl/wget/http(ie) GET or HEAD to http(s) URLs with no body, upload, form, config file,
//    or output into a file (curl -o /dev/null, curl -G --data-urlencode, wget -O - / --spider).
//  - git status/log/show/diff/rev-parse/describe/ls-files/blame/shortlog/ls-remote/cat-file/grep,
//    branch (listing), remote (-v, show, get-url); never `git -c`.
//  - terraform/tofu plan (no -out)/show/output/validate/version/providers/graph, state list/show,
//    fmt -check.
//  - text and inspection tools: cat grep head tail less wc cut tr uniq(no output file) jq
//    yq(no -i) column ls stat file df du free ps pgrep uptime whoami id uname printenv which
//    type dig nslookup host ping -c nc -z openssl s_client/x509/version ss(no -K) netstat lsof
//    ip (show forms) pg_isready base64 sha*sum diff test [ true false echo printf(no -v) sleep
//    date(no -s / setting) hostname(no new name) sort(no -o) sed(no -i, no e/w commands) awk
//    (no system(), pipes, output redirection, -i/-f/-l) find(no -delete/-exec/-ok/-fprint/-fls),
//    env (printing), read, cd, set, shell builtins that change only the shell itself.
//  - wrappers around an allowed command: sudo, env, nice, nohup, timeout, command, time,
//    watch, xargs (only into commands that accept any argument, as the arguments are
//    unknown), bash -c / ssh host / kubectl exec / docker exec with text or a command that
//    is itself proven read-only.
// A word whose value opsdeck cannot see (an unknown variable, a command substitution, an
// unquoted glob) is accepted only where no value could change what the command does: as any
// argument of the print-only tools, as the value of an option, or after the operation of
// aws/kubectl/docker/systemctl; elsewhere it may be an option and the command is unproven.
// Pure functions; safe on any thread.

#include <string>
#include <string_view>
#include <vector>

#include "app/runbook/shell_command.hpp"

namespace opsdeck::app::runbook {

// "" when `command` (wrappers already looked through) is proven to only read; else why not,
// e.g. "systemctl restart changes something".
std::string read_only_problem(const ShellCommand& command);

// Why `command` runs shell commands hidden in its arguments, where opsdeck cannot judge them
// (sed's e command or s///e, awk's system() or pipes, psql's \!), else "".
std::string hidden_command_runner(const ShellCommand& command);

// `declare`/`typeset`/`local`/`export`/`readonly` with these words: "" when they change
// only ordinary shell variables; else why not (namerefs, integer attributes, functions,
// PATH and friends, names opsdeck cannot see).
std::string declaration_problem(const std::vector<ShellWord>& words);

}  // namespace opsdeck::app::runbook
