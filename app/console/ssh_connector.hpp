#pragma once
// SshConnector: opens and authenticates an SSH connection for the console, asking the
// operator what OpenSSH would ask on its terminal — an unknown host key in a ConfirmDialog
// with its SHA256 fingerprint (recorded in known_hosts only on yes), an encrypted key's
// passphrase in a masked dialog (Esc skips the key). A mismatched key, a refusal or an
// authentication failure comes back as the error. The shell (`s`) and SSH port forwards
// (`f`) both connect through it, then use the client it hands over.
//
// Threads: UI thread. The SSH worker's questions and the result are post()ed to the loop.
// Ownership: borrows the view and the loop. It owns the client until `done` takes it; its
// destructor refuses an open question and stops that client, so no callback runs after it.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/console/console_overlay.hpp"
#include "app/console/console_view.hpp"
#include "app/console/sources/console_settings.hpp"
#include "app/ssm/connect_method.hpp"
#include "aws/result.hpp"
#include "ssh/ssh_client.hpp"
#include "widgets/confirm_dialog.hpp"
#include "widgets/event_loop.hpp"
#include "widgets/secret_dialog.hpp"

namespace opsdeck::app {

// Where `target` ("user@host", "host", an ssh_config alias) goes with the config's "shell"
// settings: ssh_config first, then the settings' port (when the target names none) and
// identity file (tried first).
aws::Result<ssh::HostSettings> ssh_host_for(const std::string& target, const ShellSettings& settings);

// How the console reaches `facts`' instance with the config's "shell" settings: the method
// override, the SSH user, private-IP preference, and the ssh_config Host entries that name
// the instance (its Name tag or id; such an alias wins over an address).
ConnectPrefs connect_prefs_for(const ConnectFacts& facts, const ShellSettings& settings);

class SshConnector : public ConsoleOverlay {
 public:
  // On the UI thread, once: the connected client, or why there is none.
  using Done = std::function<void(std::unique_ptr<ssh::SshClient> client, std::optional<aws::Error> error)>;

  SshConnector(ConsoleView& view, ui::EventLoop& loop);
  ~SshConnector() override;
  SshConnector(const SshConnector&) = delete;
  SshConnector& operator=(const SshConnector&) = delete;

  // `subject` starts the status lines and names the dialogs ("shell clinic-api (i-0abc)").
  // A connection still being opened is abandoned (its `done` never runs).
  void connect(const ssh::HostSettings& host, std::string subject, Done done);
  bool busy() const { return client_ != nullptr; }

  // The host-key or the passphrase question.
  bool modal() const override { return dialog_.has_value() || secret_ != nullptr; }
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  void render(ui::CellGrid& grid, bool ascii) const override;

 private:
  void on_host_key(const ssh::HostKeyPrompt& prompt, std::function<void(bool)> answer);
  void on_passphrase(const std::string& key_path, std::function<void(std::optional<std::string>)> answer);
  void on_connected(uint64_t attempt, std::optional<aws::Error> error);
  void drop_questions();

  ConsoleView& view_;
  ui::EventLoop& loop_;
  std::unique_ptr<ssh::SshClient> client_;
  std::string subject_;
  Done done_;
  uint64_t attempt_ = 0;  // a result for an abandoned attempt is ignored
  std::optional<ui::ConfirmDialog> dialog_;
  std::function<void(bool)> answer_;  // the pending host-key question
  std::unique_ptr<ui::SecretDialog> secret_;
  std::function<void(std::optional<std::string>)> secret_answer_;  // the pending passphrase
};

}  // namespace opsdeck::app
