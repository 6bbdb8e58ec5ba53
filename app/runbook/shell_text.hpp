#pragma once
// Small text helpers shared by the runbook classifiers: lines, words, shell command
// heads. Pure functions, no state.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app::runbook {

std::vector<std::string_view> split_lines(std::string_view text);
std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
bool starts_with_icase(std::string_view s, std::string_view prefix);

// The logical command lines of a shell block: comments and blank lines dropped,
// backslash continuations joined, `$ ` / `# ` prompts removed.
std::vector<std::string> command_lines(std::string_view code);

// Splits one command line into its simple commands at unquoted ; && || | & and `(`.
std::vector<std::string> simple_commands(std::string_view line);

// The words of a simple command after `sudo [-u X]`, `time`, `nohup`, `env`, leading
// `VAR=value` assignments. Quotes are kept on words.
std::vector<std::string> command_words(std::string_view simple_command);

// First word of a line after the prefixes above ("" if none).
std::string command_head(std::string_view line);

// True if `word` is a command an operator types in a shell (aws, sudo, docker, cd, ...).
bool is_known_command(std::string_view word);

// libstdc++'s std::regex recurses once per character it consumes, so a pathological
// line (a 200 KB base64 blob) would overflow the stack. Every regex in the runbook code
// runs on text passed through this: at most kRegexMaxInput bytes — small enough that the
// recursion fits a worker thread's stack even in the AddressSanitizer build, whose frames
// are several times larger (4 KB overflowed 8 MB there). Longer lines are searched in
// overlapping windows (destructive_patterns.cpp).
constexpr size_t kRegexMaxInput = 1024;
std::string regex_input(std::string_view s);

}  // namespace opsdeck::app::runbook
