#include "app/console/screens/reveal_screen.hpp"

#include "app/console/screens/secret_value_screen.hpp"
#include "aws/secret_wipe.hpp"

#include <algorithm>

#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

std::vector<ui::Column> with_value(std::vector<ui::Column> columns) {
  columns.push_back({"VALUE", 6, 120, 0});
  return columns;
}

}  // namespace

RevealScreen::RevealScreen(std::string title, std::vector<ui::Column> columns, ResourceType row_type)
    : TableScreen(std::move(title), with_value(columns), row_type), value_column_(columns.size()) {}

void RevealScreen::show(PaneRows rows) {
  for (auto& row : rows.rows) {
    row.resize(value_column_);
    row.push_back({kMask, ui::Role::Secret});
  }
  base_ = std::move(rows);
  wipe();
  ++generation_;
  show_rows();
}

void RevealScreen::show_rows() {
  PaneRows rows = base_;
  if (!revealed_key_.empty())
    for (std::size_t i = 0; i < rows.keys.size() && i < rows.rows.size(); ++i)
      if (rows.keys[i] == revealed_key_ && value_column_ < rows.rows[i].size())
        rows.rows[i][value_column_] = {ui::sanitize_plain(revealed_value_), ui::Role::Match};
  TableScreen::show(std::move(rows));
}

std::uint64_t RevealScreen::reveal(const std::string& key, std::string value) {
  hide();
  if (std::find(base_.keys.begin(), base_.keys.end(), key) == base_.keys.end()) return generation_;
  revealed_key_ = key;
  revealed_value_ = std::move(value);
  show_rows();
  return generation_;
}

void RevealScreen::hide() {
  ++generation_;
  if (revealed_key_.empty()) return;
  wipe();
  show_rows();
}

void RevealScreen::wipe() {
  revealed_key_.clear();
  std::fill(revealed_value_.begin(), revealed_value_.end(), '\0');
  revealed_value_.clear();
}

void RevealScreen::before_render() {
  if (!revealed_key_.empty() && selected_key() != revealed_key_) hide();
}

void install_reveal_key(const ScreenEnv& env, const std::shared_ptr<RevealScreen>& screen,
                        ValueFetch fetch) {
  std::weak_ptr<RevealScreen> w = screen;
  screen->add_hint({"v", "reveal value"});
  screen->add_hint({"V", "whole value"});
  screen->on_extra_key = [env, w, fetch](const ui::KeyEvent& e, const std::string& key) {
    bool whole = e.is_char('V');
    if (!(e.is_char('v') || whole) || key.empty()) return ui::Outcome::Ignored;
    std::string shown = ui::sanitize_plain(key);
    env.view->status().show(ui::Severity::Info, "revealing " + shown + " ...");
    auto post = env.post;
    auto after = env.after;
    ConsoleView* view = env.view;
    fetch(key, [env, post, after, view, w, key, shown, whole](aws::Result<std::string> value) {
      post([env, after, view, w, key, shown, whole, value = std::move(value)]() mutable {
        auto s = w.lock();
        if (!s) {
          if (value) aws::wipe(*value);
          return;
        }
        if (!value) {
          show_message(view->status(), from_error(value.error()).about(shown));
          return;
        }
        if (s->selected_key() != key || view->top_screen() != s.get()) {  // the operator moved on meanwhile
          aws::wipe(*value);
          return;
        }
        if (whole) {
          push_secret_viewer(env, std::make_shared<SecretValueScreen>(key, std::move(*value)));
          view->status().show(ui::Severity::Warn, shown + ": whole value shown for " +
                                                      std::to_string(kSecretViewSeconds) + " s (Esc closes it)");
          return;
        }
        std::uint64_t gen = s->reveal(key, std::move(*value));
        view->status().show(ui::Severity::Warn, shown + " revealed for " +
                                                    std::to_string(kRevealSeconds) +
                                                    " s (moving the selection hides it)");
        if (after)
          after(std::chrono::seconds(kRevealSeconds), [w, gen] {
            if (auto s2 = w.lock()) s2->expire(gen);
          });
      });
    });
    return ui::Outcome::Redraw;
  };
}

}  // namespace opsdeck::app
