#pragma once
// Palette commands that need AWS, beyond the four panes:
//   :sg          security groups with sensitive ports open to the world (0.0.0.0/0, ::/0),
//                shown in the detail view as a document of findings;
//   :logs GROUP  the Logs pane follows GROUP;
//   :alarm NAME  the alarm's detail screen (graph with threshold, history, dimensions);
//   :ecs :sqs :params (:ssm) :secrets :lightsail  push their screens
//                (app/console/screens/*, see README "Console keys").
// add_palette_views() sets these commands' handlers in the view's command table (the
// view declares the words, command_table.hpp).
//
// Threads: UI thread; the AwsClient completion runs on the IO thread and only posts.
// Ownership: borrows view, loop and live, which must outlive every request it starts.

#include "app/console/console_view.hpp"
#include "app/console/live_console.hpp"
#include "widgets/event_loop.hpp"

namespace opsdeck::app {

void add_palette_views(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live);

}  // namespace opsdeck::app
