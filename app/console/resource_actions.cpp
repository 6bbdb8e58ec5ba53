#include "app/console/resource_actions.hpp"

#include "app/action_audit.hpp"

#include <ctime>
#include <memory>
#include <set>

#include "app/console/database_capabilities.hpp"
#include "app/console/parameter_version_capabilities.hpp"
#include "app/console/queue_capabilities.hpp"
#include "app/console/screen_capabilities.hpp"
#include "app/console/secret_capabilities.hpp"
#include "app/console/status_message.hpp"
#include "aws/ec2.hpp"
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


}  // namespace

aws::Error capability_refusal(const std::string& why) {
  aws::Error e;
  e.kind = aws::ErrorKind::Usage;
  e.code = "Refused";
  e.message = why;
  return e;
}

Capability simple_capability(
    std::string command, std::string key, std::string verb, std::string audit, std::string why,
    std::function<aws::Result<aws::AwsRequest>(const ActionTarget&)> request) {
  Capability c;
  c.command = std::move(command);
  c.key = std::move(key);
  c.verb = std::move(verb);
  c.audit = std::move(audit);
  c.why = std::move(why);
  c.request = std::move(request);
  return c;
}

const std::vector<Capability>& capabilities(ResourceType type) {
  using R = aws::Result<aws::AwsRequest>;
  static const std::vector<Capability> kEc2 = {
      simple_capability(
          "action.start", "U", "start", "ec2.start", "starts the instance (billing resumes)",
          [](const ActionTarget& t) { return R(aws::start_instances_request({t.id})); }),
      simple_capability(
          "action.stop", "S", "stop", "ec2.stop", "stops the instance: its service goes down",
          [](const ActionTarget& t) { return R(aws::stop_instances_request({t.id})); }),
      simple_capability(
          "action.reboot", "R", "reboot", "ec2.reboot", "reboots the instance: a short outage",
          [](const ActionTarget& t) { return R(aws::reboot_instances_request({t.id})); }),
  };

  static const std::vector<Capability> kNone;
  switch (type) {
    case ResourceType::Ec2Instance:
      return kEc2;
    case ResourceType::DbInstance:
      return database_capabilities();
    case ResourceType::DbSnapshot:
      return db_snapshot_capabilities();
    case ResourceType::EcsService:
      return ecs_service_capabilities();
    case ResourceType::EcsTask:
      return ecs_task_capabilities();
    case ResourceType::Parameter:
      return parameter_capabilities();
    case ResourceType::LightsailService:
      return lightsail_service_capabilities();
    case ResourceType::SqsQueue:
      return queue_capabilities();
    case ResourceType::Secret:
      return secret_capabilities();
    case ResourceType::TaskDefinition:
      return task_definition_capabilities();
    case ResourceType::ParameterVersion:
      return parameter_version_capabilities();
    default:
      return kNone;
  }
}

const std::vector<ResourceType>& types_with_actions() {
  static const std::vector<ResourceType> kTypes = {
      ResourceType::Ec2Instance, ResourceType::DbInstance, ResourceType::EcsService,
      ResourceType::EcsTask, ResourceType::Parameter, ResourceType::LightsailService, ResourceType::SqsQueue,
      ResourceType::Secret, ResourceType::TaskDefinition, ResourceType::DbSnapshot,
      ResourceType::ParameterVersion};
  return kTypes;
}

ResourceActions::ResourceActions(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live,
                                 ActionContext context, AuditLog audit)
    : view_(view), loop_(loop), live_(live), ctx_(std::move(context)), audit_(std::move(audit)) {}

void ResourceActions::add_commands() {
  std::set<std::string> seen;
  for (auto type : types_with_actions())
    for (const auto& c : capabilities(type))
      if (seen.insert(c.command).second) {
        ConsoleCommand action{c.command, {c.key}, "Action: " + c.verb + " the selected resource", "global", "",
                              [this, command = c.command](const std::string&) { return run(command); },
                              CommandNeeds::Session};
        action.held_after_close = true;
        view_.commands().add(std::move(action));
      }
}

GateRequest ResourceActions::gate_request(const Pending& p) const {
  GateRequest r;
  r.action = p.cap.verb;
  r.target = p.target.label;
  r.changes_something = true;
  r.destructive = p.cap.destructive;
  r.reasons = {p.cap.why};
  return r;
}

aws::Result<void> ResourceActions::audit(const Pending& p, const std::string& phase,
                                         const std::string& result) const {
  AuditRecord r;
  r.caller_arn = live_.caller_arn();
  r.profile = live_.session()->profile();
  r.region = live_.session()->region();
  r.environment = p.guard.environment;
  r.action = p.cap.audit;
  r.phase = phase;
  r.target = p.target.id;
  r.command = p.cap.verb + " " + p.target.id;
  if (!p.target.input.empty())
    r.command += " " + (p.cap.secret_input || p.cap.redact_audit ? std::string("<redacted>")
                                                                  : p.target.input);
  r.result = result;
  return audit_.append(std::move(r));
}

ui::Outcome ResourceActions::run(const std::string& command) {
  if (command.rfind("action.", 0) != 0) return ui::Outcome::Ignored;
  ConsoleSelection sel = view_.selection();
  const Capability* cap = nullptr;
  for (const auto& c : capabilities(sel.type))
    if (c.command == command) cap = &c;
  if (!cap) {
    std::string where = sel.pane >= 0 ? view_.pane(sel.pane).title()
                                      : (view_.top_screen() ? view_.top_screen()->title() : "");
    view_.status().show(ui::Severity::Warn, "no such action for the selected row in " + where);
    return ui::Outcome::Redraw;
  }
  Pending p{*cap, sel.type, sel.pane, ActionTarget{sel.key, sel.label, "", nullptr}, std::nullopt, {}};
  if (sel.pane >= 0) {
    if (const Resource* r = live_.resource(sel.pane, sel.key)) {
      p.document = r->document();
      p.target.id = r->id;
      p.target.label = display_label(*r);
    }
  } else if (sel.document) {
    p.document = *sel.document;
  }
  p.target.label = ui::sanitize_plain(p.target.label);  // names come from AWS: display-safe only
  p.guard = ResourceGuard{ctx_.environment, ctx_.production};
  if (ctx_.account_guard) {
    auto now = ctx_.account_guard();
    if (!now) {
      GateDecision refused;
      refused.message = now.error().describe();
      (void)audit(p, "refused", refused.message);
      view_.status().show(ui::Severity::Error, ui::sanitize_plain(refused.message));
      return ui::Outcome::Redraw;
    }
    p.guard = *now;
  }
  if (ctx_.resource_guard)
    if (auto own = ctx_.resource_guard(sel.key, sel.label, p.document ? &*p.document : nullptr)) p.guard = *own;

  ActionGate gate(GatePolicy{ctx_.readonly, p.guard.production, p.guard.environment, false}, nullptr);
  if (ctx_.readonly) {
    GateDecision d = gate.check(gate_request(p));
    (void)audit(p, "refused", d.message);
    view_.status().show(ui::Severity::Error, d.message);
    return ui::Outcome::Redraw;
  }
  if (!cap->input_prompt.empty()) {
    p.target.document = p.document ? &*p.document : nullptr;
    if (p.cap.secret_when && p.cap.secret_when(p.target)) p.cap.secret_input = true;
    std::string initial = p.cap.input_default ? p.cap.input_default(p.target) : "";
    input_ = ui::Prompt(cap->input_prompt + " for " + p.target.label + ": ");
    input_.set_masked(p.cap.secret_input);
    input_.start(initial);
    pending_ = std::move(p);
    return ui::Outcome::Redraw;
  }
  return confirm(std::move(p));
}

ui::Outcome ResourceActions::confirm(Pending p) {
  const Capability& cap = p.cap;
  std::vector<std::string> lines = {cap.verb + " " + p.target.label};
  if (!p.target.input.empty())
    lines.push_back("new value: " + (cap.secret_input ? std::string("(hidden)")
                                                      : ui::sanitize_plain(p.target.input)));
  if (cap.details) {
    p.target.document = p.document ? &*p.document : nullptr;
    auto more = cap.details(p.target);
    p.target.document = nullptr;
    if (!more) {
      (void)audit(p, "refused", more.error().message);
      show_message(view_.status(), from_error(more.error()).about(cap.verb + " " + p.target.label));
      return ui::Outcome::Redraw;
    }
    for (auto& l : *more) lines.push_back(ui::sanitize_plain(l));
  }
  lines.push_back(cap.why);
  ActionGate gate(GatePolicy{ctx_.readonly, p.guard.production, p.guard.environment, false}, nullptr);
  if (!cap.type_name && gate.judge(gate_request(p)).allowed()) {  // a change nobody needs to confirm here
    execute(std::move(p));
    return ui::Outcome::Redraw;
  }
  std::string title = cap.verb + "?";
  if (p.guard.production) {
    lines.push_back("PRODUCTION environment " + p.guard.environment + ": the name must be typed");
    dialog_.emplace(title, lines, p.guard.environment);
  } else if (cap.type_name) {
    p.target.document = p.document ? &*p.document : nullptr;
    std::string name = cap.name_to_type ? cap.name_to_type(p.target) : p.target.label;
    p.target.document = nullptr;
    lines.push_back("type " + ui::sanitize_plain(name) + " to confirm, Esc to cancel");
    dialog_.emplace(title, lines, name);
  } else {
    lines.push_back("y to confirm, n or Esc to cancel");
    dialog_.emplace(title, lines);
  }
  pending_ = std::move(p);
  return ui::Outcome::Redraw;
}

ui::Outcome ResourceActions::on_input_key(const ui::KeyEvent& e) {
  input_.handle_key(e);
  switch (input_.state()) {
    case ui::Prompt::State::Editing:
      return ui::Outcome::Redraw;
    case ui::Prompt::State::Cancelled: {
      Pending p = std::move(*pending_);
      pending_.reset();
      view_.status().show(ui::Severity::Info, p.cap.verb + " " + p.target.label + ": cancelled");
      return ui::Outcome::Redraw;
    }
    case ui::Prompt::State::Submitted:
      break;
  }
  Pending p = std::move(*pending_);
  pending_.reset();
  p.target.input = input_.text();
  if (p.cap.validate) {
    std::string problem = p.cap.validate(p.target.input);
    if (!problem.empty()) {
      view_.status().show(ui::Severity::Error, p.cap.verb + ": " + problem);
      return ui::Outcome::Redraw;
    }
  }
  return confirm(std::move(p));
}

ui::Outcome ResourceActions::on_key(const ui::KeyEvent& e) {
  if (e.key == ui::Key::Resize) return ui::Outcome::Relayout;
  if (input_.active()) return on_input_key(e);
  if (!dialog_) return ui::Outcome::Ignored;
  dialog_->handle_key(e);
  if (dialog_->pending()) return ui::Outcome::Redraw;
  bool confirmed = dialog_->state() == ui::ConfirmDialog::State::Confirmed;
  dialog_.reset();
  Pending p = std::move(*pending_);
  pending_.reset();
  if (!confirmed) {
    view_.status().show(ui::Severity::Info, p.cap.verb + " " + p.target.label + ": cancelled");
    return ui::Outcome::Redraw;
  }
  DialogAnswer answer(p.guard.production ? p.guard.environment : "y");
  ActionGate gate(GatePolicy{ctx_.readonly, p.guard.production, p.guard.environment, false}, &answer);
  GateDecision d = gate.check(gate_request(p));
  if (!d.allowed()) {
    (void)audit(p, "refused", d.message);
    view_.status().show(ui::Severity::Error, d.message);
    return ui::Outcome::Redraw;
  }
  execute(std::move(p));
  return ui::Outcome::Redraw;
}

void ResourceActions::execute(Pending p) {
  p.origin = view_.top_screen();
  if (p.cap.run) {
    if (auto started = audit(p, "start", ""); !started.ok()) {  // no audit record, no action
      view_.status().show(ui::Severity::Error, p.cap.verb + " " + p.target.label + ": " +
                                                   ui::sanitize_plain(audit_refusal_message(started.error())));
      return;
    }
    ActionRun run;
    run.env = console_screen_env(view_, loop_, live_);
    auto once = std::make_shared<bool>(false);
    run.finish = [this, p, once](aws::Result<std::string> result) {
      if (*once) return;
      *once = true;
      finish(p, result);
    };
    run.progress = [this, p](const std::string& text) {
      view_.status().show(ui::Severity::Info, p.cap.verb + " " + p.target.label + ": " + ui::sanitize_plain(text));
    };
    view_.status().show(ui::Severity::Info, p.cap.verb + " " + p.target.label + " ...");
    std::optional<nlohmann::json> doc = p.document;
    ActionTarget target = p.target;
    target.document = doc ? &*doc : nullptr;
    p.cap.run(target, std::move(run));
    return;
  }
  p.target.document = p.document ? &*p.document : nullptr;
  auto req = p.cap.request(p.target);
  p.target.document = nullptr;  // not valid once `p` is copied into the callback
  if (!req) {
    show_message(view_.status(), from_error(req.error()).about(p.cap.verb + " " + p.target.label));
    return;
  }
  if (auto started = audit(p, "start", ""); !started.ok()) {  // no audit record, no action
    view_.status().show(ui::Severity::Error, p.cap.verb + " " + p.target.label + ": " +
                                                 ui::sanitize_plain(audit_refusal_message(started.error())));
    return;
  }
  view_.status().show(ui::Severity::Info, p.cap.verb + " " + p.target.label + ": sent");
  live_.client().call(*req, [this, p](aws::Result<aws::HttpResponse> r) {  // IO thread
    aws::Result<std::string> result = r ? aws::Result<std::string>(std::string("accepted"))
                                        : aws::Result<std::string>(r.error());
    loop_.post([this, p, result] { finish(p, result); });
  });
}

void ResourceActions::finish(const Pending& p, const aws::Result<std::string>& result) {
  if (!result) {
    const aws::Error& err = result.error();
    (void)audit(p, "end", "error: " + err.code + " " + err.message);
    show_message(view_.status(), from_error(err).about(p.cap.verb + " " + p.target.label + " failed"));
  } else {
    (void)audit(p, "end", "done");
    view_.status().show(ui::Severity::Ok, p.cap.verb + " " + p.target.label + ": " + ui::sanitize_plain(*result));
  }
  if (p.pane >= 0)
    live_.refresh(p.pane);
  else if (ConsoleScreen* s = view_.top_screen(); s && s == p.origin)  // not a view the action opened
    s->refresh();
}

void ResourceActions::render(ui::CellGrid& grid, bool ascii) const {
  if (input_.active() && grid.height() >= 2) {
    ui::Rect line{0, grid.height() - 2, grid.width(), 1};
    grid.fill(line, " ", ui::Role::Default);
    input_.render(grid, line);
  }
  if (dialog_) dialog_->render(grid, grid.bounds(), ascii);
}

}  // namespace opsdeck::app
