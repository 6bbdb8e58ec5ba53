// The runbook loader over a corpus written for these tests (tests/unit/runbooks/*.md):
// exact fence lines, kinds, where, variables, destructive flags and safety rules.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/runbook/loader.hpp"
#include "tests/support/child_process.hpp"

namespace opsdeck::app::runbook {
namespace {

using Strings = std::vector<std::string>;

Runbook load_corpus(const std::string& name) {
  DestructivePatterns patterns;
  auto rb = load_runbook(std::string(OPSDECK_SOURCE_DIR) + "/tests/unit/runbooks/" + name, patterns);
  EXPECT_TRUE(rb.ok());
  return rb.ok() ? *rb : Runbook{};
}

struct Expected {
  int line;
  const char* kind;
  const char* where;  // nullptr: not checked (content)
  Strings vars;
  bool destructive;
};

TEST(RunbookLoader, ClinicCorpusLinesKindsWhereVars) {
  Runbook rb = load_corpus("clinic_api.md");
  const std::vector<Expected> want = {
      {13, "command", "local", {"INSTANCE_NAME", "AWS_REGION"}, false},
      {20, "command", "local", {"INSTANCE_ID"}, false},
      {27, "command", "host", {}, false},
      {32, "command", "host", {}, false},
      {40, "content", nullptr, {"your-domain"}, false},
      {53, "content", nullptr, {"DB_PASSWORD"}, false},
      {60, "content", nullptr, {}, false},
      {64, "content", nullptr, {}, true},
      {70, "command", "host", {}, true},
      {74, "command", "local", {"TAG"}, false},
      {81, "content", nullptr, {}, false},
      {88, "content", nullptr, {}, false},
      {96, "script", "host", {}, false},
      {103, "script", nullptr, {}, false},
      {110, "command", "local", {"STAGE", "cluster-name", "TASK_ARN", "HEREDOC_PLACEHOLDER", "EXPANDED"}, false},
      {125, "command", "local", {}, true},
      {129, "command", "local", {"BUCKET_NAME"}, false},
      {135, "content", nullptr, {}, false},
      {141, "content", nullptr, {}, false},
      {145, "command", "local", {}, false},
  };
  ASSERT_EQ(rb.steps.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const Step& s = rb.steps[i];
    SCOPED_TRACE("step " + std::to_string(i + 1) + " at line " + std::to_string(want[i].line) + ":\n" + s.code);
    EXPECT_EQ(s.index, static_cast<int>(i + 1));
    EXPECT_EQ(s.line, want[i].line);
    EXPECT_STREQ(to_string(s.kind), want[i].kind);
    if (want[i].where) {
      EXPECT_STREQ(to_string(s.where), want[i].where);
    }
    EXPECT_EQ(s.vars, want[i].vars);
    EXPECT_EQ(s.destructive, want[i].destructive);
  }
}

TEST(RunbookLoader, SectionsDescriptionsAndChecklist) {
  Runbook rb = load_corpus("clinic_api.md");
  ASSERT_GE(rb.steps.size(), 13u);
  EXPECT_EQ(rb.title, "Clinic API runbook");
  EXPECT_EQ(rb.steps[0].section, "1. Check the instance");
  EXPECT_EQ(rb.steps[0].description, "Look up the instance first:");
  EXPECT_EQ(rb.steps[4].section_path, (Strings{"Clinic API runbook", "2. On the host", "nginx config"}));
  EXPECT_EQ(rb.steps[12].description, "Create `/opt/app/deploy.sh`:");
  ASSERT_EQ(rb.checklist.size(), 3u);
  EXPECT_EQ(rb.checklist[0].text, "Verify the instance is `running`.");
  EXPECT_EQ(rb.checklist[0].line, 18);
  EXPECT_EQ(rb.checklist[2].text, "Then SSH in.");
  EXPECT_EQ(rb.checklist[2].line, 23);
  EXPECT_EQ(rb.steps[1].section, "1. Check the instance");
}

TEST(RunbookLoader, SafetyRulesMarkSteps) {
  Runbook rb = load_corpus("clinic_api.md");
  ASSERT_EQ(rb.rules.size(), 3u);
  EXPECT_EQ(rb.rules[0].line, 5);
  EXPECT_EQ(rb.rules[0].patterns, Strings{"rake db:reset"});
  EXPECT_EQ(rb.rules[1].patterns, Strings{"db:seed"});
  EXPECT_TRUE(rb.rules[1].production_only);
  EXPECT_EQ(rb.rules[2].patterns, Strings{"terraform destroy"});
  ASSERT_EQ(rb.steps.size(), 20u);
  const Step& seed = rb.steps[8];
  EXPECT_TRUE(seed.forbidden_by_runbook);
  bool warned = false;
  for (const auto& r : seed.destructive_reasons) warned = warned || r.find("wipes the database") != std::string::npos;
  EXPECT_TRUE(warned) << "the 'only on fresh instances' warning belongs to the seed step";
  EXPECT_TRUE(rb.steps[15].forbidden_by_runbook);  // terraform destroy
  EXPECT_FALSE(rb.steps[7].forbidden_by_runbook);  // DROP TABLE: built-in, not a rule
  EXPECT_EQ(rb.steps[16].script, "aws s3 ls s3://<BUCKET_NAME>\ndig +short example.com\n");
}

}  // namespace
}  // namespace opsdeck::app::runbook

namespace opsdeck::app::runbook {
namespace {

// libstdc++'s std::regex recursed once per character and overflowed the stack on a
// 200 KB line; every regex input is now bounded (shell_text.hpp regex_input).
TEST(RunbookLoader, PathologicalLongLinesDoNotCrash) {
  std::string md = "# Huge\n\nNever run `" + std::string(100000, 'B') + "` in production.\n\n```bash\necho " +
                   std::string(300000, 'A') + "\nexport DB_PASSWORD=\"" + std::string(100000, ' ') + "\"\n" +
                   std::string(20000, ' ') + "rm -rf /tmp/x\n```\n";
  DestructivePatterns patterns;
  Runbook rb = parse_runbook(md, patterns);
  ASSERT_EQ(rb.steps.size(), 1u);
  EXPECT_EQ(rb.steps[0].line, 5);
  EXPECT_TRUE(rb.steps[0].destructive) << "rm -rf far into a long line is still found";
}

TEST(RunbookLoader, EmptyBlocksTildeFencesAndQuotes) {
  const char* md =
      "Intro\n"           // 1
      "\n"                // 2
      "```\n"             // 3  empty block
      "```\n"             // 4
      "```\n"             // 5  empty again
      "```\n"             // 6
      "> ```bash\n"       // 7  inside a block quote
      "> ls -la\n"        // 8
      "> ```\n"           // 9
      "\n"                // 10
      "- item\n"          // 11
      "\n"                // 12
      "  ~~~~\n"          // 13 tilde fence in a list item, blank first line
      "\n"                // 14
      "  aws s3 ls\n"     // 15
      "  ~~~~\n";         // 16
  DestructivePatterns patterns;
  Runbook rb = parse_runbook(md, patterns);
  ASSERT_EQ(rb.steps.size(), 4u);
  EXPECT_EQ(rb.steps[0].line, 3);
  EXPECT_EQ(rb.steps[1].line, 5);
  EXPECT_EQ(rb.steps[2].line, 7);
  EXPECT_EQ(rb.steps[3].line, 13);
  EXPECT_EQ(rb.steps[3].code, "\naws s3 ls\n");
}

}  // namespace
}  // namespace opsdeck::app::runbook
