#include "app/runbook/loader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "app/runbook/block_splitter.hpp"
#include "app/runbook/classifier.hpp"
#include "app/runbook/inline_procedures.hpp"
#include "app/runbook/markdown_outline.hpp"
#include "app/runbook/safety_rules.hpp"
#include "app/runbook/shell_text.hpp"
#include "app/runbook/unit_facts.hpp"
#include "app/runbook/variables.hpp"

namespace opsdeck::app::runbook {

const char* to_string(StepKind kind) {
  switch (kind) {
    case StepKind::Command: return "command";
    case StepKind::Script: return "script";
    case StepKind::Content: return "content";
  }
  return "content";
}

const char* to_string(StepWhere where) {
  return where == StepWhere::Host ? "host" : "local";
}

namespace {

void add_reason(Step& step, std::string reason) {
  step.destructive = true;
  for (const auto& r : step.destructive_reasons)
    if (r == reason) return;
  step.destructive_reasons.push_back(std::move(reason));
}

// "Or follow them live:", "Alternatively, …", "Option 2: …", "If the tasks are overloaded, …:"
enum class Intro { None, Or, Option, If };

Intro intro_of(std::string_view paragraph) {
  static const std::regex or_intro(R"(^\s*(or|alternatively|otherwise|instead)\b)", std::regex::icase);
  static const std::regex option(R"(^\s*(option|method|approach|variant)\s+(\d+|[a-e])\b)", std::regex::icase);
  static const std::regex if_intro(R"(^\s*(if|when)\b[^\n]*:\s*$)", std::regex::icase);
  std::string s = regex_input(paragraph);
  if (std::regex_search(s, or_intro)) return Intro::Or;
  if (std::regex_search(s, option)) return Intro::Option;
  if (std::regex_search(s, if_intro)) return Intro::If;
  return Intro::None;
}

class Builder {
 public:
  explicit Builder(const DestructivePatterns& patterns) : patterns_(patterns) {}

  Runbook run(std::string_view markdown) {
    for (auto& item : outline_markdown(markdown)) {
      switch (item.type) {
        case OutlineItem::Type::Heading: heading(item); break;
        case OutlineItem::Type::Prose: prose(item); break;
        case OutlineItem::Type::Fence: fence(item); break;
      }
    }
    finish();
    return std::move(rb_);
  }

 private:
  void heading(const OutlineItem& item) {
    auto level = static_cast<size_t>(std::max(1, item.level));
    if (rb_.title.empty()) rb_.title = item.text;
    path_.resize(level - 1 < path_.size() ? level - 1 : path_.size());
    while (path_.size() < level - 1) path_.emplace_back();
    path_.push_back(item.text);
    description_.clear();
    paragraph_.clear();
    first_paragraph_.clear();
    pending_warning_.clear();
    previous_in_section_ = -1;
    previous_single_ = -1;
    previous_intro_ = Intro::None;
    list_ssh_ = {};
  }

  void prose(const OutlineItem& item) {
    auto rules = find_safety_rules(item.text, item.line);
    bool is_rule = !rules.empty();
    for (auto& r : rules) rb_.rules.push_back(std::move(r));
    if (!item.in_ordered_list_item) list_ssh_ = {};
    std::vector<InlineCommand> commands;
    if (item.in_ordered_list_item && !is_rule) commands = inline_commands(item.text);
    if (item.in_ordered_list_item && commands.empty())
      rb_.checklist.push_back({item.line, path_.empty() ? std::string() : path_.back(), item.text});
    std::string warning = find_step_warning(item.text);
    if (!warning.empty()) {
      // A warning speaks of the block below it unless it points back ("above").
      static const std::regex back(R"(\b(above|previous|preceding)\b)", std::regex::icase);
      std::string reason = "runbook warns (line " + std::to_string(item.line) + "): " + warning;
      if (previous_in_section_ >= 0 && std::regex_search(regex_input(item.text), back))
        add_reason(rb_.steps[static_cast<size_t>(previous_in_section_)], reason);
      else if (commands.empty())
        pending_warning_ = reason;
    }
    if (!commands.empty()) {
      inline_steps(item, commands, warning.empty() ? std::string() : "runbook warns (line " +
                                                                          std::to_string(item.line) + "): " + warning);
      return;
    }
    if (!description_.empty()) description_ += "\n";
    description_ += item.text;
    if (paragraph_.empty()) first_paragraph_ = item.text;
    paragraph_ = item.text;
  }

  Step new_step(int line) {
    Step s;
    s.line = line;
    for (const auto& p : path_)
      if (!p.empty()) s.section_path.push_back(p);
    s.section = s.section_path.empty() ? std::string() : s.section_path.back();
    return s;
  }

  StepWhere where_of(Side side, std::string_view local_text) const {
    if (side == Side::Host) return StepWhere::Host;
    if (side == Side::Local) return StepWhere::Local;
    for (std::string_view hint : {local_text, std::string_view(paragraph_),
                                  std::string_view(path_.empty() ? std::string_view() : path_.back())}) {
      Side h = where_hint(hint);
      if (h != Side::Neutral) return h == Side::Host ? StepWhere::Host : StepWhere::Local;
    }
    return StepWhere::Local;
  }

  void set_vars(Step& s, bool shell) {
    std::string source = s.ssh_command.empty() ? std::string() : s.ssh_command + "\n";
    if (!s.ssm_target.empty()) source += "aws ssm start-session --target " + s.ssm_target + "\n";
    source += s.kind == StepKind::Command ? s.script : s.code;
    auto vars = find_variables(source, shell);
    s.vars = std::move(vars.names);
    s.var_defaults = std::move(vars.defaults);
  }

  void inline_steps(const OutlineItem& item, const std::vector<InlineCommand>& commands, const std::string& warning) {
    ++blocks_;
    int previous = -1;
    for (const auto& c : commands) {
      Step s = new_step(item.line);
      s.block = blocks_;
      s.code = c.code;
      s.script = c.code + "\n";
      s.context = item.text;
      s.description = description_;
      UnitFacts f = unit_facts(c.code);
      s.follow = f.follow;
      Side side = f.side;
      if (f.ssh.kind == SshCall::Kind::Remote) {
        s.ssh_host = f.ssh.destination;
        s.ssh_command = f.ssh.command;
        s.script = f.ssh.remote + "\n";
        side = Side::Host;
      } else if (!list_ssh_.destination.empty() && side != Side::Local) {
        s.ssh_host = list_ssh_.destination;
        s.ssh_command = list_ssh_.command;
        side = Side::Host;
      }
      s.where = where_of(side, item.text);
      set_vars(s, true);
      for (auto& r : patterns_.reasons(s.code)) add_reason(s, std::move(r));
      if (!warning.empty()) add_reason(s, warning);
      if (c.or_previous && previous >= 0) link(static_cast<size_t>(previous), s);
      rb_.steps.push_back(std::move(s));
      previous = static_cast<int>(rb_.steps.size()) - 1;
      if (f.ssh.kind == SshCall::Kind::Login) list_ssh_ = f.ssh;
    }
    previous_in_section_ = previous;
    previous_single_ = -1;
    description_.clear();
    paragraph_.clear();
    first_paragraph_.clear();
  }

  // Makes `s` an alternative of the step at `other`.
  void link(size_t other, Step& s) {
    Step& o = rb_.steps[other];
    if (o.choice_group == 0) o.choice_group = ++choices_;
    s.choice_group = o.choice_group;
  }

  void fence(OutlineItem& item) {
    list_ssh_ = {};
    ++blocks_;
    auto info = trim(item.info);
    std::string lang = to_lower(info.substr(0, info.find_first_of(" \t{,")));
    if (!lang.empty() && lang.front() == '.') lang.erase(0, 1);  // ```.env
    StepKind kind = classify_kind(lang, item.text, description_);
    std::vector<BlockPart> parts;
    if (kind == StepKind::Command) {
      parts = split_block(item.text, lang);
    } else {
      BlockPart p;
      p.code = item.text;
      p.script = item.text;
      p.kind = kind;
      parts.push_back(std::move(p));
    }
    Intro intro = intro_of(first_paragraph_);
    if (intro == Intro::None) intro = intro_of(paragraph_);
    std::map<int, int> choice_numbers;
    size_t first_index = rb_.steps.size();
    for (auto& part : parts) {
      Step s = new_step(part.whole ? item.line : item.line + 1 + part.first_line);
      s.block = blocks_;
      s.lang = lang;
      s.code = std::move(part.code);
      s.script = std::move(part.script);
      s.kind = part.kind;
      s.description = description_;
      if (!part.whole && !part.comments.empty())
        s.description += (s.description.empty() ? "" : "\n") + part.comments;
      s.ssh_host = part.ssh_host;
      s.ssh_command = part.ssh_command;
      s.ssm_target = part.ssm_target;
      s.follow = part.follow;
      if (s.kind == StepKind::Command) {
        s.where = where_of(part.side, part.comments);
      } else {
        s.where = classify_where(s.script);
      }
      if (part.choice) {
        if (!choice_numbers.count(part.choice)) choice_numbers[part.choice] = ++choices_;
        s.choice_group = choice_numbers[part.choice];
      }
      set_vars(s, s.kind != StepKind::Content);
      for (auto& r : patterns_.reasons(s.code)) add_reason(s, std::move(r));
      if (!pending_warning_.empty()) add_reason(s, pending_warning_);
      if (s.kind == StepKind::Script) script_file();
      rb_.steps.push_back(std::move(s));
    }
    pending_warning_.clear();
    // A block introduced as an alternative to the block before it ("Or …", "Option 2",
    // two "If …:" blocks in a row).
    bool single = parts.size() == 1 && rb_.steps[first_index].runnable();
    if (single && previous_single_ >= 0 && previous_single_ == previous_in_section_ &&
        ((intro == Intro::Or) || (intro != Intro::None && intro == previous_intro_)) &&
        rb_.steps[first_index].choice_group == 0)
      link(static_cast<size_t>(previous_single_), rb_.steps[first_index]);
    previous_single_ = single ? static_cast<int>(first_index) : -1;
    previous_intro_ = intro;
    previous_in_section_ = static_cast<int>(rb_.steps.size()) - 1;
    description_.clear();
    paragraph_.clear();
    first_paragraph_.clear();
  }

  // "Save as `/srv/app/bootstrap.sh`:" names the file a script step becomes.
  void script_file() {
    static const std::regex file(R"(([\w./~-]*[\w-]+\.(sh|bash))\b)");
    std::smatch m;
    std::string p = regex_input(paragraph_);
    if (std::regex_search(p, m, file)) {
      std::string path = m[1].str();
      auto slash = path.rfind('/');
      script_names_.push_back({rb_.steps.size(), path.substr(slash == std::string::npos ? 0 : slash + 1)});
    }
  }

  void finish() {
    for (size_t i = 0; i < rb_.steps.size(); ++i) rb_.steps[i].index = static_cast<int>(i) + 1;
    // A command that runs a destructive script of this runbook is destructive too.
    for (const auto& [at, name] : script_names_) {
      const Step& script = rb_.steps[at];
      if (!script.destructive) continue;
      for (auto& s : rb_.steps) {
        if (s.kind != StepKind::Command || s.script.find(name) == std::string::npos) continue;
        add_reason(s, "runs " + name + " (the script at line " + std::to_string(script.line) +
                          "), which is destructive");
      }
    }
    // Rules apply to the whole runbook, wherever they are stated.
    for (auto& s : rb_.steps) {
      std::string commands;
      if (s.kind == StepKind::Content) {
        commands = s.code;
      } else {
        for (const auto& l : command_lines(s.code)) commands += l + "\n";
      }
      for (const auto& r : rb_.rules) {
        if (!rule_matches(r, commands)) continue;
        s.forbidden_by_runbook = true;
        s.rules.push_back(r.text);
        add_reason(s, "forbidden by the runbook (line " + std::to_string(r.line) + "): " + r.text);
      }
    }
  }

  const DestructivePatterns& patterns_;
  Runbook rb_;
  std::vector<std::string> path_;
  std::string description_;   // prose since the last step
  std::string paragraph_;     // the last paragraph of it
  std::string first_paragraph_;  // and the first
  std::string pending_warning_;
  int previous_in_section_ = -1;  // index into rb_.steps
  int previous_single_ = -1;      // the previous block, when it was one runnable step
  Intro previous_intro_ = Intro::None;
  int blocks_ = 0;
  int choices_ = 0;
  SshCall list_ssh_;              // `ssh HOST` as an item of the current numbered list
  std::vector<std::pair<size_t, std::string>> script_names_;
};

}  // namespace

Runbook parse_runbook(std::string_view markdown, const DestructivePatterns& patterns) {
  return Builder(patterns).run(markdown);
}

aws::Result<Runbook> load_runbook(const std::string& path, const DestructivePatterns& patterns) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return aws::make_error(aws::ErrorKind::NotFound,
                           "cannot read runbook " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() > 8u * 1024 * 1024)
    return aws::make_error(aws::ErrorKind::Usage, "runbook " + path + " is larger than 8 MiB");
  Runbook rb = parse_runbook(text, patterns);
  rb.path = path;
  return rb;
}

}  // namespace opsdeck::app::runbook
