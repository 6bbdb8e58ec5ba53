#pragma once
// The console's runbook commands: `:runbooks` (a table of the configured runbooks: name,
// steps, who uses them; Enter opens one) and `:runbook FILE` (the step view,
// screens/runbook_screen.hpp), resumed from the progress store of the current environment.
// Owns the worker threads the steps run on, so it must be destroyed before the EventLoop
// (LiveParts does that); closing a screen does not stop its step. Also `D` (deploy the
// selected resource's service, screens/deploy_screen.hpp), which runs on the same workers.
//
// Threads: UI thread; steps on StepWorkers threads. Ownership: borrows the view and loop.

#include <memory>
#include <string>

#include "app/console/command_palette.hpp"
#include "app/console/console_view.hpp"
#include "app/console/runbook_catalog.hpp"
#include "app/console/screens/runbook_screen.hpp"
#include "app/console/step_workers.hpp"
#include "app/global_options.hpp"
#include "app/session_registry.hpp"
#include "app/runbook/destructive_patterns.hpp"

namespace opsdeck::app {

class RunbookViews {
 public:
  // `ctx.loop` and `ctx.workers` are filled in here.
  RunbookViews(ConsoleView& view, ui::EventLoop& loop, RunbookContext ctx, RunbookCatalog catalog,
               std::vector<std::string> destructive_patterns);
  ~RunbookViews();

  // Sets the handlers of :runbooks and :runbook FILE in the view's command table.
  void add_commands();
  // Opens the step view of `file` (resolved against the config's directories).
  ui::Outcome open_runbook(const std::string& file);
  ui::Outcome open_list();
  const RunbookCatalog& catalog() const { return catalog_; }
  // `D`: deploys the configured service of the selected row (key, label, document) after
  // the gate's confirmation, on a DeployScreen. `global` carries config path, environment,
  // read-only flag and the AWS session settings; `sessions` is the console's registry (set
  // once by the app).
  ui::Outcome deploy(const std::string& key, const std::string& label, const nlohmann::json* document);
  void set_sessions(std::shared_ptr<SessionRegistry> sessions, GlobalOptions global) {
    sessions_ = std::move(sessions);
    global_ = std::move(global);
  }
  StepWorkers& workers() { return *workers_; }

 private:
  ConsoleView& view_;
  RunbookContext ctx_;
  RunbookCatalog catalog_;
  runbook::DestructivePatterns patterns_;
  std::unique_ptr<StepWorkers> workers_;
  std::shared_ptr<SessionRegistry> sessions_;
  GlobalOptions global_;
};

}  // namespace opsdeck::app
