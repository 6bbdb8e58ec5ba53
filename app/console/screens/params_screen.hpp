#pragma once
// The `:params` (alias `:ssm`) view: Parameter Store's parameters — name, type, version,
// last modified — with every value masked. `v` reveals the selected parameter only
// (GetParameter WithDecryption, on demand; see reveal_screen.hpp); `e` (the action.edit
// capability in resource_actions.cpp) overwrites it through the gate.
//
// parameter_rows is pure (for tests). Threads: UI thread; completions post.

#include <vector>

#include "app/console/screens/reveal_screen.hpp"
#include "aws/ssm_parameters.hpp"

namespace opsdeck::app {

inline constexpr std::size_t kParameterValueColumn = 4;

std::vector<ui::Column> parameter_columns();
// Keyed by parameter name; documents are DescribeParameters' metadata (never a value).
PaneRows parameter_rows(const std::vector<aws::ParameterMeta>& params, SysTime now);

std::shared_ptr<RevealScreen> open_parameters(const ScreenEnv& env);

}  // namespace opsdeck::app
