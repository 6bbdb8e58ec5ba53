#include "aws/logs.hpp"

#include "aws/json_fields.hpp"
#include "aws/log_events_reader.hpp"
#include "aws/page_tokens.hpp"

namespace opsdeck::aws {

namespace {

using nlohmann::json;

AwsRequest logs(const char* op, json in) { return json_request(services::logs, op, std::move(in)); }

void set_next_token(AwsRequest& r, const std::string& t) { r.input["nextToken"] = t; }

constexpr LogEventsPageShape kFilterLogEventsPage{"logs:FilterLogEvents", "nextToken", ""};
constexpr LogEventsPageShape kGetLogEventsPage{"logs:GetLogEvents", "nextForwardToken", "nextBackwardToken"};

}  // namespace

AwsRequest describe_log_groups_request(const std::string& prefix) {
  json in = {{"limit", 50}};
  if (!prefix.empty()) in["logGroupNamePrefix"] = prefix;
  return logs("DescribeLogGroups", std::move(in));
}

Result<std::vector<LogGroup>> parse_describe_log_groups(std::string_view body, std::string* next_token) {
  auto j = parse_json_body(body, "logs:DescribeLogGroups");
  if (!j) return j.error();
  std::vector<LogGroup> out;
  for (const auto& g : jarr(*j, "logGroups"))
    out.push_back({jstr(g, "logGroupName"), jstr(g, "arn"), jint(g, "creationTime"),
                   static_cast<int>(jint(g, "retentionInDays")), jint(g, "storedBytes"), g});
  if (next_token) *next_token = jstr(*j, "nextToken");
  return out;
}

Result<std::vector<LogGroup>> describe_log_groups(const SyncCaller& call, const std::string& prefix) {
  return paginate_sync<std::vector<LogGroup>>(
      call, describe_log_groups_request(prefix),
      [](const std::string& body, std::vector<LogGroup>& out) -> Result<std::string> {
        std::string token;
        auto page = parse_describe_log_groups(body, &token);
        if (!page) return page.error();
        for (auto& g : *page) out.push_back(std::move(g));
        return token;
      },
      set_next_token);
}

AwsRequest describe_log_streams_request(const std::string& group, bool newest_first) {
  json in = {{"logGroupName", group}, {"limit", 50}};
  if (newest_first) {
    in["orderBy"] = "LastEventTime";
    in["descending"] = true;
  }
  return logs("DescribeLogStreams", std::move(in));
}

Result<std::vector<LogStream>> parse_describe_log_streams(std::string_view body, std::string* next_token) {
  auto j = parse_json_body(body, "logs:DescribeLogStreams");
  if (!j) return j.error();
  std::vector<LogStream> out;
  for (const auto& s : jarr(*j, "logStreams"))
    out.push_back({jstr(s, "logStreamName"), jint(s, "lastEventTimestamp"), jint(s, "creationTime"), s});
  if (next_token) *next_token = jstr(*j, "nextToken");
  return out;
}

Result<std::vector<LogStream>> describe_log_streams(const SyncCaller& call, const std::string& group) {
  auto resp = call(describe_log_streams_request(group));
  if (!resp) return resp.error();
  return parse_describe_log_streams(resp->body, nullptr);
}

AwsRequest filter_log_events_request(const FilterLogEventsInput& in, const std::string& token) {
  json j = {{"logGroupName", in.group}};
  if (!in.streams.empty()) j["logStreamNames"] = in.streams;
  if (!in.stream_prefix.empty()) j["logStreamNamePrefix"] = in.stream_prefix;
  if (in.start_ms) j["startTime"] = in.start_ms;
  if (in.end_ms) j["endTime"] = in.end_ms;
  if (!in.pattern.empty()) j["filterPattern"] = in.pattern;
  if (in.limit > 0) j["limit"] = in.limit;
  if (!token.empty()) j["nextToken"] = token;
  return logs("FilterLogEvents", std::move(j));
}

Result<LogEventsPage> parse_filter_log_events(std::string_view body) {
  return read_log_events_page(body, body.size(), kFilterLogEventsPage);
}

Result<LogEventsPage> parse_filter_log_events(const std::string& body) {
  return read_log_events_page(body, body.capacity(), kFilterLogEventsPage);
}

Result<std::vector<LogEvent>> filter_log_events(const SyncCaller& call, const FilterLogEventsInput& in,
                                                size_t max_events) {
  std::vector<LogEvent> out;
  std::string token;
  PageTokenGuard guard("FilterLogEvents on " + in.group);
  for (;;) {
    auto resp = call(filter_log_events_request(in, token));
    if (!resp) return resp.error();
    auto page = parse_filter_log_events(resp->body);
    if (!page) return page.error();
    for (auto& e : page->events) {
      if (out.size() >= max_events) return out;
      out.push_back(std::move(e));
    }
    if (auto fresh = guard.check(page->next_token); !fresh) return fresh.error();
    if (page->next_token.empty()) return out;
    token = std::move(page->next_token);
  }
}

AwsRequest get_log_events_request(const std::string& group, const std::string& stream,
                                  const std::string& token, bool start_from_head) {
  json j = {{"logGroupName", group}, {"logStreamName", stream}, {"startFromHead", start_from_head}};
  if (!token.empty()) j["nextToken"] = token;
  return logs("GetLogEvents", std::move(j));
}

Result<LogEventsPage> parse_get_log_events(std::string_view body) {
  return read_log_events_page(body, body.size(), kGetLogEventsPage);
}

Result<LogEventsPage> parse_get_log_events(const std::string& body) {
  return read_log_events_page(body, body.capacity(), kGetLogEventsPage);
}

AwsRequest start_query_request(const std::vector<std::string>& groups, const std::string& query,
                               std::int64_t start_s, std::int64_t end_s, int limit) {
  return logs("StartQuery", {{"logGroupNames", groups}, {"queryString", query}, {"startTime", start_s},
                             {"endTime", end_s}, {"limit", limit}});
}

Result<std::string> parse_start_query(std::string_view body) {
  auto j = parse_json_body(body, "logs:StartQuery");
  if (!j) return j.error();
  auto id = jstr(*j, "queryId");
  if (id.empty()) {
    Error e = make_error(ErrorKind::Parse, "StartQuery response has no queryId");
    e.operation = "logs:StartQuery";
    return e;
  }
  return id;
}

AwsRequest get_query_results_request(const std::string& query_id) {
  return logs("GetQueryResults", {{"queryId", query_id}});
}

Result<QueryResults> parse_get_query_results(std::string_view body) {
  auto j = parse_json_body(body, "logs:GetQueryResults");
  if (!j) return j.error();
  QueryResults q;
  q.status = jstr(*j, "status");
  for (const auto& row : jarr(*j, "results")) {
    std::vector<std::pair<std::string, std::string>> fields;
    if (row.is_array())
      for (const auto& f : row) fields.emplace_back(jstr(f, "field"), jstr(f, "value"));
    q.rows.push_back(std::move(fields));
  }
  const json& stats = jobj(*j, "statistics");
  q.records_matched = jnum(stats, "recordsMatched");
  q.records_scanned = jnum(stats, "recordsScanned");
  return q;
}

}  // namespace opsdeck::aws
