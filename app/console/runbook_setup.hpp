#pragma once
// Builds the console's RunbookViews from what start_live() resolved: the config (runbook
// catalog, variable defaults, destructive patterns), the environment (name, production,
// vars), the console's sessions (SSM/ECS targets and deploys use the console's Session for
// the same flags) and the caller ARN the LiveConsole fetched into it. UI thread; borrows
// view, loop and live (which outlive it).

#include <memory>

#include "app/config.hpp"
#include "app/console/live_console.hpp"
#include "app/console/runbook_views.hpp"
#include "app/global_options.hpp"
#include "app/session_registry.hpp"

namespace opsdeck::app {

// `config` may be null (unreadable config: no catalog, no defaults).
std::unique_ptr<RunbookViews> make_runbook_views(std::shared_ptr<SessionRegistry> sessions,
                                                 const GlobalOptions& session_options,
                                                 const Config* config, const EnvironmentConfig& env,
                                                 ConsoleView& view, ui::EventLoop& loop,
                                                 LiveConsole& live);

}  // namespace opsdeck::app
