#include "app/runbook/safety_rules.hpp"

#include <regex>

#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

namespace {

std::vector<std::string> sentences(std::string_view prose) {
  std::vector<std::string> out;
  std::string cur;
  bool in_code = false;
  for (size_t i = 0; i < prose.size(); ++i) {
    char c = prose[i];
    if (c == '`') in_code = !in_code;
    bool end = !in_code && (c == '\n' || ((c == '.' || c == '!' || c == '?') &&
                                          (i + 1 == prose.size() || prose[i + 1] == ' ' || prose[i + 1] == '\n')));
    if (c != '\n') cur.push_back(c);
    if (end) {
      if (!trim(cur).empty()) out.push_back(regex_input(trim(cur)));
      cur.clear();
    }
  }
  if (!trim(cur).empty()) out.push_back(regex_input(trim(cur)));
  return out;
}

std::string normalise(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

std::vector<SafetyRule> find_safety_rules(std::string_view prose, int line) {
  static const auto icase = std::regex::ECMAScript | std::regex::icase;
  static const std::regex forbid(
      R"(\b(never|do\s+not|don'?t|must\s+not|mustn'?t|should\s+not|shouldn'?t|not\s+to|forbidden|prohibited)\b.*\b(run|execute|use|call|invoke|type|trigger|apply)\b)",
      icase);
  static const std::regex forbid_after(
      R"(\b(must\s+never|should\s+never|must\s+not|should\s+not|is\s+never\s+to)\s+be\s+(run|executed|used)\b|\bnever\s+(in|on|against)\s+(prod|production)\b)",
      icase);
  static const std::regex prod(R"(\b(prod|production|live)\b)", icase);
  static const std::regex code_span("`([^`]+)`");
  static const std::regex words_after_run(
      R"(\b(?:run|execute|use|call|invoke|type|trigger|apply)\s+(?:the\s+|any\s+)?([^\s,;!?]+(?:\s+[^\s,;!?]+){0,2}?)(?:\s+(?:commands?|scripts?|tasks?))?\s+(?:in|on|against|for|outside|when|unless|while)\b)",
      icase);
  std::vector<SafetyRule> out;
  for (const auto& s : sentences(prose)) {
    if (!std::regex_search(s, forbid) && !std::regex_search(s, forbid_after)) continue;
    SafetyRule r;
    r.line = line;
    r.text = s;
    r.production_only = std::regex_search(s, prod);
    for (std::sregex_iterator it(s.begin(), s.end(), code_span), end; it != end; ++it)
      r.patterns.push_back((*it)[1].str());
    if (r.patterns.empty()) {
      std::smatch m;
      if (std::regex_search(s, m, words_after_run)) {
        std::string w = m[1].str();
        static const std::regex filler(R"(^(this|these|that|it|them|anything|commands?|scripts?)$)", icase);
        if (!std::regex_match(w, filler)) r.patterns.push_back(w);
      }
    }
    if (!r.patterns.empty()) out.push_back(std::move(r));
  }
  return out;
}

std::string find_step_warning(std::string_view prose) {
  static const std::regex warn(
      R"(\b(wipes?|wiping|erases?|erasing|destroys?|destroying|irreversible|irrecoverabl[ey]|cannot\s+be\s+undone|can'?t\s+be\s+undone|no\s+undo|data\s+loss|lose\s+(all\s+)?data|permanently|only\s+(run\s+)?(on|against|in)\s+(a\s+)?(fresh|new|empty|dev|staging|test)|danger(ous)?|never\s+run\s+this|do\s+not\s+run\s+this)\b|⚠|🚨|☠)",
      std::regex::ECMAScript | std::regex::icase);
  for (const auto& s : sentences(prose))
    if (std::regex_search(s, warn)) return s;
  return {};
}

bool rule_matches(const SafetyRule& rule, std::string_view code) {
  std::string c = normalise(code);
  for (const auto& p : rule.patterns) {
    std::string n = normalise(p);
    if (n.size() >= 3 && c.find(n) != std::string::npos) return true;
  }
  return false;
}

}  // namespace opsdeck::app::runbook
