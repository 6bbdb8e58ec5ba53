#pragma once
// Session: one AWS account and region as opsdeck acts in it — built once per (profile,
// region, endpoint, read-only) and shared by everything that works there: the console's
// panes and views, runbook steps on SSM or ECS targets, deploys, shells and headless
// commands. SessionRegistry (session_registry.hpp) hands out the shared instances.
//
// It owns the one AwsClient (its IO thread, the credential chain with its cache and MFA
// prompt, the retry quota), the profile and region as resolved (the AWS CLI's order), and
// the caller identity, remembered once learnt.
//
// Threads: open() blocks (it reads ~/.aws files; no network). client() may be used from
// any thread (AwsClient is). caller_arn() blocks the calling thread for one STS call the
// first time (never call it on the AWS IO thread or the UI thread); the identify calls and
// known_caller_arn() never block. Every member is safe to call concurrently.
// Ownership: shared; the client lives until the last holder lets go. stop() cancels the
// client's outstanding calls (their callbacks run once, with Cancelled) and later calls
// fail at once; holders stay valid.

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/global_options.hpp"
#include "aws/aws_client.hpp"
#include "aws/credential_assume_role.hpp"
#include "aws/result.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

// The flags a session is built from, as given (before the credential chain resolves them).
struct SessionKey {
  std::string profile, region, endpoint_url;
  bool readonly = false;
  static SessionKey of(const GlobalOptions& g) { return {g.profile, g.region, g.endpoint_url, g.readonly}; }
  auto operator<=>(const SessionKey&) const = default;
};

class Session {
 public:
  // Errors: a malformed ~/.aws file (Usage, with file:line); an explicitly named profile
  // that does not exist (Credentials); no region anywhere (Usage). `mfa` answers MFA codes
  // for role profiles with mfa_serial; it runs on the client's credentials worker.
  // `credentials` (optional): sign with these instead of the profile's own chain (the
  // registry shares one profile's between its regions).
  static aws::Result<std::shared_ptr<Session>> open(const GlobalOptions& global, aws::MfaPrompt mfa,
                                                    std::shared_ptr<aws::CredentialsProvider> credentials = nullptr);

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  aws::AwsClient& client() const { return *client_; }
  const std::shared_ptr<aws::AwsClient>& shared_client() const { return client_; }
  const SessionKey& key() const { return key_; }
  const std::shared_ptr<aws::CredentialsProvider>& credentials() const { return credentials_; }
  const std::string& profile() const { return profile_; }  // in effect ("default" when none named)
  // The operator named the profile (--profile, the environment, AWS_PROFILE): passed on to
  // tools that read the profile themselves (session-manager-plugin).
  bool profile_named() const { return profile_named_; }
  const std::string& region() const { return region_; }
  const std::string& endpoint_url() const { return key_.endpoint_url; }
  bool readonly() const { return key_.readonly; }

  // The caller's ARN, learnt once: the assumed role's ARN its credentials came with, else
  // STS GetCallerIdentity (identify_caller.hpp does the same without blocking); "" when it
  // cannot be known, with `why` saying what failed (an action is never blocked on it: a
  // local step needs no AWS).
  std::string caller_arn(std::string* why = nullptr);
  // identify_caller's asks in flight, one at a time: join_identify() queues `waiter` and
  // says whether the caller must ask (no ask is out); finish_identify() remembers the ARN
  // (when there is one) and hands back every queued waiter for the asker to run.
  using IdentifyWaiter = std::function<void(aws::CallerIdentity)>;
  bool join_identify(IdentifyWaiter waiter);
  std::vector<IdentifyWaiter> finish_identify(const aws::CallerIdentity& id);
  std::optional<std::string> known_caller_arn() const;
  // The same, "" while unknown; never blocks.
  std::string caller_arn_if_known() const { return known_caller_arn().value_or(""); }

  void stop();

 private:
  Session() = default;

  SessionKey key_;
  std::shared_ptr<aws::AwsClient> client_;
  std::shared_ptr<aws::CredentialsProvider> credentials_;  // the client's (maybe shared)
  std::string profile_;
  bool profile_named_ = false;
  std::string region_;
  mutable std::mutex mutex_;  // guards the caller identity
  std::optional<std::string> caller_arn_;
  std::vector<IdentifyWaiter> identify_waiters_;
};

// Reads an MFA code from the controlling terminal (headless commands); a clear error when
// stdin is not a terminal.
aws::MfaPrompt terminal_mfa_prompt();

}  // namespace opsdeck::app
