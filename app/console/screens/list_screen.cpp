#include "app/console/screens/list_screen.hpp"

#include <utility>

namespace opsdeck::app {

namespace {

std::string partial_note(const std::vector<LeftOut>& left_out) {
  std::string note;
  for (const auto& l : left_out) note += (note.empty() ? "partial: " : "; ") + from_error(l.error).about(l.source).line();
  return note;
}

}  // namespace

SnapshotCallback deliver_snapshot(const ScreenEnv& env, std::weak_ptr<TableScreen> screen, const ResourceList& list) {
  auto post = env.post;
  auto now = env.now;
  return [post, now, screen, &list](aws::Result<Snapshot> r) {
    post([now, screen, &list, r = std::move(r)]() mutable {
      auto s = screen.lock();
      if (!s) return;  // closed meanwhile
      if (!r) return s->set_error(from_error(r.error()).about(list.name).line());
      std::string note = partial_note(r->left_out);
      s->set_resources(list, std::move(*r), now());
      if (!note.empty()) s->set_note(std::move(note));
    });
  };
}

void show_list(const ScreenEnv& env, const std::shared_ptr<TableScreen>& screen, const ResourceList& list,
               std::optional<Resource> parent, Refresh refresh) {
  std::weak_ptr<TableScreen> w = screen;
  env.view->push_screen(screen);
  if (refresh == Refresh::Poll) keep_fresh(env, w);
  screen->set_loader([env, w, &list, parent = std::move(parent)] {
    FetchOptions options;
    options.parent = parent;
    options.now = env.now();
    list.fetch(env.call, options, deliver_snapshot(env, w, list));
  });
}

}  // namespace opsdeck::app
