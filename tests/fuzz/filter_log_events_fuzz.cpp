// libFuzzer target: the simdjson reader of FilterLogEvents / GetLogEvents pages
// (aws/log_events_reader.hpp, through aws::parse_filter_log_events / parse_get_log_events)
// against the nlohmann parser it replaced (tests/support/log_events_reference.hpp).
// Whatever the bytes, both give the same page (every event's stream, timestamps, message
// bytes and id; the tokens) or the same error (kind, message, operation, hint), whether the
// body is read in place (a std::string with spare capacity) or copied into a padded buffer.
//
// Input: byte 0 bit 0 picks GetLogEvents over FilterLogEvents, bit 1 the in-place read;
// the rest is the body.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "aws/logs.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/support/log_events_reference.hpp"

namespace {

using opsdeck::aws::LogEventsPage;
using opsdeck::aws::Result;
using opsdeck::fuzz::fail;

void check_same(const Result<LogEventsPage>& want, const Result<LogEventsPage>& got, std::string_view body) {
  if (want.ok() != got.ok()) fail(want.ok() ? "only the reference parsed the page" : "only the new reader parsed the page", body);
  if (!want.ok()) {
    const auto& w = want.error();
    const auto& g = got.error();
    if (w.kind != g.kind || w.message != g.message || w.operation != g.operation || w.hint != g.hint)
      fail("the readers refuse the page differently", g.message + " | " + w.message);
    return;
  }
  if (want->events.size() != got->events.size()) fail("a different number of events", body);
  for (std::size_t i = 0; i < want->events.size(); ++i) {
    const auto& w = want->events[i];
    const auto& g = got->events[i];
    if (w.stream != g.stream) fail("a different stream", g.stream);
    if (w.timestamp_ms != g.timestamp_ms) fail("a different timestamp", body);
    if (w.ingestion_ms != g.ingestion_ms) fail("a different ingestion time", body);
    if (w.message != g.message) fail("a different message", g.message);
    if (w.event_id != g.event_id) fail("a different event id", g.event_id);
  }
  if (want->next_token != got->next_token) fail("a different next token", got->next_token);
  if (want->backward_token != got->backward_token) fail("a different backward token", got->backward_token);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  std::string_view body = opsdeck::fuzz::as_text(data + 1, size - 1);
  const bool get_log_events = flags & 1;
  const bool in_place = flags & 2;
  std::string roomy;
  if (in_place) {
    roomy.reserve(body.size() + 64);
    roomy.assign(body);
  }
  if (get_log_events) {
    auto want = opsdeck::testing::reference_get_log_events(body);
    auto got = in_place ? opsdeck::aws::parse_get_log_events(roomy) : opsdeck::aws::parse_get_log_events(body);
    check_same(want, got, body);
  } else {
    auto want = opsdeck::testing::reference_filter_log_events(body);
    auto got = in_place ? opsdeck::aws::parse_filter_log_events(roomy) : opsdeck::aws::parse_filter_log_events(body);
    check_same(want, got, body);
  }
  return 0;
}
