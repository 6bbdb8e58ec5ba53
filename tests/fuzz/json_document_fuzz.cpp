// libFuzzer target: the bounded JSON reader every outside document goes through
// (aws/json_document.hpp). Differential: whatever the text, read_json_text() agrees with
// nlohmann's own DOM parser — the same value when the document nests no deeper than
// max_depth, a TooDeep problem when it nests deeper, a Syntax problem (with a line and
// column inside the text) when nlohmann rejects it. The Result wrappers name their origin.
//
// Input: first byte = options (bits 0-2: max_depth 1..7, or the default 256 when 0;
// bit 3: comments allowed), the rest is the document.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aws/json_document.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

// Open objects/arrays at the deepest point (a scalar document is 0).
int depth_of(const nlohmann::json& j) {
  int deepest = 0;
  if (j.is_object() || j.is_array())
    for (const auto& c : j) deepest = std::max(deepest, depth_of(c));
  return deepest + (j.is_object() || j.is_array() ? 1 : 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::aws;
  using opsdeck::fuzz::fail;
  if (size == 0) return 0;
  JsonReadOptions options;
  options.max_depth = (data[0] & 7) ? data[0] & 7 : kMaxJsonDepth;
  options.comments = data[0] & 8;
  std::string_view text = opsdeck::fuzz::as_text(data + 1, size - 1);

  nlohmann::json got;
  JsonProblem problem;
  const bool ok = read_json_text(text, got, problem, options);
  const auto want = nlohmann::json::parse(text, nullptr, false, options.comments);
  if (want.is_discarded()) {
    if (ok) fail("read_json_text accepted what nlohmann rejects", got.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (problem.kind == JsonProblem::Kind::Syntax &&
        (problem.offset > text.size() || problem.line < 1 || problem.column < 1))
      fail("a syntax problem placed outside the text");
  } else if (depth_of(want) > options.max_depth) {
    if (ok || problem.kind != JsonProblem::Kind::TooDeep) fail("a document past max_depth was not refused as too deep");
  } else {
    if (!ok) fail("read_json_text rejected a valid document", problem.message);
    if (got != want) fail("read_json_text built a different value", got.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }

  auto doc = parse_json_document(text, "fuzz origin");
  if (!doc.ok() && doc.error().describe().find("fuzz origin") == std::string::npos)
    fail("a document error does not name its origin", doc.error().describe());
  auto cfg = parse_config_json(text, "fuzz.json");
  if (!cfg.ok() && cfg.error().describe().find("fuzz.json") == std::string::npos)
    fail("a config error does not name its file", cfg.error().describe());
  return 0;
}
