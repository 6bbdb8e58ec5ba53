#include "app/fleet/member_failure.hpp"

#include "app/user_message.hpp"
#include "aws/retry_policy.hpp"

namespace opsdeck::app {

namespace {

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

MemberFailure explain_member_failure(const FleetMember& member, const aws::Error& error) {
  using aws::ErrorKind;
  MemberFailure f;
  f.member = member;
  f.error = error;
  f.detail = from_error(error).summary;
  const std::string profile = member.profile.empty() ? "default" : member.profile;
  const std::string& code = error.code;
  if (error.kind == ErrorKind::Credentials && contains(error.hint, "aws sso login")) {
    f.kind = FailureKind::SsoExpired;
    f.reason = "SSO session expired or missing";
    f.fix = "run: aws sso login --profile " + profile;
  } else if (error.kind == ErrorKind::Credentials &&
             (code == "ExpiredToken" || code == "ExpiredTokenException" || code == "InvalidToken")) {
    f.kind = FailureKind::CredentialsExpired;
    f.reason = "credentials expired";
    f.fix = "renew profile " + profile + "'s credentials (run: aws sso login --profile " + profile +
            " for SSO, or refresh its source_profile / credential_process)";
  } else if (error.kind == ErrorKind::Credentials) {
    f.kind = FailureKind::CredentialsRejected;
    f.reason = "credentials missing or rejected";
    f.fix = error.hint.empty() || code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch" ||
                    code == "AuthFailure" || code == "UnrecognizedClientException"
                ? "check profile " + profile + "'s keys (run: aws configure list --profile " + profile + ")"
                : error.hint;
  } else if (contains(code, "AccessDenied") || code == "UnauthorizedOperation") {
    f.kind = FailureKind::AccessDenied;
    f.reason = "access denied";
    f.fix = "grant profile " + profile + "'s role " + (error.operation.empty() ? "read access" : error.operation) +
            (member.account_id.empty() ? "" : " in account " + member.account_id) +
            ", or remove the member from the fleet";
  } else if (error.kind == ErrorKind::Network || error.kind == ErrorKind::Timeout) {
    f.kind = FailureKind::Unreachable;
    f.reason = "endpoint unreachable";
    f.fix = "check the network or VPN to " + (error.endpoint.empty() ? std::string("the endpoint") : error.endpoint) +
            ", the member's region" + (member.endpoint_url.empty() ? "" : " and endpoint_url");
  } else if (aws::is_throttling_code(code)) {
    f.kind = FailureKind::Throttled;
    f.reason = "throttled";
    f.fix = "AWS throttled the account after retries; wait a minute and run again";
  } else {
    f.kind = FailureKind::Other;
    f.reason = "failed";
    f.fix = from_error(error).hint;
    if (f.fix.empty()) f.fix = "run the command for this member alone: --profile " + profile +
                               (member.region.empty() ? "" : " --region " + member.region);
  }
  return f;
}

}  // namespace opsdeck::app
