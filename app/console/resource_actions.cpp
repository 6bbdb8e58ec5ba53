#include "app/console/resource_actions.hpp"

#include <ctime>
#include <set>

#include "app/list_runner.hpp"
#include "aws/ec2.hpp"
#include "aws/rds.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

// Answers the gate's question with what the operator already confirmed in the dialog.
class DialogAnswer final : public Confirmer {
 public:
  explicit DialogAnswer(std::string answer) : answer_(std::move(answer)) {}
  bool interactive() const override { return true; }
  std::string ask(const std::string&, const std::vector<std::string>&) override { return answer_; }

 private:
  std::string answer_;
};

std::string snapshot_name(const std::string& db) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return db + "-opsdeck-" + buf;
}

}  // namespace

const std::vector<Capability>& capabilities(ResourceType type) {
  static const std::vector<Capability> kEc2 = {
      {"action.start", "S", "start", "ec2.start", "starts the instance (billing resumes)"},
      {"action.stop", "s", "stop", "ec2.stop", "stops the instance: its service goes down"},
      {"action.reboot", "R", "reboot", "ec2.reboot", "reboots the instance: a short outage"},
  };
  static const std::vector<Capability> kDb = {
      {"action.reboot", "R", "reboot", "rds.reboot", "reboots the database: connections drop"},
      {"action.snapshot", "N", "snapshot", "rds.snapshot", "creates a manual DB snapshot"},
  };
  static const std::vector<Capability> kNone;
  switch (type) {
    case ResourceType::Ec2Instance:
      return kEc2;
    case ResourceType::DbInstance:
      return kDb;
    default:
      return kNone;
  }
}

ResourceType resource_type(int pane, const std::string& key) {
  if (key.empty()) return ResourceType::None;
  switch (pane) {
    case kInstancesPane:
      return key.rfind("lightsail:", 0) == 0 ? ResourceType::LightsailInstance
                                             : ResourceType::Ec2Instance;
    case kDatabasesPane:  // ElastiCache rows ("elasticache:ID") declare no actions yet
      return key.rfind("elasticache:", 0) == 0 ? ResourceType::None : ResourceType::DbInstance;
    case kAlarmsPane:
      return ResourceType::Alarm;
    case kLogsPane:
      return ResourceType::LogLine;
    default:
      return ResourceType::None;
  }
}

ResourceActions::ResourceActions(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live,
                                 ActionContext context, AuditLog audit)
    : view_(view), loop_(loop), live_(live), ctx_(std::move(context)), audit_(std::move(audit)) {}

void ResourceActions::bind_keys() {
  std::set<std::string> seen;
  for (auto type : {ResourceType::Ec2Instance, ResourceType::DbInstance})
    for (const auto& c : capabilities(type))
      if (seen.insert(c.command).second)
        view_.keys().bind(
            {c.key, c.command, "Action: " + c.verb + " the selected resource", "global", ""});
}

GateRequest ResourceActions::gate_request(const Pending& p) const {
  GateRequest r;
  r.action = p.cap.verb;
  r.target = p.label;
  r.changes_something = true;
  r.destructive = true;  // every console action asks first
  r.reasons = {p.cap.why};
  return r;
}

void ResourceActions::audit(const Pending& p, const std::string& phase,
                            const std::string& result) const {
  AuditRecord r;
  r.caller_arn = live_.caller_arn();
  r.profile = ctx_.profile;
  r.region = ctx_.region;
  r.environment = ctx_.environment;
  r.action = p.cap.audit;
  r.phase = phase;
  r.target = p.id;
  r.command = p.cap.verb + " " + p.id;
  r.result = result;
  (void)audit_.append(std::move(r));  // a failing audit log must not crash the console
}

ui::Outcome ResourceActions::run(const std::string& command) {
  if (command.rfind("action.", 0) != 0) return ui::Outcome::Ignored;
  int pane = view_.focus();
  std::string key = view_.pane(pane).table().selected_key();
  ResourceType type = resource_type(pane, key);
  const Capability* cap = nullptr;
  for (const auto& c : capabilities(type))
    if (c.command == command) cap = &c;
  if (!cap) {
    view_.status().show(ui::Severity::Warn,
                        "no such action for the selected row in " + view_.pane(pane).title());
    return ui::Outcome::Redraw;
  }
  Pending p{*cap, type, key, key};
  std::string name = pane == kInstancesPane ? live_.instance_name(key) : "";
  if (!name.empty()) p.label = name + " (" + key + ")";
  p.label = ui::sanitize_plain(p.label);  // tag values come from AWS: display-safe only

  ActionGate gate(GatePolicy{ctx_.readonly, ctx_.production, ctx_.environment, false}, nullptr);
  if (ctx_.readonly) {
    GateDecision d = gate.check(gate_request(p));
    audit(p, "refused", d.message);
    view_.status().show(ui::Severity::Error, d.message);
    return ui::Outcome::Redraw;
  }
  std::vector<std::string> lines = {cap->verb + " " + p.label, cap->why};
  std::string title =
      cap->verb + " " + (type == ResourceType::DbInstance ? "database" : "instance") + "?";
  if (ctx_.production) {
    lines.push_back("PRODUCTION environment " + ctx_.environment + ": the name must be typed");
    dialog_.emplace(title, lines, ctx_.environment);
  } else {
    lines.push_back("y to confirm, n or Esc to cancel");
    dialog_.emplace(title, lines);
  }
  pending_ = p;
  return ui::Outcome::Redraw;
}

ui::Outcome ResourceActions::on_key(const ui::KeyEvent& e) {
  if (!dialog_) return ui::Outcome::Ignored;
  if (e.key == ui::Key::Resize) return ui::Outcome::Relayout;
  dialog_->handle_key(e);
  if (dialog_->pending()) return ui::Outcome::Redraw;
  bool confirmed = dialog_->state() == ui::ConfirmDialog::State::Confirmed;
  dialog_.reset();
  Pending p = *pending_;
  pending_.reset();
  if (!confirmed) {
    view_.status().show(ui::Severity::Info, p.cap.verb + " " + p.label + ": cancelled");
    return ui::Outcome::Redraw;
  }
  DialogAnswer answer(ctx_.production ? ctx_.environment : "y");
  ActionGate gate(GatePolicy{ctx_.readonly, ctx_.production, ctx_.environment, false}, &answer);
  GateDecision d = gate.check(gate_request(p));
  if (!d.allowed()) {
    audit(p, "refused", d.message);
    view_.status().show(ui::Severity::Error, d.message);
    return ui::Outcome::Redraw;
  }
  execute(p);
  return ui::Outcome::Redraw;
}

void ResourceActions::execute(const Pending& p) {
  aws::AwsRequest req;
  int pane = p.type == ResourceType::DbInstance ? kDatabasesPane : kInstancesPane;
  const std::string& v = p.cap.verb;
  if (p.type == ResourceType::Ec2Instance) {
    req = v == "start"  ? aws::start_instances_request({p.id})
          : v == "stop" ? aws::stop_instances_request({p.id})
                        : aws::reboot_instances_request({p.id});
  } else {
    req = v == "snapshot" ? aws::create_db_snapshot_request(p.id, snapshot_name(p.id))
                          : aws::reboot_db_instance_request(p.id);
  }
  audit(p, "start", "");
  view_.status().show(ui::Severity::Info, v + " " + p.label + ": sent");
  live_.client().call(req, [this, p, pane](aws::Result<aws::HttpResponse> r) {  // IO thread
    std::optional<aws::Error> err;
    if (!r) err = r.error();
    loop_.post([this, p, pane, err] {
      if (err) {
        audit(p, "end", "error: " + err->code + " " + err->message);
        view_.status().show(ui::Severity::Error,
                            p.cap.verb + " " + p.label + " failed: " + error_line(*err));
      } else {
        audit(p, "end", "done");
        view_.status().show(ui::Severity::Ok, p.cap.verb + " " + p.label + ": accepted");
      }
      live_.refresh(pane);
    });
  });
}

void ResourceActions::render(ui::CellGrid& grid, bool ascii) const {
  if (dialog_) dialog_->render(grid, grid.bounds(), ascii);
}

}  // namespace opsdeck::app
