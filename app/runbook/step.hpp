#pragma once
// The model of a loaded runbook: sections, steps (one per fenced code block), checklist
// items and the runbook's own safety rules. Plain data, no IO, no curses; produced by
// load_runbook()/parse_runbook() (app/runbook/loader.hpp) and owned by the caller.

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

struct Step {
  int index = 0;                          // 1-based position among all steps
  int line = 0;                           // 1-based line of the opening fence
  std::string section;                    // innermost heading ("" before the first heading)
  std::vector<std::string> section_path;  // every enclosing heading, outermost first
  std::string lang;                       // first word of the info string, lower-case
  std::string code;                       // the block's text, as written
  std::string script;                     // what runs: `code`, minus `$ ` prompts/output
  std::string description;                // prose before the block (since the last step)
  StepKind kind = StepKind::Command;
  StepWhere where = StepWhere::Local;
  std::vector<std::string> vars;              // placeholders, in order of first use
  std::map<std::string, std::string> var_defaults;  // from ${VAR:-default}
  bool destructive = false;
  std::vector<std::string> destructive_reasons;  // why: built-in pattern or runbook rule
  bool forbidden_by_runbook = false;             // a safety rule of this runbook matched

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
