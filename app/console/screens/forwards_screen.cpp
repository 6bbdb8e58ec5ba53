#include "app/console/screens/forwards_screen.hpp"

#include "app/resources/cell_text.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

std::vector<ui::Column> forward_columns() {
  return {
      {"ID", 2, 4, 0, true},         {"KIND", 3, 4, 0},      {"STATE", 4, 12, 0},
      {"LOCAL", 9, 21, 0},           {"REMOTE", 8, 48, 0},   {"VIA", 6, 36, 1},
      {"CONN", 4, 9, 2, true},       {"FAILED", 6, 6, 3, true}, {"OUT", 5, 10, 2, true},
      {"IN", 5, 10, 2, true},        {"RECONN", 6, 6, 3, true}, {"AGE", 3, 6, 1},
      {"DETAIL", 6, 60, 4},
  };
}

ui::Role role_of(const std::string& state) {
  if (state == "open") return ui::Role::StateGood;
  if (state == "failed") return ui::Role::StateBad;
  if (state == "closed") return ui::Role::Dim;
  return ui::Role::StateWarn;
}

}  // namespace

PaneRows forward_rows(const std::vector<ForwardRow>& forwards, std::chrono::system_clock::time_point now) {
  PaneRows out;
  for (const auto& f : forwards) {
    const ForwardStatus& s = f.status;
    auto age = std::chrono::duration_cast<std::chrono::seconds>(now - f.entry.started);
    std::string local = s.local_port ? "127.0.0.1:" + std::to_string(s.local_port) : "-";
    out.rows.push_back({
        {std::to_string(f.id)},
        {f.entry.kind},
        {s.state, role_of(s.state)},
        {local},
        {ui::sanitize_plain(f.entry.remote)},
        {ui::sanitize_plain(f.entry.via)},
        {std::to_string(s.open_connections) + "/" + std::to_string(s.total_connections)},
        {std::to_string(s.failed_connections), s.failed_connections ? ui::Role::StateWarn : ui::Role::Default},
        {human_bytes(s.bytes_to_remote)},
        {human_bytes(s.bytes_to_local)},
        {std::to_string(s.reconnects), s.reconnects ? ui::Role::StateWarn : ui::Role::Default},
        {short_age(age < std::chrono::seconds(0) ? std::chrono::seconds(0) : age)},
        {ui::sanitize_plain(s.detail), s.state == "failed" ? ui::Role::StateBad : ui::Role::Dim},
    });
    out.keys.push_back(std::to_string(f.id));
    out.documents.push_back(nlohmann::json{
        {"id", f.id},
        {"kind", f.entry.kind},
        {"forwarding", ui::sanitize_plain(f.entry.label)},
        {"state", s.state},
        {"detail", ui::sanitize_plain(s.detail)},
        {"local", local},
        {"remote", ui::sanitize_plain(f.entry.remote)},
        {"via", ui::sanitize_plain(f.entry.via)},
        {"open_connections", s.open_connections},
        {"total_connections", s.total_connections},
        {"failed_connections", s.failed_connections},
        {"bytes_to_remote", s.bytes_to_remote},
        {"bytes_to_local", s.bytes_to_local},
        {"reconnects", s.reconnects},
        {"age_seconds", age.count()},
    });
  }
  return out;
}

void open_forwards_screen(ConsoleView& view, ui::EventLoop& loop, ForwardRegistry& registry) {
  auto screen = std::make_shared<TableScreen>("Forwards", forward_columns(), ResourceType::None);
  std::weak_ptr<TableScreen> weak = screen;
  screen->set_loader([weak, &registry] {
    if (auto s = weak.lock()) {
      s->set_rows(forward_rows(registry.rows(), std::chrono::system_clock::now()));
      int open = registry.open_count();
      s->set_note(std::to_string(open) + " open");
    }
  });
  screen->add_hint({"x", "close"});
  screen->add_hint({"d", "details"});
  screen->on_open = [&view, weak](const std::string&) {
    auto s = weak.lock();
    if (!s || !s->selected_document()) return ui::Outcome::Ignored;
    view.show_detail("forward " + s->selected_key(), *s->selected_document());
    return ui::Outcome::Redraw;
  };
  screen->on_extra_key = [&view, &registry, weak](const ui::KeyEvent& e, const std::string& key) {
    if (!(e.is_char('x') || e.key == ui::Key::Delete)) return ui::Outcome::Ignored;
    int id = 0;
    try {
      id = std::stoi(key);
    } catch (...) {
      return ui::Outcome::Ignored;
    }
    bool was_open = false;
    for (const auto& r : registry.rows())
      if (r.id == id) was_open = r.status.state != "closed" && r.status.state != "failed";
    if (was_open) {
      registry.close(id);
      view.status().show(ui::Severity::Info, "forward " + key + " closed");
    } else if (registry.forget(id)) {
      view.status().show(ui::Severity::Info, "forward " + key + " removed from the list");
    }
    if (auto s = weak.lock()) s->refresh();
    return ui::Outcome::Redraw;
  };
  view.push_screen(screen);
  auto timer = std::make_shared<ui::EventLoop::TimerId>(0);
  *timer = loop.add_timer(std::chrono::milliseconds(1000), [weak, &loop, timer] {
    auto s = weak.lock();
    if (!s) {
      loop.cancel_timer(*timer);
      return ui::Outcome::Ignored;
    }
    s->refresh();
    return ui::Outcome::Redraw;
  });
}

}  // namespace opsdeck::app
