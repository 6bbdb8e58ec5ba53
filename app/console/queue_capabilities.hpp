#pragma once
// What the SQS view (`:sqs`) does to a queue (see resource_actions.hpp for the gate):
//   `p` peek: reads up to kConsolePeek messages with VisibilityTimeout 0 (nothing hidden or
//       deleted) into a view of their bodies; refused for a queue with a redrive policy,
//       where each receive brings a message closer to the DLQ. A change by the gate's rules
//       (receive counts grow): no question outside production.
//   `M` redrive: StartMessageMoveTask from the DLQ (the selected DLQ, or the selected
//       queue's DLQ into it), then its progress from ListMessageMoveTasks every 2 s in the
//       status line until it completes or fails.
//   `X` purge: PurgeQueue, confirmed by typing the queue's name (and the environment's in
//       production).
// UI thread.

#include <vector>

#include "app/console/resource_actions.hpp"

namespace opsdeck::app {

const std::vector<Capability>& queue_capabilities();

// How often a running redrive's progress is read.
inline constexpr std::chrono::seconds kMoveTaskPoll{2};

}  // namespace opsdeck::app
