#include "app/console/shell_launcher.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "app/action_audit.hpp"
#include "app/message_printer.hpp"
#include "app/ssh_defaults.hpp"
#include "aws/json_fields.hpp"
#include "aws/service.hpp"
#include "ssh/interactive_shell.hpp"
#include "ssh/ssm/session_start.hpp"
#include "ssh/ssm_session_plugin.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

// Written on the plain terminal once curses is suspended, so the operator sees where the
// shell goes before the remote prompt arrives.
void banner(const std::string& text) {
  std::string line = cli_text(UserMessage::info(text), "\r\n");
  std::string_view d = line;
  while (!d.empty()) {
    auto n = ::write(1, d.data(), d.size());
    if (n <= 0) return;
    d.remove_prefix(static_cast<size_t>(n));
  }
}

// An error for the one-line status: its description, display-safe, no "opsdeck: " prefix.
std::string status_text(const aws::Error& e) { return ui::sanitize_plain(e.describe()); }

}  // namespace

ShellLauncher::ShellLauncher(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live,
                             ShellContext context, ShellSettings settings, Suspend suspend,
                             AuditLog audit)
    : view_(view),
      loop_(loop),
      live_(live),
      ctx_(std::move(context)),
      settings_(std::move(settings)),
      suspend_(std::move(suspend)),
      audit_(std::move(audit)),
      connector_(view, loop) {}

ShellLauncher::~ShellLauncher() = default;

void ShellLauncher::add_commands() {
  ConsoleCommand shell{"shell", {"s"}, "Open a shell on the selected instance (SSM or SSH)", "global", "shell",
                       [this](const std::string&) { return open_shell(); }, CommandNeeds::Session};
  shell.held_after_close = true;
  view_.commands().add(std::move(shell));
}

ui::Outcome ShellLauncher::open_shell() {
  ConsoleSelection sel = view_.selection();  // the focused pane's row, or the top screen's
  std::string key = sel.key;
  const ResourceTraits& can = traits(sel.type);
  if (!can.shell) {
    view_.status().show(ui::Severity::Warn, "shell: " + can.no_shell);
    return ui::Outcome::Redraw;
  }
  if (busy_) {
    view_.status().show(ui::Severity::Warn, "shell: already opening a shell on " + target_.label);
    return ui::Outcome::Redraw;
  }
  busy_ = true;
  const Resource* r = sel.pane >= 0 ? live_.resource(sel.pane, key) : nullptr;
  target_.id = r ? r->id : key;
  target_.label = ui::sanitize_plain(r ? display_label(*r) : key);
  via_.clear();
  task_.reset();
  if (sel.type == ResourceType::EcsTask) {
    const nlohmann::json* doc = sel.document ? sel.document : r ? &r->document() : nullptr;
    EcsTaskTarget t;
    auto last_part = [](const std::string& arn) { return arn.substr(arn.rfind('/') + 1); };
    if (doc) {
      t.cluster = last_part(aws::jstr(*doc, "clusterArn"));
      t.task = last_part(aws::jstr(*doc, "taskArn"));
    }
    if (t.cluster.empty() || t.task.empty()) {
      busy_ = false;
      view_.status().show(ui::Severity::Warn, "shell: the task's details are not loaded yet; try again");
      return ui::Outcome::Redraw;
    }
    for (const auto& c : aws::jarr(*doc, "containers"))
      if (!aws::jstr(c, "name").empty()) t.containers.push_back(aws::jstr(c, "name"));
    task_ = std::move(t);
  }

  if (ctx_.account_guard) {
    auto now = ctx_.account_guard();
    if (!now) {
      busy_ = false;
      (void)audit("refused", now.error().describe());
      view_.status().show(ui::Severity::Error, "shell " + target_.label + ": " + ui::sanitize_plain(now.error().describe()));
      return ui::Outcome::Redraw;
    }
    ctx_.environment = now->first;
    ctx_.production = now->second;
  }
  ActionGate gate({ctx_.readonly, ctx_.production, ctx_.environment, false}, nullptr);
  GateRequest req;
  req.action = "open a shell on " + target_.label;
  req.target = target_.id;
  req.why_not_read_only = "an interactive shell can change anything";
  GateDecision d = gate.judge(req);
  if (d.verdict == GateVerdict::Refused) {
    busy_ = false;
    (void)audit("refused", d.message);
    view_.status().show(ui::Severity::Error, "shell " + target_.label + ": " + ui::sanitize_plain(d.message));
    return ui::Outcome::Redraw;
  }
  if (d.needs_answer()) {
    gate_.ask(d, ctx_.environment, "Shell in production", {}, "y to open it, n or Esc to cancel");
    return ui::Outcome::Redraw;
  }
  after_gate();
  return ui::Outcome::Redraw;
}

ssh::SessionContext ShellLauncher::ssm_context() const {
  const Session& session = *live_.session();
  ssh::SessionContext context{session.region(), session.profile_named() ? session.profile() : std::string(),
                              session.client().endpoint_for(aws::services::ssm)};
  context.client = settings_.ssm_plugin ? ssh::SessionContext::Client::Plugin : ssh::SessionContext::Client::Native;
  return context;
}

namespace {
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
  return out;
}
}  // namespace

void ShellLauncher::after_gate() {
  if (!task_) return gather_facts();
  if (task_->containers.size() <= 1) return start_ecs_exec(task_->containers.empty() ? "" : task_->containers[0]);
  container_prompt_.emplace("container (Tab: " + join_names(task_->containers) + ")> ");
  container_prompt_->set_completer([names = task_->containers](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& n : names)
      if (n.rfind(text, 0) == 0) out.push_back(n);
    return out;
  });
  container_prompt_->start(task_->containers[0]);
}

void ShellLauncher::start_ecs_exec(const std::string& container) {
  const std::string where = task_->cluster + "/" + task_->task + (container.empty() ? "" : "/" + container);
  via_ = "ecs:" + where;
  if (ctx_.readonly) {
    busy_ = false;
    (void)audit("refused", "read-only mode");
    view_.status().show(ui::Severity::Error,
                        "shell " + target_.label + ": refused in read-only mode: ecs:ExecuteCommand opens a shell");
    return;
  }
  if (settings_.ssm_plugin && !ssh::find_session_plugin()) {
    busy_ = false;
    view_.status().show(ui::Severity::Error, "shell " + target_.label +
                                                 ": ECS Exec with \"ssm\": {\"client\": \"plugin\"} needs "
                                                 "session-manager-plugin, not found on PATH");
    return;
  }
  const ssh::SessionContext context = ssm_context();
  if (!audit_start()) return;
  aws::Result<int> rc = 0;
  suspend_([&] {
    banner("ECS Exec into " + where + "; exit the shell to return");
    rc = ssh::ssm::open_ecs_exec(aws::sync_caller(live_.client()), task_->cluster, task_->task, container, "/bin/sh",
                                 context);
  });
  if (!rc) {
    finish("error: " + rc.error().message, ui::Severity::Error,
           "ECS Exec into " + where + " failed: " + status_text(rc.error()));
  } else {
    finish("done", *rc == 0 ? ui::Severity::Ok : ui::Severity::Warn,
           "ECS Exec into " + where + " ended (exit " + std::to_string(*rc) + ")");
  }
}

void ShellLauncher::gather_facts() {
  view_.status().show(ui::Severity::Info, "shell " + target_.label + ": finding how to connect...");
  // Completes on the AwsClient's IO thread: only post. Outstanding calls are cancelled by
  // the client's owner (LiveConsole) after this object is gone, and a task posted then
  // never runs (the loop has stopped), so `this` is not used after destruction.
  gather_connect_facts_async(aws::async_caller(live_.client()), target_.id,
                             [this](aws::Result<ConnectFacts> facts) {
                               loop_.post([this, facts = std::move(facts)]() mutable {
                                 on_facts(std::move(facts));
                               });
                             });
}

void ShellLauncher::on_facts(aws::Result<ConnectFacts> facts) {
  if (!facts) {
    busy_ = false;
    view_.status().show(ui::Severity::Error, "shell " + target_.label + ": " + status_text(facts.error()));
    return;
  }
  ConnectDecision d = decide_connect(*facts, connect_prefs_for(*facts, settings_));
  switch (d.via) {
    case ConnectVia::None:
      busy_ = false;
      view_.status().show(ui::Severity::Error,
                          "shell " + target_.label + ": " + ui::sanitize_plain(d.reason));
      return;
    case ConnectVia::Ssm:
      start_ssm(d);
      return;
    case ConnectVia::Ssh:
      start_ssh(d);
      return;
  }
}

void ShellLauncher::start_ssm(const ConnectDecision& d) {
  via_ = "ssm:" + d.target;
  if (ctx_.readonly) {
    busy_ = false;
    (void)audit("refused", "read-only mode");
    view_.status().show(ui::Severity::Error,
                        "shell " + target_.label +
                            ": refused in read-only mode: ssm:StartSession opens a shell (" + d.reason + ")");
    return;
  }
  if (settings_.ssm_plugin && !ssh::find_session_plugin()) {  // say so without leaving curses
    busy_ = false;
    // One status line: what is missing first, then how to get it (the full text with the
    // download address is in `opsdeck ssm session`'s error).
    view_.status().show(ui::Severity::Error,
                        "shell " + target_.label +
                            ": SSM needs session-manager-plugin, not found on PATH; install AWS's "
                            "Session Manager plugin (Debian: sudo dpkg -i session-manager-plugin.deb, "
                            "see the SSM user guide), or use opsdeck's own client (\"ssm\": {\"client\": \"native\"})");
    return;
  }
  ssh::SessionRequest request;
  request.target = d.target;
  const ssh::SessionContext context = ssm_context();
  if (!audit_start()) return;
  aws::Result<int> rc = 0;
  suspend_([&] {
    banner("Session Manager shell on " + target_.label + " (" + d.reason + "); exit it to return");
    rc = ssh::ssm::open_ssm_shell(aws::sync_caller(live_.client()), request, context);
  });
  if (!rc) {
    finish("error: " + rc.error().message, ui::Severity::Error,
           "SSM session on " + target_.label + " failed: " + status_text(rc.error()));
  } else {
    finish("done", *rc == 0 ? ui::Severity::Ok : ui::Severity::Warn,
           "SSM session on " + target_.label + " ended (exit " + std::to_string(*rc) + ")");
  }
}

void ShellLauncher::start_ssh(const ConnectDecision& d) {
  if (ctx_.readonly) {  // the gate refused before; this is the second lock on the door
    busy_ = false;
    (void)audit("refused", "read-only mode");
    view_.status().show(ui::Severity::Error, "shell " + target_.label + ": refused in read-only mode: a shell can change anything");
    return;
  }
  auto host = ssh_host_for(d.target, settings_);
  if (!host) {
    busy_ = false;
    view_.status().show(ui::Severity::Error, "shell " + target_.label + ": " + status_text(host.error()));
    return;
  }
  host_ = *host;
  via_ = "ssh:" + host_.user + "@" + host_.hostname + ":" + std::to_string(host_.port);
  client_.reset();
  view_.status().show(ui::Severity::Info, "shell " + target_.label + ": connecting to " +
                                              ui::sanitize_plain(via_.substr(4)) + " (" +
                                              ui::sanitize_plain(d.reason) + ")...");
  connector_.connect(host_, "shell " + target_.label,
                     [this](std::unique_ptr<ssh::SshClient> client, std::optional<aws::Error> error) {
                       client_ = std::move(client);
                       on_connected(std::move(error));
                     });
}

ui::Outcome ShellLauncher::on_key(const ui::KeyEvent& e) {
  if (gate_.open()) {
    if (e.key == ui::Key::Resize) return ui::Outcome::Relayout;
    auto answer = gate_.on_key(e);
    if (!answer) return ui::Outcome::Redraw;
    ActionGate gate({ctx_.readonly, ctx_.production, ctx_.environment, false}, nullptr);
    GateDecision d = gate.resolve(gate_.question(), *answer);
    if (!d.allowed()) {
      busy_ = false;
      (void)audit("refused", d.message);
      view_.status().show(ui::Severity::Warn, "shell " + target_.label + ": cancelled");
      return ui::Outcome::Redraw;
    }
    after_gate();
    return ui::Outcome::Redraw;
  }
  if (container_prompt_) {
    if (e.key == ui::Key::Resize) return ui::Outcome::Relayout;
    container_prompt_->handle_key(e);
    if (container_prompt_->active()) return ui::Outcome::Redraw;
    bool submitted = container_prompt_->state() == ui::Prompt::State::Submitted;
    std::string name = container_prompt_->text();
    container_prompt_.reset();
    view_.settle();
    if (!submitted) {
      busy_ = false;
      view_.status().show(ui::Severity::Warn, "shell " + target_.label + ": cancelled");
      return ui::Outcome::Redraw;
    }
    if (std::find(task_->containers.begin(), task_->containers.end(), name) == task_->containers.end()) {
      busy_ = false;
      view_.status().show(ui::Severity::Error, "shell " + target_.label + ": the task has no container '" +
                                                   ui::sanitize_plain(name) + "' (" + join_names(task_->containers) +
                                                   ")");
      return ui::Outcome::Redraw;
    }
    start_ecs_exec(name);
    return ui::Outcome::Relayout;
  }
  return connector_.modal() ? connector_.on_key(e) : ui::Outcome::Ignored;
}

void ShellLauncher::on_connected(std::optional<aws::Error> error) {
  if (error) {
    client_.reset();
    busy_ = false;
    (void)audit("refused", "error: " + error->message);
    view_.status().show(ui::Severity::Error, "shell " + target_.label + ": " + status_text(*error));
    return;
  }
  if (!audit_start()) {
    client_.reset();
    return;
  }
  ssh::CommandOutcome outcome;
  suspend_([&] {
    banner("shell on " + target_.label + " via " + via_.substr(4) + "; exit it to return");
    outcome = ssh::run_interactive_shell(*client_, host_);
  });
  client_.reset();
  if (outcome.error) {
    finish("error: " + outcome.error->message, ui::Severity::Error,
           "shell on " + target_.label + " failed: " + status_text(*outcome.error));
  } else if (!outcome.exit_signal.empty()) {
    finish("signal " + outcome.exit_signal, ui::Severity::Warn,
           "shell on " + target_.label + " killed by signal " + outcome.exit_signal);
  } else {
    int rc = outcome.exit_status.value_or(-1);
    finish("done", rc == 0 ? ui::Severity::Ok : ui::Severity::Warn,
           "shell on " + target_.label + " ended (exit " + std::to_string(rc) + ")");
  }
}

void ShellLauncher::finish(const std::string& audit_result, ui::Severity severity,
                           const std::string& status) {
  busy_ = false;
  (void)audit("end", audit_result);
  view_.status().show(severity, status);
}

bool ShellLauncher::audit_start() {
  auto written = audit("start", "");
  if (written.ok()) return true;
  busy_ = false;
  view_.status().show(ui::Severity::Error, "shell " + target_.label + ": " +
                                               ui::sanitize_plain(audit_refusal_message(written.error())));
  return false;
}

aws::Result<void> ShellLauncher::audit(const std::string& phase, const std::string& result) const {
  AuditRecord r;
  r.caller_arn = live_.caller_arn();
  r.profile = live_.session()->profile();
  r.region = live_.session()->region();
  r.environment = ctx_.environment;
  r.action = via_.rfind("ssm:", 0) == 0 ? "ssm.session" : "ssh.shell";
  r.phase = phase;
  r.target = via_.empty() ? target_.id : via_;
  r.command = "shell " + target_.id;
  r.result = result;
  return audit_.append(std::move(r));
}

void ShellLauncher::render(ui::CellGrid& grid, bool ascii) const {
  gate_.render(grid, ascii);
  connector_.render(grid, ascii);
  if (container_prompt_) container_prompt_->render(grid, ui::Rect{0, grid.height() - 1, grid.width(), 1});
}

}  // namespace opsdeck::app
