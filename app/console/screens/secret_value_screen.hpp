#pragma once
// The whole of ONE secret value, over the panes (`V` on the parameter and secret views), or
// the diff between two versions of one (Enter in a parameter's history): a JSON object or
// array pretty-printed, any other text as its lines, each wrapped at the screen's width;
// j/k, PgUp/PgDn, g/G scroll. For a value the operator asked for on purpose: it is held only
// here and overwritten when the screen closes (Esc), after kSecretViewSeconds, or when the
// screen is replaced; it never reaches a row's document, the audit log, the status line or
// `y` (selected_id() is empty).
//
// Threads: UI thread only.

#include <memory>
#include <string>
#include <vector>

#include "app/console/console_screen.hpp"
#include "app/console/screens/screen_env.hpp"
#include "app/text_diff.hpp"

namespace opsdeck::app {

// How long the viewer stays open by itself.
inline constexpr int kSecretViewSeconds = 60;

class SecretValueScreen : public ConsoleScreen {
 public:
  // `name`: what the value is (a parameter or secret name), shown in the title.
  SecretValueScreen(std::string name, std::string value);
  // A diff: removed lines "-" (StateBad), added "+" (StateGood), context " ", hunk headers dim.
  SecretValueScreen(std::string title, const TextDiff& diff);
  ~SecretValueScreen() override { wipe(); }
  SecretValueScreen(const SecretValueScreen&) = delete;
  SecretValueScreen& operator=(const SecretValueScreen&) = delete;

  std::string title() const override { return title_; }
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  void render(ui::CellGrid& grid, ui::Rect area, bool ascii) override;
  std::vector<ui::KeyHint> hints() const override;
  std::string selected_id() const override { return ""; }

  // The lines as drawn at `width` columns (for tests).
  std::vector<std::string> lines(int width) const;
  void wipe();

 private:
  struct Line {
    std::string text;  // sanitized
    ui::Role role = ui::Role::Secret;
  };
  const std::vector<Line>& wrapped(int width);

  std::string title_;
  std::vector<Line> lines_;    // as shown, before wrapping
  std::vector<Line> wrapped_;  // lines_ wrapped at wrapped_width_
  int wrapped_width_ = 0;
  int top_ = 0;
  int page_ = 10;
};

// Pushes `viewer` over the panes and closes (and wipes) it after kSecretViewSeconds unless
// the operator closed it first. UI thread.
void push_secret_viewer(const ScreenEnv& env, std::shared_ptr<SecretValueScreen> viewer);

}  // namespace opsdeck::app
