#pragma once
// A resource list (app/resources/resource_list.hpp) shown as a view pushed over the panes:
// show_list pushes the TableScreen, reads the list into it now and, while it is the top
// screen, every kScreenRefresh (Refresh::Poll). A read that leaves something out (an
// optional source that failed) says so in the screen's title line ("partial: ...").
//
// Threads: UI thread; the reads complete on the AsyncCaller's thread and reach the screen
// through ScreenEnv::post, only while it is still open.

#include <memory>
#include <optional>

#include "app/console/screens/screen_env.hpp"
#include "app/resources/resource_list.hpp"

namespace opsdeck::app {

enum class Refresh {
  Once,  // read when opened and on `r` (views that reveal a value keep still)
  Poll,  // also every kScreenRefresh while on top
};

void show_list(const ScreenEnv& env, const std::shared_ptr<TableScreen>& screen, const ResourceList& list,
               std::optional<Resource> parent = std::nullopt, Refresh refresh = Refresh::Poll);

// The completion of one read of `list` into `screen`: on the UI thread, its resources, or
// "NAME: <error> — <hint>" in the screen.
SnapshotCallback deliver_snapshot(const ScreenEnv& env, std::weak_ptr<TableScreen> screen, const ResourceList& list);

}  // namespace opsdeck::app
