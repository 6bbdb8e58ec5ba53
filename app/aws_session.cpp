#include "app/aws_session.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "aws/client_factory.hpp"

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
  aws::ClientSetup setup;
  setup.profile = global.profile;
  setup.region = global.region;
  setup.endpoint_url = global.endpoint_url;
  setup.readonly = global.readonly;
  setup.mfa_prompt = ask_mfa_code;
  auto bundle = aws::make_client(setup);
  if (!bundle) return bundle.error();
  AwsSession s;
  s.client = std::move(bundle->client);
  s.profile = bundle->profile;
  s.region = bundle->region;
  return s;
}

}  // namespace opsdeck::app
