// The runbook loader over a corpus of runbooks written the way operators write them
// (tests/unit/runbooks/corpus/*.md, patterns listed in its README.md). Beside each X.md,
// X.expected.json holds what a careful operator expects of every step — line, kind,
// where, ssh_host, follow, choice_group, destructive, vars — and the safety rules the
// runbook states. Every miss is printed (file, step, field, expected, got); at least 95 %
// of all expectations must hold.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "app/runbook/loader.hpp"

namespace opsdeck::app::runbook {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path corpus_dir() { return fs::path(OPSDECK_SOURCE_DIR) / "tests/unit/runbooks/corpus"; }

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(corpus_dir()))
    if (e.path().extension() == ".md" && e.path().filename() != "README.md") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

json read_json(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
}

// Counts expectations and prints each one that does not hold.
class Tally {
 public:
  void check(const std::string& where, const std::string& field, const json& expected, const json& got) {
    ++total_;
    if (expected == got) return;
    misses_.push_back(where + "  " + field + ": expected " + expected.dump() + ", got " + got.dump());
  }
  void miss(const std::string& what) {
    ++total_;
    misses_.push_back(what);
  }
  int total() const { return total_; }
  int held() const { return total_ - static_cast<int>(misses_.size()); }
  const std::vector<std::string>& misses() const { return misses_; }

 private:
  int total_ = 0;
  std::vector<std::string> misses_;
};

// Choice groups are compared as a partition: the numbers may differ, the grouping may not.
class ChoiceMap {
 public:
  // What to compare with `expected`: `got` itself when one of them is 0, else `expected`
  // when the pairing is consistent with every earlier step of the runbook.
  json seen_as(int expected, int got) {
    if (expected == 0 || got == 0) return got;
    auto e = to_got_.find(expected);
    auto g = to_expected_.find(got);
    if (e == to_got_.end() && g == to_expected_.end()) {
      to_got_[expected] = got;
      to_expected_[got] = expected;
      return expected;
    }
    if (e != to_got_.end() && e->second == got) return expected;
    return "group " + std::to_string(got) + ", grouped differently";
  }

 private:
  std::map<int, int> to_got_;
  std::map<int, int> to_expected_;
};

void compare_step(Tally& t, const std::string& where, const json& e, const Step& s, ChoiceMap& choices) {
  t.check(where, "kind", e["kind"], to_string(s.kind));
  if (!e["where"].is_null()) t.check(where, "where", e["where"], to_string(s.where));
  t.check(where, "ssh_host", e.value("ssh_host", ""), s.ssh_host);
  t.check(where, "follow", e["follow"], s.follow);
  int ec = e["choice_group"].get<int>();
  t.check(where, "choice_group", ec, choices.seen_as(ec, s.choice_group));
  t.check(where, "destructive", e["destructive"], s.destructive);
  t.check(where, "vars", e["vars"], s.vars);
}

void compare_runbook(Tally& t, const fs::path& md) {
  std::string name = md.filename().string();
  fs::path exp_path = md;
  exp_path.replace_extension(".expected.json");
  json want = read_json(exp_path);
  if (want.is_discarded() || !want.contains("steps")) {
    t.miss(name + ": no readable " + exp_path.filename().string());
    return;
  }
  DestructivePatterns patterns;
  auto loaded = load_runbook(md.string(), patterns);
  if (!loaded.ok()) {
    t.miss(name + ": does not load");
    return;
  }
  const Runbook& rb = *loaded;
  const auto& steps = want["steps"];
  ChoiceMap choices;
  size_t next = 0;
  for (size_t k = 0; k < steps.size(); ++k) {
    const json& e = steps[k];
    int line = e["line"].get<int>();
    std::string where = name + " step " + std::to_string(k + 1) + " (line " + std::to_string(line) + ")";
    size_t found = next;
    while (found < rb.steps.size() && rb.steps[found].line != line) ++found;
    if (found == rb.steps.size()) {
      t.miss(where + "  line: expected a step at line " + std::to_string(line) + ", got none");
      continue;
    }
    for (size_t x = next; x < found; ++x)
      t.miss(name + "  extra step at line " + std::to_string(rb.steps[x].line) + ": " + rb.steps[x].code);
    t.check(where, "line", line, rb.steps[found].line);
    compare_step(t, where, e, rb.steps[found], choices);
    next = found + 1;
  }
  for (size_t x = next; x < rb.steps.size(); ++x)
    t.miss(name + "  extra step at line " + std::to_string(rb.steps[x].line) + ": " + rb.steps[x].code);
  std::vector<std::string> got_rules;
  for (const auto& r : rb.rules) got_rules.push_back(r.text);
  std::vector<std::string> want_rules = want.value("rules", std::vector<std::string>{});
  for (const auto& r : want_rules)
    if (std::find(got_rules.begin(), got_rules.end(), r) == got_rules.end())
      t.miss(name + "  rule not read: " + r);
    else
      t.check(name, "rule", r, r);
  for (const auto& r : got_rules)
    if (std::find(want_rules.begin(), want_rules.end(), r) == want_rules.end())
      t.miss(name + "  not a rule, read as one: " + r);
}

TEST(RunbookCorpus, HasThirtyRunbooksEachWithExpectations) {
  auto files = corpus_files();
  EXPECT_GE(files.size(), 30u);
  for (const auto& md : files) {
    fs::path e = md;
    e.replace_extension(".expected.json");
    EXPECT_TRUE(fs::exists(e)) << e;
  }
}

TEST(RunbookCorpus, AtLeast95PercentOfExpectationsHold) {
  Tally t;
  for (const auto& md : corpus_files()) compare_runbook(t, md);
  for (const auto& m : t.misses()) std::printf("  miss  %s\n", m.c_str());
  std::printf("runbook corpus: %d of %d expectations hold (%.1f %%)\n", t.held(), t.total(),
              t.total() ? 100.0 * t.held() / t.total() : 0.0);
  ASSERT_GT(t.total(), 1000);
  EXPECT_GE(t.held() * 100, t.total() * 95) << t.misses().size() << " misses";
}

}  // namespace
}  // namespace opsdeck::app::runbook
