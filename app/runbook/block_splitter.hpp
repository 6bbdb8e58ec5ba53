#pragma once
// Splits a runnable fenced block into the things an operator runs one at a time. A block
// is read as logical commands (app/runbook/command_units.hpp), each judged on its own
// (app/runbook/unit_facts.hpp), and cut where:
//
//  - ssh: `ssh [options] HOST` followed by more lines opens a session — those lines (up
//    to `exit`/`logout`) are host commands reached through HOST, and the ssh line itself
//    is not run on its own. `aws ssm start-session --target X` followed by lines is the
//    same through Session Manager. `ssh HOST 'cmd'` and `ssh HOST <<EOF … EOF` are host
//    steps of their own whose script is the remote command.
//  - machines: the block goes from laptop commands (aws, terraform, docker build/push,
//    scp, rsync to a host, git push) to host commands (sudo, systemctl, docker run/logs,
//    docker compose, paths under /opt /etc /srv /var /home, curl localhost) or back.
//    Comments such as `# on your laptop` / `# on the server` name the machine of the
//    commands below them. Commands that run anywhere (echo, jq, curl to a public URL, an
//    ECR login piped into docker) stay with their neighbours.
//  - streams: a command that never ends (tail -f, journalctl -f, watch, docker/compose/
//    kubectl logs -f, aws logs tail --follow, docker stats, ping, redis-cli MONITOR, ssh
//    -L/-N tunnels, SSM port forwarding, kubectl port-forward) is a step of its own.
//  - alternatives: commands separated by a line `or` / `# or` / `# alternatively`;
//    consecutive commands introduced by `# if …` / `# when …` / `# otherwise …`; and
//    consecutive commented variants of one action (`./deploy.sh # normal deploy`,
//    `./deploy.sh migrate # deploy with migrations`; `# dev` / `# prod`; `logs -f` of
//    different services) are steps sharing a choice group: run one, never in sequence.
//  - cheat-sheets: when two or more commands each have their own comment above (or
//    beside) them, each commented command starts a step.
//  - list, then act: a command that shows things to pick from (aws describe-/list-/get-,
//    aws s3 ls, docker ps, ls, kubectl get, git log) followed by one that needs a
//    placeholder the block has not used yet — the act is its own step, so its variable
//    is asked after the list is on screen.
//  - client sessions: `psql …` followed by SQL / `\dt` lines is a command step and a
//    content step (the lines to type into the client).
//
// A block stays one step when nothing above applies (cd + git pull + docker compose up
// -d, a `set -e` script), and no cut separates a value from its use (`ID=$(aws …)` then
// `$ID`) or a `sleep`/`wait` from its neighbours — except the cuts between machines,
// sessions and streams, which no shell could run as one. `cd`, `export X=value`, `set`
// and `source` lines before a cut are repeated at the top of the later steps' scripts.
// Pure function.

#include <string>
#include <string_view>
#include <vector>

#include "app/runbook/step.hpp"
#include "app/runbook/unit_facts.hpp"

namespace opsdeck::app::runbook {

struct BlockPart {
  bool whole = true;         // the part is the whole block (code as given, line = the fence)
  int first_line = 0;        // 0-based line within the block of the part's first command
  std::string code;          // its lines as written, with the comment lines above it
  std::string script;        // what runs (remote commands for ssh; carried cd/export first)
  std::string comments;      // the comment lines introducing it, one per line
  StepKind kind = StepKind::Command;
  Side side = Side::Neutral;  // Host / Local when its commands (or a comment) say so
  std::string ssh_host;
  std::string ssh_command;
  std::string ssm_target;
  bool follow = false;
  int choice = 0;            // non-zero: alternatives within this block share the number
};

// `lang`: the lower-cased info string word; decides transcripts (`console`).
std::vector<BlockPart> split_block(std::string_view code, std::string_view lang);

}  // namespace opsdeck::app::runbook
