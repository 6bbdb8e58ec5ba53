#pragma once
// The bash syntax tree of a script, from Debian's `shfmt --to-json` (mvdan/sh's parser):
// every word, quote, expansion, redirection, pipeline, list, compound command and
// here-document, with byte offsets. The guards judge shell with this tree instead of
// tracking quotes by hand.
//
// The tree is shfmt's JSON as it prints it (node "Type" names and fields of mvdan.cc/sh/
// syntax: File.Stmts, Stmt{Cmd, Redirs, Negated, Background}, CallExpr{Assigns, Args},
// Word{Parts}, Lit, SglQuoted, DblQuoted, ParamExp, CmdSubst, ArithmExp, ProcSubst, ...).
// Redirect and binary operators are shfmt's numeric codes, named below.
//
// Fails closed: a script shfmt cannot parse, a missing shfmt, a timeout or an oversized
// script is an error whose message says why, and callers treat the script as unproven.
// parse_shell() blocks the calling thread (a child process, ~10-30 ms); safe on any thread.

#include <nlohmann/json.hpp>
#include <string_view>

#include "aws/result.hpp"

namespace opsdeck::app::runbook {

// shfmt's RedirOperator codes (syntax/tokens.go, as printed by shfmt 3.x --to-json).
enum class RedirOp : int {
  Out = 54,         // >
  Append = 55,      // >>
  In = 56,          // <
  ReadWrite = 57,   // <>
  DupIn = 58,       // <&
  DupOut = 59,      // >&
  Clobber = 60,     // >|
  Heredoc = 61,     // <<
  DashHeredoc = 62, // <<-
  HereString = 63,  // <<<
  AllOut = 64,      // &>
  AllAppend = 65,   // &>>
};

// shfmt's BinCmdOperator codes.
enum class BinCmdOp : int { And = 10, Or = 11, Pipe = 12, PipeAll = 13 };

// Scripts larger than this are not parsed (an error, so they count as unproven).
constexpr std::size_t kShellParseMaxBytes = 1 << 20;

// The syntax tree of `script` (a "File" node), or why it could not be parsed:
// ErrorKind::Parse for a syntax error ("line 3:7: reached EOF without closing quote"),
// ErrorKind::Internal when shfmt is missing, failed or timed out.
aws::Result<nlohmann::json> parse_shell(std::string_view script);

// The shfmt binary used: $OPSDECK_SHFMT if set, else "shfmt" on PATH.
std::string shfmt_program();

}  // namespace opsdeck::app::runbook
