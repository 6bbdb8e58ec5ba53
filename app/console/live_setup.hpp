#pragma once
// Connects the console to AWS: resolves the environment from the config (name, production
// flag, profile/region defaults, LOG_GROUP), opens the console's Session (one
// SessionRegistry per profile and region shown, so runbook steps and deploys for the same
// flags share its client; MFA codes asked in a dialog), starts the LiveConsole and the
// gated ResourceActions, and wires the view's hooks
// (actions, `s` shell, `d` detail view, Enter on a zoomed pane; the app routes palette
// commands to run_palette_view with the live console). Failures (no region, broken config)
// land in the status line; the console still runs with empty panes.
//
// Threads: UI thread. Ownership: the returned parts borrow `view` and `loop`, which must
// outlive them (declare the LiveParts after the EventLoop).

#include <initializer_list>
#include <memory>
#include <vector>

#include "app/console/console_overlay.hpp"
#include "app/console/fleet_console.hpp"
#include "app/console/forward_launcher.hpp"
#include "app/console/forward_registry.hpp"
#include "app/console/live_console.hpp"
#include "app/console/mfa_prompt.hpp"
#include "app/console/resource_actions.hpp"
#include "app/console/shell_launcher.hpp"
#include "app/console/runbook_views.hpp"
#include "app/console/triage_menu.hpp"
#include "app/global_options.hpp"
#include "app/session_registry.hpp"

namespace opsdeck::app {

struct LiveParts {
  std::shared_ptr<MfaPrompt> mfa;
  std::shared_ptr<SessionRegistry> sessions;
  // Declared so that actions (which borrow live) are destroyed first.
  std::unique_ptr<LiveConsole> live;
  std::unique_ptr<ResourceActions> actions;
  std::unique_ptr<ShellLauncher> shell;
  std::unique_ptr<ForwardLauncher> forward;  // `f`; its forwards live in the registry below
  std::unique_ptr<RunbookViews> runbooks;  // owns step workers: reset before the loop goes
  std::unique_ptr<TriageMenu> triage;      // borrows runbooks
  std::unique_ptr<FleetConsole> fleet;     // fleet mode (start_fleet) instead of `live`
  // The console's forwards (owned by the console app): their sessions keep running when
  // these parts shut down.
  const ForwardRegistry* forwards = nullptr;
  ~LiveParts() {
    triage.reset();
    runbooks.reset();
    forward.reset();
    shell.reset();
    actions.reset();
    shutdown();
    live.reset();
    fleet.reset();
  }
  // The overlay stack, bottom first (console_overlay.hpp): the MFA question is on top of
  // everything, since a credential worker waits on it.
  std::vector<ConsoleOverlay*> overlays() const {
    std::vector<ConsoleOverlay*> out;
    for (ConsoleOverlay* o :
         std::initializer_list<ConsoleOverlay*>{triage.get(), actions.get(), shell.get(), forward.get(), mfa.get()})
      if (o) out.push_back(o);
    return out;
  }
  // Stops the live console (see LiveConsole::shutdown) and every session's client — but the
  // sessions of open forwards — without freeing anything, so tasks already posted to the
  // loop stay valid; used when switching region or profile. A waiting MFA question is answered "closed" first: stopping a
  // client joins the credentials worker that may be waiting on it.
  void shutdown() {
    if (mfa) mfa->close();
    if (live) live->shutdown();
    if (fleet) fleet->shutdown();
    if (sessions) sessions->stop_all(forwards ? forwards->sessions_in_use() : std::set<const Session*>{});
  }
};

// `suspend` runs a body with curses suspended (the `s` shell hand-off). `forwards`: where
// `f` puts its forwards (nullptr: `f` says forwards are not available here).
std::unique_ptr<LiveParts> start_live(const GlobalOptions& options, ConsoleView& view, ui::EventLoop& loop,
                                      ShellLauncher::Suspend suspend, ForwardRegistry* forwards = nullptr);

// The fleet view of `options.fleet` (fleet_console.hpp): every member's session from one
// registry, the panes merged. An unknown fleet or a broken config lands in the status line
// and leaves the panes empty (nullptr `fleet`). Commands that act on a row say how to act
// (Enter opens the row's member); console_app.cpp routes Enter.
std::unique_ptr<LiveParts> start_fleet(const GlobalOptions& options, ConsoleView& view, ui::EventLoop& loop);

}  // namespace opsdeck::app
