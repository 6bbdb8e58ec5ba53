#pragma once
// Fills a shell step's placeholders so that values never become syntax.
//
// Values travel in the step's environment; the script only references them. Textual
// placeholders (`<ZONE_ID>`, `<your-domain>`, `{env}`, a bare `TASK_ARN` word or
// `--task=TASK_ARN`) are replaced by a reference whose form fits the spot bash parses
// them in (found in the syntax tree of parse_shell, never by tracking quotes by hand):
//   unquoted word part        foo<X>bar        -> foo"$X"bar
//   inside "…" / <<EOF body   "a <X>"          -> "a ${X}"
//   inside '…'                'a <X>'          -> 'a '"$X"''
//   quoted here-document      <<'EOF' … <X>    -> the value itself (no newline allowed)
//   comment                   # don't <X>      -> left as it is
//   arithmetic, a[…]          $(( <N> + 1 ))   -> $(( ${N} + 1 ))  (integers only)
// Shell-variable placeholders (`$ENV`, `${ENV:-dev}`) keep their reference; an unquoted
// one is double-quoted so the value stays one word. A value is refused, with a message
// naming the variable, where it cannot arrive exactly: anything but an integer where bash
// evaluates arithmetic, anything but a name where bash takes a variable name, anything
// but plain characters (letters, digits, _./:@%+,=-, non-ASCII letters) in a string that
// another shell parses again (`bash -c '…'`, `ssh host '…'`, `eval`, `watch`, `su -c`,
// a here-document fed to a shell), a NUL anywhere. The filled script is parsed again
// and refused unless every reference landed where it was placed.
//
// fill_script() runs shfmt twice (see parse_shell): it blocks for ~20-60 ms and is safe
// on any thread; it has no other side effects.

#include <map>
#include <string>
#include <string_view>

#include "aws/result.hpp"

namespace opsdeck::app::runbook {

struct FilledScript {
  std::string script;                           // what runs: placeholders replaced by references
  std::map<std::string, std::string> env;       // ENVNAME -> value the step's environment must hold
  std::map<std::string, std::string> env_name;  // variable NAME -> ENVNAME it is passed as
};

// Largest value accepted (an environment string is limited to 128 KiB by the kernel).
constexpr std::size_t kMaxFilledValueBytes = std::size_t{100} * 1024;

// `values`: variable NAME -> value (names as the loader reports them: "ZONE_ID",
// "your-domain", "ENV", "TASK_ARN", "env" for {env}).
// ErrorKind::Usage naming the variable and the context when a value cannot be placed
// exactly, or when the script cannot be parsed.
aws::Result<FilledScript> fill_script(std::string_view code,
                                      const std::map<std::string, std::string>& values);

}  // namespace opsdeck::app::runbook
