#include "app/console/screens/runbook_screen.hpp"

#include <fmt/format.h>

#include <chrono>

#include "app/console/runbook_step_job.hpp"
#include "app/action_gate.hpp"
#include "app/message_printer.hpp"
#include "app/runbook/step_listing.hpp"
#include "app/secret_names.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

constexpr std::size_t kMaxOutputLines = 5000;

std::string duration_text(long long ms) {
  if (ms < 1000) return fmt::format("{} ms", ms);
  return fmt::format("{:.1f} s", static_cast<double>(ms) / 1000.0);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string first_line(const std::string& code) {
  std::string line = code.substr(0, code.find('\n'));
  return ui::sanitize_plain(line);
}

std::string file_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

ui::Role status_role(const std::string& status) {
  if (status.starts_with("done")) return ui::Role::StateGood;
  if (status.starts_with("failed") || status.starts_with("refused")) return ui::Role::StateBad;
  if (status.starts_with("running") || status.starts_with("interrupted") ||
      status.starts_with("changed"))
    return ui::Role::StateWarn;
  return ui::Role::Dim;
}

}  // namespace

RunbookScreen::RunbookScreen(RunbookContext ctx, std::shared_ptr<const runbook::Runbook> rb,
                             runbook::RunbookProgress progress)
    : ctx_(std::move(ctx)),
      rb_(std::move(rb)),
      saved_(std::move(progress)),
      source_(std::make_shared<ui::VectorTableSource>(std::vector<ui::Column>{
          {"#", 2, 4, 0, true},
          {"SECTION", 7, 28, 1},
          {"KIND", 4, 7, 2},
          {"WHERE", 5, 5, 2},
          {"!", 1, 1, 0},
          {"STATUS", 6, 26, 0},
          {"COMMAND", 8, 200, 0}})) {
  for (const auto& s : rb_->steps) {
    auto it = saved_.steps.find(s.index);
    const runbook::StepProgress* p = it == saved_.steps.end() ? nullptr : &it->second;
    StepState st;
    st.status = runbook::shown_status(s, p);
    if (p) {
      st.exit_code = p->exit_code;
      st.duration_ms = p->duration_ms;
    }
    states_[s.index] = std::move(st);
  }
  table_.set_source(source_);
  table_.set_empty_text("no fenced code blocks in this runbook");
  rebuild_rows();
}

std::string RunbookScreen::title() const {
  return "Runbook " + file_name(rb_->path);
}

const runbook::Step& RunbookScreen::step(int index) const {
  return rb_->steps[static_cast<std::size_t>(index - 1)];
}

std::string RunbookScreen::status_text(int index) const {
  auto it = states_.find(index);
  if (it == states_.end()) return "";
  const StepState& st = it->second;
  if (st.status.empty()) return step(index).runnable() ? "pending" : "-";
  if (st.status == "done" || st.status == "failed")
    return fmt::format("{} (exit {}, {})", st.status, st.exit_code, duration_text(st.duration_ms));
  return st.status;
}

void RunbookScreen::rebuild_rows() {
  std::vector<ui::VectorTableSource::Row> rows;
  std::vector<std::string> keys;
  for (const auto& s : rb_->steps) {
    std::string status = status_text(s.index);
    rows.push_back({{std::to_string(s.index)},
                    {ui::sanitize_plain(s.section)},
                    {runbook::to_string(s.kind), s.runnable() ? ui::Role::Default : ui::Role::Dim},
                    {runbook::to_string(s.where)},
                    {s.destructive ? "!" : "", ui::Role::StateBad},
                    {status, status_role(status)},
                    {first_line(s.code), s.runnable() ? ui::Role::Default : ui::Role::Dim}});
    keys.push_back(std::to_string(s.index));
  }
  source_->set_rows(std::move(rows), std::move(keys));
}

int RunbookScreen::selected_step() const {
  std::string key = table_.selected_key();
  if (key.empty()) return 0;
  return std::stoi(key);
}

void RunbookScreen::select(int index) { table_.select_key(std::to_string(index)); }

std::string RunbookScreen::output_text(int index) const {
  auto it = states_.find(index);
  if (it == states_.end()) return "";
  std::string out;
  for (const auto& l : it->second.lines) out += l + "\n";
  if (!it->second.partial.empty()) out += ui::sanitize_plain(it->second.partial);
  return out;
}

ui::Outcome RunbookScreen::open_selected() {
  int index = selected_step();
  if (index == 0) return ui::Outcome::Ignored;
  if (plan_shown_ == index && show_plan_) return start(index);
  plan_shown_ = index;
  show_plan_ = true;
  message_ = "Enter or r runs step " + std::to_string(index);
  return ui::Outcome::Redraw;
}

ui::Outcome RunbookScreen::run_selected(bool all) {
  int index = selected_step();
  if (index == 0) return ui::Outcome::Handled;
  log_on_launch_ = 0;
  run_all_ = all;
  return start(index);
}

ui::Outcome RunbookScreen::start(int index) {
  if (running_) {
    message_ = "step " + std::to_string(running_) + " is running (x cancels it)";
    return ui::Outcome::Redraw;
  }
  const runbook::Step& s = step(index);
  select(index);
  if (!s.runnable()) {
    if (run_all_) {
      states_[index].status = "skipped";
      rebuild_rows();
      if (index < static_cast<int>(rb_->steps.size())) return start(index + 1);
      run_all_ = false;
      message_ = "run-all finished";
      return ui::Outcome::Redraw;
    }
    message_ = "step " + std::to_string(index) + " is " + runbook::to_string(s.kind) + ": shown, not run";
    return ui::Outcome::Redraw;
  }
  if (target_for(s).empty()) {
    run_all_ = false;
    message_ = "step " + std::to_string(index) +
               " belongs on the server: press t to choose its target (or t local)";
    return ui::Outcome::Redraw;
  }
  std::set<std::string> unanswered;
  auto values = values_for(s, &unanswered);
  ask_queue_.clear();  // asked in the order the step uses them
  for (const auto& v : s.vars)
    if (unanswered.count(v)) ask_queue_.push_back(v);
  ask_for_step_ = index;
  if (ask_queue_.empty()) return after_variables(index);
  const std::string& name = ask_queue_.front();
  bool secret = is_secret_name(name, ctx_.secret_names);
  var_prompt_ = ui::Prompt(name + (secret ? " (secret, not saved)" : "") + ": ");
  var_prompt_.set_masked(secret);
  auto it = values.find(name);
  var_prompt_.start(it == values.end() || secret ? "" : it->second);
  return ui::Outcome::Redraw;
}

ui::Outcome RunbookScreen::after_variables(int index) {
  const runbook::Step& s = step(index);
  auto values = values_for(s, nullptr);
  auto plan = plan_for(index, values);
  if (!plan) {
    run_all_ = false;
    message_ = "step " + std::to_string(index) + " not run: " + ui::sanitize_plain(plan.error().describe());
    return ui::Outcome::Redraw;
  }
  GateDecision d = judge(*plan);
  if (d.needs_answer()) {
    confirm_step_ = index;
    const GatePolicy now = policy();
    gate_.ask(d, now.production ? now.environment : "", plan->request.destructive ? "Destructive step" : "Production step",
              {first_line(plan->user_script)});
    return ui::Outcome::Redraw;
  }
  launch(index, "");  // allowed, or refused: the runner's gate refuses and audits it
  return ui::Outcome::Redraw;
}

void RunbookScreen::launch(int index, const std::string& confirmation) {
  const runbook::Step& s = step(index);
  auto values = values_for(s, nullptr);
  auto plan = plan_for(index, values);
  if (!plan) {
    run_all_ = false;
    message_ = "step " + std::to_string(index) + " not run: " + ui::sanitize_plain(plan.error().describe());
    return;
  }
  StepJob job;
  job.runbook = rb_;
  job.step_index = index;
  job.plan = *plan;
  for (auto it = job.plan.remember.begin(); it != job.plan.remember.end();)
    it = (*ctx_.answers)[rb_->path].count(it->first) ? std::next(it) : job.plan.remember.erase(it);
  job.target_spec = target_for(s);
  job.policy = policy();
  job.confirmation = confirmation;
  job.scope = runbook::RunScope{rb_->path, ctx_.environment, ctx_.profile, ctx_.region,
                                ctx_.caller_arn ? ctx_.caller_arn() : ""};
  job.audit_path = ctx_.audit_path;
  job.state_dir = ctx_.state_dir;
  job.remote = ctx_.remote;
  job.ecs = ctx_.ecs;
  if (job.policy.readonly && plan->judgement.read_only()) {
    std::string why = "step " + std::to_string(index) + " is proven read-only";
    if (ctx_.remote_granted) job.remote = ctx_.remote_granted(why);
    if (ctx_.ecs_granted) job.ecs = ctx_.ecs_granted(why);
  }
  StepState& st = states_[index];
  st = StepState{};
  st.status = "running";
  st.ran = true;
  show_plan_ = false;
  running_ = index;
  message_ = "step " + std::to_string(index) + " running on " + describe_target_spec(job.target_spec);
  rebuild_rows();
  if (log_on_launch_ == index) show_log_view(index, true);
  log_on_launch_ = 0;
  std::weak_ptr<RunbookScreen> weak = weak_from_this();
  ui::EventLoop* loop = ctx_.loop;
  cancel_ = ctx_.workers->start([job = std::move(job), weak, loop, index](const std::atomic<bool>& cancel) {
    auto result = run_step_job(
        job,
        [weak, loop, index](runbook::OutputStream, std::string_view chunk) {  // worker thread
          loop->post([weak, index, text = std::string(chunk)] {
            if (auto self = weak.lock()) self->on_output(index, text);
          });
        },
        &cancel);
    loop->post([weak, index, result] {
      if (auto self = weak.lock())
        self->on_finished(index, static_cast<int>(result.status), result.exit_code,
                          result.duration.count(), result.message);
    });
  });
}

void RunbookScreen::on_output(int index, std::string_view chunk) {
  StepState& st = states_[index];
  st.partial.append(chunk);
  std::size_t nl;
  std::vector<std::string> raw;
  while ((nl = st.partial.find('\n')) != std::string::npos) {
    std::string line = st.partial.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    st.lines.push_back(ui::sanitize_plain(line));
    raw.push_back(std::move(line));
    st.partial.erase(0, nl + 1);
  }
  feed_log_view(index, raw);
  if (st.lines.size() > kMaxOutputLines)
    st.lines.erase(st.lines.begin(), st.lines.begin() + static_cast<long>(st.lines.size() - kMaxOutputLines));
}

void RunbookScreen::on_finished(int index, int status, int exit_code, long long duration_ms,
                                std::string msg) {
  using runbook::StepRunStatus;
  auto s = static_cast<StepRunStatus>(status);
  StepState& st = states_[index];
  if (!st.partial.empty()) {
    st.lines.push_back(ui::sanitize_plain(st.partial));
    feed_log_view(index, {st.partial});
    st.partial.clear();
  }
  if (index == log_step_) log_step_started_there_ = false;  // ended: closing the view stops nothing
  st.exit_code = exit_code;
  st.duration_ms = duration_ms;
  running_ = 0;
  cancel_.reset();
  switch (s) {
    case StepRunStatus::Done: st.status = "done"; break;
    case StepRunStatus::Failed: st.status = "failed"; break;
    case StepRunStatus::Refused: st.status = "refused"; break;
    case StepRunStatus::Error: st.status = "failed", st.exit_code = -1; break;
  }
  if (!msg.empty()) st.lines.push_back(cli_line(UserMessage::info(msg)));
  message_ = "step " + std::to_string(index) + " " + status_text(index) +
             (msg.empty() ? "" : ": " + ui::sanitize_plain(msg));
  rebuild_rows();
  if (!run_all_) return;
  if (s != StepRunStatus::Done) {
    run_all_ = false;
    message_ = "run-all stopped at step " + std::to_string(index) + ": " + status_text(index);
    return;
  }
  if (index >= static_cast<int>(rb_->steps.size())) {
    run_all_ = false;
    message_ = "run-all finished: every step done";
    return;
  }
  // Run-all never starts a stream that does not end, nor runs alternatives in sequence.
  const runbook::Step& next = step(index + 1);
  if (next.follow || (next.choice_group != 0 && next.choice_group != step(index).choice_group)) {
    run_all_ = false;
    select(index + 1);
    message_ = "run-all paused at step " + std::to_string(index + 1) +
               (next.follow ? ": it follows output until stopped; r starts it, x stops it"
                            : ": it is one of several alternatives; pick one and press r");
    return;
  }
  if (next.choice_group != 0 && next.choice_group == step(index).choice_group) {
    // The alternative just run stands for its group: skip the others.
    int after = index + 1;
    while (after <= static_cast<int>(rb_->steps.size()) && step(after).choice_group == next.choice_group) {
      states_[after].status = "skipped";
      ++after;
    }
    rebuild_rows();
    if (after > static_cast<int>(rb_->steps.size())) {
      run_all_ = false;
      message_ = "run-all finished";
      return;
    }
    start(after);
    return;
  }
  start(index + 1);
}

ui::Outcome RunbookScreen::on_modal_key(const ui::KeyEvent& e) {
  if (gate_.open()) {
    auto answer = gate_.on_key(e);
    if (!answer) return ui::Outcome::Redraw;
    int index = confirm_step_;
    confirm_step_ = 0;
    if (answer->empty()) {
      run_all_ = false;
      audit_declined(index);
      states_[index].status = "refused";
      rebuild_rows();
      message_ = "step " + std::to_string(index) + ": not confirmed, not run";
      return ui::Outcome::Redraw;
    }
    launch(index, *answer);
    return ui::Outcome::Redraw;
  }
  if (target_prompt_.active()) {
    target_prompt_.handle_key(e);
    if (target_prompt_.state() == ui::Prompt::State::Submitted) {
      std::string spec = target_prompt_.text();
      if (spec.empty()) spec = "local";
      if (int sel = selected_step(); sel > 0 && step(sel).where == runbook::StepWhere::Host) {
        step_targets_[sel] = spec;  // this step's own target
        if (!target_chosen_) set_target(spec);  // and the default for host steps not set yet
        message_ = "step " + std::to_string(sel) + " target: " + describe_target_spec(spec);
      } else {
        set_target(spec);
        message_ = "target for host steps: " + describe_target_spec(spec);
      }
    }
    return ui::Outcome::Redraw;
  }
  var_prompt_.handle_key(e);
  if (var_prompt_.state() == ui::Prompt::State::Editing) return ui::Outcome::Redraw;
  int index = ask_for_step_;
  if (var_prompt_.state() == ui::Prompt::State::Cancelled) {
    ask_queue_.clear();
    run_all_ = false;
    message_ = "step " + std::to_string(index) + ": cancelled";
    return ui::Outcome::Redraw;
  }
  std::string name = ask_queue_.front();
  ask_queue_.erase(ask_queue_.begin());
  if (!var_prompt_.text().empty()) (*ctx_.answers)[rb_->path][name] = var_prompt_.text();
  else if (!step(index).var_defaults.count(name)) {
    ask_queue_.clear();
    run_all_ = false;
    message_ = "step " + std::to_string(index) + " needs a value for " + name;
    return ui::Outcome::Redraw;
  }
  if (ask_queue_.empty()) return after_variables(index);
  const std::string& next = ask_queue_.front();
  bool secret = is_secret_name(next, ctx_.secret_names);
  auto values = values_for(step(index), nullptr);
  var_prompt_ = ui::Prompt(next + (secret ? " (secret, not saved)" : "") + ": ");
  var_prompt_.set_masked(secret);
  auto it = values.find(next);
  var_prompt_.start(it == values.end() || secret ? "" : it->second);
  return ui::Outcome::Redraw;
}

ui::Outcome RunbookScreen::on_key(const ui::KeyEvent& e) {
  if (gate_.open() || target_prompt_.active() || var_prompt_.active()) return on_modal_key(e);
  if (e.key == ui::Key::Escape && running_) {
    message_ = "step " + std::to_string(running_) + " is running: x cancels it, then Esc";
    return ui::Outcome::Redraw;
  }
  if (e.key == ui::Key::Escape && show_plan_) {  // back one level: the plan, then the runbook
    show_plan_ = false;
    return ui::Outcome::Redraw;
  }
  if (e.is_char('r')) return run_selected(false);
  if (e.is_char('A')) return run_selected(true);
  if (e.is_char('n') || e.is_char('p')) {
    table_.command(e.is_char('n') ? ui::TableCommand::Down : ui::TableCommand::Up);
    return ui::Outcome::Redraw;
  }
  if (e.is_char('t')) {
    target_prompt_.start(target_chosen_ ? target_ : "");
    return ui::Outcome::Redraw;
  }
  if (e.is_char('L')) return open_log_view(selected_step());
  if (e.is_char('x')) {
    if (cancel_) {
      cancel_->store(true);
      run_all_ = false;
      message_ = "cancelling step " + std::to_string(running_) + " ...";
    }
    return ui::Outcome::Redraw;
  }
  return ui::Outcome::Ignored;
}

std::vector<ui::KeyHint> RunbookScreen::hints() const {
  return {{"<enter>", "plan/run"}, {"r", "run"}, {"A", "run all"}, {"n/p", "step"},
          {"t", "target"},         {"x", "cancel"},   {"L", "log view"}};
}

std::vector<ui::HelpEntry> RunbookScreen::help() const {
  return {{"<enter>", "Show the step's plan (variables filled, target, guard); again to run"},
          {"r", "Run the selected step (confirmation when it is destructive or production)"},
          {"A", "Run all steps from the selected one, stopping at the first failure"},
          {"n p", "Next / previous step"},
          {"t", "Target: local, ssm:INSTANCE, ssh:HOST, ecs:CLUSTER/TASK[/CONTAINER]"},
          {"x", "Cancel the running step"},
          {"L", "The step's output in the log view; starts a following step there (Esc stops it)"},
          {"<esc>", "Close (while a step runs: x cancels it first)"}};
}

ui::Outcome RunbookScreen::open_log_view(int index) {
  if (index == 0) return ui::Outcome::Handled;
  if (!ctx_.open_screen) {
    message_ = "no log view in this console";
    return ui::Outcome::Redraw;
  }
  if (step(index).follow && running_ != index) {
    // Variables, plan and gate as for r; launch() opens the view once the step starts.
    run_all_ = false;
    log_on_launch_ = index;
    return start(index);
  }
  show_log_view(index, false);
  return ui::Outcome::Redraw;
}

void RunbookScreen::show_log_view(int index, bool started_there) {
  auto screen = std::make_shared<LogScreen>();
  screen->set_group("step " + std::to_string(index) + ": " + ui::sanitize_plain(first_line(step(index).code)));
  log_screen_ = screen;
  log_step_ = index;
  log_step_started_there_ = started_there;
  auto it = states_.find(index);
  if (it != states_.end() && !it->second.lines.empty()) {  // what the step printed so far
    auto now = now_ms();
    std::vector<LogEvent> held;
    for (const auto& line : it->second.lines) held.push_back({"step " + std::to_string(index), "output", now, 0, "", line});
    screen->add_events(held);
  }
  ctx_.open_screen(screen);
}

void RunbookScreen::feed_log_view(int index, const std::vector<std::string>& lines) {
  if (index != log_step_ || lines.empty()) return;
  auto screen = log_screen_.lock();
  if (!screen) return;
  auto now = now_ms();
  std::vector<LogEvent> events;
  events.reserve(lines.size());
  for (const auto& line : lines)
    events.push_back({"step " + std::to_string(index), "output", now, 0, "", line});
  screen->add_events(events);
}

void RunbookScreen::before_render() {
  // The log view a following step was started in was closed: the stream stops with it.
  if (log_step_ == 0 || !log_screen_.expired()) return;
  if (log_step_started_there_ && running_ == log_step_ && cancel_) {
    cancel_->store(true);
    message_ = "stopping step " + std::to_string(log_step_) + ": its log view was closed";
  }
  log_step_ = 0;
  log_step_started_there_ = false;
}

void RunbookScreen::render(ui::CellGrid& grid, ui::Rect area, bool ascii) {
  std::string head = (rb_->title.empty() ? file_name(rb_->path) : rb_->title) + " - " +
                     file_name(rb_->path) + " (" + std::to_string(rb_->steps.size()) +
                     " steps, " + ctx_.environment + (ctx_.production ? " PRODUCTION" : "") +
                     ", target " + target_ + ")";
  grid.frame(area, ui::Role::BorderFocused, ui::sanitize_plain(head), ascii);
  ui::Rect inner = area.inset(1);
  if (inner.h < 4 || inner.w < 10) return;
  ui::Rect msg{inner.x, inner.y + inner.h - 1, inner.w, 1};
  inner.h -= 1;
  int rows = static_cast<int>(rb_->steps.size()) + 1;
  int table_h = std::min(rows, std::max(3, inner.h * 2 / 5));
  table_.render(grid, ui::Rect{inner.x, inner.y, inner.w, table_h}, true, ascii);
  ui::Rect panel{inner.x, inner.y + table_h, inner.w, inner.h - table_h};
  int index = selected_step();
  if (panel.h >= 3 && index > 0) {
    const StepState& st = states_[index];
    bool show_plan = plan_shown_ == index && show_plan_;
    bool show_output = !show_plan && st.ran;
    std::string text;
    std::string title;
    if (show_output) {
      text = output_text(index);
      if (text.empty()) text = st.status == "running" ? "(no output yet)" : "(no output)";
      title = "Output - step " + std::to_string(index) + " - " + status_text(index);
    } else if (show_plan) {
      text = plan_text(index);
      title = "Plan - step " + std::to_string(index) + " (Enter or r runs it)";
    } else {
      const auto& s = step(index);
      text = (s.description.empty() ? "" : s.description + "\n\n") + s.code;
      title = "Step " + std::to_string(index) + " - Enter shows the plan";
    }
    grid.frame(panel, ui::Role::Border, title, ascii);
    ui::Rect body = panel.inset(1);
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
      auto nl = text.find('\n', pos);
      if (nl == std::string::npos) nl = text.size();
      lines.push_back(ui::sanitize_plain(text.substr(pos, nl - pos)));
      pos = nl + 1;
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    std::size_t first = 0;
    if (show_output && lines.size() > static_cast<std::size_t>(body.h))
      first = lines.size() - static_cast<std::size_t>(body.h);  // follow the tail
    for (int y = 0; y < body.h && first + static_cast<std::size_t>(y) < lines.size(); ++y)
      grid.put(body.x, body.y + y, lines[first + static_cast<std::size_t>(y)], ui::Role::Default,
               body.x + body.w);
  }
  grid.fill(msg, " ", ui::Role::Default);
  if (var_prompt_.active())
    var_prompt_.render(grid, msg);
  else if (target_prompt_.active())
    target_prompt_.render(grid, msg);
  else
    grid.put(msg.x, msg.y, ui::sanitize_plain(message_), ui::Role::StatusInfo, msg.x + msg.w);
  gate_.render(grid, ascii);
}

}  // namespace opsdeck::app
