#pragma once
// What one simple command does that matters for splitting a block: whether it ever ends
// by itself (tail -f, journalctl -f, watch, logs -f/--follow, docker stats, ping without
// -c, redis-cli MONITOR, compose up without -d, aws logs tail --follow, SSM port
// forwarding, kubectl port-forward/get -w — also inside docker/kubectl exec), and whether
// it shows things for the operator to pick from (aws describe-/list-/get-/search-,
// aws s3 ls, logs start-query, docker ps/images, ls, kubectl get, git log/tag/branch,
// systemctl list-*), its output going to the screen. `words` are command_words() of one
// simple command (shell_text.hpp). Pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app::runbook {

bool never_ends(const std::vector<std::string>& words, std::string_view simple_command);

bool lists_things(const std::vector<std::string>& words);

// True when the pipeline of `line` ends on the screen: no output redirected to a file,
// only display filters (grep, head, jq, sort, …) after the first command. Command
// substitutions (`$(date …)`) compute arguments and do not count.
bool displays_only(std::string_view line);

// The position of SUB in `docker [global options] SUB` / `docker compose [options] SUB`,
// starting the search at `i`.
size_t docker_subcommand(const std::vector<std::string>& words, size_t i);

// A word is present in words[from..].
bool has_word(const std::vector<std::string>& words, std::string_view word, size_t from = 0);

}  // namespace opsdeck::app::runbook
