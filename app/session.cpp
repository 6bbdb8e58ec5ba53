#include "app/session.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <utility>

#include "aws/client_factory.hpp"
#include "aws/service_call.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

aws::Result<std::shared_ptr<Session>> Session::open(const GlobalOptions& global, aws::MfaPrompt mfa,
                                                     std::shared_ptr<aws::CredentialsProvider> credentials) {
  aws::ClientSetup setup;
  setup.profile = global.profile;
  setup.region = global.region;
  setup.endpoint_url = global.endpoint_url;
  setup.readonly = global.readonly;
  setup.mfa_prompt = std::move(mfa);
  setup.credentials = std::move(credentials);
  auto bundle = aws::make_client(setup);
  if (!bundle) return bundle.error();
  std::shared_ptr<Session> s(new Session);
  s->key_ = SessionKey::of(global);
  s->client_ = std::move(bundle->client);
  s->credentials_ = std::move(bundle->credentials);
  s->profile_ = bundle->profile;
  const char* env_profile = std::getenv("AWS_PROFILE");
  s->profile_named_ = !global.profile.empty() || (env_profile && *env_profile);
  s->region_ = bundle->region;
  return s;
}

Session::~Session() = default;

std::string Session::caller_arn(std::string* why) {
  if (auto known = known_caller_arn()) return *known;
  // Not under the lock: identify_caller's answer, which takes it, arrives on the IO thread
  // this call waits on.
  std::string arn;
  // Credentials from AssumeRole carry the role's ARN: STS said who they are already.
  if (auto creds = credentials_->get(); creds && !creds->caller_arn.empty()) {
    arn = creds->caller_arn;
  } else {
    // A failure is not remembered: the next action asks again (credentials may have been
    // renewed in between, e.g. after `aws sso login`).
    auto id = aws::get_caller_identity(aws::sync_caller(*client_));
    if (!id) {
      if (why) *why = id.error().describe();
      return "";
    }
    arn = id->arn;
  }
  std::lock_guard lock(mutex_);
  caller_arn_ = arn;
  return arn;
}

bool Session::join_identify(IdentifyWaiter waiter) {
  std::lock_guard lock(mutex_);
  identify_waiters_.push_back(std::move(waiter));
  return identify_waiters_.size() == 1;
}

std::vector<Session::IdentifyWaiter> Session::finish_identify(const aws::CallerIdentity& id) {
  std::lock_guard lock(mutex_);
  if (!id.arn.empty()) caller_arn_ = id.arn;
  return std::exchange(identify_waiters_, {});
}

std::optional<std::string> Session::known_caller_arn() const {
  std::lock_guard lock(mutex_);
  return caller_arn_;
}

void Session::stop() { client_->stop(); }

aws::MfaPrompt terminal_mfa_prompt() {
  return [](const std::string& serial) -> aws::Result<std::string> {
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
  };
}

}  // namespace opsdeck::app
