#pragma once
// The Forwards view (`:forwards`, `:fwd`): every port forward the console has open, SSH and
// Session Manager alike (forward_registry.hpp) — state, local address, where it goes and
// through what, connections, bytes each way, reconnects, age and the last message. It
// re-reads the registry every second while it is on the stack. `x` / Del closes the
// selected forward (a closed or failed one is removed from the list instead); `d` and
// Enter show its details as a document.
//
// Threads: UI thread only. Ownership: borrows the registry and the loop, which outlive the
// console's screens (the console app owns both); the refresh timer holds only a weak_ptr to
// the screen and stops once it has been popped.

#include <memory>

#include "app/console/console_view.hpp"
#include "app/console/forward_registry.hpp"
#include "app/console/screens/table_screen.hpp"
#include "widgets/event_loop.hpp"

namespace opsdeck::app {

// The table rows of the registry's forwards at `now` (one per forward, keyed by its id).
PaneRows forward_rows(const std::vector<ForwardRow>& forwards, std::chrono::system_clock::time_point now);

// Pushes the Forwards view onto `view`.
void open_forwards_screen(ConsoleView& view, ui::EventLoop& loop, ForwardRegistry& registry);

}  // namespace opsdeck::app
