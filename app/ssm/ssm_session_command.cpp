#include "app/ssm/ssm_session_command.hpp"

#include <cstdio>

#include "app/exit_codes.hpp"
#include "app/ssm/aws_setup.hpp"
#include "aws/service.hpp"
#include "ssh/ssm_session_plugin.hpp"

namespace opsdeck::app {

namespace {

int fail(const aws::Error& e) {
  std::fprintf(stderr, "opsdeck ssm: %s\n", e.describe().c_str());
  return exit_code_for(e);
}

}  // namespace

int run_ssm_session_command(const GlobalOptions& global, const SsmSessionOptions& o) {
  using Kind = SsmSessionOptions::Kind;
  const char* what = o.kind == Kind::Shell ? "ssm:StartSession opens a shell on the instance"
                     : o.kind == Kind::Forward
                         ? "ssm:StartSession opens a port forward through the instance"
                         : "ecs:ExecuteCommand opens a shell in the task";
  if (global.readonly) {
    std::fprintf(
        stderr, "opsdeck ssm: refused in --readonly mode: %s (drop --readonly to connect)\n", what);
    return kExitRefused;
  }
  if (!ssh::find_session_plugin()) return fail(ssh::missing_plugin_error());
  auto setup = make_aws_client(global);
  if (!setup) return fail(setup.error());
  auto call = aws::sync_caller(*setup->client);
  ssh::SessionContext context{setup->region, setup->profile_named ? setup->profile : std::string(),
                              setup->client->endpoint_for(aws::services::ssm)};
  aws::Result<int> rc = 0;
  if (o.kind == Kind::EcsExec) {
    rc = ssh::run_ecs_exec(call, o.cluster, o.task, o.container, o.command, context);
  } else {
    auto id = resolve_instance(call, o.instance);
    if (!id) return fail(id.error());
    ssh::SessionRequest request;
    if (o.kind == Kind::Forward) {
      request = ssh::port_forward_request(*id, o.host, o.port, o.local_port);
    } else {
      request.target = *id;
    }
    rc = ssh::run_ssm_session(call, request, context);
  }
  if (!rc) return fail(rc.error());
  return *rc;
}

}  // namespace opsdeck::app
