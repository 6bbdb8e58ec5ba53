#include "app/console/screens/screen_env.hpp"

#include "app/console/live_console.hpp"

namespace opsdeck::app {

ScreenEnv::After loop_after(ui::EventLoop& loop) {
  return [&loop](std::chrono::milliseconds delay, std::function<void()> task) {
    loop.add_timer(
        delay,
        [task = std::move(task)] {
          task();
          return ui::Outcome::Redraw;
        },
        false);
  };
}

ScreenEnv console_screen_env(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live) {
  ScreenEnv env;
  env.view = &view;
  env.call = aws::async_caller(live.client());
  // The follower that uses it may outlive the live console by a moment (it stops when its
  // view closes): it keeps the client alive; a stopped client ends each call at once.
  env.sync = [client = live.session()->shared_client()](const aws::AwsRequest& r) { return client->call_sync(r); };
  env.post = [&loop](std::function<void()> task) { loop.post(std::move(task)); };
  env.after = loop_after(loop);
  return env;
}

void keep_fresh(const ScreenEnv& env, std::weak_ptr<ConsoleScreen> screen,
                std::chrono::milliseconds every) {
  if (!env.after) return;
  auto after = env.after;
  ConsoleView* view = env.view;
  after(every, [after, view, screen, every] {
    auto s = screen.lock();
    if (!s) return;  // closed: the chain ends
    if (view->top_screen() == s.get() && !s->busy()) s->refresh();
    ScreenEnv next;
    next.view = view;
    next.after = after;
    keep_fresh(next, screen, every);
  });
}

}  // namespace opsdeck::app
