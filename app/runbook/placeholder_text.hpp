#pragma once
// Textual placeholders of a shell step (`<ZONE_ID>`, `<your-domain>`, `{env}`) swapped
// for inert stand-in tokens (letters and digits only) so that bash's parser sees one
// plain word where each placeholder was, and the tree tells what surrounds it.
//
// A placeholder is one whose name has a value (the loader reported it as a variable):
// `<name>` in any spelling (`<ZONE_ID>`, `<your-domain>`, `<container_id>`), `{name}`
// (bash gives `{a,b}`, `{1..3}` and `{}` their own meaning; `${name}` and `{fd}>file` are
// left alone), and a bare ALL_CAPS word glued into a larger word (`ec2-user@YOUR_IP`;
// never `$NAME` or `${NAME}`).
// Pure; thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app::runbook {

struct PlaceholderToken {
  std::string token;     // the stand-in, unique in the script
  std::string name;      // the variable NAME ("ZONE_ID", "your-domain", "env")
  std::string original;  // the placeholder text it replaced ("<ZONE_ID>", "{env}")
};

struct TokenizedScript {
  std::string script;                    // the code with every placeholder swapped
  std::vector<PlaceholderToken> tokens;  // one per occurrence, in order
  std::string token_prefix;              // every token starts with it; absent from the code
};

TokenizedScript tokenize_placeholders(std::string_view code,
                                      const std::map<std::string, std::string>& values);

// A bare placeholder word: ALL_CAPS, two characters or more (TASK_ARN, YOUR_DOMAIN, PID).
bool is_bare_placeholder_name(std::string_view word);

}  // namespace opsdeck::app::runbook
