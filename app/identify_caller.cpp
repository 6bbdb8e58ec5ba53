#include "app/identify_caller.hpp"

#include <vector>

#include "aws/arn.hpp"

namespace opsdeck::app {

void identify_caller(const std::shared_ptr<Session>& session, aws::AsyncCaller call,
                     std::function<void(aws::CallerIdentity)> done) {
  if (auto known = session->known_caller_arn())
    return done(aws::CallerIdentity{aws::account_of_arn(*known), *known, ""});
  // Panes refreshing together ask once: later callers wait for the ask already out.
  if (!session->join_identify(std::move(done))) return;
  std::weak_ptr<Session> weak = session;
  // The waiters run after the session is let go: one may drop the last other reference.
  auto finish = [weak](const aws::CallerIdentity& id) {
    std::vector<Session::IdentifyWaiter> waiters;
    if (auto s = weak.lock()) waiters = s->finish_identify(id);
    for (auto& w : waiters) w(id);
  };
  // An ask that ended between the first look and joining has remembered its answer.
  if (auto known = session->known_caller_arn())
    return finish(aws::CallerIdentity{aws::account_of_arn(*known), *known, ""});
  session->client().credential_identity([call = std::move(call), finish](aws::Result<aws::CredentialIdentity> said) {
    if (!said) return finish({});  // the list calls report the credentials' error
    if (!said->caller_arn.empty()) return finish(aws::CallerIdentity{said->account_id, said->caller_arn, ""});
    // An SSO profile knows its account but not the ARN the guards and the audit log want:
    // ask, and fall back on the account when STS does not answer.
    call(aws::get_caller_identity_request(), [finish, account = said->account_id](aws::Result<aws::HttpResponse> r) {
      aws::CallerIdentity out;
      if (r)
        if (auto id = aws::parse_get_caller_identity(r->body); id) {
          out = std::move(*id);
          if (out.account.empty()) out.account = aws::account_of_arn(out.arn);
        }
      if (out.account.empty()) out.account = account;
      finish(out);
    });
  });
}

}  // namespace opsdeck::app
