#include "ssh/ssm/session_start.hpp"

#include "aws/ecs.hpp"
#include "aws/kms.hpp"
#include "aws/ssm.hpp"

namespace opsdeck::ssh::ssm {

StreamSessionOptions stream_options(const aws::SyncCaller& call, const std::string& session_id,
                                    const std::string& target) {
  StreamSessionOptions o;
  o.resume = [call](const std::string& id) { return aws::resume_session(call, id); };
  o.terminate = [call](const std::string& id) { (void)aws::terminate_session(call, id); };
  o.channel.generate_data_key = [call, session_id, target](const std::string& key_id) -> aws::Result<KmsDataKey> {
    auto key = aws::generate_data_key(call, key_id, 64, {{"aws:ssm:SessionId", session_id}, {"aws:ssm:TargetId", target}});
    if (!key) return key.error();
    return KmsDataKey{std::move(key.value().plaintext), std::move(key.value().ciphertext_blob)};
  };
  return o;
}

aws::Result<int> open_ssm_shell(const aws::SyncCaller& call, const SessionRequest& request,
                                const SessionContext& context, int in_fd, int out_fd) {
  if (context.client == SessionContext::Client::Plugin) return run_ssm_session(call, request, context);
  auto session = aws::start_session(call, request.target, request.document, request.parameters);
  if (!session) return session.error();
  return run_native_shell(*session, stream_options(call, session->session_id, request.target), in_fd, out_fd);
}

aws::Result<int> open_ecs_exec(const aws::SyncCaller& call, const std::string& cluster, const std::string& task,
                               const std::string& container, const std::string& command,
                               const SessionContext& context, int in_fd, int out_fd) {
  if (context.client == SessionContext::Client::Plugin)
    return run_ecs_exec(call, cluster, task, container, command, context);
  auto session = aws::execute_command(call, cluster, task, command, container);
  if (!session) return session.error();
  aws::SsmSession s{session->session_id, session->token, session->stream_url};
  // ECS Exec sessions are Session Manager sessions: ResumeSession and TerminateSession apply.
  return run_native_shell(s, stream_options(call, s.session_id, task), in_fd, out_fd);
}

aws::Result<int> run_ecs_exec_command(const aws::SyncCaller& call, const std::string& cluster,
                                      const std::string& task, const std::string& container,
                                      const std::string& command, const CommandStreams& streams) {
  auto session = aws::execute_command(call, cluster, task, command, container);
  if (!session) return session.error();
  aws::SsmSession s{session->session_id, session->token, session->stream_url};
  return run_native_command(s, stream_options(call, s.session_id, task), streams);
}

}  // namespace opsdeck::ssh::ssm
