#pragma once
// Callers that attach a ReadOnlyGrant (aws/read_only_grant.hpp) for code that builds its
// requests itself (ssh::SsmCommandRunner sends ssm:SendCommand, then polls with reads and
// may send ssm:CancelCommand): the grant goes on the FIRST request whose name() equals
// grant.operation, once; every other request passes unchanged, so the runner's reads stay
// reads and a second SendCommand through the same caller is refused in read-only mode.
//
// Use only for a step the action gate proved read-only. One grant per wrapper; wrap twice
// for the run and its cancel:
//   auto call = aws::grant_once(aws::grant_once(aws::sync_caller(client), {"ssm:SendCommand", why}),
//                               {"ssm:CancelCommand", why});
// The returned callers are safe to call from several threads (the "used" flag is atomic).

#include <atomic>
#include <memory>
#include <utility>

#include "aws/read_only_grant.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::aws {

inline SyncCaller grant_once(SyncCaller inner, ReadOnlyGrant grant) {
  auto used = std::make_shared<std::atomic<bool>>(false);
  return [inner = std::move(inner), grant = std::move(grant), used](const AwsRequest& r) {
    if (r.name() != grant.operation || used->exchange(true)) return inner(r);
    AwsRequest granted = r;
    granted.read_only_grant = grant;
    return inner(granted);
  };
}

inline AsyncCaller grant_once(AsyncCaller inner, ReadOnlyGrant grant) {
  auto used = std::make_shared<std::atomic<bool>>(false);
  return [inner = std::move(inner), grant = std::move(grant), used](const AwsRequest& r, ResponseCallback done) {
    if (r.name() != grant.operation || used->exchange(true)) return inner(r, std::move(done));
    AwsRequest granted = r;
    granted.read_only_grant = grant;
    inner(granted, std::move(done));
  };
}

}  // namespace opsdeck::aws
