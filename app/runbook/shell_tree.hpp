#pragma once
// Reading shfmt's JSON syntax tree (shell_syntax.hpp) without exceptions: absent fields and
// wrong types read as empty, and every node type the shell guard reads has its list of
// known fields, so that a construct it does not understand is noticed instead of skipped.
// Pure functions; safe on any thread.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace opsdeck::app::runbook {

namespace shell_tree {
const nlohmann::json* field(const nlohmann::json& node,
                            const char* key);  // nullptr if absent or null
const nlohmann::json& list(const nlohmann::json& node, const char* key);  // [] unless an array
std::string str(const nlohmann::json& node, const char* key);             // "" unless a string
bool flag(const nlohmann::json& node, const char* key);
int num(const nlohmann::json& node, const char* key);  // -1 unless an integer
// The first field of `node` (a node of `type`) the guard does not read, positions aside; "" if
// none.
std::string unknown_field(const nlohmann::json& node, std::string_view type);
}  // namespace shell_tree

}  // namespace opsdeck::app::runbook
