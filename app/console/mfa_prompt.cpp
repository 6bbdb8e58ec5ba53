#include "app/console/mfa_prompt.hpp"

#include "aws/secret_wipe.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

aws::Error closed_error() {
  return aws::make_error(aws::ErrorKind::Cancelled, "the MFA question was closed before it was answered");
}

}  // namespace

aws::MfaPrompt MfaPrompt::prompt() {
  return [self = shared_from_this()](const std::string& serial) { return self->ask(serial); };
}

aws::Result<std::string> MfaPrompt::ask(const std::string& serial) {
  auto q = std::make_shared<Question>();
  q->serial = serial;
  auto answer = q->answer.get_future();
  {
    std::lock_guard lock(mutex_);
    if (closed_) return closed_error();
    questions_.push_back(q);
  }
  loop_.post([self = shared_from_this()] { self->show_next(); });
  return answer.get();
}

void MfaPrompt::close() {
  std::deque<std::shared_ptr<Question>> waiting;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    waiting.swap(questions_);
  }
  for (auto& q : waiting) q->answer.set_value(closed_error());
  dialog_.reset();
}

void MfaPrompt::show_next() {
  if (dialog_) return;  // one at a time: the next is shown when this one is answered
  std::lock_guard lock(mutex_);
  if (questions_.empty()) return;
  dialog_ = std::make_unique<ui::SecretDialog>(
      "MFA code", std::vector<std::string>{"AWS asks for a code from the MFA device",
                                           ui::sanitize_plain(questions_.front()->serial)});
}

ui::Outcome MfaPrompt::on_key(const ui::KeyEvent& e) {
  if (!dialog_) return ui::Outcome::Ignored;
  if (e.key == ui::Key::Resize) return ui::Outcome::Relayout;
  dialog_->handle_key(e);
  if (dialog_->pending()) return ui::Outcome::Redraw;
  aws::Result<std::string> result =
      aws::make_error(aws::ErrorKind::Credentials, "no MFA code entered", "open the profile again to be asked again");
  if (dialog_->state() == ui::SecretDialog::State::Submitted) {
    std::string code = dialog_->take();
    if (!code.empty()) result = code;
    aws::wipe(code);
  }
  dialog_.reset();
  std::shared_ptr<Question> q;
  {
    std::lock_guard lock(mutex_);
    if (!questions_.empty()) {
      q = questions_.front();
      questions_.pop_front();
    }
  }
  if (q) q->answer.set_value(std::move(result));
  show_next();
  return ui::Outcome::Redraw;
}

void MfaPrompt::render(ui::CellGrid& grid, bool ascii) const {
  if (dialog_) dialog_->render(grid, grid.bounds(), ascii);
}

}  // namespace opsdeck::app
