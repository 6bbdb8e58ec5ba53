#pragma once
// identify_caller: who a session's credentials are, without blocking and as cheaply as it
// can be known —
//   1. what the session already knows (an earlier answer);
//   2. what the credentials said when they were made (an assumed role's ARN, from STS's
//      own AssumeRole answer): no call;
//   3. else one STS GetCallerIdentity through `call` (the session's client, or an
//      EndpointLimiter's wrap of it); when it fails, the account the credentials were
//      issued for (an SSO profile's), if any.
// A learnt ARN is remembered by the session, and callers that come while an ask is out
// share its answer (Session::join_identify): panes refreshing together cost one ask.
//
// Threads: call from any thread but the client's IO thread; `done` runs once — on the
// calling thread in case 1, else on the session client's IO thread (it must not block).
// Fields are "" when unknown (the credentials failed, STS refused): an account column
// stays empty, nothing is blocked on it.
// Ownership: the session is held weakly; `call` must stay usable until `done` has run
// (the caller keeps the session alive meanwhile).

#include <functional>
#include <memory>

#include "app/session.hpp"
#include "aws/service_call.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

void identify_caller(const std::shared_ptr<Session>& session, aws::AsyncCaller call,
                     std::function<void(aws::CallerIdentity)> done);

}  // namespace opsdeck::app
