#include "app/runbook/loader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include "app/runbook/classifier.hpp"
#include "app/runbook/markdown_outline.hpp"
#include "app/runbook/safety_rules.hpp"
#include "app/runbook/shell_text.hpp"
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

}  // namespace

Runbook parse_runbook(std::string_view markdown, const DestructivePatterns& patterns) {
  Runbook rb;
  std::vector<std::string> path;
  std::string description;
  // A warning paragraph that directly follows a step belongs to it unless it introduces
  // the next block (ends with ':' or says "below"/"following"/"next").
  int previous_in_section = -1;  // index into rb.steps
  std::string pending_warning;

  for (auto& item : outline_markdown(markdown)) {
    switch (item.type) {
      case OutlineItem::Type::Heading: {
        auto level = static_cast<size_t>(std::max(1, item.level));
        if (rb.title.empty()) rb.title = item.text;
        path.resize(level - 1 < path.size() ? level - 1 : path.size());
        while (path.size() < level - 1) path.emplace_back();
        path.push_back(item.text);
        description.clear();
        pending_warning.clear();
        previous_in_section = -1;
        break;
      }
      case OutlineItem::Type::Prose: {
        for (auto& r : find_safety_rules(item.text, item.line)) rb.rules.push_back(std::move(r));
        if (item.in_ordered_list_item)
          rb.checklist.push_back({item.line, path.empty() ? std::string() : path.back(), item.text});
        std::string warning = find_step_warning(item.text);
        if (!warning.empty()) {
          // A warning speaks of the block below it unless it points back ("above").
          static const std::regex back(R"(\b(above|previous|preceding)\b)", std::regex::icase);
          std::string reason = "runbook warns (line " + std::to_string(item.line) + "): " + warning;
          if (previous_in_section >= 0 && std::regex_search(regex_input(item.text), back))
            add_reason(rb.steps[static_cast<size_t>(previous_in_section)], reason);
          else
            pending_warning = reason;
        }
        if (!description.empty()) description += "\n";
        description += item.text;
        break;
      }
      case OutlineItem::Type::Fence: {
        Step s;
        s.index = static_cast<int>(rb.steps.size()) + 1;
        s.line = item.line;
        for (const auto& p : path)
          if (!p.empty()) s.section_path.push_back(p);
        s.section = s.section_path.empty() ? std::string() : s.section_path.back();
        auto info = trim(item.info);
        s.lang = to_lower(info.substr(0, info.find_first_of(" \t{,")));
        if (!s.lang.empty() && s.lang.front() == '.') s.lang.erase(0, 1);  // ```.env
        s.code = std::move(item.text);
        s.description = std::move(description);
        description.clear();
        s.kind = classify_kind(s.lang, s.code, s.description);
        s.script = s.kind == StepKind::Command ? runnable_script(s.lang, s.code) : s.code;
        s.where = classify_where(s.script);
        bool shell = s.kind != StepKind::Content;
        auto vars = find_variables(s.script, shell);
        s.vars = std::move(vars.names);
        s.var_defaults = std::move(vars.defaults);
        for (auto& r : patterns.reasons(s.code)) add_reason(s, std::move(r));
        if (!pending_warning.empty()) add_reason(s, std::move(pending_warning));
        pending_warning.clear();
        rb.steps.push_back(std::move(s));
        previous_in_section = static_cast<int>(rb.steps.size()) - 1;
        break;
      }
    }
  }
  // Rules apply to the whole runbook, wherever they are stated.
  for (auto& s : rb.steps) {
    for (const auto& r : rb.rules) {
      if (rule_matches(r, s.code)) {
        s.forbidden_by_runbook = true;
        add_reason(s, "forbidden by the runbook (line " + std::to_string(r.line) + "): " + r.text);
      }
    }
  }
  return rb;
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
