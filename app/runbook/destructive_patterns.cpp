#include "app/runbook/destructive_patterns.hpp"

#include <algorithm>

#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

namespace {

struct Builtin {
  const char* re;
  const char* reason;
};

// `-f` counts only where it means force (rm, git push/clean, docker rm); `--force` counts
// everywhere except ECS's routine `--force-new-deployment`.
constexpr Builtin kBuiltins[] = {
    {R"((^|[\s;&|(`])rm\s)", "rm deletes files"},
    {R"(\b(shred|wipefs|mkfs(\.\w+)?)\b)", "wipes a disk or file"},
    {R"(\bdd\b.*\bof=/dev/)", "dd onto a device"},
    {R"(\baws\s+[\w-]+\s+(delete|terminate|revoke|deregister|purge|remove|disassociate|cancel|disable|detach)-[\w-]+)",
     "aws delete/terminate/revoke operation"},
    {R"(\baws\s+s3\s+(rm|rb)\b)", "aws s3 rm/rb deletes objects"},
    {R"(\baws\s+s3\s+sync\b.*--delete\b)", "aws s3 sync --delete removes objects"},
    {R"((-X|--request)\s*['"]?DELETE\b)", "HTTP DELETE"},
    {R"(\bdelete\s+from\b)", "SQL DELETE"},
    {R"("Action"\s*:\s*"DELETE")", "DNS record DELETE"},
    {R"(\b(kubectl|helm)\s+(delete|uninstall)\b)", "kubernetes delete"},
    {R"(\bdrop\s+(table|database|schema|index|user|role|view|owned|extension)\b)", "SQL DROP"},
    {R"(\b(dropdb|dropuser)\b)", "drops a database"},
    {R"(\btruncate\b)", "truncate"},
    {R"(\bdb:(reset|drop|seed|setup|purge|schema:load|migrate:reset)\b)", "resets or seeds a database"},
    {R"(\bmigrate:(fresh|reset|refresh)\b|\bmanage\.py\s+(flush|reset_db)\b|\bprisma\s+migrate\s+reset\b)",
     "resets a database"},
    {R"(\b(seed|reset)[-_:]?(db|database)\b|\b(db|database)[-_](seed|reset|wipe)\b)", "resets or seeds a database"},
    {R"(\b(flushall|flushdb)\b)", "flushes redis"},
    {R"(\bgit\s+reset\s+--hard\b)", "git reset --hard discards work"},
    {R"(\bgit\s+clean\s+-\w*f)", "git clean -f deletes files"},
    {R"(\bgit\s+push\b.*(--force\b|\s-f\b|--force-with-lease|\s\+\w))", "git push --force"},
    {R"(\bgit\s+branch\s+-D\b)", "git branch -D"},
    {R"(--force(?![\w-]))", "--force"},
    {R"(\bdocker\s+(rm|rmi)\s+(.*\s)?-\w*f)", "docker rm -f"},
    {R"(\bdocker\s+system\s+prune\b.*(\s-\w*a|--all|--volumes))", "docker system prune -a"},
    {R"(\bdocker\s+volume\s+(prune|rm)\b)", "deletes docker volumes"},
    {R"(\bdocker(-compose|\s+compose)\b.*\bdown\b.*(\s-v\b|--volumes|--rmi))", "compose down -v deletes volumes"},
    {R"(\b(terraform|tofu|cdk|pulumi|sam|eksctl|serverless|sls)\b.*\b(destroy|delete)\b|-destroy\b)", "destroy"},
    {R"(\bdestroy\b)", "destroy"},
    {R"(\brevoke\b)", "revoke"},
    {R"(\bterminate\b)", "terminate"},
    {R"(^\s*(sudo\s+)?(shutdown|poweroff|halt)\b)", "shuts the host down"},
    {R"(\bcrontab\s+-r\b)", "removes the crontab"},
    {R"(\b(ufw\s+(reset|disable)|iptables\s+-F)\b)", "drops firewall rules"},
    {R"(\bdelete\b)", "delete"},
};

}  // namespace

DestructivePatterns::DestructivePatterns(const std::vector<std::string>& extra,
                                         std::vector<std::string>* errors) {
  auto flags = std::regex::ECMAScript | std::regex::icase;
  for (const auto& b : kBuiltins) patterns_.push_back({std::regex(b.re, flags), b.reason});
  for (const auto& e : extra) {
    try {
      patterns_.push_back({std::regex(e, flags), "matches configured pattern " + e});
    } catch (const std::regex_error&) {
      if (errors) errors->push_back(e);
    }
  }
}

std::vector<std::string> DestructivePatterns::reasons(std::string_view code) const {
  std::vector<std::string> out;
  for (auto raw : split_lines(code)) {
    auto line = trim(raw);
    if (line.empty() || (line.front() == '#' && !line.starts_with("#!")) || line.starts_with("// ") ||
        line.starts_with("-- "))
      continue;
    // Long lines are checked in overlapping windows (see regex_input).
    std::vector<std::string> windows;
    for (size_t at = 0; at < line.size(); at += kRegexMaxInput - 512) {
      windows.push_back(regex_input(line.substr(at)));
      if (at + kRegexMaxInput >= line.size()) break;
    }
    for (const auto& p : patterns_) {
      bool hit = false;
      for (const auto& s : windows) hit = hit || std::regex_search(s, p.re);
      if (hit &&
          std::find(out.begin(), out.end(), p.reason) == out.end()) {
        // The generic words stand back when a precise reason already explains the line.
        if ((p.reason == "delete" || p.reason == "destroy" || p.reason == "terminate" ||
             p.reason == "revoke") && !out.empty())
          continue;
        out.push_back(p.reason);
      }
    }
  }
  return out;
}

}  // namespace opsdeck::app::runbook
