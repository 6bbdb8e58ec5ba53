#include "app/logs/cloudwatch_page_fetcher.hpp"

#include <chrono>

#include "aws/json_fields.hpp"
#include "aws/logs.hpp"
#include "aws/service.hpp"

namespace opsdeck::app {

aws::AwsRequest filter_log_events_request(const FilterRequest& r) {
  nlohmann::json in = nlohmann::json::object();
  in["logGroupName"] = r.group;
  if (!r.stream_names.empty()) in["logStreamNames"] = r.stream_names;
  else if (!r.stream_prefix.empty()) in["logStreamNamePrefix"] = r.stream_prefix;
  if (!r.filter_pattern.empty()) in["filterPattern"] = r.filter_pattern;
  in["startTime"] = r.start_ms;
  if (r.end_ms) in["endTime"] = *r.end_ms;
  if (!r.next_token.empty()) in["nextToken"] = r.next_token;
  if (r.limit > 0) in["limit"] = r.limit;
  // Pages in timestamp order across streams. The service always interleaves (it ignores
  // the member since 2019); emulators such as moto order by stream without it, and a range
  // read relies on the order to know what a page covered (sliced_range_read.hpp).
  in["interleaved"] = true;
  aws::AwsRequest req = aws::json_request(aws::services::logs, "FilterLogEvents", std::move(in));
  req.max_attempts = 1;  // LogTail retries a failed page; the client must not retry it too
  if (r.timeout_ms > 0) req.timeout = std::chrono::milliseconds(r.timeout_ms);
  return req;
}

namespace {

// The aws page's events with `group` as their group (strings moved, not copied).
aws::Result<FilterPage> with_group(aws::Result<aws::LogEventsPage> parsed, const std::string& group) {
  if (!parsed) return parsed.error();
  FilterPage page;
  page.events.reserve(parsed->events.size());
  for (auto& e : parsed->events)
    page.events.push_back({group, std::move(e.stream), e.timestamp_ms, e.ingestion_ms, std::move(e.event_id),
                           std::move(e.message)});
  page.next_token = std::move(parsed->next_token);
  return page;
}

}  // namespace

aws::Result<FilterPage> parse_filter_log_events(std::string_view body, const std::string& group) {
  return with_group(aws::parse_filter_log_events(body), group);
}

aws::Result<FilterPage> CloudWatchPageFetcher::fetch(const FilterRequest& request) {
  aws::AwsRequest req = filter_log_events_request(request);
  if (max_timeout_.count() > 0 && req.timeout > max_timeout_) req.timeout = max_timeout_;
  auto resp = call_(req);
  if (!resp) return resp.error();
  // The response's std::string: read in place when its spare capacity covers the padding.
  return with_group(aws::parse_filter_log_events(resp->body), request.group);
}

}  // namespace opsdeck::app
