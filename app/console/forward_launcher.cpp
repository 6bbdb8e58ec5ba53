#include "app/console/forward_launcher.hpp"

#include <atomic>
#include <utility>

#include "app/resources/resource_list.hpp"
#include "aws/service_call.hpp"
#include "ssh/ssm/ssm_port_forward.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

ForwardStatus to_row_status(const ssh::ssm::PortForwardStatus& s) {
  ForwardStatus out;
  out.state = ssh::ssm::to_string(s.state);
  out.detail = s.detail;
  out.local_port = s.local_port;
  out.bytes_to_remote = s.bytes_to_remote;
  out.bytes_to_local = s.bytes_to_local;
  out.open_connections = s.open_connections;
  out.total_connections = s.total_connections;
  out.failed_connections = s.failed_connections;
  out.reconnects = s.reconnects;
  return out;
}

}  // namespace

std::string connect_hint(const std::string& engine, int port) {
  const std::string p = std::to_string(port);
  if (engine.find("postgres") != std::string::npos) return "psql -h 127.0.0.1 -p " + p;
  if (engine.find("mysql") != std::string::npos || engine.find("mariadb") != std::string::npos)
    return "mysql -h 127.0.0.1 -P " + p;
  if (engine.find("redis") != std::string::npos || engine.find("valkey") != std::string::npos)
    return "redis-cli -p " + p;
  if (engine.find("memcached") != std::string::npos) return "telnet 127.0.0.1 " + p;
  return "";
}

ForwardLauncher::ForwardLauncher(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live, ShellContext context,
                                 ShellSettings settings, std::string bastion, ForwardRegistry& registry,
                                 AuditLog audit)
    : view_(view),
      loop_(loop),
      live_(live),
      ctx_(std::move(context)),
      settings_(std::move(settings)),
      bastion_(std::move(bastion)),
      registry_(registry),
      audit_(std::move(audit)),
      connector_(view, loop) {}

void ForwardLauncher::add_commands() {
  ConsoleCommand forward{"forward",
                         {"f"},
                         "Forward a local port to the selected database, or to a port of the selected instance (SSM)",
                         "global",
                         "forward",
                         [this](const std::string&) { return open_forward(); },
                         CommandNeeds::Session};
  forward.held_after_close = true;
  view_.commands().add(std::move(forward));
}

ui::Outcome ForwardLauncher::open_forward() {
  ConsoleSelection sel = view_.selection();
  const bool database = sel.type == ResourceType::DbInstance || sel.type == ResourceType::CacheCluster;
  if (!database && sel.type != ResourceType::Ec2Instance) {
    view_.status().show(ui::Severity::Warn,
                        "forward: select a database (a local port to it) or an EC2 instance (a local port to one of its ports)");
    return ui::Outcome::Redraw;
  }
  const Resource* r = sel.pane >= 0 ? live_.resource(sel.pane, sel.key) : nullptr;
  if (!r) {
    view_.status().show(ui::Severity::Warn, "forward: the row's details are not loaded yet; try again");
    return ui::Outcome::Redraw;
  }
  Plan plan;
  plan.label = ui::sanitize_plain(display_label(*r));
  if (!database) {
    plan.via_id = r->id;
    plan.via_label = display_label(*r);
    plan.via_why = "the selected instance";
    plan.choose_route = true;
    const ConnectOverride method = parse_connect_override(settings_.method);
    plan.over_ssh = method == ConnectOverride::Ssh ||
                    (method == ConnectOverride::Auto && field_text(*r, "ssm") != "Online");
    pending_ = plan;
    prompt_.emplace("forward 127.0.0.1 to [HOST:]PORT through " + plan.label + ": ");
    prompt_->start("");
    return ui::Outcome::Redraw;
  }
  auto to = database_endpoint(*r);
  if (!to) {
    view_.status().show(ui::Severity::Warn, "forward: " + ui::sanitize_plain(to.error().message));
    return ui::Outcome::Redraw;
  }
  auto via = choose_forward_via(*r, live_.resources(kInstancesPane), bastion_);
  if (!via) {
    view_.status().show(ui::Severity::Warn, "forward to " + plan.label + ": " + ui::sanitize_plain(via.error().message));
    return ui::Outcome::Redraw;
  }
  plan.to = *to;
  plan.via_id = via->instance_id;
  plan.via_label = via->label;
  plan.via_why = via->why;
  plan.engine = field_text(*r, "engine");
  plan.target = r->id;
  return judge(std::move(plan));
}

AuditRecord ForwardLauncher::record(const Plan& plan, const std::string& phase, const std::string& result) const {
  AuditRecord r;
  r.caller_arn = live_.caller_arn();
  r.profile = live_.session()->profile();
  r.region = live_.session()->region();
  r.environment = ctx_.environment;
  r.action = plan.over_ssh ? "ssh.forward" : "ssm.forward";
  r.phase = phase;
  r.target = !plan.ssh_via.empty() ? "ssh:" + plan.ssh_via : plan.over_ssh ? plan.via_id : "ssm:" + plan.via_id;
  r.command = std::string("forward to ") + (plan.to.host.empty() ? "port " : "") + plan.to.text();
  r.result = result;
  return r;
}

ui::Outcome ForwardLauncher::judge(Plan plan) {
  if (ctx_.account_guard) {
    auto now = ctx_.account_guard();
    if (!now) {
      (void)audit_.append(record(plan, "refused", now.error().describe()));
      view_.status().show(ui::Severity::Error, "forward: " + ui::sanitize_plain(now.error().describe()));
      return ui::Outcome::Redraw;
    }
    ctx_.environment = now->first;
    ctx_.production = now->second;
  }
  ActionGate gate({ctx_.readonly, ctx_.production, ctx_.environment, false}, nullptr);
  GateRequest req;
  req.action = "forward 127.0.0.1 to " + plan.to.text() + " through " + plan.via_label;
  req.target = plan.over_ssh ? plan.via_id : "ssm:" + plan.via_id;
  req.why_not_read_only = plan.over_ssh ? "an SSH port forward opens a way into the instance's network"
                                        : "ssm:StartSession opens a port forward into the VPC";
  GateDecision d = gate.judge(req);
  if (d.verdict == GateVerdict::Refused) {
    (void)audit_.append(record(plan, "refused", d.message));
    view_.status().show(ui::Severity::Error, "forward to " + plan.label + ": " + ui::sanitize_plain(d.message));
    return ui::Outcome::Redraw;
  }
  if (d.needs_answer()) {
    pending_ = std::move(plan);
    gate_.ask(d, ctx_.environment, "Port forward in production", {}, "y to open it, n or Esc to cancel");
    return ui::Outcome::Redraw;
  }
  route(plan);
  return ui::Outcome::Redraw;
}

void ForwardLauncher::route(const Plan& plan) {
  if (!plan.choose_route || !plan.over_ssh) return start(plan);
  view_.status().show(ui::Severity::Info, "forward through " + plan.label + ": finding how to connect...");
  // Completes on the AwsClient's IO thread: only post. Outstanding calls are cancelled by
  // the client's owner (LiveConsole) after this object is gone, and a task posted then
  // never runs (the loop has stopped), so `this` is not used after destruction.
  gather_connect_facts_async(aws::async_caller(live_.client()), plan.via_id,
                             [this, plan](aws::Result<ConnectFacts> facts) {
                               loop_.post([this, plan, facts = std::move(facts)]() mutable {
                                 on_facts(std::move(plan), std::move(facts));
                               });
                             });
}

void ForwardLauncher::on_facts(Plan plan, aws::Result<ConnectFacts> facts) {
  if (!facts) {
    (void)audit_.append(record(plan, "refused", "error: " + facts.error().message));
    view_.status().show(ui::Severity::Error,
                        "forward through " + plan.label + ": " + ui::sanitize_plain(facts.error().describe()));
    return;
  }
  ConnectDecision d = decide_connect(*facts, connect_prefs_for(*facts, settings_));
  switch (d.via) {
    case ConnectVia::None:
      (void)audit_.append(record(plan, "refused", d.reason));
      view_.status().show(ui::Severity::Error, "forward through " + plan.label + ": " + ui::sanitize_plain(d.reason));
      return;
    case ConnectVia::Ssm:
      plan.over_ssh = false;
      start(plan);
      return;
    case ConnectVia::Ssh:
      start_ssh(std::move(plan), d);
      return;
  }
}

void ForwardLauncher::start_ssh(Plan plan, const ConnectDecision& d) {
  auto host = ssh_host_for(d.target, settings_);
  if (!host) {
    (void)audit_.append(record(plan, "refused", "error: " + host.error().message));
    view_.status().show(ui::Severity::Error,
                        "forward through " + plan.label + ": " + ui::sanitize_plain(host.error().describe()));
    return;
  }
  plan.over_ssh = true;
  plan.ssh_via = host->user + "@" + host->hostname + ":" + std::to_string(host->port);
  view_.status().show(ui::Severity::Info, "forward through " + plan.label + ": connecting to " +
                                              ui::sanitize_plain(plan.ssh_via) + " (" + ui::sanitize_plain(d.reason) +
                                              ")...");
  connector_.connect(*host, "forward through " + plan.label,
                     [this, plan, host = *host](std::unique_ptr<ssh::SshClient> client, std::optional<aws::Error> error) {
                       if (error) {
                         (void)audit_.append(record(plan, "refused", "error: " + error->message));
                         view_.status().show(ui::Severity::Error, "forward through " + plan.label + ": " +
                                                                      ui::sanitize_plain(error->describe()));
                         return;
                       }
                       open_ssh(plan, std::shared_ptr<ssh::SshClient>(std::move(client)), host);
                     });
}

void ForwardLauncher::open_ssh(const Plan& plan, std::shared_ptr<ssh::SshClient> client,
                               const ssh::HostSettings& host) {
  if (auto ok = audit_.append(record(plan, "start", "")); !ok) {
    view_.status().show(ui::Severity::Error, "forward: not opened: the audit log cannot be written: " +
                                                 ui::sanitize_plain(ok.error().message));
    return;
  }
  ssh::ForwardSpec spec;
  spec.via = host;
  spec.local_port = plan.to.port;
  spec.remote_host = plan.to.host.empty() ? "127.0.0.1" : plan.to.host;
  spec.remote_port = plan.to.port;
  auto info = client->open_forward(spec);
  if (!info && spec.local_port != 0) {  // the remote port is taken here: the system picks one
    spec.local_port = 0;
    info = client->open_forward(spec);
  }
  const std::string where = ui::sanitize_plain(plan.to.text() + " via ssh " + plan.ssh_via);
  if (!info) {
    (void)audit_.append(record(plan, "end", "error: " + info.error().message));
    view_.status().show(ui::Severity::Error, "forward to " + where + ": " + ui::sanitize_plain(info.error().describe()));
    return;
  }
  const int forward_id = info->id;
  // UI thread: the registry asks for the status and closes on the UI thread.
  auto last = std::make_shared<ForwardStatus>();
  last->state = "open";
  last->local_port = info->local_port;
  auto ended = std::make_shared<bool>(false);
  ForwardEntry entry;
  entry.kind = "SSH";
  entry.remote = plan.to.host.empty() ? plan.to.text() + " on the instance" : plan.to.text();
  entry.via = plan.via_label + " as " + plan.ssh_via;
  entry.label = plan.label;
  entry.status = [client, forward_id, last] {
    if (last->state != "open") return *last;
    for (const auto& f : client->forwards()) {
      if (f.id != forward_id) continue;
      last->detail = ui::sanitize_plain(f.last_failure);
      last->bytes_to_remote = f.bytes_to_remote;
      last->bytes_to_local = f.bytes_to_local;
      last->open_connections = f.open_connections;
      last->total_connections = f.total_connections;
      last->failed_connections = f.failed_connections;
      return *last;
    }
    last->state = "closed";
    return *last;
  };
  entry.close = [client, forward_id, last, ended, audit = audit_, end_record = record(plan, "end", "done")]() mutable {
    client->close_forward(forward_id);
    last->state = "closed";
    last->open_connections = 0;
    if (!std::exchange(*ended, true)) (void)audit.append(end_record);
  };
  int id = registry_.add(std::move(entry));
  std::string hint = connect_hint(plan.engine, info->local_port);
  view_.status().show(ui::Severity::Ok, "forward " + std::to_string(id) + ": 127.0.0.1:" +
                                            std::to_string(info->local_port) + " -> " + where +
                                            ": open" + (hint.empty() ? "" : "; " + hint) + "; :forwards lists it");
}

void ForwardLauncher::start(const Plan& plan) {
  if (auto ok = audit_.append(record(plan, "start", "")); !ok) {
    view_.status().show(ui::Severity::Error, "forward: not opened: the audit log cannot be written: " +
                                                 ui::sanitize_plain(ok.error().message));
    return;
  }
  std::shared_ptr<Session> session = live_.session();
  // The caller keeps the session (and its client) alive as long as the forward uses it.
  aws::SyncCaller call = [session](const aws::AwsRequest& r) { return aws::sync_caller(session->client())(r); };
  ssh::ssm::PortForwardSpec spec;
  spec.target = plan.via_id;
  spec.remote_host = plan.to.host;
  spec.remote_port = plan.to.port;
  spec.local_port = plan.to.port;
  // "clinic-db:5432 via clinic-api": short enough for the status line with the connect hint.
  const std::string via_name = plan.via_label.substr(0, plan.via_label.find(" ("));
  const std::string where = ui::sanitize_plain((plan.engine.empty() ? plan.to.text() : plan.target + ":" +
                                                std::to_string(plan.to.port)) + " via " + via_name);
  auto ended = std::make_shared<std::atomic<bool>>(false);
  AuditRecord end_record = record(plan, "end", "");
  auto on_change = [&view = view_, &loop = loop_, audit = audit_, end_record, ended, where,
                    engine = plan.engine](const ssh::ssm::PortForwardStatus& s) mutable {
    // The forward's own thread.
    using State = ssh::ssm::PortForwardStatus::State;
    if ((s.state == State::Closed || s.state == State::Failed) && !ended->exchange(true)) {
      end_record.result = s.state == State::Failed ? "error: " + s.detail : "done";
      (void)audit.append(end_record);
    }
    ui::Severity severity = s.state == State::Open     ? ui::Severity::Ok
                            : s.state == State::Failed ? ui::Severity::Error
                            : s.state == State::Closed ? ui::Severity::Info
                                                       : ui::Severity::Warn;
    std::string text = "forward 127.0.0.1:" + std::to_string(s.local_port) + " -> " + where + ": " +
                       ssh::ssm::to_string(s.state) + (s.detail.empty() ? "" : " (" + ui::sanitize_plain(s.detail) + ")");
    if (s.state == State::Open) {
      std::string hint = connect_hint(engine, s.local_port);
      if (!hint.empty()) text += "; " + hint;
    }
    loop.post([&view, severity, text] { view.status().show(severity, text); });
  };
  auto forward = ssh::ssm::SsmPortForward::open(call, spec, on_change);
  if (!forward && spec.local_port != 0) {  // the remote port is taken here: the system picks one
    spec.local_port = 0;
    forward = ssh::ssm::SsmPortForward::open(call, spec, on_change);
  }
  if (!forward) {
    AuditRecord failed = record(plan, "end", "error: " + forward.error().message);
    (void)audit_.append(failed);
    view_.status().show(ui::Severity::Error, "forward to " + where + ": " + ui::sanitize_plain(forward.error().describe()));
    return;
  }
  std::shared_ptr<ssh::ssm::SsmPortForward> f = *forward;
  ForwardEntry entry;
  entry.session = session;
  entry.kind = "SSM";
  entry.remote = plan.to.host.empty() ? plan.to.text() + " on the instance" : plan.to.text();
  entry.via = plan.via_label;
  entry.label = plan.label;
  entry.status = [f] { return to_row_status(f->status()); };
  entry.close = [f] { f->close(); };
  int id = registry_.add(std::move(entry));
  int local = f->status().local_port;
  std::string hint = connect_hint(plan.engine, local);
  view_.status().show(ui::Severity::Info, "forward " + std::to_string(id) + ": 127.0.0.1:" + std::to_string(local) +
                                              " -> " + where + " (" + ui::sanitize_plain(plan.via_why) +
                                              "): starting" + (hint.empty() ? "" : "; then " + hint) +
                                              "; :forwards lists it");
}

ui::Outcome ForwardLauncher::on_key(const ui::KeyEvent& e) {
  if (e.key == ui::Key::Resize) return ui::Outcome::Relayout;
  if (gate_.open()) {
    auto answer = gate_.on_key(e);
    if (!answer) return ui::Outcome::Redraw;
    ActionGate gate({ctx_.readonly, ctx_.production, ctx_.environment, false}, nullptr);
    GateDecision d = gate.resolve(gate_.question(), *answer);
    if (!d.allowed()) {
      (void)audit_.append(record(pending_, "refused", d.message));
      view_.status().show(ui::Severity::Warn, "forward to " + pending_.label + ": cancelled");
      return ui::Outcome::Redraw;
    }
    route(pending_);
    return ui::Outcome::Redraw;
  }
  if (connector_.modal()) return connector_.on_key(e);
  if (prompt_) {
    prompt_->handle_key(e);
    if (prompt_->active()) return ui::Outcome::Redraw;
    bool submitted = prompt_->state() == ui::Prompt::State::Submitted;
    std::string text = prompt_->text();
    prompt_.reset();
    if (!submitted) {
      view_.status().show(ui::Severity::Info, "forward: cancelled");
      return ui::Outcome::Redraw;
    }
    auto to = parse_forward_destination(text);
    if (!to) {
      view_.status().show(ui::Severity::Warn, "forward: " + ui::sanitize_plain(to.error().message));
      return ui::Outcome::Redraw;
    }
    Plan plan = pending_;
    plan.to = *to;
    return judge(std::move(plan));
  }
  return ui::Outcome::Ignored;
}

void ForwardLauncher::render(ui::CellGrid& grid, bool ascii) const {
  gate_.render(grid, ascii);
  connector_.render(grid, ascii);
  if (prompt_) prompt_->render(grid, ui::Rect{0, grid.height() - 1, grid.width(), 1});
}

}  // namespace opsdeck::app
