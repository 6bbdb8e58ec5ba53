// libFuzzer target: the in-process judgements the runbook loader makes about one fenced
// block, called directly so that every input reaches them: what the block is and where it
// runs (app/runbook/classifier.hpp), the facts of one command (unit_facts.hpp), its
// placeholders (variables.hpp) and their tokenisation for filling (placeholder_text.hpp),
// inline procedures (inline_procedures.hpp) and the destructive patterns.
//
// Input: "<info string>\n<prose before the block>\n<code>". None of this spawns a process
// (the shfmt-based guard has its own target, script_filler).

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "app/runbook/classifier.hpp"
#include "app/runbook/destructive_patterns.hpp"
#include "app/runbook/inline_procedures.hpp"
#include "app/runbook/placeholder_text.hpp"
#include "app/runbook/unit_facts.hpp"
#include "app/runbook/variables.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

// What bash makes of a word of single-quoted parts and backslash escapes.
std::string bash_unquote(std::string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word[i] == '\'') {
      auto end = word.find('\'', i + 1);
      if (end == std::string_view::npos) opsdeck::fuzz::fail("shell_quote left a quote open");
      out.append(word.substr(i + 1, end - i - 1));
      i = end;
    } else if (word[i] == '\\' && i + 1 < word.size()) {
      out.push_back(word[++i]);
    } else {
      if (word[i] == ' ' || word[i] == '\n' || word[i] == '$' || word[i] == '`' || word[i] == '"')
        opsdeck::fuzz::fail("shell_quote left a special character unquoted");
      out.push_back(word[i]);
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::app::runbook;
  using opsdeck::fuzz::fail;
  static const DestructivePatterns patterns;
  std::string_view rest = opsdeck::fuzz::as_text(data, size);
  std::string lang(opsdeck::fuzz::take_until(rest, '\n'));
  for (auto& c : lang) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  std::string_view description = opsdeck::fuzz::take_until(rest, '\n');
  std::string_view code = rest;

  std::size_t n = 0;
  StepKind kind = classify_kind(lang, code, description);
  StepWhere where = classify_where(code);
  n += static_cast<std::size_t>(kind) + static_cast<std::size_t>(where);
  std::string script = runnable_script(lang, code);
  n += script.size();

  UnitFacts facts = unit_facts(code);
  n += facts.words.size() + facts.action.size() + facts.ssh.remote.size();
  n += static_cast<std::size_t>(where_hint(description));
  n += without_heredoc_bodies(code).size();

  for (bool shell : {true, false}) {
    VariableScan vars = find_variables(script, shell);
    for (const auto& [name, value] : vars.defaults) {
      bool listed = false;
      for (const auto& v : vars.names) listed = listed || v == name;
      if (!listed) fail("a default for a variable that is not listed");
    }
    std::map<std::string, std::string> values;
    for (const auto& v : vars.names) values[v] = "value";
    auto tokens = tokenize_placeholders(script, values);
    if (!tokens.token_prefix.empty() && script.find(tokens.token_prefix) != std::string::npos)
      fail("the token prefix occurs in the script");
    for (const auto& t : tokens.tokens)
      if (tokens.script.find(t.token) == std::string::npos) fail("a token is missing from the tokenised script");
    n += tokens.tokens.size();
  }

  for (const auto& c : inline_commands(description)) n += c.code.size();
  for (const auto& r : patterns.reasons(code)) n += r.size();
  if (bash_unquote(shell_quote(description)) != description) fail("shell_quote does not quote the value exactly");
  volatile std::size_t sink = n;
  (void)sink;
  return 0;
}
