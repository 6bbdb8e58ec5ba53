#pragma once
// ForwardLauncher: `f` opens a port forward from 127.0.0.1 through Session Manager or SSH,
// and `:forwards` (`:fwd`) lists every forward (screens/forwards_screen.hpp).
//  - On a database row (RDS, ElastiCache) it forwards to the database's endpoint through the
//    instance forward_route.hpp chooses (the config's ssm.bastion, else an Online instance
//    in the database's VPC).
//  - On an instance row it asks for "PORT" (on the instance) or "HOST:PORT" (as the
//    instance sees it) in a one-line prompt, then goes the way `s` would: Session Manager
//    when the instance's agent is Online (or the config's shell.method says ssm), else SSH
//    (app/ssm/connect_method.hpp decides from the instance's facts; the SshConnector asks
//    about an unknown host key or a key's passphrase).
// The local port is the remote one when free, else one the system picks; the status line
// says where to connect ("psql -h 127.0.0.1 -p 5432") and every state change after that
// (open, reconnecting, failed). An SSM forward runs on opsdeck's own Session Manager client
// (ssh/ssm/ssm_port_forward.hpp) whatever "ssm.client" says: the plugin has no way to run
// beside the console. An SSH forward listens on its own SshClient (ssh/port_forward.hpp),
// which the registry entry owns.
// The action gate judges each forward first: refused in --readonly (a forward opens a
// session into the VPC), a yes/no question in production. Start and end go to the audit log;
// no forward opens when the start record cannot be written.
//
// Threads: UI thread, except each SSM forward's state callback, which runs on that forward's
// own thread: it writes the end record and only post()s to the loop; and the AwsClient's
// completion of an instance's facts (IO thread, only post()). Ownership: borrows the
// view, the loop, the live console and the registry. The registry (owned by the console
// app, declared after the loop) owns the forwards, so they outlive this launcher and
// `:region` / `:profile` switches; each keeps the Session it was opened in.

#include <optional>
#include <string>

#include "app/audit_log.hpp"
#include "app/console/console_overlay.hpp"
#include "app/console/forward_registry.hpp"
#include "app/console/forward_route.hpp"
#include "app/console/gate_question.hpp"
#include "app/console/live_console.hpp"
#include "app/console/shell_launcher.hpp"
#include "app/console/ssh_connector.hpp"
#include "widgets/confirm_dialog.hpp"
#include "widgets/prompt.hpp"

namespace opsdeck::app {

class ForwardLauncher : public ConsoleOverlay {
 public:
  ForwardLauncher(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live, ShellContext context,
                  ShellSettings settings, std::string bastion, ForwardRegistry& registry, AuditLog audit);

  // Adds "forward" (`f`) and sets the `:forwards` handler.
  void add_commands();
  ui::Outcome open_forward();

  bool modal() const override { return prompt_.has_value() || gate_.open() || connector_.modal(); }
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  void render(ui::CellGrid& grid, bool ascii) const override;

 private:
  struct Plan {
    std::string via_id, via_label, via_why;  // the instance the session goes to
    ForwardDestination to;
    std::string label;   // what is forwarded ("clinic-db"), display-safe
    std::string engine;  // the database's engine, for the connect hint ("" for an instance's port)
    std::string target;  // the database's id
    bool choose_route = false;  // an instance row: SSM or SSH as `s` would choose
    bool over_ssh = false;      // SSH (likely, before the facts are in; certain once ssh_via is set)
    std::string ssh_via;        // "user@host:port"
  };
  ui::Outcome judge(Plan plan);
  void route(const Plan& plan);  // after the gate
  void on_facts(Plan plan, aws::Result<ConnectFacts> facts);
  void start(const Plan& plan);  // SSM
  void start_ssh(Plan plan, const ConnectDecision& d);
  void open_ssh(const Plan& plan, std::shared_ptr<ssh::SshClient> client, const ssh::HostSettings& host);
  AuditRecord record(const Plan& plan, const std::string& phase, const std::string& result) const;

  ConsoleView& view_;
  ui::EventLoop& loop_;
  LiveConsole& live_;
  ShellContext ctx_;
  ShellSettings settings_;
  std::string bastion_;
  ForwardRegistry& registry_;
  AuditLog audit_;

  std::optional<ui::Prompt> prompt_;  // "[HOST:]PORT" on an instance
  Plan pending_;                      // what the prompt or the gate's question is about
  GateQuestion gate_;
  SshConnector connector_;  // last: destroyed first, so its callbacks never find the rest gone
};

// How to connect to a forwarded database on `port` ("psql -h 127.0.0.1 -p 5432"), "" when
// the engine is not one we know.
std::string connect_hint(const std::string& engine, int port);

}  // namespace opsdeck::app
