#include "app/ssm/remote_runner_factory.hpp"

#include "app/ssh_defaults.hpp"
#include "app/ssm/instance_lookup.hpp"
#include "aws/granted_caller.hpp"
#include "ssh/host_target.hpp"
#include "ssh/ssh_command_runner.hpp"
#include "ssh/ssm_command_runner.hpp"

namespace opsdeck::app {

namespace {

// Keeps the session (its AwsClient) alive as long as the runner (and its commands) may use it.
class OwningSsmRunner : public ssh::CommandRunner {
  // In read-only mode a step the gate proved read-only is granted its one SendCommand
  // (and the CancelCommand that may follow); nothing else.
  static aws::SyncCaller caller(aws::AwsClient& client, const std::string& grant_reason) {
    auto call = aws::sync_caller(client);
    if (grant_reason.empty()) return call;
    return aws::grant_once(aws::grant_once(call, {"ssm:SendCommand", grant_reason}),
                           {"ssm:CancelCommand", grant_reason});
  }

 public:
  OwningSsmRunner(std::shared_ptr<Session> session, aws::SsmCommandTarget target, const std::string& grant_reason)
      : session_(std::move(session)), runner_(caller(session_->client(), grant_reason), std::move(target)) {}
  std::string describe_target() const override { return runner_.describe_target(); }
  std::shared_ptr<ssh::RunningCommand> start(const std::string& command,
                                             ssh::CommandCallbacks cb) override {
    return runner_.start(command, std::move(cb));
  }

 private:
  std::shared_ptr<Session> session_;
  ssh::SsmCommandRunner runner_;
};

class OwningSshRunner : public ssh::CommandRunner {
 public:
  OwningSshRunner(ssh::SshClientOptions options, ssh::HostSettings host)
      : client_(std::make_unique<ssh::SshClient>(std::move(options))),
        runner_(*client_, std::move(host)) {}
  std::string describe_target() const override { return runner_.describe_target(); }
  std::shared_ptr<ssh::RunningCommand> start(const std::string& command,
                                             ssh::CommandCallbacks cb) override {
    return runner_.start(command, std::move(cb));
  }

 private:
  std::unique_ptr<ssh::SshClient> client_;
  ssh::SshCommandRunner runner_;
};

}  // namespace

runbook::RemoteRunnerFactory make_remote_runner_factory(std::shared_ptr<SessionRegistry> sessions,
                                                       const GlobalOptions& global,
                                                       const std::string& read_only_grant) {
  return [sessions = std::move(sessions), global, read_only_grant](
             const std::string& kind, const std::string& id) -> aws::Result<std::shared_ptr<ssh::CommandRunner>> {
    if (kind == "ssm") {
      auto session = sessions->get(global);
      if (!session) return session.error();
      auto target = ssh::parse_ssm_target(id);
      if (target.tag_key == "tag:Name" && id.rfind("tag:", 0) != 0) {
        auto resolved = resolve_instance(aws::sync_caller((*session)->client()), id);
        if (!resolved) return resolved.error();
        target = ssh::parse_ssm_target(*resolved);
      }
      return std::shared_ptr<ssh::CommandRunner>(
          std::make_shared<OwningSsmRunner>(std::move(*session), target, read_only_grant));
    }
    auto parsed = ssh::parse_host_target(id);
    if (!parsed) return parsed.error();
    if (ssh::looks_like_instance_id(parsed->host))
      return aws::make_error(
          aws::ErrorKind::Usage, "ssh:" + id + " names an instance id",
          "use --target ssm:" + id + ", or the instance's address / ssh_config alias");
    auto config = load_ssh_config();
    auto host = ssh::resolve_host_target(*parsed, config);
    return std::shared_ptr<ssh::CommandRunner>(
        std::make_shared<OwningSshRunner>(ssh_client_options(host), host));
  };
}

}  // namespace opsdeck::app
