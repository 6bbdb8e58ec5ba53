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
  j["vars"] = s.vars;
  j["destructive"] = s.destructive;
  j["destructive_reasons"] = s.destructive_reasons;
  j["forbidden_by_runbook"] = s.forbidden_by_runbook;
  j["description"] = s.description;
  j["code"] = s.code;
  std::string st = shown_status(s, p);
  if (!st.empty()) {
    j["status"] = st;
    j["exit_code"] = p->exit_code;
    j["duration_ms"] = p->duration_ms;
  }
  return j;
}

std::string steps_table(const Runbook& rb, const RunbookProgress& progress) {
  std::string out = fmt::format("{:>3}  {:>5}  {:<7}  {:<5}  {:<1}  {:<11}  {:<22}  {}\n", "#", "LINE",
                                "KIND", "WHERE", "!", "STATUS", "SECTION", "CODE");
  for (const auto& s : rb.steps) {
    auto it = progress.steps.find(s.index);
    std::string st = shown_status(s, it == progress.steps.end() ? nullptr : &it->second);
    std::string first;
    for (auto l : split_lines(s.code))
      if (!trim(l).empty()) {
        first = std::string(trim(l));
        break;
      }
    if (first.size() > 60) {
      size_t cut = 57;
      while (cut > 0 && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
      first = first.substr(0, cut) + "...";
    }
    std::string section = s.section.size() > 22 ? s.section.substr(0, 21) + "~" : s.section;
    out += fmt::format("{:>3}  {:>5}  {:<7}  {:<5}  {:<1}  {:<11}  {:<22}  {}\n", s.index, s.line,
                       to_string(s.kind), s.runnable() ? to_string(s.where) : "-",
                       s.destructive ? "!" : "", st.empty() ? "-" : st, section, first);
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
