#pragma once
// SessionRegistry: the Sessions (session.hpp) of one process run, by SessionKey, so that
// everything started with the same flags shares one client, one credential cache and one
// caller identity — a headless command's guard and its action, a runbook's SSM and ECS
// steps, the console's panes, deploys and shells. Sessions of one profile (and endpoint)
// in different regions — a fleet's members — share one credential cache: a role is
// assumed, an SSO token read and an MFA code asked once per profile, as the AWS CLI's
// cache does, not once per region. The console makes one registry per
// (profile, region) it shows and replaces it whole on `:profile` / `:region`.
//
// Threads: get() blocks the calling thread while a new session is opened (reads ~/.aws;
// no network); never call it on the AWS IO thread. Every member may be called from any
// thread. Ownership: the registry holds its sessions until stop_all() or destruction;
// callers may keep a session longer (it is shared).

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "app/session.hpp"

namespace opsdeck::app {

class SessionRegistry {
 public:
  // `mfa` is given to every session the registry opens (terminal_mfa_prompt() headless;
  // the console's dialog in the console).
  explicit SessionRegistry(aws::MfaPrompt mfa);
  ~SessionRegistry();
  SessionRegistry(const SessionRegistry&) = delete;
  SessionRegistry& operator=(const SessionRegistry&) = delete;

  // The session for these flags, opened on first use. An error is not remembered.
  aws::Result<std::shared_ptr<Session>> get(const GlobalOptions& global);
  // How many sessions have been opened (tests and the session figures).
  int opened() const;
  // Stops every session's client (outstanding calls end Cancelled) but those in `keep`
  // (still used by something that outlives the registry's users), and forgets them all.
  void stop_all(const std::set<const Session*>& keep = {});

 private:
  aws::MfaPrompt mfa_;
  mutable std::mutex mutex_;
  std::map<SessionKey, std::shared_ptr<Session>> sessions_;
  // (profile flag, endpoint URL) -> the credentials its sessions sign with.
  std::map<std::pair<std::string, std::string>, std::shared_ptr<aws::CredentialsProvider>> credentials_;
  int opened_ = 0;
};

}  // namespace opsdeck::app
