#pragma once
// Reads a log range (no --follow) as concurrent time slices where that pays, one LogTail
// per slice, and delivers them to one sink in time order.
//
// Why: FilterLogEvents pages are slow on the service side (and in moto every page re-scans
// the whole group), so `opsdeck logs G --since 1h` is bound by sequential page latency.
// But splitting a range that holds little, or whose events sit in one short burst, only
// adds requests (and, with the rate budget split, waits). So the read adapts:
//  1. The first page of the whole range is read exactly as the single-tail read would.
//     Without a nextToken the range is done: a sparse range costs what one tail costs.
//  2. A nextToken shows the range is dense. Pages come in timestamp order, so the first
//     page covered everything before its last timestamp t; only [t, end] is left, and only
//     that is split into `slices` disjoint slices read concurrently. Events of the first
//     page at exactly t are recognised by eventId when a slice returns them again. A burst
//     thus leaves one dense slice and cheap empty ones; evenly spread data gets parallel
//     slices. (A first page out of timestamp order — an endpoint that does not interleave
//     — makes the rest one slice over the whole range, its page-one events dropped by id.)
// Slices are disjoint ([s_i, s_{i+1} - 1], the last one open-ended like the unsliced read),
// so nothing is repeated and order holds: the first page and slice 0 stream straight to the
// sink; later slices are held until every earlier one was delivered. Each slice gets an
// equal share of the request rate (so a long read sees the account's rate of one tail) but
// the whole burst, so the first pages of every slice go out at once.
//
// Threads: call on the headless command's main thread with the real (system) clock; slices
// 1..n-1 run on their own threads with their own SystemTailClock, and are cancelled when
// `clock` is (Ctrl-C). The fetcher must be callable from several threads at once
// (CloudWatchPageFetcher over an AwsClient is). The sink is only called on this thread.

#include "app/logs/log_event.hpp"
#include "app/logs/log_page_fetcher.hpp"
#include "app/logs/log_tail.hpp"
#include "app/logs/tail_clock.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

// `options.follow` must be false. slices <= 1 (or a range too short to split) runs one
// LogTail on this thread, exactly like LogTail::run().
aws::Result<void> read_range_sliced(const TailOptions& options, int slices, LogPageFetcher& fetcher,
                                    TailClock& clock, LogSink& sink);

}  // namespace opsdeck::app
