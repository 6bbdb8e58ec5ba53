#pragma once
// Where each placeholder of a script sits in bash's syntax tree (from parse_shell), and
// what bash will do with a value placed there: the quoting around it (none, "…", '…',
// a here-document body, a comment, arithmetic), and whether the value is evaluated as
// arithmetic, used as a variable name, or parsed again as code by another interpreter
// (`bash -c '…'`, `ssh host '…'`, `eval`, a here-document fed to `bash`).
//
// Four kinds of placeholder are found:
//  - tokens: inert letters-and-digits words the caller put in place of `<NAME>`/`{name}`;
//    every occurrence in the text must be accounted for by the tree, else it is reported
//    as a site a value cannot be placed in;
//  - bare words: an argument that is exactly NAME, or `--opt=NAME` (`--task TASK_ARN`);
//  - parameter expansions of a name (`$ENV`, `${ENV:-dev}`, `${#ENV}`);
//  - bare identifiers inside arithmetic (`$(( N + 1 ))` reads $N).
//
// Pure (the tree and text are only read); thread-safe. Recursion is bounded: a tree
// nested deeper than kMaxSiteDepth is an error.

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "aws/result.hpp"

namespace opsdeck::app::runbook {

constexpr int kMaxSiteDepth = 200;

enum class Quoting {
  Word,            // unquoted part of a word: the expansion would be split and globbed
  Double,          // inside "…"
  Single,          // inside '…'
  AnsiC,           // inside $'…'
  HeredocExpand,   // body of an unquoted here-document (<<EOF)
  HeredocLiteral,  // body of a quoted here-document (<<'EOF', <<"EOF", <<\EOF)
  Comment,
  Arithmetic,  // operand inside $(( )), (( )), for (( )), a[…], ${x:off:len}
};

struct SiteContext {
  Quoting quoting = Quoting::Word;
  bool arithmetic = false;    // bash evaluates the value as an arithmetic expression
  bool code = false;          // another interpreter parses the value again as code
  bool name = false;          // bash uses the value as a variable name
  bool host = false;          // ssh destination or option value
  bool pattern = false;       // a pattern or replacement inside ${x#…}, ${x/…/…}
  bool dash_heredoc = false;  // <<- strips leading tabs
  bool backquoted = false;    // inside `…`
  std::string code_why;       // what parses it again ("bash -c", "ssh")
  std::string name_why;       // what takes it as a name ("unset", "printf -v")
  std::string arith_why;      // what evaluates it ("arithmetic $(( ))", "[[ -gt ]]")
  std::string host_why;       // "ssh destination"
  std::string unsupported;    // non-empty: no value can be placed here, and why
};

struct Site {
  enum class Kind { Token, Bare, Param, Ident };
  Kind kind = Kind::Token;
  std::size_t offset = 0;      // byte offset in the scanned script
  std::size_t length = 0;      // the token / bare word / identifier, or the whole ${…}
  std::string key;             // Token: the token text; others: the variable name
  bool whole_operand = false;  // arithmetic: the operand word is nothing but this token
  bool indirect = false;       // Param: ${!NAME}
  bool prompt = false;         // Param: ${NAME@P}
  SiteContext ctx;
};

struct SiteQuery {
  std::vector<std::string> tokens;  // stand-ins for textual placeholders
  std::string token_prefix;         // every token starts with it
  std::set<std::string> bare;       // names recognised as bare words
  std::set<std::string> params;     // names whose expansions are placeholders
  std::set<std::string> idents;     // names that bare arithmetic identifiers may read
};

struct SiteScan {
  std::vector<Site> sites;           // sorted by offset
  std::set<std::string> names_used;  // every variable name the script expands or assigns
};

// ErrorKind::Usage when the tree nests too deeply, ErrorKind::Internal when it does not
// have the shape shfmt prints.
aws::Result<SiteScan> find_sites(const nlohmann::json& tree, std::string_view script,
                                 const SiteQuery& query);

}  // namespace opsdeck::app::runbook
