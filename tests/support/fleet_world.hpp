#pragma once
// FleetWorld: a fleet to test against, on the shared signature-checking moto
// (moto_server.hpp), seeded by tests/support/seed_fleet.py. Two accounts reached through
// role_arn + source_profile profiles (moto gives an assumed role's credentials the role's
// account): acct-a (111111111111) in us-east-1 and eu-west-1, acct-b (222222222222) in
// us-east-1, each member with one alarm in ALARM, one OK, one EC2 instance and one RDS
// database. Beside them: "broken" (keys moto rejects), "sso-dev" (an SSO token that
// expired long ago) and "dead" (good keys, an endpoint on a closed loopback port).
//
// The opsdeck config (config_path()) has the environment "b-prod" (acct-b, production)
// and the fleets "oncall" (every member above; acct-b through b-prod) and "healthy"
// (acct-a in both regions, acct-b). HOME is a private directory holding ~/.aws.
//
// Threads: the test thread. Construction unsets the process's AWS_* variables (opsdeck's
// children inherit the rest), resets moto and seeds it (tens of seconds); throws when the
// seeding fails.

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>

#include "tests/support/child_process.hpp"

namespace opsdeck::testing {

class FleetWorld {
 public:
  static constexpr const char* kAccountA = "111111111111";
  static constexpr const char* kAccountB = "222222222222";

  FleetWorld();
  const std::string& config_path() const { return config_; }
  std::filesystem::path home() const { return home_->path(); }
  int dead_port() const { return dead_port_; }
  // seed_fleet.py's summary: members["111111111111/us-east-1"] = {firing, ok, instances, databases}.
  const nlohmann::json& seeded() const { return seeded_; }
  std::string firing(const std::string& member) const { return seeded_["members"][member]["firing"]; }
  // What opsdeck's environment adds: HOME (with ~/.aws).
  std::map<std::string, std::string> env() const;

 private:
  std::unique_ptr<TempDir> home_;
  std::string config_;
  int dead_port_ = 0;
  nlohmann::json seeded_;
};

}  // namespace opsdeck::testing
