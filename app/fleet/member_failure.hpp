#pragma once
// MemberFailure: why one fleet member did not answer, said so an operator can act on it at
// 3 a.m. — the kind of failure in a few words, what AWS (or the network) said, and the one
// thing to do, naming the member's own profile ("run: aws sso login --profile prod").
// Pure; any thread.

#include <string>

#include "app/fleet/fleet_member.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

enum class FailureKind { SsoExpired, CredentialsExpired, CredentialsRejected, AccessDenied, Unreachable, Throttled, Other };

struct MemberFailure {
  FleetMember member;
  aws::Error error;
  FailureKind kind = FailureKind::Other;
  std::string reason;  // "SSO session expired", "access denied", "endpoint unreachable" ...
  std::string detail;  // the error as app/user_message.hpp from_error() words it
  std::string fix;     // what to do ("run: aws sso login --profile prod")
};

MemberFailure explain_member_failure(const FleetMember& member, const aws::Error& error);

}  // namespace opsdeck::app
