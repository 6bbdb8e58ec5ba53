#include "app/session_registry.hpp"

namespace opsdeck::app {

SessionRegistry::SessionRegistry(aws::MfaPrompt mfa) : mfa_(std::move(mfa)) {}

SessionRegistry::~SessionRegistry() = default;

aws::Result<std::shared_ptr<Session>> SessionRegistry::get(const GlobalOptions& global) {
  SessionKey key = SessionKey::of(global);
  // Held while opening, so two threads asking for one key get one session.
  std::lock_guard lock(mutex_);
  if (auto it = sessions_.find(key); it != sessions_.end()) return it->second;
  auto& shared = credentials_[{global.profile, global.endpoint_url}];
  auto opened = Session::open(global, mfa_, shared);
  if (!opened) return opened.error();
  if (!shared) shared = (*opened)->credentials();
  ++opened_;
  sessions_.emplace(key, *opened);
  return *opened;
}

int SessionRegistry::opened() const {
  std::lock_guard lock(mutex_);
  return opened_;
}

void SessionRegistry::stop_all(const std::set<const Session*>& keep) {
  std::map<SessionKey, std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(mutex_);
    sessions.swap(sessions_);
    credentials_.clear();
  }
  for (auto& [key, s] : sessions)
    if (!keep.count(s.get())) s->stop();
}

}  // namespace opsdeck::app
