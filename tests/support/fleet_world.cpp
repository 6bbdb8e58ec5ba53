#include "tests/support/fleet_world.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "tests/support/moto_server.hpp"

namespace opsdeck::testing {

FleetWorld::FleetWorld() : home_(std::make_unique<TempDir>()) {
  // opsdeck's children inherit this process's environment: none of the caller's AWS setup.
  for (const char* v : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                        "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
                        "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"})
    unsetenv(v);
  auto& moto = shared_moto();
  moto.reset();
  const auto& k = moto.credentials();
  const std::string a = kAccountA, b = kAccountB;
  auto seed = run_command({"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/seed_fleet.py",
                           moto.endpoint(), "--accounts", a + "," + b, "--members",
                           a + "/us-east-1," + a + "/eu-west-1," + b + "/us-east-1", "--databases", "1"},
                          {},
                          {{"AWS_ACCESS_KEY_ID", k.access_key_id},
                           {"AWS_SECRET_ACCESS_KEY", k.secret_access_key},
                           {"HOME", home_->path().string()}},
                          std::chrono::seconds(240));
  if (seed.exit_code != 0) throw std::runtime_error("seed_fleet.py failed: " + seed.err);
  seeded_ = nlohmann::json::parse(seed.out);

  const auto aws = home_->path() / ".aws";
  std::filesystem::create_directories(aws / "sso/cache");
  write_file(aws / "credentials",
             "[base]\naws_access_key_id = " + k.access_key_id + "\naws_secret_access_key = " + k.secret_access_key +
                 "\n[broken]\naws_access_key_id = AKIAREVOKEDKEY000000\naws_secret_access_key = not-a-valid-secret\n"
                 "[dead]\naws_access_key_id = " + k.access_key_id + "\naws_secret_access_key = " +
                 k.secret_access_key + "\n");
  write_file(aws / "config",
             "[profile acct-a]\nrole_arn = arn:aws:iam::" + a + ":role/fleet\nsource_profile = base\nregion = us-east-1\n"
             "[profile acct-b]\nrole_arn = arn:aws:iam::" + b + ":role/fleet\nsource_profile = base\nregion = us-east-1\n"
             "[profile broken]\nregion = us-east-1\n"
             "[profile dead]\nregion = us-east-1\n"
             "[profile sso-dev]\nsso_session = my-sso\nsso_account_id = 333333333333\n"
             "sso_role_name = ReadOnly\nregion = us-east-1\n"
             "[sso-session my-sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n");
  // The token `aws sso login` left behind, long expired (sha1("my-sso") names the file).
  write_file(aws / "sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json",
             R"({"accessToken":"OLDTOKEN","expiresAt":"2001-01-01T00:00:00Z","region":"us-east-1"})");
  dead_port_ = free_loopback_port();
  config_ = (home_->path() / "opsdeck.json").string();
  write_file(config_, R"({
  "environments": {
    "b-prod": { "profile": "acct-b", "region": "us-east-1", "production": true, "account_id": ")" + b + R"(" }
  },
  "fleets": {
    "oncall": { "members": [
      { "profile": "acct-a", "regions": ["us-east-1", "eu-west-1"] },
      { "environment": "b-prod" },
      { "profile": "broken", "region": "us-east-1" },
      { "profile": "sso-dev", "region": "us-east-1" },
      { "profile": "dead", "region": "us-east-1", "endpoint_url": "http://127.0.0.1:)" +
                          std::to_string(dead_port_) + R"(" }
    ] },
    "healthy": { "members": [
      { "profile": "acct-a", "regions": ["us-east-1", "eu-west-1"] },
      { "profile": "acct-b" }
    ], "max_connections_per_endpoint": 2 }
  }
})");
}

std::map<std::string, std::string> FleetWorld::env() const { return {{"HOME", home_->path().string()}}; }

}  // namespace opsdeck::testing
