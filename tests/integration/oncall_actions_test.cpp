// The headless on-call actions against signature-checking moto (seeded by
// tests/support/seed_moto.py): `opsdeck queue peek|redrive|purge`, `opsdeck secret put|rotate`,
// `opsdeck param history|diff|restore`. moto has no SQS move
// tasks: for the redrive, tests/support/fake_aws.py stands in front of moto for SQS
// (AWS_ENDPOINT_URL_SQS; --sqs-upstream) and moves the messages in moto itself. Each test
// checks what changed in moto, the exit code, and the audit records.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <string>

#include "tests/support/child_process.hpp"
#include "tests/support/moto_server.hpp"

namespace opsdeck::testing {
namespace {

struct World {
  std::unique_ptr<TempDir> home;
  std::unique_ptr<ChildProcess> fake;
  std::string fake_endpoint;
};

World& world() {
  static World w;
  return w;
}

std::map<std::string, std::string> creds_env() {
  const auto& c = shared_moto().credentials();
  return {{"AWS_ACCESS_KEY_ID", c.access_key_id}, {"AWS_SECRET_ACCESS_KEY", c.secret_access_key},
          {"AWS_REGION", "us-east-1"}};
}

class ActionsEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    for (const char* v : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                          "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
                          "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"})
      unsetenv(v);
    auto& w = world();
    w.home = std::make_unique<TempDir>();
    setenv("HOME", w.home->path().c_str(), 1);
    auto& moto = shared_moto();
    moto.reset();
    auto seed = run_command({"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/seed_moto.py",
                             moto.endpoint()},
                            {}, creds_env(), std::chrono::seconds(180));
    ASSERT_EQ(seed.exit_code, 0) << seed.err;
    int port = free_loopback_port();
    w.fake = std::make_unique<ChildProcess>(
        std::vector<std::string>{"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/fake_aws.py",
                                 "--port", std::to_string(port), "--sqs-upstream", moto.endpoint()},
        creds_env());
    ASSERT_TRUE(wait_for_port(port, std::chrono::seconds(20)));
    w.fake_endpoint = "http://127.0.0.1:" + std::to_string(port);
  }
  void TearDown() override { world().fake.reset(); }
};

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new ActionsEnvironment);

struct Cli {
  TempDir dir;
  std::map<std::string, std::string> env = creds_env();
  Cli() {
    env["AWS_ENDPOINT_URL"] = shared_moto().endpoint();
    env["OPSDECK_AUDIT_LOG"] = (dir.path() / "audit.jsonl").string();
  }
  RunResult operator()(std::vector<std::string> args, const std::string& input = {}) const {
    args.insert(args.begin(), OPSDECK_BINARY);
    return run_command(args, input, env, std::chrono::seconds(120));
  }
  std::string audit() const { return read_file(dir.path() / "audit.jsonl"); }
};

// name -> visible messages, from `opsdeck queues`.
std::map<std::string, long long> visible(const Cli& run) {
  auto r = run({"queues", "--output", "json"});
  std::map<std::string, long long> out;
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  if (!doc.is_array()) return out;
  for (const auto& q : doc) out[q["name"].get<std::string>()] = q["visible"].get<long long>();
  return out;
}

TEST(QueueCommands, PeekReadsTheDlqWithoutDeletingOrHidingAndRefusesASourceQueue) {
  Cli run;
  ASSERT_EQ(visible(run)["orders-dlq"], 1);
  for (int i = 0; i < 2; ++i) {  // twice: the first peek hid nothing
    auto r = run({"queue", "peek", "orders-dlq", "--output", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_TRUE(doc.is_array()) << r.out;
    ASSERT_EQ(doc.size(), 1u) << r.out;
    EXPECT_EQ(doc[0]["body"], "poison");
    EXPECT_GE(doc[0]["receives"].get<int>(), i + 1);
    EXPECT_NE(r.err.find("1 message(s) read from orders-dlq; none deleted or hidden"), std::string::npos) << r.err;
  }
  EXPECT_EQ(visible(run)["orders-dlq"], 1);

  auto source = run({"queue", "peek", "orders"});
  EXPECT_EQ(source.exit_code, 5) << source.err;
  EXPECT_NE(source.err.find("redrive policy"), std::string::npos) << source.err;
  auto missing = run({"queue", "peek", "no-such-queue"});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_NE(missing.err.find("no-such-queue"), std::string::npos) << missing.err;
  std::string audit = run.audit();
  EXPECT_NE(audit.find("\"sqs.peek\""), std::string::npos) << audit;
  EXPECT_EQ(audit.find("poison"), std::string::npos) << audit;  // message bodies are not audited
}

TEST(QueueCommands, RedriveMovesTheDlqBackToItsSourceThroughAMoveTask) {
  Cli run;
  run.env["AWS_ENDPOINT_URL_SQS"] = world().fake_endpoint;  // moto behind the fake
  auto before = visible(run);
  ASSERT_EQ(before["orders-dlq"], 1);
  auto ro = run({"--readonly", "queue", "redrive", "orders-dlq", "--yes"});
  EXPECT_EQ(ro.exit_code, 5) << ro.err;
  EXPECT_EQ(visible(run)["orders-dlq"], 1);

  auto r = run({"queue", "redrive", "orders-dlq", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("orders-dlq -> the messages' source queues: COMPLETED: 1 moved"), std::string::npos)
      << r.out << r.err;
  auto after = visible(run);
  EXPECT_EQ(after["orders-dlq"], 0);
  EXPECT_EQ(after["orders"], before["orders"] + 1);
  std::string audit = run.audit();
  EXPECT_NE(audit.find("\"sqs.redrive\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"refused\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"done\""), std::string::npos) << audit;

  // Named by its source queue: the DLQ (now empty) into it.
  auto by_source = run({"queue", "redrive", "orders", "--yes"});
  EXPECT_EQ(by_source.exit_code, 0) << by_source.err;
  EXPECT_NE(by_source.out.find("orders-dlq -> orders: COMPLETED: 0 moved"), std::string::npos) << by_source.out;
  // A queue that is nobody's DLQ: SQS refuses, and says why.
  auto made = run_command({"python3", "-c",
                           "import boto3,sys; boto3.client('sqs', endpoint_url=sys.argv[1], region_name='us-east-1')"
                           ".create_queue(QueueName='lonely')",
                           shared_moto().endpoint()},
                          {}, run.env);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto nobody = run({"queue", "redrive", "lonely", "--yes"});
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_NE(nobody.err.find("Dead Letter Queue"), std::string::npos) << nobody.err;
}

TEST(QueueCommands, PurgeEmptiesTheQueueOnlyWhenTheGateAllows) {
  Cli run;
  auto seed = run_command({"python3", "-c",
                           "import boto3,sys; q=boto3.client('sqs', endpoint_url=sys.argv[1], region_name='us-east-1');"
                           "u=q.get_queue_url(QueueName='orders')['QueueUrl'];"
                           "[q.send_message(QueueUrl=u, MessageBody='m%d' % i) for i in range(3)]",
                           shared_moto().endpoint()},
                          {}, run.env);
  ASSERT_EQ(seed.exit_code, 0) << seed.err;
  long long n = visible(run)["orders"];
  ASSERT_GE(n, 3);
  auto ro = run({"--readonly", "queue", "purge", "orders", "--yes"});
  EXPECT_EQ(ro.exit_code, 5) << ro.err;
  auto unasked = run({"queue", "purge", "orders"});  // no terminal to ask, no --yes
  EXPECT_EQ(unasked.exit_code, 5) << unasked.err;
  EXPECT_EQ(visible(run)["orders"], n);
  auto r = run({"queue", "purge", "orders", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("orders: purged"), std::string::npos) << r.out;
  EXPECT_EQ(visible(run)["orders"], 0);
  EXPECT_NE(run.audit().find("\"sqs.purge\""), std::string::npos);
}

std::string secret_value(const Cli& run, const std::string& name) {
  auto r = run_command({"python3", "-c",
                        "import boto3,sys; print(boto3.client('secretsmanager', endpoint_url=sys.argv[1], "
                        "region_name='us-east-1').get_secret_value(SecretId=sys.argv[2])['SecretString'])",
                        shared_moto().endpoint(), name},
                       {}, run.env);
  return r.exit_code == 0 ? r.out : "error: " + r.err;
}

TEST(SecretCommands, PutStoresTheValueFromStdinKeepsJsonSecretsJsonAndNeverPrintsIt) {
  Cli run;
  const std::string value = "new-token-not-real-4711";
  auto ro = run({"--readonly", "secret", "put", "prod/api/token", "--yes"}, value + "\n");
  EXPECT_EQ(ro.exit_code, 5) << ro.err;
  EXPECT_EQ(secret_value(run, "prod/api/token"), "s3cr3t-token-value\n");
  auto r = run({"secret", "put", "prod/api/token", "--yes"}, value + "\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("is AWSCURRENT"), std::string::npos) << r.out;
  EXPECT_EQ(secret_value(run, "prod/api/token"), value + "\n");
  EXPECT_EQ((r.out + r.err).find(value), std::string::npos);
  EXPECT_EQ(run.audit().find(value), std::string::npos) << run.audit();
  EXPECT_NE(run.audit().find("secretsmanager.put-secret-value"), std::string::npos);

  // A secret holding a JSON object: plain text is refused, JSON goes in.
  auto made = run_command({"python3", "-c",
                           "import boto3,sys; boto3.client('secretsmanager', endpoint_url=sys.argv[1], "
                           "region_name='us-east-1').create_secret(Name='prod/db', SecretString='{\"password\": \"a\"}')",
                           shared_moto().endpoint()},
                          {}, run.env);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto text = run({"secret", "put", "prod/db", "--yes"}, "plain\n");
  EXPECT_EQ(text.exit_code, 2) << text.err;
  EXPECT_NE(text.err.find("JSON object"), std::string::npos) << text.err;
  auto json = run({"secret", "put", "prod/db", "--yes"}, "{\"password\": \"b\"}");
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(secret_value(run, "prod/db"), "{\"password\": \"b\"}\n");
  EXPECT_EQ(run({"secret", "put", "prod/db", "--yes"}, "").exit_code, 2);  // empty
  EXPECT_EQ(run({"secret", "put", "no/such/secret", "--yes", "--allow-text"}, "x").exit_code, 4);
}

TEST(SecretCommands, RotateIsRefusedForASecretWithoutRotation) {
  Cli run;
  auto r = run({"secret", "rotate", "prod/api/token", "--yes"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("no rotation configured"), std::string::npos) << r.err;
}

std::string python(const Cli& run, const std::string& code) {
  auto r = run_command({"python3", "-c",
                        "import boto3,sys,json; ecs=boto3.client('ecs', endpoint_url=sys.argv[1], region_name='us-east-1')\n" +
                            code,
                        shared_moto().endpoint()},
                       {}, run.env);
  return r.exit_code == 0 ? r.out : "error: " + r.err;
}

std::string running_revision(const Cli& run) {
  return python(run, "print(ecs.describe_services(cluster='prod', services=['api'])['services'][0]['taskDefinition']"
                     ".rsplit(':', 1)[1])");
}

TEST(RollbackCommand, ListsRevisionsAndPointsTheServiceBackAtThePreviousOne) {
  Cli run;
  // Revision 2 with a new image, deployed.
  ASSERT_EQ(python(run, "ecs.register_task_definition(family='api', containerDefinitions=[{'name': 'app', "
                        "'image': 'shop/api:2.0-bad', 'memory': 512}]); "
                        "ecs.update_service(cluster='prod', service='api', taskDefinition='api:2')"),
            "");
  ASSERT_EQ(running_revision(run), "2\n");

  auto list = run({"rollback", "prod", "api", "--list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("shop/api:2.0-bad"), std::string::npos) << list.out;
  EXPECT_NE(list.err.find("prod/api runs api:2"), std::string::npos) << list.err;
  EXPECT_EQ(running_revision(run), "2\n");

  auto ro = run({"--readonly", "rollback", "prod", "api", "--yes"});
  EXPECT_EQ(ro.exit_code, 5) << ro.err;
  auto r = run({"rollback", "prod", "api", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("prod/api: api revision 2 -> 1"), std::string::npos) << r.out;
  EXPECT_EQ(running_revision(run), "1\n");
  auto same = run({"rollback", "prod", "api", "--to", "1", "--yes"});
  EXPECT_EQ(same.exit_code, 2) << same.err;
  EXPECT_NE(same.err.find("already runs revision 1"), std::string::npos) << same.err;
  EXPECT_EQ(run({"rollback", "prod", "api", "--to", "9", "--yes"}).exit_code, 2);
  EXPECT_EQ(run({"rollback", "prod", "no-such", "--yes"}).exit_code, 4);
  ASSERT_EQ(run({"rollback", "prod", "api", "--to", "2", "--yes"}).exit_code, 0);  // forward again
  EXPECT_EQ(running_revision(run), "2\n");
  std::string audit = run.audit();
  EXPECT_NE(audit.find("\"ecs.rollback\""), std::string::npos) << audit;
}

// id -> the `opsdeck databases` row.
std::map<std::string, nlohmann::json> databases(const Cli& run) {
  std::map<std::string, nlohmann::json> out;
  auto doc = nlohmann::json::parse(run({"databases", "--output", "json"}).out, nullptr, false);
  if (doc.is_array())
    for (const auto& d : doc) out[d["id"].get<std::string>()] = d;
  return out;
}

TEST(DbCommands, FailoverModifyAndRestoreChangeMotoThroughTheGate) {
  Cli run;
  // Failover: only a Multi-AZ database has a standby.
  auto single = run({"db", "failover", "legacy-mysql", "--yes"});
  EXPECT_EQ(single.exit_code, 2) << single.err;
  EXPECT_NE(single.err.find("not Multi-AZ"), std::string::npos) << single.err;
  auto fo = run({"db", "failover", "orders-db", "--yes"});
  EXPECT_EQ(fo.exit_code, 0) << fo.err;
  EXPECT_NE(fo.out.find("orders-db: "), std::string::npos) << fo.out;
  EXPECT_EQ(run({"db", "failover", "no-such-db", "--yes"}).exit_code, 4);

  // Modify: bad words are usage errors before anything is asked or sent.
  EXPECT_EQ(run({"db", "modify", "legacy-mysql", "retention=99", "apply=now", "--yes"}).exit_code, 2);
  EXPECT_EQ(run({"db", "modify", "legacy-mysql", "retention=3", "--yes"}).exit_code, 2);  // apply= missing
  EXPECT_EQ(run({"db", "modify", "legacy-mysql", "colour=blue", "apply=now", "--yes"}).exit_code, 2);
  EXPECT_EQ(run({"--readonly", "db", "modify", "legacy-mysql", "retention=3", "apply=now", "--yes"}).exit_code, 5);
  EXPECT_EQ(databases(run)["legacy-mysql"]["backup_retention_days"], 1);
  auto mod = run({"db", "modify", "legacy-mysql", "retention=3", "class=db.m5.xlarge", "apply=now", "--yes"});
  ASSERT_EQ(mod.exit_code, 0) << mod.err;
  EXPECT_NE(mod.out.find("applying now"), std::string::npos) << mod.out;
  auto dbs = databases(run);
  EXPECT_EQ(dbs["legacy-mysql"]["backup_retention_days"], 3);
  EXPECT_EQ(dbs["legacy-mysql"]["class"], "db.m5.xlarge");

  // Restore: from the seeded snapshot, and to the latest restorable time; both are new instances.
  EXPECT_EQ(run({"db", "restore", "--snapshot", "orders-snap-1", "--to", "bad--id", "--yes"}).exit_code, 2);
  auto snap = run({"db", "restore", "--snapshot", "orders-snap-1", "--to", "orders-from-snap", "--yes"});
  ASSERT_EQ(snap.exit_code, 0) << snap.err;
  auto pitr = run({"db", "restore", "orders-db", "--to", "orders-pitr", "--yes"});
  ASSERT_EQ(pitr.exit_code, 0) << pitr.err;
  dbs = databases(run);
  EXPECT_EQ(dbs.count("orders-from-snap"), 1u);
  EXPECT_EQ(dbs.count("orders-pitr"), 1u);
  EXPECT_EQ(dbs.count("orders-db"), 1u);
  std::string audit = run.audit();
  for (const char* a : {"rds.failover", "rds.modify", "rds.restore-snapshot", "rds.restore-pitr"})
    EXPECT_NE(audit.find(std::string("\"") + a + "\""), std::string::npos) << a;

  // `opsdeck snapshots` lists the seeded snapshot.
  auto list = run({"snapshots", "--output", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("orders-snap-1"), std::string::npos) << list.out;
}

std::string ssm_python(const Cli& run, const std::string& code) {
  auto r = run_command({"python3", "-c",
                        "import boto3,sys; ssm=boto3.client('ssm', endpoint_url=sys.argv[1], region_name='us-east-1')\n" +
                            code,
                        shared_moto().endpoint()},
                       {}, run.env);
  return r.exit_code == 0 ? r.out : "error: " + r.err;
}

TEST(ParamCommands, HistoryDiffAndRestoreWorkOnMotosVersions) {
  Cli run;
  ASSERT_EQ(ssm_python(run,
                       "for v in ['{\"pool\": 5, \"host\": \"db1\"}', '{\"host\": \"db1\", \"pool\": 10}', 'broken']:\n"
                       "    ssm.put_parameter(Name='/prod/api/config', Value=v, Type='String', Overwrite=True)\n"
                       "for v in ['pw-one-not-real', 'pw-two-not-real']:\n"
                       "    ssm.put_parameter(Name='/prod/api/pw', Value=v, Type='SecureString', Overwrite=True)\n"),
            "");

  auto history = run({"param", "history", "/prod/api/config", "--output", "json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  auto doc = nlohmann::json::parse(history.out, nullptr, false);
  ASSERT_TRUE(doc.is_array() && doc.size() == 3u) << history.out;
  EXPECT_EQ(doc[0]["version"], 3);
  EXPECT_EQ(doc[0]["current"], true);
  EXPECT_EQ(doc[0]["change"], "+1 -4 lines");
  EXPECT_EQ(doc[1]["change"], "+1 -1 lines");  // key order is no change, pool 5 -> 10 is
  EXPECT_EQ(doc[2]["change"], "first version");
  EXPECT_EQ(history.out.find("broken"), std::string::npos) << history.out;  // no values

  auto diff = run({"param", "diff", "/prod/api/config", "2"});
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_NE(diff.out.find("-  \"pool\": 5\n+  \"pool\": 10\n"), std::string::npos) << diff.out;
  EXPECT_NE(diff.err.find("version 1 -> 2: +1 -1 lines"), std::string::npos) << diff.err;
  EXPECT_EQ(run({"param", "diff", "/prod/api/config", "9"}).exit_code, 4);
  EXPECT_EQ(run({"param", "history", "/no/such"}).exit_code, 4);

  auto secure = run({"param", "diff", "/prod/api/pw"});
  EXPECT_EQ(secure.exit_code, 2) << secure.err;
  EXPECT_NE(secure.err.find("--decrypt"), std::string::npos) << secure.err;
  EXPECT_EQ((secure.out + secure.err).find("pw-"), std::string::npos);
  auto decrypted = run({"param", "diff", "/prod/api/pw", "--decrypt"});
  ASSERT_EQ(decrypted.exit_code, 0) << decrypted.err;
  EXPECT_NE(decrypted.out.find("-pw-one-not-real\n+pw-two-not-real\n"), std::string::npos) << decrypted.out;

  EXPECT_EQ(run({"--readonly", "param", "restore", "/prod/api/config", "2", "--yes"}).exit_code, 5);
  EXPECT_EQ(run({"param", "restore", "/prod/api/config", "3", "--yes"}).exit_code, 2);  // already current
  auto restored = run({"param", "restore", "/prod/api/config", "2", "--yes"});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_NE(restored.out.find("version 2 restored as version 4"), std::string::npos) << restored.out;
  EXPECT_EQ(ssm_python(run, "print(ssm.get_parameter(Name='/prod/api/config')['Parameter']['Value'])"),
            "{\"host\": \"db1\", \"pool\": 10}\n");
  auto pw = run({"param", "restore", "/prod/api/pw", "1", "--yes"});
  ASSERT_EQ(pw.exit_code, 0) << pw.err;
  EXPECT_EQ(ssm_python(run, "p=ssm.get_parameter(Name='/prod/api/pw', WithDecryption=True)['Parameter']\n"
                            "print(p['Type'], p['Value'])"),
            "SecureString pw-one-not-real\n");
  EXPECT_EQ((pw.out + pw.err).find("pw-one"), std::string::npos);
  EXPECT_EQ(run.audit().find("pw-one"), std::string::npos) << run.audit();
  EXPECT_NE(run.audit().find("ssm.restore-parameter-version"), std::string::npos);
}

}  // namespace
}  // namespace opsdeck::testing
