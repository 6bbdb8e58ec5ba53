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

// Found by fuzzing the config: std::regex's compiler overflows a signed integer on a long
// number (undefined behaviour) and recurses per group. Such configured patterns are refused
// like unparsable ones (the operator is warned, and every command counts as destructive
// until they are fixed), and the good ones still work.
TEST(RunbookLoader, ConfiguredPatternsWithHugeNumbersOrDeepGroupsAreRefused) {
  std::vector<std::string> errors;
  const std::vector<std::string> extra = {"\\99999999999999999999", "x{999999999999999999999}",
                                          std::string(40, '(') + "a" + std::string(40, ')'),
                                          std::string(2000, 'a'), "\\bwipe-cache\\b", "x{2,100}"};
  DestructivePatterns patterns(extra, &errors);
  EXPECT_EQ(errors, (std::vector<std::string>{extra[0], extra[1], extra[2], extra[3]}));
  auto reasons = patterns.reasons("./wipe-cache --now");
  ASSERT_EQ(reasons.size(), 5u);
  EXPECT_NE(reasons[0].find("wipe-cache"), std::string::npos);
  EXPECT_NE(reasons[1].find("does not compile"), std::string::npos);
  EXPECT_EQ(patterns.reasons("ls -l").size(), 4u);
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

#include "app/runbook/step_listing.hpp"
#include "app/runbook/variables.hpp"

namespace opsdeck::app::runbook {
namespace {

// Every placeholder spelling of variables.hpp, named as written between its delimiters.
TEST(RunbookPlaceholders, EverySpellingIsFound) {
  struct Case {
    const char* code;
    Strings names;
  };
  const std::vector<Case> cases = {
      {"docker logs <container_id>\n", {"container_id"}},                 // <lower_snake>
      {"aws ec2 describe-instances --instance-ids <INSTANCE_ID>\n", {"INSTANCE_ID"}},  // <X_Y>
      {"psql -U <user> -d app\n", {"user"}},                              // <x>
      {"ssh -i ~/.ssh/<key-name>.pem host\n", {"key-name"}},              // <kebab-case>
      {"aws s3 rm s3://bucket/<path/to/file>\n", {"path/to/file"}},       // <a/b>
      {"ssh ec2-user@YOUR_ELASTIC_IP\n", {"YOUR_ELASTIC_IP"}},            // YOUR_X
      {"curl -H 'Authorization: Bearer API_TOKEN_HERE' https://x\n", {"API_TOKEN_HERE"}},  // X_HERE
      {"aws logs tail /ecs/clickit-{env}-api\n", {"env"}},                // {x}
      {"echo ${RELEASE} ${CHANNEL:-stable}\n", {"RELEASE", "CHANNEL"}},   // ${X}, ${X:-d}
      {"git checkout COMMIT_HASH\n", {"COMMIT_HASH"}},                    // ALL_CAPS
      {"psql -h DB_HOST -U <user>\n", {"DB_HOST", "user"}},               // text order
      {"kill -SIGTERM PID\n", {"PID"}},
      {"aws cloudwatch get-metric-statistics --dimensions Name=LoadBalancer,Value=LB_ID\n", {"LB_ID"}},
      {"aws sqs start-message-move-task --source-arn arn:aws:sqs:eu-west-1:ACCOUNT_ID:q\n", {"ACCOUNT_ID"}},
      {"aws sqs send-message --message-body '{\"job_id\": \"JOB_ID\"}'\n", {"JOB_ID"}},
  };
  for (const auto& c : cases) EXPECT_EQ(find_variables(c.code, true).names, c.names) << c.code;
  auto defaults = find_variables("echo ${CHANNEL:-stable}\n", true).defaults;
  EXPECT_EQ(defaults["CHANNEL"], "stable");
  // In file contents only the angle and YOUR_X / X_HERE forms count.
  EXPECT_EQ(find_variables("server_name YOUR_DOMAIN;\nDB=<password>\nSECRET=PASTE_IT_HERE\nX=$HOST\n", false).names,
            (Strings{"YOUR_DOMAIN", "password", "PASTE_IT_HERE"}));
}

TEST(RunbookPlaceholders, WordsCommandsExpectAreNotPlaceholders) {
  const std::vector<const char*> none = {
      "curl -X GET -H \"Accept: application/json\" https://x/health\n",
      "aws cloudwatch describe-alarms --state-value ALARM --query 'MetricAlarms[].AlarmName'\n",
      "aws ec2 describe-instances --filters Name=tag:Name,Values=api --output text\n",
      "TZ=UTC date\nexport AWS_REGION=eu-west-1\nREGION=$AWS_REGION\necho \"region $REGION\"\n",
      "for f in {a,b}.log {1..3}.txt; do echo \"$f\"; done\nfind . -exec ls {} \\;\n",
      "docker inspect --format '{{.State.Status}}' api\ncurl -w '%{http_code}' https://x\n",
      "printenv NODE_ENV AWS_PROFILE\ngrep DB_HOST .env\n",
      "psql -c \"SELECT count(*) FROM users WHERE state = 'active' GROUP BY 1\"\n",
      "redis-cli INFO memory\naws ecs list-tasks --desired-status STOPPED\n",
      "aws ssm get-parameter --name /app/prod/DB_PASSWORD --with-decryption\n",
      "aws cloudwatch set-alarm-state --state-reason \"testing the PAGER path now\"\n",
      "curl -s https://x | grep -v ERROR_CODE\n",
      "echo '$NOT_A_VAR' \"$HOME\" $? $1\n",
      "grep '<title>' index.html\n",
  };
  for (const char* code : none) EXPECT_EQ(find_variables(code, true).names, Strings{}) << code;
}

Runbook parse(const std::string& md) {
  DestructivePatterns patterns;
  return parse_runbook(md, patterns);
}

TEST(RunbookSplitting, SshSessionAlternativesAndCarriedDirectory) {
  Runbook rb = parse(
      "# D\n\n```bash\n"                              // 1-3
      "ssh -i ~/.ssh/k.pem ec2-user@<IP>\n"          // 4
      "cd /opt/app\n"                                // 5
      "# normal deploy\n"                            // 6
      "sudo ./deploy.sh\n"                           // 7
      "# deploy with migrations\n"                   // 8
      "sudo ./deploy.sh migrate\n"                   // 9
      "```\n");
  ASSERT_EQ(rb.steps.size(), 2u);
  const Step& a = rb.steps[0];
  const Step& b = rb.steps[1];
  EXPECT_EQ(a.line, 4);
  EXPECT_EQ(b.line, 9);
  EXPECT_EQ(a.block, b.block);
  EXPECT_EQ(a.ssh_host, "ec2-user@<IP>");
  EXPECT_EQ(a.ssh_command, "ssh -i ~/.ssh/k.pem ec2-user@<IP>");
  EXPECT_STREQ(to_string(b.where), "host");
  EXPECT_NE(a.choice_group, 0);
  EXPECT_EQ(a.choice_group, b.choice_group);
  EXPECT_EQ(a.script, "cd /opt/app\nsudo ./deploy.sh\n") << "the ssh line is not run on the host";
  EXPECT_EQ(b.script, "cd /opt/app\nsudo ./deploy.sh migrate\n") << "cd is carried to the later step";
  EXPECT_EQ(b.vars, Strings{"IP"});
  EXPECT_NE(b.description.find("deploy with migrations"), std::string::npos);
}

TEST(RunbookSplitting, StreamsListsMachinesAndPlainProcedures) {
  Runbook rb = parse(
      "```bash\n"                                           // 1
      "docker build -t app:1 .\n"                           // 2
      "docker push app:1\n"                                 // 3
      "ssh deploy@app-1\n"                                  // 4
      "docker compose up -d\n"                              // 5
      "docker compose logs -f app\n"                        // 6
      "```\n\n"                                             // 7-8
      "```bash\n"                                           // 9
      "aws rds describe-db-snapshots --db-instance-identifier db\n"  // 10
      "aws rds restore-db-instance-from-db-snapshot --db-snapshot-identifier <SNAPSHOT_ID>\n"  // 11
      "```\n\n"                                             // 12-13
      "```bash\n"                                           // 14
      "cd /opt/app\ngit pull\ndocker compose up -d\n"       // 15-17
      "```\n");
  ASSERT_EQ(rb.steps.size(), 6u);
  EXPECT_EQ(rb.steps[0].line, 2);
  EXPECT_STREQ(to_string(rb.steps[0].where), "local");
  EXPECT_EQ(rb.steps[1].line, 4);
  EXPECT_EQ(rb.steps[1].ssh_host, "deploy@app-1");
  EXPECT_FALSE(rb.steps[1].follow);
  EXPECT_EQ(rb.steps[2].line, 6);
  EXPECT_TRUE(rb.steps[2].follow);
  EXPECT_EQ(rb.steps[2].ssh_host, "deploy@app-1");
  EXPECT_EQ(rb.steps[3].vars, Strings{});
  EXPECT_EQ(rb.steps[4].vars, Strings{"SNAPSHOT_ID"}) << "asked after the list is shown";
  EXPECT_EQ(rb.steps[5].line, 14) << "a plain procedure stays one step, at its fence";
  EXPECT_STREQ(to_string(rb.steps[5].where), "host");
}

TEST(RunbookSplitting, CheatSheetAndTranscriptSessions) {
  Runbook rb = parse(
      "```bash\n# containers\ndocker ps\n\n# free space\ndocker system prune -a\n```\n\n"
      "```bash\npsql -h localhost -U app app\n\\dt\nSELECT 1;\n```\n\n"
      "```bash\n# scale down\naws ecs update-service --service api --desired-count 0\n"
      "sleep 30\n# scale up\naws ecs update-service --service api --desired-count 2\n```\n");
  ASSERT_EQ(rb.steps.size(), 5u);
  EXPECT_FALSE(rb.steps[0].destructive);
  EXPECT_TRUE(rb.steps[1].destructive) << "only the prune is destructive";
  EXPECT_STREQ(to_string(rb.steps[2].kind), "command");
  EXPECT_STREQ(to_string(rb.steps[3].kind), "content") << "SQL typed into psql";
  EXPECT_EQ(rb.steps[4].line, 15) << "sleep keeps the scale-down and scale-up together";
}

TEST(RunbookInline, NumberedListCommandsAreSteps) {
  Runbook rb = parse(
      "# I\n\n"
      "1. SSH in: `ssh ubuntu@<SERVER_IP>`\n"
      "2. Check the service: `systemctl status api`\n"
      "3. Verify the instance is `running`.\n"
      "4. Are they up? `docker compose ps` or `docker ps -a`\n");
  ASSERT_EQ(rb.steps.size(), 4u);
  EXPECT_EQ(rb.steps[1].line, 4);
  EXPECT_EQ(rb.steps[1].context, "Check the service: `systemctl status api`");
  EXPECT_EQ(rb.steps[1].ssh_host, "ubuntu@<SERVER_IP>") << "the list's ssh item reaches the host";
  EXPECT_EQ(rb.steps[1].script, "systemctl status api\n");
  EXPECT_NE(rb.steps[2].choice_group, 0);
  EXPECT_EQ(rb.steps[2].choice_group, rb.steps[3].choice_group);
  ASSERT_EQ(rb.checklist.size(), 1u);
  EXPECT_EQ(rb.checklist[0].text, "Verify the instance is `running`.");
}

TEST(RunbookRules, ForbidOnlyWhatTheySayAndAreQuoted) {
  Runbook rb = parse(
      "Rules:\n\n"
      "- Do not edit the schema by hand; use `deploy.sh migrate` for schema changes.\n"
      "- Always take a snapshot first.\n"
      "- Keep 20% free; do not use gp2 volumes for new instances.\n"
      "- Never run `rake db:reset` in production.\n\n"
      "```bash\n./deploy.sh migrate\n```\n\n```bash\nbundle exec rake db:reset\n```\n");
  ASSERT_EQ(rb.rules.size(), 1u);
  EXPECT_EQ(rb.rules[0].patterns, Strings{"rake db:reset"});
  ASSERT_EQ(rb.steps.size(), 2u);
  EXPECT_FALSE(rb.steps[0].forbidden_by_runbook) << "a recommendation forbids nothing";
  EXPECT_TRUE(rb.steps[1].forbidden_by_runbook);
  EXPECT_EQ(rb.steps[1].rules, Strings{"Never run `rake db:reset` in production."});
}

TEST(RunbookListing, TableAndJsonShowTheNewFields) {
  Runbook rb = parse(
      "1. Check: `systemctl status api`\n\n"
      "```bash\nssh ec2-user@host-1 'journalctl -u api -f'\n```\n\n"
      "```bash\n# a\n./deploy.sh\n# or\n./deploy.sh migrate\n```\n");
  ASSERT_EQ(rb.steps.size(), 4u);
  std::string table = steps_table(rb, RunbookProgress{});
  EXPECT_NE(table.find("ssh ec2-user@host-1"), std::string::npos) << table;
  EXPECT_NE(table.find("FOLLOW"), std::string::npos) << table;
  EXPECT_NE(table.find("ALT1"), std::string::npos) << table;
  EXPECT_NE(table.find("from the list item: Check: `systemctl status api`"), std::string::npos) << table;
  auto j = step_to_json(rb.steps[1], nullptr);
  EXPECT_EQ(j["ssh_host"], "ec2-user@host-1");
  EXPECT_EQ(j["follow"], true);
  EXPECT_EQ(j["script"], "journalctl -u api -f\n");
  EXPECT_EQ(step_to_json(rb.steps[0], nullptr)["context"], "Check: `systemctl status api`");
  EXPECT_EQ(step_to_json(rb.steps[3], nullptr)["choice_group"], 1);
}

}  // namespace
}  // namespace opsdeck::app::runbook
