// `opsdeck deploy SERVICE` end to end: ECS force-new-deployment against signature-checking
// moto and an SSH deploy command against a real sshd, then health checks against a local
// HTTP server; the guards (read-only, production with --yes), the audit records and an
// unhealthy service.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

#include "tests/support/moto_server.hpp"
#include "tests/support/sshd_server.hpp"

using namespace opsdeck::testing;
namespace fs = std::filesystem;

namespace {

const char* kSeed = R"(
import boto3, sys
ecs = boto3.client("ecs", endpoint_url=sys.argv[1], region_name="us-east-1")
ecs.create_cluster(clusterName="shop-dev")
ecs.register_task_definition(family="api", containerDefinitions=[{"name": "api", "image": "nginx", "cpu": 256, "memory": 512}])
ecs.create_service(cluster="shop-dev", serviceName="api", taskDefinition="api", desiredCount=1)
)";

class DeployCli : public ::testing::Test {
 protected:
  MotoServer& moto = shared_moto();
  TempDir dir;
  int http_port = free_loopback_port();
  ChildProcess http;

  void SetUp() override {
    moto.reset();
    auto seeded = run_command({"python3", "-c", kSeed, moto.endpoint()}, {}, aws_env());
    ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
    fs::create_directories(dir.path() / "www");
    write_file(dir.path() / "www" / "healthz", "{\"status\":\"healthy\"}");
    http = ChildProcess({"python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory",
                         (dir.path() / "www").string(), std::to_string(http_port)});
    ASSERT_TRUE(wait_for_port(http_port, std::chrono::seconds(10)));
  }

  void write_config(const std::string& extra_services = "") {
    std::string health = "http://127.0.0.1:" + std::to_string(http_port) + "/healthz";
    write_file(dir.path() / "config.json", R"({
      "environments": {"dev": {"production": false}, "prod": {"production": true}},
      "default_environment": "dev",
      "services": {
        "api-dev": {"environment": "dev",
          "deploy": {"type": "ecs", "cluster": "shop-dev", "service": "api", "desired_count": 2},
          "health_checks": [{"url": ")" + health + R"(", "status": 200, "body_contains": "healthy"}]},
        "api-prod": {"environment": "prod",
          "deploy": {"type": "ecs", "cluster": "shop-dev", "service": "api"}},
        "api-sick": {"environment": "dev",
          "deploy": {"type": "ecs", "cluster": "shop-dev", "service": "api"},
          "health_checks": [{"url": ")" + health + R"(", "status": 200, "body_contains": "ready"}]})" +
                                                 extra_services + R"(
      }})");
  }

  std::map<std::string, std::string> aws_env() const {
    return {{"AWS_ACCESS_KEY_ID", moto.credentials().access_key_id},
            {"AWS_SECRET_ACCESS_KEY", moto.credentials().secret_access_key},
            {"AWS_REGION", "us-east-1"},
            {"AWS_CONFIG_FILE", "/dev/null"},
            {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"OPSDECK_AUDIT_LOG", (dir.path() / "audit.jsonl").string()},
            {"XDG_STATE_HOME", (dir.path() / "state").string()}};
  }

  RunResult opsdeck(std::vector<std::string> args, std::map<std::string, std::string> extra = {}) const {
    std::vector<std::string> argv = {OPSDECK_BINARY, "--endpoint-url", moto.endpoint(), "--config",
                                     (dir.path() / "config.json").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto env = aws_env();
    env.insert(extra.begin(), extra.end());
    return run_command(argv, {}, env);
  }

  int desired_count() const {
    auto r = run_command({"python3", "-c",
                          "import boto3,sys;print(boto3.client('ecs',endpoint_url=sys.argv[1],region_name="
                          "'us-east-1').describe_services(cluster='shop-dev',services=['api'])['services'][0]"
                          "['desiredCount'])",
                          moto.endpoint()},
                         {}, aws_env());
    return std::stoi(r.out);
  }

  std::vector<nlohmann::json> audit() const {
    std::vector<nlohmann::json> out;
    std::istringstream in(read_file(dir.path() / "audit.jsonl"));
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }
};

}  // namespace

TEST_F(DeployCli, EcsDeployThenHealthyWithAuditRecords) {
  write_config();
  auto r = opsdeck({"deploy", "api-dev", "--yes"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("new deployment started"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("done, healthy"), std::string::npos) << r.err;
  EXPECT_EQ(desired_count(), 2);
  auto lines = audit();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["phase"], "start");
  EXPECT_EQ(lines[1]["phase"], "end");
  EXPECT_EQ(lines[1]["action"], "deploy");
  EXPECT_EQ(lines[1]["target"], "ecs:shop-dev/api");
  EXPECT_EQ(lines[1]["exit_status"], 0);
  // STS GetCallerIdentity (moto's identity) in both lines.
  EXPECT_TRUE(lines[0]["caller_arn"].get<std::string>().starts_with("arn:aws:")) << lines[0];
  EXPECT_EQ(lines[1]["caller_arn"], lines[0]["caller_arn"]);
}

TEST_F(DeployCli, HeadlessRunbookStepAuditsTheCallerArn) {
  write_config();
  write_file(dir.path() / "rb.md", "# Touch\n\n```bash\ntouch " + (dir.path() / "marker").string() + "\n```\n");
  auto r = opsdeck({"runbook", (dir.path() / "rb.md").string(), "--step", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto lines = audit();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["action"], "runbook.step");
  EXPECT_TRUE(lines[0]["caller_arn"].get<std::string>().starts_with("arn:aws:")) << lines[0];
  EXPECT_EQ(lines[1]["caller_arn"], lines[0]["caller_arn"]);
}

TEST_F(DeployCli, ReadOnlyRefusesAndChangesNothing) {
  write_config();
  auto r = opsdeck({"--readonly", "deploy", "api-dev", "--yes"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
  EXPECT_EQ(desired_count(), 1);
}

TEST_F(DeployCli, ProductionNeedsTheNameTypedNotJustYes) {
  write_config();
  auto r = opsdeck({"deploy", "api-prod", "--yes"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_EQ(audit().back()["phase"], "refused");
}

TEST_F(DeployCli, UnknownServiceIsNotFoundAndListsTheKnownOnes) {
  write_config();
  auto r = opsdeck({"deploy", "nope", "--yes"});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("api-dev"), std::string::npos) << r.err;
}

TEST_F(DeployCli, UnhealthyAfterTheTimeoutFails) {
  write_config();
  auto r = opsdeck({"deploy", "api-sick", "--yes", "--health-timeout", "1"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("lacks \"ready\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("NOT healthy"), std::string::npos) << r.err;
}

TEST_F(DeployCli, SshDeployCommandStreamsAndItsExitCodeCounts) {
  SshdServer sshd;
  auto marker = dir.path() / "deployed";
  write_file(dir.path() / "ssh_config", "Host web\n  HostName 127.0.0.1\n  Port " + std::to_string(sshd.port()) +
                                            "\n  User " + sshd.user() + "\n  IdentityFile " +
                                            sshd.user_key().string() + "\n  IdentitiesOnly yes\n");
  write_config(R"(, "web-dev": {"environment": "dev",
      "deploy": {"type": "ssh", "host": "web", "command": "echo pulling; touch )" + marker.string() + R"("}},
    "web-broken": {"environment": "dev", "deploy": {"type": "ssh", "host": "web", "command": "exit 3"}})");
  std::map<std::string, std::string> ssh_env = {{"OPSDECK_SSH_CONFIG", (dir.path() / "ssh_config").string()},
                                                {"OPSDECK_KNOWN_HOSTS", sshd.known_hosts().string()},
                                                {"SSH_AUTH_SOCK", ""}};
  auto ok = opsdeck({"deploy", "web-dev", "--yes"}, ssh_env);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "pulling\n");
  EXPECT_TRUE(fs::exists(marker));
  auto bad = opsdeck({"deploy", "web-broken", "--yes"}, ssh_env);
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  EXPECT_NE(bad.err.find("exit 3"), std::string::npos) << bad.err;
}

TEST_F(DeployCli, HttpsHealthCheckWarnsAboutACertificateExpiringSoon) {
  // A self-signed certificate valid for 5 more days, served on loopback by python's ssl.
  auto cert = dir.path() / "cert.pem", key = dir.path() / "key.pem";
  auto gen = run_command({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "5",
                          "-subj", "/CN=127.0.0.1", "-keyout", key.string(), "-out", cert.string()});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  int port = free_loopback_port();
  ChildProcess https({"python3", "-c",
                      "import http.server,ssl,sys,os\n"
                      "os.chdir(sys.argv[3])\n"
                      "s=http.server.HTTPServer(('127.0.0.1',int(sys.argv[1])),http.server.SimpleHTTPRequestHandler)\n"
                      "c=ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);c.load_cert_chain(sys.argv[2],sys.argv[4])\n"
                      "s.socket=c.wrap_socket(s.socket,server_side=True)\n"
                      "s.serve_forever()",
                      std::to_string(port), cert.string(), (dir.path() / "www").string(), key.string()});
  ASSERT_TRUE(wait_for_port(port, std::chrono::seconds(10)));
  write_config(R"(, "tls-dev": {"environment": "dev",
      "deploy": {"type": "ecs", "cluster": "shop-dev", "service": "api"},
      "health_checks": [{"url": "https://127.0.0.1:)" + std::to_string(port) +
               R"(/healthz", "status": 200, "tls_verify": false}]})");
  auto r = opsdeck({"deploy", "tls-dev", "--yes"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("WARNING: the TLS certificate"), std::string::npos) << r.err;
  // 5 days from the certificate's notBefore: 4 or 5 whole days left, depending on the second.
  EXPECT_TRUE(r.err.find("expires in 4 days") != std::string::npos ||
              r.err.find("expires in 5 days") != std::string::npos)
      << r.err;
}
