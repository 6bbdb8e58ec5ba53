#pragma once
// What one logical command of a runbook block is, as the block splitter needs to know it:
// which machine it needs, whether it ever ends, whether it only shows things to pick
// from, whether it only changes the shell (cd, export), whether it opens an ssh or SSM
// session, and what it does (to tell variants of one action apart from unrelated
// commands). Pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app::runbook {

// Which machine a command needs. Neutral commands (echo, curl to a public URL, jq, sleep)
// run wherever the commands around them run.
enum class Side { Neutral, Local, Host };

struct SshCall {
  enum class Kind {
    None,
    Login,   // `ssh [options] DEST`: an interactive shell on DEST
    Remote,  // `ssh DEST 'cmd'`, `ssh DEST cmd args`, `ssh DEST <<EOF … EOF`
    Tunnel,  // -L / -R / -D / -N / -f: a port forward, never ends by itself
  };
  Kind kind = Kind::None;
  std::string destination;  // DEST as written (`ec2-user@<ELASTIC_IP>`, `app-prod`)
  std::string command;      // `ssh [options] DEST` as written, without the remote command
  std::string remote;       // Remote: the command(s) run on DEST, unquoted
};

struct UnitFacts {
  std::vector<std::string> words;  // first simple command, after sudo/env/assignments
  Side side = Side::Neutral;
  bool strong_local = false;       // needs the operator's machine (terraform, docker push, ssh)
  bool follow = false;             // a stream or a tunnel: never ends by itself
  bool lists = false;              // shows things on screen for the operator to pick from
  bool state = false;              // only changes the shell: cd, export, NAME=value, set, source
  bool carry = false;              // a state change that can be repeated before a later sub-step
  bool glue = false;               // sleep / wait: belongs with the commands around it
  bool exit = false;               // exit / logout: ends an ssh session
  bool content = false;            // SQL or psql meta-commands typed into a client, not shell
  bool opens_client = false;       // psql / mysql / sqlite3 with nothing to run: interactive
  std::vector<std::string> computed;  // NAME=$(…), read NAME: values only known when it runs
  std::vector<std::string> literal;   // NAME=value, export NAME=value, for NAME in …
  std::string action;              // what it does, for comparing variants: "aws ecs
                                   // update-service", "docker compose logs", "deploy.sh"
  SshCall ssh;
  std::string ssm_target;          // `aws ssm start-session --target X` (a shell, not a tunnel)
};

UnitFacts unit_facts(std::string_view text);

// The side a comment or a sentence names: "# on the server", "On the host:", "Inside the
// task:" are Host; "# on your laptop", "locally" are Local; anything else Neutral.
Side where_hint(std::string_view text);

// `text` without here-document bodies (the lines that open them are kept).
std::string without_heredoc_bodies(std::string_view text);

}  // namespace opsdeck::app::runbook
