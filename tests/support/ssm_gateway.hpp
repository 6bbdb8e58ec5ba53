#pragma once
// Session Manager's far end for tests: tests/support/ssm_peer/peer.js (the message gateway
// and an agent running real PTY shells and TCP forwards on this machine) behind
// tests/support/fake_aws.py --ssm-gateway (StartSession, ResumeSession, TerminateSession,
// ECS ExecuteCommand). Both on loopback ports of their own; stopped with the object.
// The admin calls (session state, counters, fault knobs) are documented in
// tests/support/ssm_peer/README.md. Test thread only.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/child_process.hpp"

namespace opsdeck::testing {

class SsmGateway {
 public:
  // `remote_default`: where forwards to a host outside 127.0.0.0/8 go ("" = refused).
  // `agent_env`: added to the environment of the agent side (its shells inherit it).
  // `moto`: a moto_server URL for KMS — the peer decrypts data keys there (with the
  // credentials in agent_env) and fake_aws passes KMS requests on to it.
  explicit SsmGateway(const std::filesystem::path& log_dir, const std::string& remote_default = {},
                      const std::map<std::string, std::string>& agent_env = {}, const std::string& moto = {});
  ~SsmGateway();
  bool ok() const { return ok_; }
  const std::string& endpoint() const { return endpoint_; }  // fake_aws: SSM and ECS
  const std::string& admin() const { return admin_; }        // the peer's admin API

  nlohmann::json session(const std::string& id) const;       // GET /sessions/ID
  nlohmann::json sessions() const;                           // GET /sessions
  nlohmann::json post(const std::string& path, const nlohmann::json& body = nlohmann::json::object()) const;
  void faults(const nlohmann::json& knobs) const { post("/faults", knobs); }
  void clear_faults() const;  // every knob of the README back to its default, globally

 private:
  ChildProcess peer_, fake_;
  std::string endpoint_, admin_;
  bool ok_ = false;
};

}  // namespace opsdeck::testing
