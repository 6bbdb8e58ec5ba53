#pragma once
// FleetConsole: the console's fleet mode (`opsdeck --fleet NAME`, `:fleet NAME`). It feeds
// the ConsoleView's panes from every member of a fleet at once (app/fleet/fleet_read.hpp):
//  - Instances, Databases and Alarms merge all members' rows, with ACCOUNT and REGION
//    columns, in the list's order across the fleet (alarms: ALARM first, then the longest
//    in its state). Each pane polls on its own timer, one round of calls per member per
//    refresh, all members concurrently under one per-endpoint limit. A member that fails
//    keeps its last good rows (its status says "stale"); a throttled member backs off on
//    its own (the others keep their interval).
//  - The fourth pane (Logs in the single-account console) lists the members: account,
//    status (up / FAILED / stale) and, for a failed one, why and what to do.
//  - The header shows the fleet's name and how many members are up, failed and stale.
// Acting on a row happens in the row's own member: the console opens that member as a
// single-account console (its own Session, guard and audit identity; console_app.cpp), so
// nothing a fleet row triggers can reach another account.
//
// Threads: constructed, used and destroyed on the UI thread; member clients' callbacks
// only post() to the EventLoop. Ownership: shares the members' Sessions; the view and loop
// must outlive it; shutdown() cancels its timers and ignores late answers (the sessions
// are stopped by their registry, LiveParts::shutdown()).

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/console/console_view.hpp"
#include "app/console/sources/console_settings.hpp"
#include "app/console/sources/refresh_state.hpp"
#include "app/fleet/fleet_read.hpp"
#include "widgets/event_loop.hpp"
#include "widgets/table_source.hpp"

namespace opsdeck::app {

class FleetConsole {
 public:
  FleetConsole(ConsoleView& view, ui::EventLoop& loop, Fleet fleet, std::vector<FleetMemberSession> members,
               const ConsoleSettings& settings);
  ~FleetConsole();
  FleetConsole(const FleetConsole&) = delete;
  FleetConsole& operator=(const FleetConsole&) = delete;

  void start();
  void shutdown();
  void before_render();
  int spinner_frame() const { return spinner_; }
  const Fleet& fleet() const { return fleet_; }

  // The member a row of Instances, Databases or Alarms comes from (its index in the
  // fleet), or nullopt; the row's resource as that member listed it (fleet fields added).
  std::optional<std::size_t> member_of(int pane, const std::string& key) const;
  const Resource* resource(int pane, const std::string& key) const;
  const FleetMember& member(std::size_t index) const { return members_[index].member; }
  // The member a row of the members pane names.
  std::optional<std::size_t> member_of_status_row(const std::string& key) const;
  // Why member `index` failed last (nullopt when it answered every list).
  std::optional<MemberFailure> failure(std::size_t index) const;

 private:
  struct MemberState {
    std::optional<Snapshot> rows;  // the last good answer
    std::string account;
    std::optional<MemberFailure> failed;  // the last answer was this failure
    RefreshState refresh;
  };
  void poll(int pane);
  void apply(int pane, const std::vector<std::size_t>& asked, FleetSnapshot snapshot);
  void show_pane(int pane);
  void show_members();
  void schedule_spinner();
  int in_flight() const;

  ConsoleView& view_;
  ui::EventLoop& loop_;
  Fleet fleet_;
  std::vector<FleetMemberSession> members_;
  std::shared_ptr<EndpointLimiter> limiter_;
  std::vector<std::shared_ptr<ui::VectorTableSource>> sources_;  // per pane
  std::vector<RefreshState> rounds_;                            // per pane: the fleet round
  std::vector<std::vector<MemberState>> state_;                 // per pane, per member
  std::vector<std::map<std::string, std::pair<std::size_t, Resource>>> rows_;  // per pane: key -> (member, row)
  std::vector<std::string> accounts_;  // per member, once known
  std::vector<ui::EventLoop::TimerId> timers_;
  bool running_ = false;
  int spinner_ = 0;
  bool spinner_scheduled_ = false;
};

// A resource list as a fleet pane shows it: ACCOUNT and REGION first, the list's own
// columns after (the alarms' sparkline reads the row's own member's series).
ResourceList fleet_pane_list(const ResourceList& list);

}  // namespace opsdeck::app
