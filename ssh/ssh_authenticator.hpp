#pragma once
// Public-key user authentication on a handshaken, host-key-checked session, the way ssh
// orders it: ssh-agent identities first (only those matching IdentityFile when
// IdentitiesOnly is set), then each identity file. A key file readable by group/others is
// refused with ssh's reason; an encrypted key asks for its passphrase through the prompt
// callback and waits for the answer. Non-blocking: step() until it stops returning Running.
// Worker thread only; the prompt callback is invoked on the worker thread and its answer
// function may be called from any thread, once.
// A passphrase is held only from its answer to the end of the attempt that uses it, then
// wiped (aws/secret_wipe.hpp), as are the buffers it moved through on its way here.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "aws/result.hpp"
#include "ssh/libssh2_handles.hpp"

namespace opsdeck::ssh {

class SshWorker;

// Asks for the passphrase of `key_path`; call `answer` with nullopt to skip the key.
using PassphrasePrompt =
    std::function<void(const std::string& key_path, std::function<void(std::optional<std::string>)> answer)>;

struct AuthSettings {
  std::string user;
  std::vector<std::string> identity_files;
  bool identities_only = false;
  std::string agent_socket;  // empty: no agent
  PassphrasePrompt passphrase_prompt;
};

class SshAuthenticator {
 public:
  enum class Status { Running, Succeeded, Failed };

  SshAuthenticator(LIBSSH2_SESSION* session, AuthSettings settings, std::weak_ptr<SshWorker> worker,
                   std::string where);
  ~SshAuthenticator();  // wipes a passphrase still held
  SshAuthenticator(const SshAuthenticator&) = delete;
  SshAuthenticator& operator=(const SshAuthenticator&) = delete;
  Status step();
  const aws::Error& error() const { return error_; }
  // True while a passphrase prompt is open: the operator's time does not count against
  // the connection's setup timeout.
  bool waiting_for_operator() const { return phase_ == Phase::FileWaitPassphrase; }

 private:
  enum class Phase { AgentStart, AgentTry, FileNext, FileWaitPassphrase, FileTry, Done };
  void agent_start();
  Status agent_try();
  Status file_next();
  Status file_try();
  Status fail_all();
  Status broken(int rc);
  std::vector<std::string> identity_blobs() const;

  LIBSSH2_SESSION* session_;
  AuthSettings settings_;
  std::weak_ptr<SshWorker> worker_;
  std::string where_;  // "root@127.0.0.1:2222" for messages
  Phase phase_ = Phase::AgentStart;
  AgentPtr agent_;
  libssh2_agent_publickey* identity_ = nullptr;             // being tried
  libssh2_agent_publickey* last_agent_identity_ = nullptr;  // iteration cursor
  std::vector<std::string> allowed_agent_blobs_;
  size_t file_index_ = 0;
  std::optional<std::string> passphrase_;
  static constexpr int kPassphraseAttempts = 3;  // as ssh: three tries per key
  int passphrase_attempts_ = 0;
  std::shared_ptr<std::optional<std::optional<std::string>>> pending_answer_;
  std::vector<std::string> tried_;  // for the final message
  aws::Error error_;
};

}  // namespace opsdeck::ssh
