#pragma once
// Palette commands that need AWS, beyond the four panes:
//   :sg          security groups with sensitive ports open to the world (0.0.0.0/0, ::/0),
//                shown in the detail view as a document of findings;
//   :logs GROUP  the Logs pane follows GROUP;
//   :alarm NAME  the alarm's detail screen (graph with threshold, history, dimensions);
//   :ecs :sqs :params (:ssm) :secrets :lightsail  push their screens
//                (app/console/screens/*, see README "Console keys").
// Returns Ignored for other commands, so the caller can try its own handler.
//
// Threads: UI thread; the AwsClient completion runs on the IO thread and only posts.
// Ownership: borrows view, loop and live, which must outlive every request it starts.

#include "app/console/command_palette.hpp"
#include "app/console/console_view.hpp"
#include "app/console/live_console.hpp"
#include "widgets/event_loop.hpp"

namespace opsdeck::app {

ui::Outcome run_palette_view(const ParsedCommand& command, ConsoleView& view, ui::EventLoop& loop,
                             LiveConsole& live);

}  // namespace opsdeck::app
