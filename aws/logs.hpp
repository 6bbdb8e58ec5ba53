#pragma once
// CloudWatch Logs (awsJson1_1): log groups and streams, FilterLogEvents, GetLogEvents and
// Logs Insights (StartQuery / GetQueryResults). Builders and parsers are pure; sync calls
// block the calling thread. Times are epoch milliseconds, as the Logs API uses them.
// (The live tail lives in app/logs/ and aws/live_tail_stream.hpp.)

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct LogGroup {
  std::string name;
  std::string arn;
  std::int64_t created_ms = 0;
  int retention_days = 0;  // 0: never expire
  std::int64_t stored_bytes = 0;
  nlohmann::json raw;
};

struct LogStream {
  std::string name;
  std::int64_t last_event_ms = 0;
  std::int64_t created_ms = 0;
  nlohmann::json raw;
};

struct LogEvent {
  std::string stream;
  std::int64_t timestamp_ms = 0;
  std::int64_t ingestion_ms = 0;
  std::string message;  // as sent: may hold control characters; sanitise before display
  std::string event_id;
};

struct LogEventsPage {
  std::vector<LogEvent> events;
  std::string next_token;      // FilterLogEvents nextToken / GetLogEvents nextForwardToken
  std::string backward_token;  // GetLogEvents only
};

struct FilterLogEventsInput {
  std::string group;
  std::vector<std::string> streams;
  std::string stream_prefix;
  std::int64_t start_ms = 0;  // 0: unset
  std::int64_t end_ms = 0;
  std::string pattern;
  int limit = 0;
};

AwsRequest describe_log_groups_request(const std::string& prefix = {});
Result<std::vector<LogGroup>> parse_describe_log_groups(std::string_view body, std::string* next_token);
Result<std::vector<LogGroup>> describe_log_groups(const SyncCaller& call, const std::string& prefix = {});

AwsRequest describe_log_streams_request(const std::string& group, bool newest_first = true);
Result<std::vector<LogStream>> parse_describe_log_streams(std::string_view body, std::string* next_token);
// First page only (newest streams first): groups can hold millions of streams.
Result<std::vector<LogStream>> describe_log_streams(const SyncCaller& call, const std::string& group);

AwsRequest filter_log_events_request(const FilterLogEventsInput& in, const std::string& token = {});
// Malformed JSON or a non-object is ErrorKind::Parse; members are read tolerantly (a missing
// or mistyped one is empty / 0). Read with simdjson On-Demand (aws/log_events_reader.hpp):
// the string_view form copies the body once into a padded buffer; the std::string form
// reads it in place when its spare capacity covers simdjson's 64 bytes of padding.
Result<LogEventsPage> parse_filter_log_events(std::string_view body);
Result<LogEventsPage> parse_filter_log_events(const std::string& body);
// Follows nextToken until `max_events` are collected or the pages end.
Result<std::vector<LogEvent>> filter_log_events(const SyncCaller& call, const FilterLogEventsInput& in,
                                                size_t max_events = 10000);

AwsRequest get_log_events_request(const std::string& group, const std::string& stream,
                                  const std::string& token = {}, bool start_from_head = true);
Result<LogEventsPage> parse_get_log_events(std::string_view body);  // as parse_filter_log_events
Result<LogEventsPage> parse_get_log_events(const std::string& body);

AwsRequest start_query_request(const std::vector<std::string>& groups, const std::string& query,
                               std::int64_t start_s, std::int64_t end_s, int limit = 1000);
Result<std::string> parse_start_query(std::string_view body);  // queryId
struct QueryResults {
  std::string status;  // Scheduled | Running | Complete | Failed | Cancelled | Timeout | Unknown
  std::vector<std::vector<std::pair<std::string, std::string>>> rows;  // field, value
  double records_matched = 0;
  double records_scanned = 0;
};
AwsRequest get_query_results_request(const std::string& query_id);
Result<QueryResults> parse_get_query_results(std::string_view body);

}  // namespace opsdeck::aws
