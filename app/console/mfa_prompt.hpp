#pragma once
// MfaPrompt (console): asks for an MFA code in a dialog over the console when the
// credential chain of one of its sessions needs one (a role profile with mfa_serial), so
// that nothing reads the terminal under curses. One question at a time; others wait.
//
// Threads: the function from prompt() runs on a client's credentials worker: it posts the
// question to the loop and blocks that worker until the operator answers, cancels (Esc),
// or close() is called. Everything else runs on the UI thread.
// Ownership: shared with the prompt functions the sessions hold; close() (before the
// sessions stop, since stopping a client joins the worker that may be waiting here) makes
// every waiting and later question fail at once without touching the loop.

#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <string>

#include "app/console/console_overlay.hpp"
#include "aws/credential_assume_role.hpp"
#include "widgets/cell_grid.hpp"
#include "widgets/event_loop.hpp"
#include "widgets/key_event.hpp"
#include "widgets/outcome.hpp"
#include "widgets/secret_dialog.hpp"

namespace opsdeck::app {

class MfaPrompt : public std::enable_shared_from_this<MfaPrompt>, public ConsoleOverlay {
 public:
  explicit MfaPrompt(ui::EventLoop& loop) : loop_(loop) {}
  MfaPrompt(const MfaPrompt&) = delete;
  MfaPrompt& operator=(const MfaPrompt&) = delete;

  // What the SessionRegistry gives its sessions. Holds this object (shared).
  aws::MfaPrompt prompt();
  void close();

  bool modal() const override { return dialog_ != nullptr; }
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  void render(ui::CellGrid& grid, bool ascii) const override;

 private:
  struct Question {
    std::string serial;
    std::promise<aws::Result<std::string>> answer;
  };
  aws::Result<std::string> ask(const std::string& serial);  // credentials worker
  void show_next();                                         // UI thread

  ui::EventLoop& loop_;
  std::mutex mutex_;  // guards closed_ and questions_
  bool closed_ = false;
  std::deque<std::shared_ptr<Question>> questions_;  // front: on screen (when dialog_ is set)
  std::unique_ptr<ui::SecretDialog> dialog_;         // UI thread
};

}  // namespace opsdeck::app
