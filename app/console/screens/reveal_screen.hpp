#pragma once
// A TableScreen whose rows carry a secret value column that is always masked ("••••••",
// Role::Secret) except for ONE row the operator explicitly revealed (`v` on the
// parameter and secret views). The revealed value is held only here, in memory, shown
// until the selection moves, the timer given to reveal() fires, or the rows are replaced;
// it is never put into a row's document (so `d` never shows it) and never logged.
//
// Threads: UI thread only.

#include <cstdint>
#include <string>

#include "app/console/screens/screen_env.hpp"
#include "app/console/screens/table_screen.hpp"

namespace opsdeck::app {

inline constexpr const char* kMask = "••••••";
// How long a revealed value stays on screen when the selection does not move.
inline constexpr int kRevealSeconds = 10;

class RevealScreen : public TableScreen {
 public:
  // `columns` without the value: a VALUE column is added after them, masked in every row.
  RevealScreen(std::string title, std::vector<ui::Column> columns, ResourceType row_type);
  ~RevealScreen() override { wipe(); }

  // Shows `value` in the row keyed `key` (if it is still there). Returns a generation
  // number: expire(generation) hides it unless something else was revealed since.
  std::uint64_t reveal(const std::string& key, std::string value);
  void expire(std::uint64_t generation) {
    if (generation == generation_) hide();
  }
  void hide();
  const std::string& revealed_key() const { return revealed_key_; }
  // Hides the value when the selection moved off the revealed row.
  void before_render() override;

 protected:
  // New rows (from set_rows / set_resources): masked, and any revealed value hidden.
  void show(PaneRows rows) override;

 private:
  void show_rows();
  void wipe();  // forgets the revealed value (overwrites it first)

  std::size_t value_column_;
  PaneRows base_;  // masked
  std::string revealed_key_;
  std::string revealed_value_;
  std::uint64_t generation_ = 0;
};

// Binds `v` and `V` on `screen`: fetches the selected row's value with `fetch` (its
// completion may run on any thread), then, on the UI thread and only if that row is still
// selected, `v` reveals it in its row for kRevealSeconds and `V` opens the whole value in a
// SecretValueScreen for kSecretViewSeconds. The status line names the row, never the value.
using ValueFetch = std::function<void(const std::string& key,
                                      std::function<void(aws::Result<std::string>)> done)>;
void install_reveal_key(const ScreenEnv& env, const std::shared_ptr<RevealScreen>& screen,
                        ValueFetch fetch);

}  // namespace opsdeck::app
