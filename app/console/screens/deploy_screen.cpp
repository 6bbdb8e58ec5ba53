#include "app/console/screens/deploy_screen.hpp"

#include "app/exit_codes.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

class TypedAnswer : public Confirmer {
 public:
  explicit TypedAnswer(std::string answer) : answer_(std::move(answer)) {}
  bool interactive() const override { return !answer_.empty(); }
  std::string ask(const std::string&, const std::vector<std::string>&) override { return answer_; }

 private:
  std::string answer_;
};

}  // namespace

DeployScreen::DeployScreen(ui::EventLoop& loop, StepWorkers& workers,
                           std::shared_ptr<SessionRegistry> sessions, GlobalOptions global,
                           DeployPlan plan, DeployOptions options)
    : loop_(loop),
      workers_(workers),
      sessions_(std::move(sessions)),
      global_(std::move(global)),
      plan_(std::move(plan)),
      options_(std::move(options)) {
  options_.service = plan_.service;
  options_.yes = false;
  lines_.push_back("deploy " + ui::sanitize_plain(plan_.service) + " (" + plan_.environment +
                   (plan_.production ? ", PRODUCTION" : "") + ") via " + ui::sanitize_plain(plan_.how));
}

void DeployScreen::begin() {
  if (plan_.readonly) {
    launch("");  // the gate refuses and audits it
    return;
  }
  std::vector<std::string> msg = {"deploy " + ui::sanitize_plain(plan_.service),
                                  ui::sanitize_plain(plan_.how),
                                  "then health checks until healthy (or the timeout)"};
  if (plan_.production) {
    msg.push_back("PRODUCTION environment " + plan_.environment + ": the name must be typed");
    dialog_.emplace("Deploy?", msg, plan_.environment);
  } else {
    msg.push_back("y to confirm, n or Esc to cancel");
    dialog_.emplace("Deploy?", msg);
  }
}

void DeployScreen::launch(const std::string& answer) {
  state_ = "running";
  std::weak_ptr<DeployScreen> weak = weak_from_this();
  ui::EventLoop* loop = &loop_;
  GlobalOptions g = global_;
  DeployOptions o = options_;
  workers_.start([weak, loop, sessions = sessions_, g, o, answer](const std::atomic<bool>&) {  // worker thread
    auto post = [weak, loop](std::string_view text) {
      loop->post([weak, t = std::string(text)] {
        if (auto self = weak.lock()) self->add_text(t);
      });
    };
    TypedAnswer confirmer(answer);
    DeployIo io;
    io.out = post;
    io.err = post;
    io.confirmer = &confirmer;
    int rc = run_deploy(sessions, g, o, io);
    loop->post([weak, rc] {
      if (auto self = weak.lock()) self->finished(rc);
    });
  });
}

void DeployScreen::add_text(std::string_view text) {
  partial_.append(text);
  std::size_t nl;
  while ((nl = partial_.find('\n')) != std::string::npos) {
    lines_.push_back(ui::sanitize_plain(partial_.substr(0, nl)));
    partial_.erase(0, nl + 1);
  }
}

void DeployScreen::finished(int rc) {
  if (!partial_.empty()) lines_.push_back(ui::sanitize_plain(partial_)), partial_.clear();
  state_ = rc == kExitOk ? "done" : rc == kExitRefused ? "refused" : "failed";
  lines_.push_back("-- " + state_ + " (exit " + std::to_string(rc) + ")");
}

ui::Outcome DeployScreen::on_key(const ui::KeyEvent& e) {
  if (dialog_) {
    dialog_->handle_key(e);
    if (dialog_->pending()) return ui::Outcome::Redraw;
    bool ok = dialog_->state() == ui::ConfirmDialog::State::Confirmed;
    dialog_.reset();
    if (!ok) {
      state_ = "cancelled";
      lines_.push_back("-- cancelled: nothing was deployed");
      return ui::Outcome::Redraw;
    }
    launch(plan_.production ? plan_.environment : "y");
    return ui::Outcome::Redraw;
  }
  if (e.key == ui::Key::Escape && running()) {
    lines_.push_back("(the deploy is running: wait for its result, then Esc)");
    return ui::Outcome::Redraw;
  }
  return ui::Outcome::Ignored;
}

std::vector<ui::KeyHint> DeployScreen::hints() const { return {{"<esc>", "close"}}; }

void DeployScreen::render(ui::CellGrid& grid, ui::Rect area, bool ascii) {
  grid.frame(area, ui::Role::BorderFocused, title() + " - " + state_, ascii);
  ui::Rect body = area.inset(1);
  std::vector<std::string> shown = lines_;
  if (!partial_.empty()) shown.push_back(ui::sanitize_plain(partial_));
  std::size_t first = shown.size() > static_cast<std::size_t>(std::max(body.h, 0))
                          ? shown.size() - static_cast<std::size_t>(body.h)
                          : 0;
  for (int y = 0; y < body.h && first + static_cast<std::size_t>(y) < shown.size(); ++y) {
    const std::string& l = shown[first + static_cast<std::size_t>(y)];
    ui::Role role = l.find("WARNING") != std::string::npos || l.find("UNHEALTHY") != std::string::npos ||
                            l.find("NOT healthy") != std::string::npos || l.starts_with("-- failed") ||
                            l.starts_with("-- refused")
                        ? ui::Role::StateBad
                    : l.find("healthy") != std::string::npos || l.starts_with("-- done") ? ui::Role::StateGood
                                                                                         : ui::Role::Default;
    grid.put(body.x, body.y + y, l, role, body.x + body.w);
  }
  if (dialog_) dialog_->render(grid, grid.bounds(), ascii);
}

}  // namespace opsdeck::app
