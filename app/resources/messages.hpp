#pragma once
// The messages of one SQS queue, as a peek reads them (aws/sqs_messages.hpp: VisibilityTimeout
// 0, nothing hidden or deleted) — the console's view after `p` on a queue. Read only under
// the queue (FetchOptions::parent, a queue Resource), so it is not a headless list; the
// headless `opsdeck queue peek` prints the same fields.
// Fields:
//   id (MessageId), sent (ISO-8601 UTC, null when not given), receives
//   (ApproximateReceiveCount, this peek included), body (as sent; JSON bodies are shown in
//   the table as "LEVEL message k=v", the document `d` has the body as sent)
// Order: oldest sent first.

#include <vector>

#include "app/resources/resource_list.hpp"
#include "aws/sqs_messages.hpp"

namespace opsdeck::app {

const ResourceList& message_list();

// How many messages the console's peek reads.
inline constexpr int kConsolePeek = 20;

std::vector<Resource> message_resources(const std::vector<aws::SqsMessage>& messages);

}  // namespace opsdeck::app
