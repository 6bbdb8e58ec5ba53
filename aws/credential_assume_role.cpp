#include "aws/credential_assume_role.hpp"

#include <pugixml.hpp>

#include "aws/arn.hpp"
#include "aws/aws_client.hpp"
#include "aws/credential_static.hpp"
#include "aws/iso8601.hpp"

namespace opsdeck::aws {

AssumeRoleCredentialsProvider::AssumeRoleCredentialsProvider(AssumeRoleParams params,
                                                             std::shared_ptr<CredentialsProvider> source,
                                                             MfaPrompt mfa_prompt)
    : params_(std::move(params)), source_(std::move(source)), mfa_prompt_(std::move(mfa_prompt)) {}

Result<Credentials> AssumeRoleCredentialsProvider::get() {
  auto src = source_->get();
  if (!src) {
    Error e = src.error();
    e.code.clear();  // a missing source is a failure of this profile, not "not configured"
    e.message = "source credentials for " + params_.role_arn + ": " + e.message;
    return e;
  }
  AwsRequest r;
  r.service = &services::sts;
  r.operation = "AssumeRole";
  std::string session = params_.session_name.empty()
                            ? "opsdeck-" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                              std::chrono::system_clock::now().time_since_epoch())
                                                              .count())
                            : params_.session_name;
  r.params = {{"RoleArn", params_.role_arn}, {"RoleSessionName", session}};
  if (!params_.external_id.empty()) r.params.emplace_back("ExternalId", params_.external_id);
  if (params_.duration_seconds > 0) r.params.emplace_back("DurationSeconds", std::to_string(params_.duration_seconds));
  if (!params_.mfa_serial.empty()) {
    if (!mfa_prompt_)
      return make_error(ErrorKind::Credentials, "role " + params_.role_arn + " needs an MFA code (mfa_serial " +
                                                    params_.mfa_serial + ") and nothing can ask for it here",
                        "run in the console, or use credentials that need no MFA");
    auto code = mfa_prompt_(params_.mfa_serial);
    if (!code) return code.error();
    r.params.emplace_back("SerialNumber", params_.mfa_serial);
    r.params.emplace_back("TokenCode", *code);
  }
  ClientOptions o;
  o.region = params_.region.empty() ? "us-east-1" : params_.region;
  o.endpoint_url = params_.endpoint_url;
  o.env = params_.env;
  AwsClient sts(o, std::make_shared<StaticCredentialsProvider>(*src));
  auto resp = sts.call_sync(r);
  if (!resp) {
    Error e = resp.error();
    e.kind = ErrorKind::Credentials;
    e.message = "assuming " + params_.role_arn + ": " + e.message;
    return e;
  }
  pugi::xml_document doc;
  doc.load_buffer(resp->body.data(), resp->body.size());
  pugi::xml_node c = doc.select_node("//AssumeRoleResult/Credentials").node();
  Credentials out;
  out.access_key_id = c.child_value("AccessKeyId");
  out.secret_access_key = c.child_value("SecretAccessKey");
  out.session_token = c.child_value("SessionToken");
  out.expiration = parse_iso8601(c.child_value("Expiration"));
  out.source = name();
  // The assumed role's ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION): the caller
  // identity these credentials have, so nobody needs to ask GetCallerIdentity for it.
  out.caller_arn = doc.select_node("//AssumeRoleResult/AssumedRoleUser").node().child_value("Arn");
  out.account_id = account_of_arn(out.caller_arn);
  if (out.account_id.empty()) out.caller_arn.clear();
  if (out.empty()) return make_error(ErrorKind::Parse, "AssumeRole answer has no credentials");
  return out;
}

}  // namespace opsdeck::aws
