#pragma once
// The words of placeholders and of their look-alikes: the spellings themselves (`<x>`,
// `{x}`, YOUR_X / X_HERE / your-x, ALL_CAPS) and the words that look like placeholders but
// are not — names the shell or a tool fills itself (HOME, AWS_REGION, NODE_ENV), words
// commands expect in capitals (GET, SIGTERM, ERROR, CNAME, STOPPED, SELECT, FLUSHALL)
// and HTML tag names (`<title>`). Pure functions.

#include <functional>
#include <string>
#include <string_view>

namespace opsdeck::app::runbook {

// Filled by the shell itself: never asked for (HOME, PATH, USER, LC_*, XDG_* …).
bool is_login_environment(std::string_view name);

// Environment variables tools read by name (`printenv NODE_ENV`, `-e AWS_REGION`): a bare
// mention of one is the variable's name, not something to fill in.
bool is_tool_environment(std::string_view name);

// Words commands expect in capitals: HTTP methods, signals, log levels, DNS record types,
// AWS states and enum values, SQL keywords, redis commands, git refs.
bool is_constant_word(std::string_view word);

// `<title>`, `<div>`: markup, not a placeholder.
bool is_html_tag(std::string_view name);

// `<NAME>` at s[i] == '<': letters, digits, `_ - . /` inside, starting with a letter. A
// lone lower-case word is not one when it is an HTML tag or `markup` is set (the text
// holds a closing tag). Returns its length (0: none) and sets `*name` (may be null).
size_t angle_at(std::string_view s, size_t i, bool markup, std::string* name);

// `{name}` at s[i] == '{' (not `${x}`, `%{x}`, `@{x}`, `{{x}}`, `{a,b}`, `{1..3}`, `{}`).
size_t brace_at(std::string_view s, size_t i, std::string* name);

// Capitals, digits and '_', at least two letters, starting with a letter (DB_HOST, PID).
bool is_caps_token(std::string_view word);

// YOUR_X, X_HERE (PASTE_SECRET_HERE), your-x / your_x: placeholders wherever they stand.
bool is_fill_me_word(std::string_view word);
bool is_fill_me_char(char c);

// Calls `found(offset, word)` for each YOUR_X / X_HERE / your-x word of `text`.
void for_each_fill_me_word(std::string_view text, const std::function<void(size_t, std::string)>& found);

}  // namespace opsdeck::app::runbook
