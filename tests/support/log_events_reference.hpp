#pragma once
// The FilterLogEvents / GetLogEvents page parser as it was before aws/log_events_reader.cpp:
// nlohmann's DOM through parse_json_body, then the tolerant readers of aws/json_fields.hpp.
// Kept only as the reference that the differential test (tests/unit/log_events_reader_test.cpp)
// and the fuzz target (tests/fuzz/filter_log_events_fuzz.cpp) compare the simdjson reader
// with. Header-only; pure; any thread.

#include <string>
#include <string_view>

#include "aws/json_fields.hpp"
#include "aws/logs.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::testing {

// `backward_key` is nullptr for FilterLogEvents.
inline aws::Result<aws::LogEventsPage> reference_log_events_page(std::string_view body, std::string_view operation,
                                                                 const char* next_key, const char* backward_key) {
  auto j = aws::parse_json_body(body, operation);
  if (!j) return j.error();
  aws::LogEventsPage page;
  const auto& events = aws::jarr(*j, "events");
  page.events.reserve(events.size());
  for (const auto& e : events)
    page.events.push_back({aws::jstr(e, "logStreamName"), aws::jint(e, "timestamp"), aws::jint(e, "ingestionTime"),
                           aws::jstr(e, "message"), aws::jstr(e, "eventId")});
  page.next_token = aws::jstr(*j, next_key);
  if (backward_key) page.backward_token = aws::jstr(*j, backward_key);
  return page;
}

inline aws::Result<aws::LogEventsPage> reference_filter_log_events(std::string_view body) {
  return reference_log_events_page(body, "logs:FilterLogEvents", "nextToken", nullptr);
}

inline aws::Result<aws::LogEventsPage> reference_get_log_events(std::string_view body) {
  return reference_log_events_page(body, "logs:GetLogEvents", "nextForwardToken", "nextBackwardToken");
}

}  // namespace opsdeck::testing
