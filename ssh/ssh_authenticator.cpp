#include "ssh/ssh_authenticator.hpp"

#include <fstream>
#include <sstream>

#include "aws/secret_wipe.hpp"
#include "ssh/base64.hpp"
#include "ssh/channel_task.hpp"
#include "ssh/private_key_file.hpp"
#include "ssh/ssh_worker.hpp"

namespace opsdeck::ssh {

namespace {

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

}  // namespace

SshAuthenticator::SshAuthenticator(LIBSSH2_SESSION* session, AuthSettings settings, std::weak_ptr<SshWorker> worker,
                                   std::string where)
    : session_(session), settings_(std::move(settings)), worker_(std::move(worker)), where_(std::move(where)) {}

SshAuthenticator::~SshAuthenticator() {
  aws::wipe(passphrase_);
  if (pending_answer_ && pending_answer_->has_value()) aws::wipe(pending_answer_->value());
}

std::vector<std::string> SshAuthenticator::identity_blobs() const {
  std::vector<std::string> blobs;
  for (const auto& f : settings_.identity_files) {
    std::ifstream in(f + ".pub");
    std::string type, b64;
    if (in >> type >> b64)
      if (auto blob = base64_decode(b64)) blobs.push_back(*blob);
  }
  return blobs;
}

void SshAuthenticator::agent_start() {
  phase_ = Phase::FileNext;
  if (settings_.agent_socket.empty()) return;
  agent_.reset(libssh2_agent_init(session_));
  if (!agent_) return;
  libssh2_agent_set_identity_path(agent_.get(), settings_.agent_socket.c_str());
  if (libssh2_agent_connect(agent_.get()) != 0) {
    tried_.push_back("ssh-agent (cannot connect to " + settings_.agent_socket + ")");
    agent_.reset();
    return;
  }
  int rc;
  while ((rc = libssh2_agent_list_identities(agent_.get())) == LIBSSH2_ERROR_EAGAIN) {
  }
  if (rc != 0) {
    tried_.push_back("ssh-agent (cannot list its keys)");
    agent_.reset();
    return;
  }
  if (settings_.identities_only) allowed_agent_blobs_ = identity_blobs();
  identity_ = nullptr;
  phase_ = Phase::AgentTry;
}

SshAuthenticator::Status SshAuthenticator::agent_try() {
  // identity_ is the key being tried (kept across EAGAIN); advance when it is null.
  while (true) {
    if (!identity_) {
      libssh2_agent_publickey* next = nullptr;
      if (libssh2_agent_get_identity(agent_.get(), &next, last_agent_identity_) != 0) {
        agent_.reset();
        phase_ = Phase::FileNext;
        return Status::Running;
      }
      last_agent_identity_ = next;
      std::string blob(reinterpret_cast<const char*>(next->blob), next->blob_len);
      if (settings_.identities_only) {
        bool allowed = false;
        for (const auto& b : allowed_agent_blobs_) allowed = allowed || b == blob;
        if (!allowed) continue;
      }
      identity_ = next;
    }
    int rc = libssh2_agent_userauth(agent_.get(), settings_.user.c_str(), identity_);
    if (rc == LIBSSH2_ERROR_EAGAIN) return Status::Running;
    std::string name = std::string("agent key ") + (identity_->comment ? identity_->comment : "");
    identity_ = nullptr;
    if (rc == 0) return Status::Succeeded;
    if (is_session_error(rc)) return broken(rc);
    tried_.push_back(name + " (rejected)");
  }
}

SshAuthenticator::Status SshAuthenticator::file_next() {
  while (file_index_ < settings_.identity_files.size()) {
    const auto& path = settings_.identity_files[file_index_];
    auto info = inspect_private_key(path);
    if (!info.exists) {
      ++file_index_;
      continue;
    }
    if (!info.refusal.empty()) {
      tried_.push_back(path + " (refused: " + info.refusal + ")");
      ++file_index_;
      continue;
    }
    aws::wipe(passphrase_);
    if (info.encrypted) {
      if (!settings_.passphrase_prompt) {
        tried_.push_back(path + " (encrypted, and no passphrase prompt is available)");
        ++file_index_;
        continue;
      }
      pending_answer_ = std::make_shared<std::optional<std::optional<std::string>>>();
      std::weak_ptr<std::optional<std::optional<std::string>>> slot = pending_answer_;
      auto worker = worker_;
      phase_ = Phase::FileWaitPassphrase;
      // The answer moves from hop to hop; every buffer it leaves is wiped.
      settings_.passphrase_prompt(path, [slot, worker](std::optional<std::string> answer) {
        if (auto w = worker.lock()) {
          w->post([slot, answer = std::move(answer)]() mutable {
            if (auto s = slot.lock()) *s = std::move(answer);
            aws::wipe(answer);
          });
        }
        aws::wipe(answer);
      });
      return Status::Running;
    }
    phase_ = Phase::FileTry;
    return Status::Running;
  }
  return fail_all();
}

SshAuthenticator::Status SshAuthenticator::file_try() {
  const auto& path = settings_.identity_files[file_index_];
  const std::string pub = path + ".pub";
  const bool have_pub = std::ifstream(pub).good();
  int rc = libssh2_userauth_publickey_fromfile_ex(session_, settings_.user.c_str(),
                                                  static_cast<unsigned>(settings_.user.size()),
                                                  have_pub ? pub.c_str() : nullptr, path.c_str(),
                                                  passphrase_ ? passphrase_->c_str() : nullptr);
  if (rc == LIBSSH2_ERROR_EAGAIN) return Status::Running;
  // Done with this passphrase whatever the outcome (a wrong one is asked again).
  const bool had_passphrase = passphrase_.has_value();
  aws::wipe(passphrase_);
  if (rc == 0) return Status::Succeeded;
  if (is_session_error(rc)) return broken(rc);
  const std::string detail = last_error_message(session_);
  if (had_passphrase && (rc == LIBSSH2_ERROR_FILE || rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED)) {
    // The server would take the key (or libssh2 could not decrypt it): the passphrase is wrong.
    if (++passphrase_attempts_ < kPassphraseAttempts) {
      phase_ = Phase::FileNext;  // asks again for the same file
      return Status::Running;
    }
    tried_.push_back(path + " (wrong passphrase)");
  } else if (rc == LIBSSH2_ERROR_FILE) {
    tried_.push_back(path + " (unreadable key: " + detail + ")");
  } else {
    std::string note = path + " (rejected by the server: " + detail + ")";
    std::ifstream pubf(pub);
    std::string type;
    if (pubf >> type && type == "ssh-rsa")
      note += " [libssh2 1.10 signs RSA keys with ssh-rsa (SHA-1), which OpenSSH 8.8+ refuses by default: "
              "use an ed25519 or ecdsa key]";
    tried_.push_back(note);
  }
  passphrase_attempts_ = 0;
  ++file_index_;
  phase_ = Phase::FileNext;
  return Status::Running;
}

SshAuthenticator::Status SshAuthenticator::fail_all() {
  phase_ = Phase::Done;
  error_ = aws::make_error(aws::ErrorKind::Credentials,
                           "Permission denied (publickey) for " + where_ + "; tried: " +
                               (tried_.empty() ? std::string("no usable keys") : join(tried_, "; ")),
                           "add the key to ssh-agent, set IdentityFile in ~/.ssh/config, or check the user name");
  error_.code = "AuthenticationFailed";
  return Status::Failed;
}

SshAuthenticator::Status SshAuthenticator::broken(int rc) {
  phase_ = Phase::Done;
  error_ = aws::make_error(aws::ErrorKind::Network, "connection to " + where_ + " lost during authentication: " +
                                                        last_error_message(session_) + " (libssh2 " +
                                                        std::to_string(rc) + ")");
  error_.retryable = true;
  return Status::Failed;
}

SshAuthenticator::Status SshAuthenticator::step() {
  for (;;) {
    Status s = Status::Running;
    switch (phase_) {
      case Phase::AgentStart:
        agent_start();
        continue;
      case Phase::AgentTry:
        s = agent_try();
        if (s == Status::Running && phase_ == Phase::AgentTry) return s;
        if (s != Status::Running) return s;
        continue;
      case Phase::FileNext:
        s = file_next();
        if (s != Status::Running || phase_ == Phase::FileWaitPassphrase) return s;
        continue;
      case Phase::FileWaitPassphrase:
        if (!pending_answer_ || !pending_answer_->has_value()) return Status::Running;
        if (!pending_answer_->value()) {
          tried_.push_back(settings_.identity_files[file_index_] + " (no passphrase given)");
          ++file_index_;
          passphrase_attempts_ = 0;
          phase_ = Phase::FileNext;
        } else {
          passphrase_ = std::move(pending_answer_->value());
          phase_ = Phase::FileTry;
        }
        if (pending_answer_->has_value()) aws::wipe(pending_answer_->value());
        pending_answer_.reset();
        continue;
      case Phase::FileTry:
        s = file_try();
        if (s != Status::Running || phase_ == Phase::FileTry) return s;
        continue;
      case Phase::Done:
        return Status::Failed;
    }
  }
}

}  // namespace opsdeck::ssh
