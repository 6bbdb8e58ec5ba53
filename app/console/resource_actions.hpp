#pragma once
// Actions on the console's resources, declared per resource type as capabilities (no
// dynamic_cast, no guessing from the row): EC2 instances can be started, stopped and
// rebooted; RDS instances rebooted and snapshotted; more types (ECS services, parameters,
// ...) add theirs in capabilities(). A capability builds its own AWS request, may first
// ask the operator for a value (a desired count, a new parameter value) and validate it.
// The selected row comes from ConsoleView::selection(): a pane or the top screen.
// Every action goes through the ONE gate (app/action_gate.hpp):
//   --readonly            refused at once, the status line names read-only mode;
//   production            a ConfirmDialog where the environment name must be typed
//                         (a yes/no one for a capability that is not `destructive`);
//   elsewhere             a yes/no ConfirmDialog (none for one that is not `destructive`);
//   `type_name`           the resource's own name must be typed, outside production too.
// Each request is written to the audit log (app/audit_log.hpp) — "start" before it is
// sent, "end" with the result, "refused" when the gate says no.
//
// Threads: UI thread, except the AwsClient completion (IO thread), which only posts.
// Ownership: borrows the view, loop, live console and gate; all must outlive this object.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/console/console_overlay.hpp"
#include "app/action_gate.hpp"
#include "app/audit_log.hpp"
#include "app/console/live_console.hpp"
#include "app/console/screens/screen_env.hpp"
#include "app/resources/resource_type.hpp"
#include "aws/aws_request.hpp"
#include "aws/result.hpp"
#include "widgets/confirm_dialog.hpp"
#include "widgets/prompt.hpp"

namespace opsdeck::app {

// The resource an action is about, as the capability's request builder sees it.
struct ActionTarget {
  std::string id;                            // the row key: instance id, DB id, ...
  std::string label;                         // "clinic-api (i-0abc)", display-safe
  std::string input;                         // the operator's answer when the capability asks
  const nlohmann::json* document = nullptr;  // the row's raw document (may be null)
};

// What a capability's own `run` gets: the console (to call AWS, push a view, come back to
// the UI thread) and the way to end the action — `finish` records "end" in the audit log,
// shows the result in the status line and refreshes the rows (UI thread, once).
struct ActionRun {
  ScreenEnv env;
  std::function<void(aws::Result<std::string>)> finish;
  std::function<void(const std::string&)> progress;  // UI thread: status line, info
};

struct Capability {
  std::string command;  // key-map command: "action.stop"
  std::string key;      // default key: "S"
  std::string verb;     // "stop"
  std::string audit;    // audit action: "ec2.stop"
  std::string why;      // shown in the dialog: what it does to the service
  // Builds the AWS call (UI thread). Returns an error text when it cannot (bad document).
  std::function<aws::Result<aws::AwsRequest>(const ActionTarget&)> request;
  // Non-empty: ask for a value first ("desired count"), prefilled by `input_default`.
  std::string input_prompt;
  std::function<std::string(const ActionTarget&)> input_default;
  // Returns "" when the answer is acceptable, else what is wrong with it.
  std::function<std::string(const std::string&)> validate;
  bool secret_input = false;  // the answer is never shown in the dialog or the audit log
  // Per target: true masks the answer like secret_input (e.g. SecureString parameters only).
  std::function<bool(const ActionTarget&)> secret_when;
  bool redact_audit = false;  // the answer is never written to the audit log, even if shown
  bool destructive = true;    // false: a change the gate lets through without asking outside production
  bool type_name = false;     // the confirmation is the resource's name typed (e.g. purge)
  // The name to type for `type_name` (default: the target's label).
  std::function<std::string(const ActionTarget&)> name_to_type;
  // More lines for the confirmation dialog, or an error when the target cannot take the
  // action (shown instead of the dialog). UI thread.
  std::function<aws::Result<std::vector<std::string>>(const ActionTarget&)> details;
  // Instead of `request`: runs the action itself (several calls, a view, progress), and
  // calls ActionRun::finish exactly once. UI thread.
  std::function<void(const ActionTarget&, ActionRun)> run;
};

// The error a capability answers when the target cannot take the action or the operator's
// answer is unusable (ErrorKind::Usage, code "Refused"): shown in the status line.
aws::Error capability_refusal(const std::string& why);

// A capability that asks nothing before its confirmation.
Capability simple_capability(
    std::string command, std::string key, std::string verb, std::string audit, std::string why,
    std::function<aws::Result<aws::AwsRequest>(const ActionTarget&)> request);

// The actions a resource type declares (empty: none).
const std::vector<Capability>& capabilities(ResourceType type);
// Every type that declares actions (for binding keys and the help overlay).
const std::vector<ResourceType>& types_with_actions();

// The environment that guards a resource: its own when the config's "services" name it
// (a dev ECS service in a prod console is guarded as dev, and the reverse).
struct ResourceGuard {
  std::string environment;
  bool production = false;
};

// The guard's view of the console (profile, region and client come from the live
// console's Session).
struct ActionContext {
  std::string environment;
  bool production = false;
  bool readonly = false;
  // The resource's own environment, when the config says (UI thread); unset or nullopt:
  // the console's environment above.
  std::function<std::optional<ResourceGuard>(const std::string& key, const std::string& label,
                                             const nlohmann::json* document)>
      resource_guard;
  // The console's own guard now (the caller account arrives after start): an error when the
  // credentials' account is not the environment's (every action refused). UI thread; unset:
  // `environment` / `production` above.
  std::function<aws::Result<ResourceGuard>()> account_guard;
};

class ResourceActions : public ConsoleOverlay {
 public:
  ResourceActions(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live, ActionContext context,
                  AuditLog audit);

  // Adds one command per capability ("action.stop", its key, context "global") to the
  // view's command table; each runs run() on the selected row.
  void add_commands();
  // Runs an action command on the selected row (the focused pane's or the top screen's);
  // Ignored when `command` is not an action.
  ui::Outcome run(const std::string& command);

  bool modal() const override { return dialog_.has_value() || input_.active(); }
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  void render(ui::CellGrid& grid, bool ascii) const override;

 private:
  struct Pending {
    Capability cap;
    ResourceType type;
    int pane = -1;  // the pane to refresh afterwards; -1: the top screen
    ActionTarget target;
    std::optional<nlohmann::json> document;  // a copy: the row may change meanwhile
    ResourceGuard guard;                      // the environment that guards this resource
    const ConsoleScreen* origin = nullptr;    // the top screen when it ran (refreshed after), compared only
  };
  GateRequest gate_request(const Pending& p) const;
  void finish(const Pending& p, const aws::Result<std::string>& result);
  ui::Outcome confirm(Pending p);
  ui::Outcome on_input_key(const ui::KeyEvent& e);
  void execute(Pending p);
  aws::Result<void> audit(const Pending& p, const std::string& phase, const std::string& result) const;

  ConsoleView& view_;
  ui::EventLoop& loop_;
  LiveConsole& live_;
  ActionContext ctx_;
  AuditLog audit_;
  std::optional<ui::ConfirmDialog> dialog_;
  ui::Prompt input_{""};
  std::optional<Pending> pending_;
};

}  // namespace opsdeck::app
