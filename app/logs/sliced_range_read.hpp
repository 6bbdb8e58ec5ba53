#pragma once
// Reads a log range (no --follow) as consecutive time slices fetched concurrently, one
// LogTail per slice, and delivers them to one sink in time order.
//
// Why: FilterLogEvents pages are slow on the service side (and in moto every page re-scans
// the whole group), so `opsdeck logs G --since 1h` is bound by sequential page latency.
// The slices are disjoint ([s_i, s_{i+1} - 1], the last one open-ended like the unsliced
// read), so nothing is repeated and order holds: slice 0 streams straight to the sink;
// later slices are held until every earlier one was delivered. The rate budget is split
// between the slices, so the account sees the same request rate as one tail.
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
