#pragma once
// The Runbooks step view (`:runbook FILE`): the runbook's steps with index, section, kind,
// where, a destructive mark and status (pending / running / done (exit 0, 1.2 s) /
// failed (exit 2, 0.3 s) / skipped / refused / interrupted / changed), resumed from the
// progress store; below them the selected step's plan or its output.
//   Enter   show exactly what will run and where (variables filled in, target, guard);
//           Enter again (or r) runs it
//   r       run the selected step       A  run all from the selected step, stop at the
//   n / p   next / previous step           first failure, following step or alternatives
//   t       choose the target of the selected host step (and of host steps without one):
//           local, ssm:ID, ssh:HOST, ecs:CLUSTER/TASK[/CONTAINER]; laptop steps always run
//           here, and a host step its block reaches with `ssh HOST` goes to ssh:HOST
//   x       cancel the running step (SIGTERM, then SIGKILL; remote: cancel)
//   L       the selected step's output in the full-screen log view (search, filter, save);
//           on a following step (`tail -f`, `journalctl -f`, `watch`, ...) that is not
//           running, L starts it there; closing that view (Esc) stops the stream
// Variables are asked once per runbook (ui::Prompt, prefilled from config, the process
// environment and saved answers; secrets masked and never saved) and remembered for the
// session. Destructive steps and steps the runbook forbids need a confirmation dialog
// (typed environment name in production); the gate itself (same as headless) decides,
// refuses in --readonly and writes the audit lines.
//
// Threads: UI thread; a step runs on a StepWorkers thread and reports by EventLoop::post
// with a weak_ptr to this screen (dropped when the screen was closed; the step still
// finishes, audited, and its progress is saved). Ownership: borrows the loop and the
// workers (RunbookContext), which outlive every screen's job.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/action_gate.hpp"
#include "app/guard_scope.hpp"
#include "app/console/console_screen.hpp"
#include "app/console/gate_question.hpp"
#include "app/console/log_screen.hpp"
#include "app/console/step_workers.hpp"
#include "app/runbook/destructive_patterns.hpp"
#include "app/runbook/progress_store.hpp"
#include "app/runbook/step_plan.hpp"
#include "app/runbook/step.hpp"
#include "app/runbook/step_target.hpp"
#include "app/ssm/ecs_exec_step_target.hpp"
#include "widgets/confirm_dialog.hpp"
#include "widgets/event_loop.hpp"
#include "widgets/prompt.hpp"
#include "widgets/table_source.hpp"

namespace opsdeck::app {

// What every runbook screen of a console session shares.
struct RunbookContext {
  ui::EventLoop* loop = nullptr;
  StepWorkers* workers = nullptr;
  // Pushes a screen over the console (the full-screen log view of a step). UI thread.
  std::function<void(std::shared_ptr<ConsoleScreen>)> open_screen;
  std::string environment = "default";
  bool production = false;
  bool readonly = false;
  std::string profile, region;
  std::function<std::string()> caller_arn;  // UI thread; "" while unknown
  std::string state_dir;                    // progress files
  std::string audit_path;
  std::map<std::string, std::string> config_env;  // the environment's vars
  std::map<std::string, std::string> config_all;  // runbooks.vars
  std::vector<std::string> secret_names;          // runbooks.secret_names
  std::shared_ptr<const runbook::DestructivePatterns> patterns =
      std::make_shared<const runbook::DestructivePatterns>();
  runbook::StepEnvironment aws_env;  // the session's AWS context for local steps
  // Which environment guards a step now (the caller account arrives after the screen
  // opens); unset: `environment` / `production` above. UI thread.
  std::function<aws::Result<GuardScope>()> guard_scope;
  runbook::RemoteRunnerFactory remote;
  EcsTargetFactory ecs;
  // The same, granted the one SendCommand / ExecuteCommand of a step proven read-only
  // under --readonly (argument: why). Unset: such steps are refused by the AWS layer.
  std::function<runbook::RemoteRunnerFactory(const std::string&)> remote_granted;
  std::function<EcsTargetFactory(const std::string&)> ecs_granted;
  // Answers given in this session, by runbook path (shared by every screen).
  std::shared_ptr<std::map<std::string, std::map<std::string, std::string>>> answers =
      std::make_shared<std::map<std::string, std::map<std::string, std::string>>>();
};

class RunbookScreen : public ConsoleScreen, public std::enable_shared_from_this<RunbookScreen> {
 public:
  RunbookScreen(RunbookContext ctx, std::shared_ptr<const runbook::Runbook> rb,
                runbook::RunbookProgress progress);

  std::string title() const override;
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  ui::Table* table() override { return &table_; }
  ui::Outcome open_selected() override;
  std::string selected_key() const override { return table_.selected_key(); }
  void render(ui::CellGrid& grid, ui::Rect area, bool ascii) override;
  void before_render() override;
  std::vector<ui::KeyHint> hints() const override;
  std::vector<ui::HelpEntry> help() const override;

  // For tests and the palette: the step shown selected (1-based, 0 none), its status text,
  // the plan for a step, its output so far, and the message line.
  int selected_step() const;
  std::string status_text(int index) const;
  std::string plan_text(int index) const;
  std::string output_text(int index) const;
  const std::string& message() const { return message_; }
  bool running() const { return running_ > 0; }
  // The step whose output the log view shows (0 none, or the view was closed).
  int log_view_step() const { return log_screen_.expired() ? 0 : log_step_; }
  void set_target(std::string spec) { target_ = std::move(spec), target_chosen_ = true; }
  const std::string& target() const { return target_; }

  // Starts the selected step (or asks for variables / confirmation first).
  ui::Outcome run_selected(bool all);

 private:
  struct StepState {
    std::string status;  // "", running, done, failed, skipped, refused, interrupted, changed
    int exit_code = 0;
    long long duration_ms = 0;
    std::vector<std::string> lines;  // sanitised output
    std::string partial;             // an unfinished last line
    bool ran = false;                // started in this session: its output is shown
  };
  const runbook::Step& step(int index) const;
  void rebuild_rows();
  void select(int index);
  ui::Outcome start(int index);
  ui::Outcome after_variables(int index);
  void launch(int index, const std::string& confirmation);
  void on_output(int index, std::string_view chunk);
  void on_finished(int index, int status, int exit_code, long long duration_ms, std::string message);
  std::map<std::string, std::string> values_for(const runbook::Step& s, std::set<std::string>* unanswered) const;
  std::string target_for(const runbook::Step& s) const;
  // The step's plan for these values (cached: planning runs the shell parser).
  aws::Result<runbook::StepPlan> plan_for(int index, const std::map<std::string, std::string>& values) const;
  GateDecision judge(const runbook::StepPlan& plan) const;
  GatePolicy policy() const;  // from guard_scope when it answers
  void audit_declined(int index) const;  // the dialog was answered no: a "refused" record
  ui::Outcome on_modal_key(const ui::KeyEvent& e);
  ui::Outcome open_log_view(int index);
  void show_log_view(int index, bool started_there);
  void feed_log_view(int index, const std::vector<std::string>& lines);

  RunbookContext ctx_;
  std::shared_ptr<const runbook::Runbook> rb_;
  runbook::RunbookProgress saved_;
  std::map<int, StepState> states_;
  std::shared_ptr<ui::VectorTableSource> source_;
  mutable ui::Table table_;
  std::string target_ = "local";        // the target for host steps (t), once chosen
  bool target_chosen_ = false;
  std::map<int, std::string> step_targets_;  // a host step's own target (t on that step)
  int plan_shown_ = 0;  // the step whose plan Enter showed (Enter again runs it)
  bool show_plan_ = false;
  int running_ = 0;     // the running step, 0 none
  bool run_all_ = false;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::string message_;
  // The log view showing a step's output (L); the step runs until the view is closed
  // when it was started there.
  std::weak_ptr<LogScreen> log_screen_;
  int log_step_ = 0;
  bool log_step_started_there_ = false;
  int log_on_launch_ = 0;  // L on a following step: open the view when it launches
  // Modals: variable prompts (a queue of names), the target prompt, the confirm dialog.
  std::vector<std::string> ask_queue_;
  int ask_for_step_ = 0;
  ui::Prompt var_prompt_{""};
  ui::Prompt target_prompt_{"target (local, ssm:ID, ssh:HOST, ecs:CLUSTER/TASK[/CONTAINER]): "};
  GateQuestion gate_;     // a step's production or destructive question
  int confirm_step_ = 0;  // the step it is about
  struct CachedPlan {
    std::map<std::string, std::string> values;
    std::string target;
    runbook::StepPlan plan;
  };
  mutable std::map<int, CachedPlan> plans_;
};

}  // namespace opsdeck::app
