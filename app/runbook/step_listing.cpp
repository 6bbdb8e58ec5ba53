#include "app/runbook/step_listing.hpp"

#include <fmt/format.h>

#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

std::string shown_status(const Step& step, const StepProgress* p) {
  if (!p || p->status.empty()) return {};
  if (p->code_hash != ProgressStore::hash_code(step.code)) return "changed";
  if (p->status == "running") return "interrupted";
  return p->status;
}

nlohmann::json step_to_json(const Step& s, const StepProgress* p) {
  nlohmann::json j;
  j["index"] = s.index;
  j["line"] = s.line;
  j["section"] = s.section;
  j["section_path"] = s.section_path;
  j["lang"] = s.lang;
  j["kind"] = to_string(s.kind);
  j["runnable"] = s.runnable();
  j["where"] = to_string(s.where);
  if (!s.ssh_host.empty()) {
    j["ssh_host"] = s.ssh_host;
    j["ssh_command"] = s.ssh_command;
  }
  if (!s.ssm_target.empty()) j["ssm_target"] = s.ssm_target;
  j["block"] = s.block;
  j["follow"] = s.follow;
  j["choice_group"] = s.choice_group;
  j["vars"] = s.vars;
  j["destructive"] = s.destructive;
  j["destructive_reasons"] = s.destructive_reasons;
  j["forbidden_by_runbook"] = s.forbidden_by_runbook;
  j["rules"] = s.rules;
  j["description"] = s.description;
  if (!s.context.empty()) j["context"] = s.context;
  j["code"] = s.code;
  j["script"] = s.script;
  std::string st = shown_status(s, p);
  if (!st.empty()) {
    j["status"] = st;
    j["exit_code"] = p->exit_code;
    j["duration_ms"] = p->duration_ms;
  }
  return j;
}

namespace {

// At most `width` bytes of `s` (cut on a UTF-8 boundary), "~" marking a cut.
std::string fit(std::string s, size_t width) {
  if (s.size() <= width) return s;
  size_t cut = width - 1;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "~";
}

std::string where_of(const Step& s) {
  if (!s.runnable()) return "-";
  if (!s.ssh_host.empty()) return "ssh " + s.ssh_host;
  if (!s.ssm_target.empty()) return "ssm " + s.ssm_target;
  return to_string(s.where);
}

std::string mark_of(const Step& s) {
  std::string out = s.follow ? "FOLLOW" : "";
  if (s.choice_group) out += (out.empty() ? "ALT" : " ALT") + std::to_string(s.choice_group);
  return out.empty() ? "-" : out;
}

}  // namespace

std::string steps_table(const Runbook& rb, const RunbookProgress& progress) {
  std::string out = fmt::format("{:>3}  {:>5}  {:<7}  {:<26}  {:<1}  {:<11}  {:<11}  {:<22}  {}\n", "#", "LINE",
                                "KIND", "WHERE", "!", "MARK", "STATUS", "SECTION", "CODE");
  for (const auto& s : rb.steps) {
    auto it = progress.steps.find(s.index);
    std::string st = shown_status(s, it == progress.steps.end() ? nullptr : &it->second);
    // The first command line (for a step reached through ssh/SSM, the first one run there).
    std::string first;
    bool skip_opener = !s.ssh_host.empty() || !s.ssm_target.empty();
    for (auto l : split_lines(s.code)) {
      auto t = trim(l);
      if (t.empty() || (t.front() == '#' && !t.starts_with("#!"))) continue;
      if (skip_opener && (t.starts_with("ssh ") || t.starts_with("aws ssm start-session")) &&
          s.script.find(t) == std::string::npos) {
        skip_opener = false;
        continue;
      }
      first = std::string(t);
      break;
    }
    if (first.empty()) first = std::string(trim(s.script.substr(0, s.script.find('\n'))));
    out += fmt::format("{:>3}  {:>5}  {:<7}  {:<26}  {:<1}  {:<11}  {:<11}  {:<22}  {}\n", s.index, s.line,
                       to_string(s.kind), fit(where_of(s), 26), s.destructive ? "!" : "", mark_of(s),
                       st.empty() ? "-" : st, fit(s.section, 22), fit(first, 60));
    if (!s.context.empty()) out += fmt::format("{:>12}from the list item: {}\n", "", fit(s.context, 100));
    for (const auto& r : s.rules) out += fmt::format("{:>12}forbidden by: {}\n", "", fit(r, 100));
  }
  if (!rb.checklist.empty()) {
    out += "\nChecklist:\n";
    for (const auto& c : rb.checklist) out += fmt::format("  [ ] {} (line {})\n", c.text, c.line);
  }
  if (!rb.rules.empty()) {
    out += "\nSafety rules stated by this runbook (enforced):\n";
    for (const auto& r : rb.rules) out += fmt::format("  line {}: {}\n", r.line, r.text);
  }
  return out;
}

}  // namespace opsdeck::app::runbook
