#pragma once
// Actions on the console's resources, declared per resource type as capabilities (no
// dynamic_cast, no guessing from the row): EC2 instances can be started, stopped and
// rebooted; RDS instances rebooted and snapshotted. Every action goes through the ONE
// gate (app/action_gate.hpp):
//   --readonly            refused at once, the status line names read-only mode;
//   production            a ConfirmDialog where the environment name must be typed;
//   elsewhere             a yes/no ConfirmDialog.
// Each request is written to the audit log (app/audit_log.hpp) — "start" before it is
// sent, "end" with the result, "refused" when the gate says no.
//
// Threads: UI thread, except the AwsClient completion (IO thread), which only posts.
// Ownership: borrows the view, loop, live console and gate; all must outlive this object.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/action_gate.hpp"
#include "app/audit_log.hpp"
#include "app/console/live_console.hpp"
#include "widgets/confirm_dialog.hpp"

namespace opsdeck::app {

enum class ResourceType { Ec2Instance, LightsailInstance, DbInstance, Alarm, LogLine, None };

struct Capability {
  std::string command;  // key-map command: "action.stop"
  std::string key;      // default key: "S"
  std::string verb;     // "stop"
  std::string audit;    // audit action: "ec2.stop"
  std::string why;      // shown in the dialog: what it does to the service
};

// The actions a resource type declares (empty: none).
const std::vector<Capability>& capabilities(ResourceType type);
// The type of a row in a pane (Instances rows keyed "lightsail:NAME" are Lightsail).
ResourceType resource_type(int pane, const std::string& row_key);

struct ActionContext {
  std::string profile, region, environment;
  bool production = false;
  bool readonly = false;
};

class ResourceActions {
 public:
  ResourceActions(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live, ActionContext context,
                  AuditLog audit);

  // Binds every capability's key in the view's key map (context "global").
  void bind_keys();
  // Runs a key-map command ("action.stop") on the focused pane's selected row; Ignored
  // when `command` is not an action.
  ui::Outcome run(const std::string& command);

  bool modal() const { return dialog_.has_value(); }
  ui::Outcome on_key(const ui::KeyEvent& e);
  void render(ui::CellGrid& grid, bool ascii) const;

 private:
  struct Pending {
    Capability cap;
    ResourceType type;
    std::string id;     // resource id
    std::string label;  // "clinic-api (i-0abc)"
  };
  GateRequest gate_request(const Pending& p) const;
  void execute(const Pending& p);
  void audit(const Pending& p, const std::string& phase, const std::string& result) const;

  ConsoleView& view_;
  ui::EventLoop& loop_;
  LiveConsole& live_;
  ActionContext ctx_;
  AuditLog audit_;
  std::optional<ui::ConfirmDialog> dialog_;
  std::optional<Pending> pending_;
};

}  // namespace opsdeck::app
