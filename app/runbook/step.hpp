#pragma once
// The model of a loaded runbook: sections, steps (a fenced code block, a part of one, or
// an inline-code procedure in a numbered list), checklist items and the runbook's own
// safety rules. Plain data, no IO, no curses; produced by load_runbook()/parse_runbook()
// (app/runbook/loader.hpp) and owned by the caller.

#include <map>
#include <string>
#include <vector>

namespace opsdeck::app::runbook {

enum class StepKind {
  Command,  // meant to be run (shell commands)
  Script,   // the body of a script file (`#!`, or prose says "create deploy.sh")
  Content,  // file contents and listings: JSON, YAML, nginx, SQL, .env, trees, diagrams
};
enum class StepWhere {
  Local,  // the operator's machine: aws, terraform, git, docker build/push, dig, ssh itself
  Host,   // the server: sudo, systemctl, docker run/compose, /opt, /etc, curl localhost
};

const char* to_string(StepKind kind);
const char* to_string(StepWhere where);

// One thing the operator runs (or reads). A fenced block is one step unless it holds
// several things to run one at a time (app/runbook/block_splitter.hpp); its sub-steps
// then share `block` and each has its own line, code, script, where, vars and flags.
struct Step {
  int index = 0;                          // 1-based position among all steps
  int line = 0;                           // 1-based: the opening fence of a whole block; the
                                          // first command line of a sub-step; the list item
                                          // of an inline-code step
  int block = 0;                          // 1-based index of the fenced block or list item the
                                          // step came from (sub-steps of one block share it)
  std::string section;                    // innermost heading ("" before the first heading)
  std::vector<std::string> section_path;  // every enclosing heading, outermost first
  std::string lang;                       // first word of the info string, lower-case
  std::string code;                       // the step's text, as written (comments included)
  std::string script;                     // what runs: `code` minus `$ ` prompts/output; for
                                          // an ssh step the remote command(s) only; a sub-step
                                          // repeats the block's earlier `cd`/`export` lines
  std::string description;                // prose before the block (since the last step), then
                                          // the comment lines that introduce a sub-step
  std::string context;                    // inline-code step: the list item's text, as written
  StepKind kind = StepKind::Command;
  StepWhere where = StepWhere::Local;
  std::string ssh_host;                   // non-empty: a host step reached with `ssh` — the
                                          // destination as written (`ec2-user@<ELASTIC_IP>`)
  std::string ssh_command;                // the `ssh [options] DEST` words that reach it
  std::string ssm_target;                 // non-empty: a host step reached with `aws ssm
                                          // start-session --target X` — X as written
  bool follow = false;                    // never ends by itself: a stream (tail -f, journalctl
                                          // -f, watch, logs -f/--follow) or a tunnel (ssh -N -L,
                                          // SSM port forwarding, kubectl port-forward)
  int choice_group = 0;                   // non-zero: steps with the same number are
                                          // alternatives — run one of them, never in sequence
  std::vector<std::string> vars;              // placeholders, in order of first use
  std::map<std::string, std::string> var_defaults;  // from ${VAR:-default}
  bool destructive = false;
  std::vector<std::string> destructive_reasons;  // why: built-in pattern or runbook rule
  bool forbidden_by_runbook = false;             // a safety rule of this runbook matched
  std::vector<std::string> rules;                // the text of each safety rule that matched

  bool runnable() const { return kind == StepKind::Command; }
};

struct ChecklistItem {
  int line = 0;
  std::string section;
  std::string text;
};

// A sentence in which the runbook forbids something ("never run `db:reset` in production").
struct SafetyRule {
  int line = 0;
  std::string text;                   // the sentence, as written
  std::vector<std::string> patterns;  // what it forbids (code spans, or the words after "run")
  bool production_only = false;       // the sentence names production
};

struct Runbook {
  std::string path;
  std::string title;  // first heading
  std::vector<Step> steps;
  std::vector<ChecklistItem> checklist;
  std::vector<SafetyRule> rules;
};

}  // namespace opsdeck::app::runbook
