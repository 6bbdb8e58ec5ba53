#include "app/console/ssh_connector.hpp"

#include <cstdlib>

#include "app/ssh_defaults.hpp"
#include "ssh/connection_probe.hpp"
#include "ssh/host_target.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

std::string expand_home(const std::string& path) {
  if (path.rfind("~/", 0) != 0) return path;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + path.substr(1);
}

}  // namespace

aws::Result<ssh::HostSettings> ssh_host_for(const std::string& target, const ShellSettings& settings) {
  auto parsed = ssh::parse_host_target(target);
  if (!parsed) return parsed.error();
  if (settings.ssh_port > 0 && !parsed->port) parsed->port = settings.ssh_port;
  ssh::HostSettings host = ssh::resolve_host_target(*parsed, load_ssh_config());
  if (!settings.identity_file.empty())
    host.identity_files.insert(host.identity_files.begin(), expand_home(settings.identity_file));
  return host;
}

ConnectPrefs connect_prefs_for(const ConnectFacts& facts, const ShellSettings& settings) {
  ConnectPrefs prefs;
  prefs.method = parse_connect_override(settings.method);
  prefs.ssh_user = settings.ssh_user;
  prefs.prefer_private_ip = settings.prefer_private_ip;
  ssh::SshConfig config = load_ssh_config();
  for (const auto& alias : {facts.name, facts.instance_id})  // an ssh_config Host wins
    if (!alias.empty() && config.resolve(alias).hostname != alias) prefs.ssh_aliases.push_back(alias);
  return prefs;
}

SshConnector::SshConnector(ConsoleView& view, ui::EventLoop& loop) : view_(view), loop_(loop) {}

SshConnector::~SshConnector() {
  drop_questions();
  client_.reset();  // stops the SSH worker: no callback runs after this
}

void SshConnector::drop_questions() {
  if (answer_) answer_(false);
  answer_ = nullptr;
  if (secret_answer_) secret_answer_(std::nullopt);
  secret_answer_ = nullptr;
  dialog_.reset();
  secret_.reset();
}

void SshConnector::connect(const ssh::HostSettings& host, std::string subject, Done done) {
  drop_questions();
  client_.reset();
  subject_ = std::move(subject);
  done_ = std::move(done);
  const uint64_t attempt = ++attempt_;
  ssh::SshClientOptions options = ssh_client_options(host);
  // The SSH worker asks; the questions wait on the UI thread for the operator.
  options.on_unknown_host_key = [this](const ssh::HostKeyPrompt& p, std::function<void(bool)> answer) {
    loop_.post([this, p, answer = std::move(answer)]() mutable { on_host_key(p, std::move(answer)); });
  };
  options.passphrase_prompt = [this](const std::string& path,
                                     std::function<void(std::optional<std::string>)> answer) {
    loop_.post([this, path, answer = std::move(answer)]() mutable { on_passphrase(path, std::move(answer)); });
  };
  client_ = std::make_unique<ssh::SshClient>(std::move(options));
  client_->submit(host, std::make_shared<ssh::ConnectionProbe>([this, attempt](std::optional<aws::Error> e) {
    loop_.post([this, attempt, e = std::move(e)]() mutable { on_connected(attempt, std::move(e)); });
  }));
}

void SshConnector::on_host_key(const ssh::HostKeyPrompt& p, std::function<void(bool)> answer) {
  if (answer_) answer_(false);  // one question at a time
  answer_ = std::move(answer);
  std::vector<std::string> lines = {
      "The authenticity of host " + ui::sanitize_plain(p.host) + " can't be established.",
      ui::sanitize_plain(p.key.type) + " key fingerprint is " + p.fingerprint + ".",
  };
  if (!p.other_known_types.empty()) {
    std::string types;
    for (const auto& t : p.other_known_types) types += (types.empty() ? "" : ", ") + t;
    lines.push_back("known_hosts already has other key types for it: " + ui::sanitize_plain(types));
  }
  lines.push_back("y: trust it and record it in known_hosts   n / Esc: refuse");
  dialog_.emplace("Unknown host key: " + subject_, lines);
}

void SshConnector::on_passphrase(const std::string& key_path,
                                 std::function<void(std::optional<std::string>)> answer) {
  if (secret_answer_) secret_answer_(std::nullopt);  // one question at a time
  secret_answer_ = std::move(answer);
  secret_ = std::make_unique<ui::SecretDialog>("Key passphrase: " + subject_,
                                               std::vector<std::string>{"Enter the passphrase for key " + key_path});
}

ui::Outcome SshConnector::on_key(const ui::KeyEvent& e) {
  if (e.key == ui::Key::Resize) return ui::Outcome::Relayout;
  if (secret_) {
    secret_->handle_key(e);
    if (secret_->pending()) return ui::Outcome::Redraw;
    std::optional<std::string> pass;
    if (secret_->state() == ui::SecretDialog::State::Submitted) pass = secret_->take();
    secret_.reset();
    auto answer = std::move(secret_answer_);
    secret_answer_ = nullptr;
    if (answer) answer(std::move(pass));
    view_.status().show(ui::Severity::Info, subject_ + ": authenticating...");
    return ui::Outcome::Redraw;
  }
  if (!dialog_) return ui::Outcome::Ignored;
  dialog_->handle_key(e);
  if (dialog_->pending()) return ui::Outcome::Redraw;
  bool yes = dialog_->state() == ui::ConfirmDialog::State::Confirmed;
  dialog_.reset();
  auto answer = std::move(answer_);
  answer_ = nullptr;
  if (answer) answer(yes);
  view_.status().show(yes ? ui::Severity::Info : ui::Severity::Warn,
                      subject_ + (yes ? ": host key accepted, connecting..." : ": host key refused"));
  return ui::Outcome::Redraw;
}

void SshConnector::on_connected(uint64_t attempt, std::optional<aws::Error> error) {
  if (attempt != attempt_ || !client_) return;  // abandoned
  drop_questions();  // the connection gave up while a question was open
  auto done = std::move(done_);
  done_ = nullptr;
  std::unique_ptr<ssh::SshClient> client = std::move(client_);
  if (error) client.reset();
  if (done) done(std::move(client), std::move(error));
}

void SshConnector::render(ui::CellGrid& grid, bool ascii) const {
  if (dialog_) dialog_->render(grid, grid.bounds(), ascii);
  if (secret_) secret_->render(grid, grid.bounds(), ascii);
}

}  // namespace opsdeck::app
