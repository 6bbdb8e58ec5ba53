// libFuzzer target: a runbook progress file (app/runbook/progress_store.hpp), written to a
// per-process scratch state directory and loaded as the runner does on start-up. Any bytes
// give progress or a Parse error naming the file — never a crash or an exception. Progress
// that loads survives a save and a second load unchanged (secret-named variables are never
// kept, so none may come back).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/runbook/progress_store.hpp"
#include "app/secret_names.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace opsdeck::app::runbook;

bool same(const RunbookProgress& a, const RunbookProgress& b) {
  if (a.runbook != b.runbook || a.environment != b.environment || a.vars != b.vars ||
      a.steps.size() != b.steps.size())
    return false;
  for (const auto& [i, s] : a.steps) {
    auto it = b.steps.find(i);
    if (it == b.steps.end()) return false;
    const StepProgress& t = it->second;
    if (s.status != t.status || s.exit_code != t.exit_code || s.duration_ms != t.duration_ms ||
        s.finished_at != t.finished_at || s.code_hash != t.code_hash)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ProgressStore store((opsdeck::fuzz::ScratchDir::path() / "state").string(), "/fuzz/runbooks/deploy.md",
                                   "prod");
  opsdeck::fuzz::write_file(store.file(), opsdeck::fuzz::as_text(data, size));
  auto first = store.load();
  if (!first.ok()) {
    if (first.error().message.find(store.file()) == std::string::npos)
      opsdeck::fuzz::fail("a progress load error does not name the file");
    return 0;
  }
  for (const auto& [name, value] : first->vars)
    if (opsdeck::app::is_secret_name(name)) opsdeck::fuzz::fail("a secret-named variable was loaded");
  auto saved = store.save(*first);
  if (!saved.ok()) opsdeck::fuzz::fail("cannot save progress that loaded");
  auto again = store.load();
  if (!again.ok() || !same(*first, *again)) opsdeck::fuzz::fail("progress changed across save and load");
  return 0;
}
