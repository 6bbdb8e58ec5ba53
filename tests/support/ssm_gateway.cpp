#include "tests/support/ssm_gateway.hpp"

#include <chrono>

namespace opsdeck::testing {

using namespace std::chrono_literals;

SsmGateway::SsmGateway(const std::filesystem::path& log_dir, const std::string& remote_default,
                       const std::map<std::string, std::string>& agent_env, const std::string& moto) {
  const std::string src = OPSDECK_SOURCE_DIR;
  const int peer_port = free_loopback_port();
  std::vector<std::string> peer_argv = {"node", src + "/tests/support/ssm_peer/peer.js", "--port",
                                        std::to_string(peer_port)};
  if (!remote_default.empty()) {
    peer_argv.push_back("--remote-default");
    peer_argv.push_back(remote_default);
  }
  if (!moto.empty()) {
    peer_argv.push_back("--kms-endpoint");
    peer_argv.push_back(moto);
  }
  peer_ = ChildProcess(peer_argv, agent_env, (log_dir / "ssm_peer.log").string());
  if (!wait_for_port(peer_port, 20s)) return;
  admin_ = "http://127.0.0.1:" + std::to_string(peer_port);
  const int fake_port = free_loopback_port();
  std::vector<std::string> fake_argv = {"python3", src + "/tests/support/fake_aws.py", "--port",
                                        std::to_string(fake_port), "--ssm-gateway", admin_};
  if (!moto.empty()) {
    fake_argv.push_back("--session-upstream");
    fake_argv.push_back(moto);
  }
  fake_ = ChildProcess(fake_argv, agent_env, (log_dir / "fake_aws.log").string());
  if (!wait_for_port(fake_port, 20s)) return;
  endpoint_ = "http://127.0.0.1:" + std::to_string(fake_port);
  ok_ = true;
}

SsmGateway::~SsmGateway() {
  fake_.stop();
  peer_.stop();
}

nlohmann::json SsmGateway::session(const std::string& id) const {
  auto r = run_command({"curl", "-s", admin_ + "/sessions/" + id});
  return nlohmann::json::parse(r.out, nullptr, false);
}

nlohmann::json SsmGateway::sessions() const {
  auto r = run_command({"curl", "-s", admin_ + "/sessions"});
  return nlohmann::json::parse(r.out, nullptr, false);
}

nlohmann::json SsmGateway::post(const std::string& path, const nlohmann::json& body) const {
  auto r = run_command({"curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "--data", body.dump(),
                        admin_ + path});
  return nlohmann::json::parse(r.out, nullptr, false);
}

void SsmGateway::clear_faults() const {
  faults({{"drop_after_messages", nullptr}, {"duplicate_every", nullptr}, {"reorder", nullptr},
          {"corrupt_digest", nullptr}, {"stall_ms", nullptr}, {"pause_publication_ms", nullptr},
          {"never_ack", nullptr}, {"ack_duplicates", nullptr}, {"kms_key_id", nullptr},
          {"handshake", nullptr}, {"check_digest", nullptr}});
}

}  // namespace opsdeck::testing
