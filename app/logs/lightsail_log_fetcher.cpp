#include "app/logs/lightsail_log_fetcher.hpp"

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

#include "aws/lightsail.hpp"

namespace opsdeck::app {

std::string lightsail_log_group(const std::string& service, const std::string& container) {
  return service + "/" + container;
}

aws::Result<aws::AwsRequest> get_container_log_page_request(const FilterRequest& r) {
  auto slash = r.group.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == r.group.size())
    return aws::make_error(aws::ErrorKind::Usage, "not a Lightsail container: " + r.group,
                           "name it as SERVICE/CONTAINER");
  aws::AwsRequest req = aws::get_container_log_request(
      r.group.substr(0, slash), r.group.substr(slash + 1), static_cast<double>(r.start_ms) / 1000.0,
      r.end_ms ? static_cast<double>(*r.end_ms) / 1000.0 : 0.0, r.filter_pattern, r.next_token);
  req.max_attempts = 1;  // LogTail retries a failed page; the client must not retry it too
  if (r.timeout_ms > 0) req.timeout = std::chrono::milliseconds(r.timeout_ms);
  return req;
}

aws::Result<FilterPage> parse_container_log_page(std::string_view body, const std::string& group) {
  std::string token;
  auto events = aws::parse_get_container_log(body, &token);
  if (!events) return events.error();
  FilterPage page;
  page.next_token = token;
  auto slash = group.find('/');
  std::string service = group.substr(0, slash), container = slash == std::string::npos ? "" : group.substr(slash + 1);
  std::map<std::pair<std::int64_t, std::string>, int> repeats;
  for (auto& e : *events) {
    LogEvent ev;
    ev.group = service;  // shown as "service/container", like "group/stream"
    ev.stream = container;
    ev.timestamp_ms = static_cast<std::int64_t>(std::llround(e.created * 1000.0));
    int n = repeats[{ev.timestamp_ms, e.message}]++;
    char id[40];
    std::snprintf(id, sizeof id, "%016zx-%d", std::hash<std::string>{}(e.message), n);
    ev.event_id = id;
    ev.message = std::move(e.message);
    page.events.push_back(std::move(ev));
  }
  return page;
}

aws::Result<FilterPage> LightsailLogFetcher::fetch(const FilterRequest& request) {
  auto req = get_container_log_page_request(request);
  if (!req) return req.error();
  if (max_timeout_.count() > 0 && req->timeout > max_timeout_) req->timeout = max_timeout_;
  auto resp = call_(*req);
  if (!resp) return resp.error();
  return parse_container_log_page(resp->body, request.group);
}

}  // namespace opsdeck::app
