#include "app/console/screens/screen_env.hpp"

namespace opsdeck::app {

void keep_fresh(const ScreenEnv& env, std::weak_ptr<TableScreen> screen,
                std::chrono::milliseconds every) {
  if (!env.after) return;
  auto after = env.after;
  ConsoleView* view = env.view;
  after(every, [after, view, screen, every] {
    auto s = screen.lock();
    if (!s) return;  // closed: the chain ends
    if (view->top_screen() == s.get() && !s->loading()) s->refresh();
    ScreenEnv next;
    next.view = view;
    next.after = after;
    keep_fresh(next, screen, every);
  });
}

}  // namespace opsdeck::app
