#pragma once
// What the console's AWS-backed screens (ECS, SQS, parameters, secrets, Lightsail, target
// health) need from the running console, as plain functions so unit tests can serve canned
// responses synchronously: the view to push screens on, an AsyncCaller, a way back to the
// UI thread, a one-shot timer and the clock. `deliver` is the one way a loader's answer
// reaches its screen: on the UI thread, and only while the screen is still alive.
//
// Threads: `call` completions run on any thread (AwsClient: its IO thread) and must only
// `post`; everything else runs on the UI thread.
// Ownership: borrows the ConsoleView, which must outlive every request started with it.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "app/console/console_view.hpp"
#include "app/console/screens/table_screen.hpp"
#include "app/console/status_message.hpp"
#include "aws/service_call.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

struct ScreenEnv {
  ConsoleView* view = nullptr;
  aws::AsyncCaller call;
  std::function<void(std::function<void()>)> post;  // any thread -> UI thread
  std::function<void(std::chrono::milliseconds, std::function<void()>)> after;  // UI thread
  std::function<SysTime()> now = [] { return std::chrono::system_clock::now(); };
};

// How often a view refreshes itself while it is the top screen.
inline constexpr std::chrono::seconds kScreenRefresh{10};

// Refreshes `screen` every `every` while it is the top screen (hidden screens don't poll)
// and its last load has answered (no overlapping loads); stops once it is closed.
void keep_fresh(const ScreenEnv& env, std::weak_ptr<TableScreen> screen,
                std::chrono::milliseconds every = kScreenRefresh);

// A display-safe cell (text from AWS may hold control characters).
inline ui::TableCell cell(std::string_view text, ui::Role role = ui::Role::Default) {
  return {ui::sanitize_plain(text), role};
}

// A completion for an async walk returning Result<T>: on the UI thread, converts the
// value with `rows` and hands it to the screen, or shows "what: <error> — <hint>" in it
// (app/user_message.hpp).
// `S` is TableScreen or a type deriving from it with its own set_rows (RevealScreen).
template <class T, class S = TableScreen>
std::function<void(aws::Result<T>)> deliver(const ScreenEnv& env, std::weak_ptr<S> screen,
                                            std::string what,
                                            std::function<PaneRows(const T&)> rows) {
  auto post = env.post;
  return [post, screen, what = std::move(what), rows = std::move(rows)](aws::Result<T> r) {
    post([screen, what, rows, r = std::move(r)]() mutable {
      auto s = screen.lock();
      if (!s) return;  // closed meanwhile
      if (!r)
        s->set_error(from_error(r.error()).about(what).line());
      else
        s->set_rows(rows(*r));
    });
  };
}

}  // namespace opsdeck::app
