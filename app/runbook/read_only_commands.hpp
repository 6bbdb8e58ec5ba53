#pragma once
// What may run in --readonly mode: a step whose every simple command only reads.
//
// Read-only-safe (documented in README "Read-only mode"):
//  - aws <service> describe-* | list-* | get-* | lookup-* | search-* | filter-* | tail
//    | head-object | wait, `aws s3 ls`, `aws sts get-caller-identity`, `aws logs tail`
//    (never with --cli-input-* or in a `aws configure set`);
//  - dig, nslookup, host, whois, ping, traceroute, mtr, nc -z, openssl s_client/x509;
//  - curl/wget/http as a plain GET (no -X other than GET/HEAD, no -d/--data*/-F/-T/
//    --upload-file/--json, output only to stdout or /dev/null);
//  - inspection: echo printf cat less head tail grep find(without -delete/-exec) ls stat
//    jq yq awk sed(without -i) sort uniq wc cut tr date whoami id uptime df du free ps top
//    env printenv which type test true false sleep, read-only assignments/export;
//  - status on hosts: systemctl status/is-active/list-units, journalctl, docker ps/logs/
//    inspect/images/stats, docker compose ps/logs, git status/log/diff/show,
//    terraform plan/show/output/validate, kubectl get/describe/logs.
// `sudo` in front of a safe command is still safe. Redirecting output into a file
// (`>` other than /dev/null or 2>&1) is a change. Anything else is assumed to change
// something.

#include <string_view>

namespace opsdeck::app::runbook {

bool is_read_only_script(std::string_view script);

}  // namespace opsdeck::app::runbook
