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

// A sentence's clauses: cut at ';', a spaced dash, ': ', and before ", use" / ", but" /
// ", instead" — never inside a code span. "Do not edit the schema by hand; use
// `deploy.sh migrate`" is a prohibition and a recommendation, in two clauses.
std::vector<std::string> clauses(const std::string& sentence) {
  static const std::regex cut(R"(^(;|\s+(—|–|--|-)\s+|:\s+|,\s+(?=(use|but|instead|prefer|rather)\b)))",
                              std::regex::icase);
  std::vector<std::string> out;
  std::string cur;
  bool in_code = false;
  for (size_t i = 0; i < sentence.size(); ++i) {
    char c = sentence[i];
    if (c == '`') in_code = !in_code;
    std::smatch m;
    std::string rest = in_code ? std::string() : regex_input(std::string_view(sentence).substr(i, 24));
    if (!in_code && std::regex_search(rest, m, cut)) {
      if (!trim(cur).empty()) out.emplace_back(trim(cur));
      cur.clear();
      i += static_cast<size_t>(m.length(0)) - 1;
      continue;
    }
    cur.push_back(c);
  }
  if (!trim(cur).empty()) out.emplace_back(trim(cur));
  return out;
}

// `/opt/app/.env`, `.env`, `~/x`, `30 GB`, `20%`: a file or a value, not a command.
bool names_a_file_or_value(std::string_view span) {
  auto t = trim(span);
  if (t.empty()) return true;
  bool one_word = t.find(' ') == std::string_view::npos;
  if (one_word && (t.front() == '/' || t.front() == '.' || t.front() == '~') && !t.starts_with("./")) return true;
  return std::isdigit(static_cast<unsigned char>(t.front())) != 0;
}

// What a rule can forbid: a command or a piece of one — `rake db:reset`, `db:seed`,
// `terraform destroy`, `./deploy.sh migrate`, `--force` — not a file, a size or a name
// (`/opt/app/.env`, `30 GB`, `clickit-prod`, gp2 volumes).
bool command_shaped(std::string_view pattern) {
  auto t = trim(pattern);
  if (t.size() < 3) return false;
  auto simple = simple_commands(t);
  if (simple.empty()) return false;
  auto words = command_words(simple.front());
  if (words.empty()) return false;
  const auto& head = words.front();
  static const std::regex task(R"(^[a-z][\w-]*:[a-z][\w:-]*$)");
  if (std::regex_match(regex_input(head), task)) return true;  // db:reset
  if (head.starts_with("--")) return true;                        // --force
  if (head.ends_with(".sh") || head.starts_with("./")) return true;
  return !names_a_file_or_value(t) && is_known_command(head);
}

}  // namespace

std::vector<SafetyRule> find_safety_rules(std::string_view prose, int line) {
  static const auto icase = std::regex::ECMAScript | std::regex::icase;
  static const std::regex negation(
      R"(\b(never|do\s+not|don'?t|must\s+not|mustn'?t|should\s+not|shouldn'?t|not\s+to|forbidden|prohibited|under\s+no\s+circumstances)\b)",
      icase);
  static const std::regex verb(R"(\b(run|execute|use|call|invoke|type|trigger|apply)\b)", icase);
  static const std::regex passive(
      R"(\b(must\s+never|should\s+never|must\s+not|should\s+not|is\s+never\s+to)\s+be\s+(run|executed|used)\b|\bnever\s+(in|on|against)\s+(prod|production)\b)",
      icase);
  static const std::regex prod(R"(\b(prod|production|live)\b)", icase);
  static const std::regex run_before(R"(\b(run|execute|invoke|call|type|trigger)\s+(the\s+)?$)", icase);
  static const std::regex code_span("`([^`]+)`");
  static const std::regex words_after_run(
      R"(\b(?:run|execute|use|call|invoke|type|trigger|apply)\s+(?:the\s+|any\s+)?([^\s,;!?]+(?:\s+[^\s,;!?]+){0,2}?)(\s+(?:commands?|scripts?|tasks?|jobs?))?\s+(?:in|on|against|for|outside|when|unless|while)\b)",
      icase);
  std::vector<SafetyRule> out;
  for (const auto& s : sentences(prose)) {
    SafetyRule r;
    r.line = line;
    r.text = s;
    r.production_only = std::regex_search(s, prod);
    for (const auto& clause : clauses(s)) {
      std::smatch neg;
      bool is_passive = std::regex_search(clause, passive);
      if (!is_passive && !std::regex_search(clause, neg, negation)) continue;
      // Forbidden: what follows the negation (or, in "`x` must never be run", the clause).
      std::string forbidden = is_passive ? clause : neg.suffix().str();
      if (!is_passive && !std::regex_search(forbidden, verb)) continue;
      std::vector<std::string> patterns;
      for (std::sregex_iterator it(forbidden.begin(), forbidden.end(), code_span), end; it != end; ++it) {
        // "run `reset-everything`": whatever follows "run" is a command.
        std::string before = forbidden.substr(0, static_cast<size_t>(it->position(0)));
        bool after_run = std::regex_search(before, run_before);
        std::string span = (*it)[1].str();
        if (command_shaped(span) || (after_run && !names_a_file_or_value(span))) patterns.push_back(span);
      }
      if (patterns.empty()) {
        std::smatch m;
        // "run db:seed against prod"; "run seed scripts against prod" names what runs.
        if (std::regex_search(forbidden, m, words_after_run) && m[1].str().find('`') == std::string::npos &&
            (command_shaped(m[1].str()) || (m[2].matched && !names_a_file_or_value(m[1].str()))))
          patterns.push_back(m[1].str());
      }
      r.patterns.insert(r.patterns.end(), patterns.begin(), patterns.end());
    }
    if (!r.patterns.empty()) out.push_back(std::move(r));
  }
  return out;
}

std::string find_step_warning(std::string_view prose) {
  static const std::regex warn(
      R"(\b(wipes?|wiping|erases?|erasing|destroys?|destroying|irreversible|irrecoverabl[ey]|overwrites?|offline|outage|downtime|cannot\s+be\s+undone|can'?t\s+be\s+undone|no\s+undo|data\s+loss|lose\s+(all\s+)?data|permanently|only\s+(run\s+)?(on|against|in)\s+(a\s+)?(fresh|new|empty|dev|staging|test)|danger(ous)?|never\s+run\s+this|do\s+not\s+run\s+this)\b|⚠|🚨|☠)",
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
