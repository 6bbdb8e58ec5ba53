// The real `opsdeck instances|databases|alarms|services|clusters|queues|parameters|secrets|
// lightsail` binary against signature-checking
// moto (seeded with boto3 by tests/support/seed_moto.py) and, for Lightsail, against
// tests/support/fake_aws.py through AWS_ENDPOINT_URL_LIGHTSAIL. Compares the JSON with what
// was seeded and checks the error paths' exit codes and messages.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "tests/support/child_process.hpp"
#include "tests/support/moto_server.hpp"

namespace opsdeck::testing {
namespace {

struct World {
  std::unique_ptr<TempDir> home;
  std::unique_ptr<ChildProcess> fake;
  std::string fake_endpoint;
  nlohmann::json seeded;
};

World& world() {
  static World w;
  return w;
}

class ListEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    // The commands must see only what each test gives them.
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
    w.seeded = nlohmann::json::parse(seed.out);
    int port = free_loopback_port();
    w.fake = std::make_unique<ChildProcess>(
        std::vector<std::string>{"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/fake_aws.py",
                                 "--port", std::to_string(port)});
    ASSERT_TRUE(wait_for_port(port, std::chrono::seconds(20)));
    w.fake_endpoint = "http://127.0.0.1:" + std::to_string(port);
  }
  void TearDown() override { world().fake.reset(); }

  static std::map<std::string, std::string> creds_env() {
    const auto& c = shared_moto().credentials();
    return {{"AWS_ACCESS_KEY_ID", c.access_key_id}, {"AWS_SECRET_ACCESS_KEY", c.secret_access_key},
            {"AWS_REGION", "us-east-1"}};
  }
};

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new ListEnvironment);

// Moto for every service, the fake for Lightsail.
std::map<std::string, std::string> env_with_lightsail() {
  auto env = ListEnvironment::creds_env();
  env["AWS_ENDPOINT_URL"] = shared_moto().endpoint();
  env["AWS_ENDPOINT_URL_LIGHTSAIL"] = world().fake_endpoint;
  return env;
}

RunResult opsdeck(std::vector<std::string> args, std::map<std::string, std::string> env) {
  args.insert(args.begin(), OPSDECK_BINARY);
  return run_command(args, {}, env, std::chrono::seconds(120));
}

nlohmann::json json_out(const RunResult& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out;
  return j;
}

TEST(ListCommands, InstancesMatchSeedIncludingLightsail) {
  auto r = opsdeck({"instances", "--output", "json"}, env_with_lightsail());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = json_out(r);
  std::map<std::string, nlohmann::json> ec2, ls;
  for (const auto& row : rows) (row["source"] == "ec2" ? ec2 : ls)[row["name"]] = row;
  std::set<std::string> seeded_ids;
  for (const auto& id : world().seeded["instances"]) seeded_ids.insert(id);
  ASSERT_EQ(ec2.size(), seeded_ids.size());
  for (const char* name : {"web 1", "api-ünïcødé ✓", "a+b&c=d*e~f/g", "worker"}) {
    ASSERT_TRUE(ec2.count(name)) << name << "\n" << r.out;
    EXPECT_TRUE(seeded_ids.count(ec2[name]["id"])) << name;
    EXPECT_EQ(ec2[name]["type"], "t3.micro");
  }
  EXPECT_EQ(ec2["worker"]["state"], "stopped");
  EXPECT_EQ(ec2["web 1"]["state"], "running");
  ASSERT_EQ(ls.size(), 2u) << r.out;
  EXPECT_EQ(ls["blog ✓ prod"]["public_ip"], "3.91.10.20");
  EXPECT_TRUE(ls["staging box"]["public_ip"].is_null());
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(ListCommands, LightsailMissingIsAWarning) {
  auto env = ListEnvironment::creds_env();
  auto r = opsdeck({"--endpoint-url", shared_moto().endpoint(), "instances", "-o", "json"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json_out(r).size(), world().seeded["instances"].size());
  EXPECT_NE(r.err.find("warning"), std::string::npos);
  EXPECT_NE(r.err.find("lightsail:GetInstances"), std::string::npos) << r.err;
}

TEST(ListCommands, DatabasesMatchSeed) {
  auto r = opsdeck({"databases", "--output", "json"}, env_with_lightsail());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json rows = nlohmann::json::array(), caches = nlohmann::json::array();
  for (const auto& row : json_out(r)) (row["source"] == "elasticache" ? caches : rows).push_back(row);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  for (const auto& row : rows) EXPECT_EQ(row["source"], "rds");
  // The seeded ElastiCache cluster is listed too, with the same keys.
  ASSERT_EQ(caches.size(), 1u) << r.out;
  EXPECT_EQ(caches[0]["id"], "sessions");
  EXPECT_EQ(caches[0]["engine"], "redis");
  EXPECT_EQ(caches[0]["class"], "cache.t3.micro");
  EXPECT_EQ(caches[0]["status"], "available");
  EXPECT_TRUE(caches[0]["storage_gb"].is_null());
  EXPECT_TRUE(r.err.empty()) << r.err;
  const auto& db = rows[1]["id"] == "orders-db" ? rows[1] : rows[0];
  EXPECT_EQ(db["id"], "orders-db");
  EXPECT_EQ(db["engine"], "postgres");
  EXPECT_EQ(db["engine_version"], "15.4");
  EXPECT_EQ(db["class"], "db.t3.micro");
  EXPECT_EQ(db["multi_az"], true);
  EXPECT_EQ(db["storage_gb"], 20);
  EXPECT_EQ(db["backup_retention_days"], 7);
  EXPECT_NE(db["endpoint"].get<std::string>().find(":5432"), std::string::npos);
}

TEST(ListCommands, AlarmsInThreeStates) {
  auto r = opsdeck({"alarms", "--output", "json"}, env_with_lightsail());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::string> states;
  for (const auto& row : json_out(r)) {
    states[row["name"]] = row["state"];
    EXPECT_EQ(row["metric"], "CPUUtilization");
    EXPECT_EQ(row["threshold"], 85.0);
  }
  std::map<std::string, std::string> seeded;
  for (const auto& [k, v] : world().seeded["alarms"].items()) seeded[k] = v;
  EXPECT_EQ(states, seeded);
}

TEST(ListCommands, ServicesFromEcsAndLightsail) {
  auto r = opsdeck({"--readonly", "services", "--output", "json"}, env_with_lightsail());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = json_out(r);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  const auto& ecs = rows[0]["source"] == "ecs" ? rows[0] : rows[1];
  EXPECT_EQ(ecs["cluster"], "prod");
  EXPECT_EQ(ecs["name"], "api");
  EXPECT_EQ(ecs["desired"], 2);
  const auto& ls = rows[0]["source"] == "ecs" ? rows[1] : rows[0];
  EXPECT_EQ(ls["name"], "shop-api");
}

// The lists the console's views show, as headless commands: the same rows, as JSON.
TEST(ListCommands, ClustersQueuesParametersAndSecretsAsTheViewsShowThem) {
  auto clusters = opsdeck({"--readonly", "clusters", "--output", "json"}, env_with_lightsail());
  ASSERT_EQ(clusters.exit_code, 0) << clusters.err;
  auto c = json_out(clusters);
  ASSERT_EQ(c.size(), 1u) << clusters.out;
  EXPECT_EQ(c[0]["name"], "prod");
  EXPECT_EQ(c[0]["status"], "ACTIVE");
  EXPECT_EQ(c[0]["services"], 1);  // moto reports 0 active services; ListServices counts 1

  auto queues = opsdeck({"--readonly", "queues", "--output", "json"}, env_with_lightsail());
  ASSERT_EQ(queues.exit_code, 0) << queues.err;
  auto q = json_out(queues);
  ASSERT_EQ(q.size(), 2u) << queues.out;
  EXPECT_EQ(q[0]["name"], "orders");  // by name
  EXPECT_EQ(q[0]["dlq"], "orders-dlq");
  EXPECT_EQ(q[0]["dlq_depth"], 1);  // the poison message, shown in the source queue's row
  EXPECT_EQ(q[1]["name"], "orders-dlq");
  EXPECT_EQ(q[1]["visible"], 1);
  EXPECT_TRUE(q[1]["dlq"].is_null());

  auto params = opsdeck({"--readonly", "parameters", "--output", "json"}, env_with_lightsail());
  ASSERT_EQ(params.exit_code, 0) << params.err;
  auto p = json_out(params);
  ASSERT_EQ(p.size(), 3u) << params.out;
  std::map<std::string, std::string> types;
  for (const auto& row : p) types[row["name"]] = row["type"];
  EXPECT_EQ(types["/prod/api/db_password"], "SecureString");
  EXPECT_EQ(types["/prod/api/feature flags"], "StringList");
  EXPECT_EQ(params.out.find("hunter2-not-shown"), std::string::npos) << "a value was printed";
  EXPECT_EQ(params.out.find("orders-db.internal"), std::string::npos) << "a value was printed";

  auto secrets = opsdeck({"--readonly", "secrets"}, env_with_lightsail());
  ASSERT_EQ(secrets.exit_code, 0) << secrets.err;
  EXPECT_EQ(secrets.out.rfind("NAME", 0), 0u) << secrets.out;
  EXPECT_NE(secrets.out.find("prod/api/token"), std::string::npos) << secrets.out;
  EXPECT_EQ(secrets.out.find("s3cr3t-token-value"), std::string::npos) << "a value was printed";
}

TEST(ListCommands, LightsailListsInstancesAndContainerServices) {
  auto r = opsdeck({"--readonly", "lightsail", "--output", "json"}, env_with_lightsail());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = json_out(r);
  ASSERT_GE(rows.size(), 2u) << r.out;
  std::set<std::string> kinds;
  for (const auto& row : rows) kinds.insert(row["kind"].get<std::string>());
  EXPECT_EQ(kinds, (std::set<std::string>{"instance", "container"})) << r.out;
  EXPECT_EQ(rows[0]["kind"], "instance");  // instances first
  // Without Lightsail (moto has none) both reads fail: an error naming the service, exit != 0.
  auto env = ListEnvironment::creds_env();
  env["AWS_ENDPOINT_URL"] = shared_moto().endpoint();
  auto none = opsdeck({"--readonly", "lightsail"}, env);
  EXPECT_NE(none.exit_code, 0) << none.out;
  EXPECT_NE(none.err.find("lightsail"), std::string::npos) << none.err;
}

TEST(ListCommands, TableIsAlignedAndClean) {
  auto r = opsdeck({"instances"}, env_with_lightsail());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("ID", 0), 0u);
  EXPECT_NE(r.out.find("api-ünïcødé ✓"), std::string::npos);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
}

TEST(ListCommands, BadCredentialsExit3) {
  auto env = env_with_lightsail();
  env["AWS_SECRET_ACCESS_KEY"] = "definitely-wrong-secret";
  auto r = opsdeck({"instances", "-o", "json"}, env);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("ec2:DescribeInstances"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(shared_moto().endpoint()), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("definitely-wrong-secret"), std::string::npos);
}

TEST(ListCommands, UnknownProfileIsNamed) {
  auto env = env_with_lightsail();
  auto r = opsdeck({"--profile", "no-such-profile", "databases"}, env);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no-such-profile"), std::string::npos) << r.err;
}

TEST(ListCommands, EndpointDownExit1NamingIt) {
  auto env = ListEnvironment::creds_env();
  std::string dead = "http://127.0.0.1:" + std::to_string(free_loopback_port());
  auto r = opsdeck({"--endpoint-url", dead, "alarms"}, env);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(dead), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cloudwatch:DescribeAlarms"), std::string::npos) << r.err;
}

TEST(ListCommands, BadOutputIsUsage) {
  auto r = opsdeck({"instances", "--output", "xml"}, env_with_lightsail());
  EXPECT_EQ(r.exit_code, 2);
}

// `opsdeck scale` and `opsdeck snapshot` against moto: through the gate, audited, and
// what they changed read back. The service is put back to its seeded count.
TEST(ActionCommands, ScaleAndSnapshotChangeMotoAndAreAudited) {
  TempDir dir;
  auto env = ListEnvironment::creds_env();
  env["AWS_ENDPOINT_URL"] = shared_moto().endpoint();
  env["OPSDECK_AUDIT_LOG"] = (dir.path() / "audit.jsonl").string();
  auto desired = [&] {
    for (const auto& s : json_out(opsdeck({"services", "--output", "json"}, env)))
      if (s["name"] == "api") return s["desired"].get<int>();
    return -1;
  };
  // --readonly refuses before anything is sent.
  auto ro = opsdeck({"--readonly", "scale", "prod", "api", "3", "--yes"}, env);
  EXPECT_EQ(ro.exit_code, 5) << ro.err;
  EXPECT_EQ(desired(), 2);
  // Out of range is a usage error.
  EXPECT_EQ(opsdeck({"scale", "prod", "api", "1001", "--yes"}, env).exit_code, 2);
  auto up = opsdeck({"scale", "prod", "api", "3", "--yes"}, env);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.out.find("prod/api: desired 3"), std::string::npos) << up.out;
  EXPECT_EQ(desired(), 3);
  ASSERT_EQ(opsdeck({"scale", "prod", "api", "2", "--yes"}, env).exit_code, 0);
  EXPECT_EQ(desired(), 2);
  auto missing = opsdeck({"scale", "prod", "no-such-service", "1", "--yes"}, env);
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("ServiceNotFound"), std::string::npos) << missing.err;

  auto snap = opsdeck({"snapshot", "orders-db", "--name", "orders-from-cli", "--yes"}, env);
  ASSERT_EQ(snap.exit_code, 0) << snap.err;
  EXPECT_NE(snap.out.find("orders-from-cli"), std::string::npos) << snap.out;
  auto again = opsdeck({"snapshot", "orders-db", "--name", "orders-from-cli", "--yes"}, env);
  EXPECT_EQ(again.exit_code, 1) << again.err;  // the name is taken: AWS says so
  EXPECT_NE(again.err.find("AlreadyExists"), std::string::npos) << again.err;

  // Every run that the gate let through has a start and an end record.
  std::string audit = read_file(dir.path() / "audit.jsonl");
  EXPECT_NE(audit.find("\"ecs.scale\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"rds.snapshot\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"refused\""), std::string::npos) << audit;  // the --readonly run
}

}  // namespace
}  // namespace opsdeck::testing
