#include "app/aws_session.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "aws/credential_defaults.hpp"

namespace opsdeck::app {

namespace {

aws::Result<std::string> ask_mfa_code(const std::string& serial) {
  if (!isatty(STDIN_FILENO)) {
    return aws::make_error(aws::ErrorKind::Credentials,
                           "the profile needs an MFA code for " + serial + " but stdin is not a terminal",
                           "run interactively, or use a profile without mfa_serial");
  }
  std::fprintf(stderr, "Enter MFA code for %s: ", serial.c_str());
  std::fflush(stderr);
  std::string code;
  if (!std::getline(std::cin, code) || code.empty())
    return aws::make_error(aws::ErrorKind::Credentials, "no MFA code entered");
  return code;
}

}  // namespace

aws::Result<AwsSession> make_aws_session(const GlobalOptions& global) {
  aws::CredentialOptions copts;
  copts.profile_flag = global.profile;
  copts.region_flag = global.region;
  copts.endpoint_url = global.endpoint_url;
  copts.mfa_prompt = ask_mfa_code;
  auto setup = aws::make_default_setup(copts);
  if (!setup) return setup.error();
  if (setup->region.empty()) {
    return aws::make_error(aws::ErrorKind::Usage,
                           "no AWS region configured for profile '" + setup->profile + "'",
                           "pass --region, set AWS_REGION, or add region= to the profile in ~/.aws/config");
  }
  aws::ClientOptions options;
  options.region = setup->region;
  options.profile = setup->profile;
  options.endpoint_url = global.endpoint_url;
  options.readonly = global.readonly;
  AwsSession s;
  s.client = std::make_shared<aws::AwsClient>(std::move(options), setup->credentials);
  s.profile = setup->profile;
  s.region = setup->region;
  return s;
}

}  // namespace opsdeck::app
