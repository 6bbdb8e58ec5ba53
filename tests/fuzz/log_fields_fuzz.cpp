// libFuzzer target: the fields the log view pulls out of a log line (widgets/log_fields.hpp)
// — level, HTTP status and latency from JSON lines, ALB and nginx/Apache access lines, a
// level word — and the JSON helpers of the detail pane. Each input line is one log line;
// none may crash, throw or read outside the line.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_support.hpp"
#include "widgets/log_fields.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::ui;
  std::string_view text = opsdeck::fuzz::as_text(data, size);
  std::size_t n = 0;
  while (!text.empty()) {
    std::string_view line = opsdeck::fuzz::take_until(text, '\n');
    LogFields f = extract_fields(line);
    n += static_cast<std::size_t>(f.level) + static_cast<std::size_t>(f.status) + f.latency.size();
    n += std::string_view(to_string(f.level)).size();
    for (const auto& row : json_pretty_rows(line)) n += row.size();
    bool found = false;
    n += json_value_of(line, "message", found).size() + (found ? 1 : 0);
    n += json_value_of(line, "level", found).size();
  }
  volatile std::size_t sink = n;
  (void)sink;
  return 0;
}
