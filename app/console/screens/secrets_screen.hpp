#pragma once
// The `:secrets` view: Secrets Manager's secrets — name, description, last changed,
// rotation — with every value masked; `v` reveals the selected secret only (GetSecretValue
// on demand; see reveal_screen.hpp).
//
// secret_rows is pure (for tests). Threads: UI thread; completions post.

#include <vector>

#include "app/console/screens/reveal_screen.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

inline constexpr std::size_t kSecretValueColumn = 4;

std::vector<ui::Column> secret_columns();
// Keyed by secret name; documents hold the listing's fields (never a value).
PaneRows secret_rows(const std::vector<aws::SecretSummary>& secrets, SysTime now);

std::shared_ptr<RevealScreen> open_secrets(const ScreenEnv& env);

}  // namespace opsdeck::app
