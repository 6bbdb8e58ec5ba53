#pragma once
// `D` in the console: deploys a configured service (config "services") and shows its
// progress. The screen opens with the plan (service, environment, how) and the gate's
// dialog (typed environment name in production, y/N elsewhere; in --readonly no dialog:
// the gate refuses and says so); then app/deploy/deployer runs on a worker thread — the
// same gate, audit start/end, deploy, health checks polled until healthy or the timeout,
// TLS expiry warnings (< 14 days) — and every line it writes is posted here.
//
// Threads: UI thread; the deploy on a StepWorkers thread, reporting by EventLoop::post
// with a weak_ptr (a closed screen drops the lines; the deploy still ends and is audited).
// Limit: the deployer has no cancel; quitting the console during a deploy waits for it
// (StepWorkers joins), health-check polling included (DeployOptions::health_timeout).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/console/console_screen.hpp"
#include "app/console/step_workers.hpp"
#include "app/deploy/deployer.hpp"
#include "app/global_options.hpp"
#include "app/session_registry.hpp"
#include "widgets/confirm_dialog.hpp"
#include "widgets/event_loop.hpp"

namespace opsdeck::app {

struct DeployPlan {
  std::string service;
  std::string environment;
  bool production = false;
  bool readonly = false;
  std::string how;  // "ecs:shop/api: UpdateService forceNewDeployment"
};

class DeployScreen : public ConsoleScreen, public std::enable_shared_from_this<DeployScreen> {
 public:
  // The deploy's AWS calls go through `sessions` (the console's).
  DeployScreen(ui::EventLoop& loop, StepWorkers& workers, std::shared_ptr<SessionRegistry> sessions,
               GlobalOptions global, DeployPlan plan, DeployOptions options = {});

  std::string title() const override { return "Deploy " + plan_.service; }
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  void render(ui::CellGrid& grid, ui::Rect area, bool ascii) override;
  std::vector<ui::KeyHint> hints() const override;

  // Asks (or, in --readonly, goes straight to the gate's refusal). Call once after creation.
  void begin();
  const std::vector<std::string>& lines() const { return lines_; }
  const std::string& state() const { return state_; }  // confirm|running|done|failed|cancelled|refused
  bool running() const { return state_ == "running"; }

 private:
  void launch(const std::string& answer);
  void add_text(std::string_view text);
  void finished(int exit_code);

  ui::EventLoop& loop_;
  StepWorkers& workers_;
  std::shared_ptr<SessionRegistry> sessions_;
  GlobalOptions global_;
  DeployPlan plan_;
  DeployOptions options_;
  std::optional<ui::ConfirmDialog> dialog_;
  std::vector<std::string> lines_;
  std::string partial_;
  std::string state_ = "confirm";
};

}  // namespace opsdeck::app
