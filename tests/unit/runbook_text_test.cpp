// Pure classifiers of runbook blocks: variables, kind, where, destructive patterns,
// safety rules, read-only judgement.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/runbook/classifier.hpp"
#include "app/runbook/destructive_patterns.hpp"
#include "app/runbook/shell_judge.hpp"
#include "app/runbook/safety_rules.hpp"
#include "app/runbook/variables.hpp"

namespace opsdeck::app::runbook {
namespace {

using Strings = std::vector<std::string>;

Strings shell_vars(const char* code) { return find_variables(code, true).names; }

TEST(RunbookVariables, EveryPlaceholderForm) {
  EXPECT_EQ(shell_vars("aws route53 list-resource-record-sets --hosted-zone-id <ZONE_ID>"), Strings{"ZONE_ID"});
  EXPECT_EQ(shell_vars("curl https://<your-domain>/healthz"), Strings{"your-domain"});
  EXPECT_EQ(shell_vars("echo $ENV ${CLUSTER} ${TAG:-latest} ${REGION-us-east-1}"),
            (Strings{"ENV", "CLUSTER", "TAG", "REGION"}));
  auto scan = find_variables("docker pull app:${TAG:-latest}", true);
  EXPECT_EQ(scan.defaults.at("TAG"), "latest");
  EXPECT_EQ(shell_vars("aws ecs stop-task --cluster x --task TASK_ARN"), Strings{"TASK_ARN"});
  // Not placeholders: <b>html</b>-like single words, << heredocs, redirections.
  EXPECT_EQ(shell_vars("sort < input.txt > out.txt"), Strings{});
  EXPECT_EQ(find_variables("<div>$host</div> <ACCOUNT_ID>", false).names, Strings{"ACCOUNT_ID"});
}

TEST(RunbookVariables, AssignedSpecialAndEnvironmentAreNotPlaceholders) {
  EXPECT_EQ(shell_vars("FOO=1\necho $FOO"), Strings{});
  EXPECT_EQ(shell_vars("echo $FOO\nFOO=1"), Strings{"FOO"});  // used before assigned
  EXPECT_EQ(shell_vars("export A=1 B\necho $A $B"), Strings{});
  EXPECT_EQ(shell_vars("read -r -p 'Name: ' NAME\necho $NAME"), Strings{});
  EXPECT_EQ(shell_vars("for i in 1 2; do echo $i; done"), Strings{});
  EXPECT_EQ(shell_vars("f() { local X=1; echo $X; }"), Strings{});
  EXPECT_EQ(shell_vars("echo $1 $? $@ $# $$ $! $0 ${1:-} $*"), Strings{});
  EXPECT_EQ(shell_vars("echo $HOME $PATH $USER $PWD"), Strings{});
  EXPECT_EQ(shell_vars("echo '$LITERAL' \"$REAL\" \\$ESCAPED"), Strings{"REAL"});
  EXPECT_EQ(shell_vars("# uses $COMMENTED\necho ok"), Strings{});
  EXPECT_EQ(shell_vars("ID=$(aws ec2 describe-instances --query x)\necho $ID"), Strings{});
  EXPECT_EQ(shell_vars("echo $((COUNT + 1))"), Strings{});
}

TEST(RunbookVariables, SecretNames) {
  EXPECT_TRUE(is_secret_name("DB_PASSWORD"));
  EXPECT_TRUE(is_secret_name("api_token"));
  EXPECT_TRUE(is_secret_name("AWS_SECRET_ACCESS_KEY"));
  EXPECT_FALSE(is_secret_name("ZONE_ID"));
  EXPECT_FALSE(is_secret_name("your-domain"));
}

struct KindCase {
  const char* lang;
  const char* code;
  StepKind kind;
};

TEST(RunbookClassifier, KindFromInfoStringAndText) {
  const std::vector<KindCase> cases = {
      {"", "aws s3 ls\n", StepKind::Command},
      {"bash", "sudo systemctl restart nginx\n", StepKind::Command},
      {"", "#!/bin/bash\nset -e\n", StepKind::Script},
      {"bash", "#!/usr/bin/env bash\necho hi\n", StepKind::Script},
      {"", "{\n  \"Version\": \"2012-10-17\"\n}\n", StepKind::Content},
      {"", "server {\n  listen 80;\n  location / { proxy_pass http://app; }\n}\n", StepKind::Content},
      {"", "SELECT * FROM pg_stat_activity;\n", StepKind::Content},
      {"", "DATABASE_URL=postgres://x\nREDIS_URL=redis://y\n", StepKind::Content},
      {"bash", "SECRET_KEY=abc\nDEBUG=false\n", StepKind::Content},
      {"", "app/\n  src/\n  tests/\n", StepKind::Content},
      {"", "├── api\n└── web\n", StepKind::Content},
      {"", "+-------+------+\n| a     | b    |\n+-------+------+\n", StepKind::Content},
      {"", "version: '3'\nservices:\n  web:\n    image: app\n", StepKind::Content},
      {"yaml", "aws: not a command\n", StepKind::Content},
      {"python", "import boto3\n", StepKind::Content},
      {"", "[Unit]\nDescription=api\n", StepKind::Content},
      {"", "Type   Port  Source\nSSH    22    1.2.3.4/32\n", StepKind::Content},
      {"", "ENV=prod\naws ecs list-services --cluster app-$ENV\n", StepKind::Command},
      {"console", "$ dig +short example.com\n93.184.216.34\n", StepKind::Command},
      {"", "Error: connection refused\n", StepKind::Content},
  };
  for (const auto& c : cases)
    EXPECT_EQ(classify_kind(c.lang, c.code, ""), c.kind) << "lang=" << c.lang << " code:\n" << c.code;
  EXPECT_EQ(classify_kind("bash", "set -e\ncd /opt/app\n", "Save this as `/opt/app/deploy.sh`:"), StepKind::Script);
}

TEST(RunbookClassifier, WhereLocalOrHost) {
  const std::vector<std::pair<const char*, StepWhere>> cases = {
      {"aws ec2 describe-instances", StepWhere::Local},
      {"terraform apply", StepWhere::Local},
      {"git pull && docker build -t app . && docker push app", StepWhere::Local},
      {"dig +short example.com", StepWhere::Local},
      {"curl -I https://example.com/health", StepWhere::Local},
      {"ssh ubuntu@1.2.3.4 'sudo systemctl restart api'", StepWhere::Local},
      {"scp app.tar ubuntu@host:/opt/app/", StepWhere::Local},
      {"sudo systemctl restart api", StepWhere::Host},
      {"journalctl -u api -f", StepWhere::Host},
      {"docker-compose logs -f web", StepWhere::Host},
      {"docker compose up -d", StepWhere::Host},
      {"docker ps", StepWhere::Host},
      {"cd /opt/app && ./deploy.sh", StepWhere::Host},
      {"cat /etc/nginx/nginx.conf", StepWhere::Host},
      {"curl -fsS http://localhost:8080/healthz", StepWhere::Host},
  };
  for (const auto& [code, where] : cases) EXPECT_EQ(classify_where(code), where) << code;
}

TEST(RunbookDestructive, BuiltInPatterns) {
  DestructivePatterns p;
  for (const char* code : {"rm -rf /opt/app/releases/old", "aws ec2 terminate-instances --instance-ids i-1",
                           "aws rds delete-db-instance --db-instance-identifier x", "psql -c 'DROP TABLE users'",
                           "DROP DATABASE app;", "TRUNCATE sessions;", "bundle exec rake db:reset",
                           "npm run db:seed", "git reset --hard origin/main", "git push -f origin main",
                           "kubectl delete pod x", "terraform destroy", "docker system prune -a -f",
                           "docker-compose down -v", "aws ec2 revoke-security-group-ingress --group-id sg-1",
                           "aws s3 rm s3://b/k --recursive", "helm upgrade x --force",
                           "curl -X DELETE https://api/x", "aws s3 sync . s3://b --delete"})
    EXPECT_FALSE(p.reasons(code).empty()) << code;
  for (const char* code : {"aws ecs update-service --cluster c --service s --force-new-deployment",
                           "tail -f /var/log/syslog", "docker-compose logs -f", "docker compose -f prod.yml up -d",
                           "aws ec2 describe-instances", "# rm -rf / (never do this)", "git push origin main",
                           "docker image prune -f"})
    EXPECT_TRUE(p.reasons(code).empty()) << code;
}

TEST(RunbookDestructive, ConfigExtendsAndBadPatternsAreReported) {
  std::vector<std::string> errors;
  DestructivePatterns p({"\\bnuke-it\\b", "([unclosed"}, &errors);
  EXPECT_FALSE(p.reasons("./nuke-it now").empty());
  EXPECT_EQ(errors, Strings{"([unclosed"});
}

TEST(RunbookDestructive, APatternThatDoesNotCompileFailsClosed) {
  // A rule the operator wrote is never silently dropped: while it is broken, every command
  // counts as destructive and says which pattern to fix.
  DestructivePatterns broken({"\\bnuke\\9999999999b", "\\bdrop-cache\\b"});
  auto why = broken.reasons("ls -l /var/log");
  ASSERT_EQ(why.size(), 1u);
  EXPECT_NE(why[0].find("9999999999"), std::string::npos) << why[0];
  EXPECT_NE(why[0].find("until it is fixed"), std::string::npos) << why[0];
  EXPECT_FALSE(broken.reasons("./drop-cache").empty());
  EXPECT_TRUE(broken.reasons("# only a comment\n\n").empty());
  auto judged = judge_shell("ls -l /var/log", {}, broken);
  EXPECT_FALSE(judged.destructive.empty());
  DestructivePatterns fine({"\\bdrop-cache\\b"});
  EXPECT_TRUE(fine.reasons("ls -l /var/log").empty());
  EXPECT_TRUE(judge_shell("ls -l /var/log", {}, fine).destructive.empty());
}

TEST(RunbookSafetyRules, SentencesThatForbid) {
  auto r = find_safety_rules("Never run `rails db:reset` in production. It is fine locally.", 9);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].line, 9);
  EXPECT_EQ(r[0].patterns, Strings{"rails db:reset"});
  EXPECT_TRUE(r[0].production_only);
  EXPECT_TRUE(rule_matches(r[0], "cd /app\nbin/rails   db:reset\n"));  // whitespace-normalised
  EXPECT_FALSE(rule_matches(r[0], "bin/rails db:migrate"));
  EXPECT_TRUE(rule_matches(r[0], "cd /app && RAILS_ENV=production rails db:reset"));
  r = find_safety_rules("NEVER run seed scripts against production!", 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].patterns, Strings{"seed"});
  r = find_safety_rules("`docker system prune --volumes` must never be run on the db host.", 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_FALSE(r[0].production_only);
  EXPECT_TRUE(find_safety_rules("Run the migration, then check the logs.", 1).empty());
  EXPECT_FALSE(find_step_warning("Only on fresh instances — this wipes the database.").empty());
  EXPECT_FALSE(find_step_warning("This cannot be undone.").empty());
  EXPECT_TRUE(find_step_warning("Restart the API:").empty());
}

}  // namespace
}  // namespace opsdeck::app::runbook
