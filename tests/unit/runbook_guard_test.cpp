// The action gate, redaction, audit log, config reader, progress store and the local
// shell target (a real /bin/bash).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "app/action_gate.hpp"
#include "app/audit_log.hpp"
#include "app/config.hpp"
#include "app/redactor.hpp"
#include "app/runbook/local_shell_target.hpp"
#include "app/runbook/progress_store.hpp"
#include "tests/support/child_process.hpp"

namespace opsdeck::app {
namespace {

// Answers confirmations from a script of replies; records the questions.
class ScriptedConfirmer : public Confirmer {
 public:
  ScriptedConfirmer(bool interactive, std::vector<std::string> replies)
      : interactive_(interactive), replies_(std::move(replies)) {}
  bool interactive() const override { return interactive_; }
  std::string ask(const std::string& q, const std::vector<std::string>&) override {
    questions.push_back(q);
    if (replies_.empty()) return {};
    auto r = replies_.front();
    replies_.erase(replies_.begin());
    return r;
  }
  std::vector<std::string> questions;

 private:
  bool interactive_;
  std::vector<std::string> replies_;
};

GateRequest destructive_request() {
  GateRequest r;
  r.action = "step 3 of db.md";
  r.target = "local";
  r.destructive = true;
  r.reasons = {"SQL DROP"};
  return r;
}

TEST(ActionGate, ReadOnlyRefusesEveryChangeButNotReads) {
  ActionGate gate({.readonly = true, .production = false, .environment = "dev", .assume_yes = true}, nullptr);
  GateRequest change;
  change.destructive = false;
  EXPECT_EQ(gate.check(change).verdict, GateVerdict::Refused);
  EXPECT_EQ(gate.check(destructive_request()).verdict, GateVerdict::Refused);
  GateRequest read;
  read.changes_something = false;
  EXPECT_TRUE(gate.check(read).allowed());
}

TEST(ActionGate, ProductionNeedsTheTypedEnvironmentName) {
  ActionGate yes_only({.readonly = false, .production = true, .environment = "prod", .assume_yes = true}, nullptr);
  EXPECT_EQ(yes_only.check(destructive_request()).verdict, GateVerdict::Refused);

  ScriptedConfirmer wrong(true, {"y"});
  ActionGate g1({false, true, "prod", true}, &wrong);
  EXPECT_EQ(g1.check(destructive_request()).verdict, GateVerdict::Declined);
  ASSERT_EQ(wrong.questions.size(), 1u);
  EXPECT_NE(wrong.questions[0].find("prod"), std::string::npos);

  ScriptedConfirmer right(true, {"prod"});
  ActionGate g2({false, true, "prod", false}, &right);
  EXPECT_TRUE(g2.check(destructive_request()).allowed());
}

TEST(ActionGate, ProductionAsksYesNoForEveryOrdinaryChange) {
  GateRequest ordinary;  // a schema migration, an ECS scale: not destructive, still a change
  ordinary.action = "step 2 of migrate.md";
  ActionGate judge_only({false, true, "prod", false}, nullptr);
  GateDecision d = judge_only.judge(ordinary);
  EXPECT_EQ(d.verdict, GateVerdict::NeedsYesNo);
  EXPECT_NE(d.message.find("PRODUCTION"), std::string::npos);
  EXPECT_EQ(judge_only.check(ordinary).verdict, GateVerdict::Refused) << "no terminal, no --yes";

  ActionGate with_yes({false, true, "prod", true}, nullptr);
  GateDecision yes = with_yes.check(ordinary);
  EXPECT_TRUE(yes.allowed());
  EXPECT_EQ(yes.message, "confirmed by --yes");

  ScriptedConfirmer no(true, {"n"});
  EXPECT_EQ(ActionGate({false, true, "prod", false}, &no).check(ordinary).verdict, GateVerdict::Declined);
  ScriptedConfirmer y(true, {"y"});
  EXPECT_TRUE(ActionGate({false, true, "prod", false}, &y).check(ordinary).allowed());

  // Outside production an ordinary change needs no question.
  EXPECT_TRUE(ActionGate({false, false, "dev", false}, nullptr).check(ordinary).allowed());
}

TEST(ActionGate, ProvenReadOnlyRunsEverywhereAndIsMarked) {
  GateRequest read;
  read.changes_something = false;
  for (bool readonly : {false, true})
    for (bool production : {false, true}) {
      GateDecision d = ActionGate({readonly, production, "prod", false}, nullptr).check(read);
      EXPECT_TRUE(d.allowed());
      EXPECT_TRUE(d.read_only);
    }
}

TEST(ActionGate, ReadOnlyRefusalSaysWhyItIsNotProven) {
  GateRequest change;
  change.action = "step 1 of x.md";
  change.why_not_read_only = "line 1: `systemctl restart api`: systemctl restart changes something";
  GateDecision d = ActionGate({true, false, "dev", true}, nullptr).check(change);
  EXPECT_EQ(d.verdict, GateVerdict::Refused);
  EXPECT_NE(d.message.find("systemctl restart"), std::string::npos) << d.message;
}

TEST(ActionGate, ResolveTakesTheDialogsAnswer) {
  ActionGate gate({false, true, "prod", false}, nullptr);
  GateDecision q = gate.judge(destructive_request());
  ASSERT_EQ(q.verdict, GateVerdict::NeedsTypedName);
  EXPECT_EQ(q.typed_name, "prod");
  EXPECT_EQ(gate.resolve(q, "y").verdict, GateVerdict::Declined);
  EXPECT_EQ(gate.resolve(q, "Prod").verdict, GateVerdict::Declined);
  EXPECT_TRUE(gate.resolve(q, "prod\r\n").allowed());
}

TEST(Redactor, MasksSecretsInCommands) {
  Redactor r;
  r.add_secret("hunter2-secret");
  std::string in =
      "export DB_PASSWORD='hunter2-secret'\n"
      "psql postgres://app:s3cr3tpw@db:5432/app --password hunter2-secret\n"
      "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 ls\n"
      "aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
      "curl -H 'Authorization: Bearer abc.def.ghi' https://x\n"
      "mysql --password=topsecret\n"
      "git checkout 0123456789abcdef0123456789abcdef01234567\n";
  std::string out = r.redact(in);
  for (const char* secret : {"hunter2-secret", "s3cr3tpw", "AKIAIOSFODNN7EXAMPLE",
                             "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "abc.def.ghi", "topsecret"})
    EXPECT_EQ(out.find(secret), std::string::npos) << secret << " in:\n" << out;
  EXPECT_NE(out.find("0123456789abcdef0123456789abcdef01234567"), std::string::npos) << "a git sha is not a secret";
  EXPECT_NE(out.find("aws s3 ls"), std::string::npos);
}

TEST(AuditLog, AppendsOneJsonLinePerRecordWithoutSecrets) {
  testing::TempDir dir;
  AuditLog log((dir.path() / "sub" / "audit.jsonl").string());
  AuditRecord r;
  r.environment = "prod";
  r.action = "runbook.step";
  r.phase = "end";
  r.target = "local";
  r.command = "DB_PASSWORD=letmein ./migrate.sh";
  r.exit_status = 0;
  r.duration_ms = 12;
  ASSERT_TRUE(log.append(r).ok());
  r.phase = "start";
  r.exit_status.reset();
  ASSERT_TRUE(log.append(r).ok());
  std::string text = testing::read_file(log.path());
  EXPECT_EQ(text.find("letmein"), std::string::npos);
  auto first = nlohmann::json::parse(text.substr(0, text.find('\n')));
  EXPECT_EQ(first["environment"], "prod");
  EXPECT_EQ(first["exit_status"], 0);
  EXPECT_EQ(first["duration_ms"], 12);
  EXPECT_FALSE(first["user"].get<std::string>().empty());
  EXPECT_EQ(first["time"].get<std::string>().back(), 'Z');
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
}

TEST(AuditLog, PathFromEnvironment) {
  setenv("OPSDECK_AUDIT_LOG", "/tmp/somewhere/audit.jsonl", 1);
  EXPECT_EQ(AuditLog::default_path(), "/tmp/somewhere/audit.jsonl");
  unsetenv("OPSDECK_AUDIT_LOG");
  setenv("XDG_STATE_HOME", "/tmp/xdg-state", 1);
  EXPECT_EQ(AuditLog::default_path(), "/tmp/xdg-state/opsdeck/audit.jsonl");
  unsetenv("XDG_STATE_HOME");
}

TEST(Config, EnvironmentsAndProductionInference) {
  auto c = parse_config(R"({
    "default_environment": "staging",
    "environments": {
      "prod": {"profile": "clinic", "region": "us-east-1", "vars": {"CLUSTER": "c-prod"}},
      "staging": {"production": false},
      "live-eu": {},
      "sandbox": {"production": true}
    },
    "runbooks": {"destructive_patterns": ["\\bnuke\\b"], "vars": {"TAG": "latest"}}
  })", "cfg.json");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_TRUE(c->find_environment("prod")->production);
  EXPECT_EQ(c->find_environment("prod")->vars.at("CLUSTER"), "c-prod");
  EXPECT_FALSE(c->find_environment("staging")->production);
  EXPECT_FALSE(c->find_environment("live-eu")->production);  // only exactly "live"
  EXPECT_TRUE(c->find_environment("sandbox")->production);
  EXPECT_EQ(c->runbooks.destructive_patterns.size(), 1u);
  auto def = resolve_environment(*c, "");
  ASSERT_TRUE(def.ok());
  EXPECT_EQ(def->name, "staging");
  auto unknown = resolve_environment(*c, "qa");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, aws::ErrorKind::Usage);
  EXPECT_TRUE(resolve_environment(Config{}, "production")->production);
  EXPECT_FALSE(resolve_environment(Config{}, "")->production);
}

TEST(Config, ErrorsNameFileAndLine) {
  auto c = parse_config("{\n  \"environments\": {\n    \"prod\": { \"production\": tru }\n  }\n}\n", "/x/config.json");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("/x/config.json:3:"), std::string::npos) << c.error().message;
  auto t = parse_config(R"({"environments": {"prod": {"production": "yes"}}})", "c.json");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("$.environments.prod.production"), std::string::npos) << t.error().message;
}

TEST(ProgressStore, SavesAtomicallyAndNeverPersistsSecrets) {
  testing::TempDir dir;
  runbook::ProgressStore store(dir.path().string(), "/work/runbooks/deploy.md", "prod");
  runbook::RunbookProgress p;
  p.steps[2] = {"done", 0, 1500, "2026-01-01T00:00:00Z", "abc"};
  p.steps[3] = {"running", 0, 0, "", "def"};
  p.vars = {{"ZONE_ID", "Z1"}, {"DB_PASSWORD", "hunter2"}, {"API_TOKEN", "t0k"}};
  ASSERT_TRUE(store.save(p).ok());
  std::string text = testing::read_file(store.file());
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_EQ(text.find("t0k"), std::string::npos);
  EXPECT_NE(store.file().find(".prod.json"), std::string::npos);
  runbook::ProgressStore again(dir.path().string(), "/work/runbooks/deploy.md", "prod");
  auto loaded = again.load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->steps.at(2).status, "done");
  EXPECT_EQ(loaded->steps.at(2).duration_ms, 1500);
  EXPECT_EQ(loaded->steps.at(3).status, "running");
  EXPECT_EQ(loaded->vars, (std::map<std::string, std::string>{{"ZONE_ID", "Z1"}}));
  runbook::ProgressStore other_env(dir.path().string(), "/work/runbooks/deploy.md", "dev");
  EXPECT_TRUE(other_env.load()->steps.empty());
  testing::write_file(store.file(), "{not json");
  EXPECT_FALSE(again.load().ok());
}

TEST(LocalShellTarget, StreamsOutputAndReportsExitCode) {
  runbook::LocalShellTarget target;
  std::string out, err;
  auto r = target.run("echo one; echo two >&2; exit 7",
                      [&](runbook::OutputStream s, std::string_view c) {
                        (s == runbook::OutputStream::Stdout ? out : err).append(c);
                      },
                      nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 7);
  EXPECT_EQ(out, "one\n");
  EXPECT_EQ(err, "two\n");
  EXPECT_GE(r->duration.count(), 0);
}

TEST(LocalShellTarget, CancelStopsTheProcessGroup) {
  runbook::LocalShellTarget target;
  std::atomic<bool> cancel{false};
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel = true;
  });
  auto r = target.run("sleep 30 & sleep 30; echo never", {}, &cancel);
  t.join();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->cancelled);
  EXPECT_EQ(r->exit_code, 128 + SIGTERM);
  EXPECT_LT(r->duration.count(), 10000);
}

}  // namespace
}  // namespace opsdeck::app
