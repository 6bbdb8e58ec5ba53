#pragma once
// The `:sqs` view: the queues list (app/resources/queues.hpp) — visible and in-flight
// messages, the age of the oldest message (over 5 minutes: a warning) and the dead-letter
// queue named by the RedrivePolicy, whose depth is shown in the SOURCE queue's row, red
// when > 0.
//
// Threads: UI thread; loads complete through ScreenEnv::post (list_screen.hpp).

#include "app/console/screens/screen_env.hpp"

namespace opsdeck::app {

void open_sqs_queues(const ScreenEnv& env);

}  // namespace opsdeck::app
