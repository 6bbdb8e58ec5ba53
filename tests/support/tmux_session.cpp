#include "tests/support/tmux_session.hpp"

#include <signal.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace opsdeck::testing {

namespace {

constexpr auto kPoll = std::chrono::milliseconds(50);

std::string trim(const std::string& s) {
  auto end = s.find_last_not_of(" \t\r\n");
  return end == std::string::npos ? std::string() : s.substr(0, end + 1);
}

// tmux reads an argument that ends in ';' as a command separator; "\\;" is a literal one.
std::string escape_separator(std::string arg) {
  if (!arg.empty() && arg.back() == ';') arg.insert(arg.size() - 1, "\\");
  return arg;
}

template <class Pred>
ScreenWait poll_screen(const TmuxSession& t, std::chrono::milliseconds timeout, Pred pred) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  ScreenWait w;
  for (;;) {
    w.screen = t.screen();
    if (pred(w.screen)) {
      w.ok = true;
      return w;
    }
    if (std::chrono::steady_clock::now() >= deadline) return w;
    std::this_thread::sleep_for(kPoll);
  }
}

}  // namespace

TmuxSession::TmuxSession(const std::vector<std::string>& argv, TmuxOptions options)
    : socket_(dir_.path() / "tmux.sock") {
  if (argv.empty()) throw std::invalid_argument("TmuxSession: empty command");
  // One invocation, so the options are in place before the program can exit: the pane
  // must stay (remain-on-exit) with its last frame intact (empty remain-on-exit-format,
  // else tmux scrolls a "Pane is dead" line in), and without a status line the pane is
  // exactly columns x rows.
  std::vector<std::string> args = {"start-server", ";",
                                   "set-option", "-g", "remain-on-exit", "on", ";",
                                   "set-option", "-g", "remain-on-exit-format", "", ";",
                                   "set-option", "-g", "status", "off", ";",
                                   "set-option", "-g", "escape-time", "0", ";",
                                   "set-option", "-g", "default-terminal", options.term, ";",
                                   "new-session", "-d", "-P", "-F", "#{pane_pid}",
                                   "-s", session_,
                                   "-x", std::to_string(options.columns),
                                   "-y", std::to_string(options.rows)};
  if (!options.cwd.empty()) {
    args.push_back("-c");
    args.push_back(options.cwd.string());
  }
  for (const auto& [k, v] : options.env) {
    args.push_back("-e");
    args.push_back(k + "=" + v);
  }
  args.push_back("--");
  args.insert(args.end(), argv.begin(), argv.end());
  RunResult r = tmux(args);
  if (r.exit_code != 0) {
    throw std::runtime_error("tmux new-session failed (" + std::to_string(r.exit_code) + "): " + r.err);
  }
  pid_ = std::atoi(trim(r.out).c_str());
}

TmuxSession::~TmuxSession() {
  tmux({"kill-server"});
  // tmux hangs up the pane; a program that ignores SIGHUP is not left running.
  if (pid_ > 0 && ::kill(pid_, 0) == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
  }
}

RunResult TmuxSession::tmux(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {"tmux", "-S", socket_.string(), "-f", "/dev/null"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, {}, {}, std::chrono::seconds(10));
}

std::string TmuxSession::target() const { return session_ + ":0.0"; }

void TmuxSession::send_text(const std::string& text) {
  tmux({"send-keys", "-t", target(), "-l", "--", escape_separator(text)});
}

void TmuxSession::send_keys(const std::vector<std::string>& keys) {
  std::vector<std::string> args = {"send-keys", "-t", target()};
  for (const auto& k : keys) args.push_back(escape_separator(k));
  tmux(args);
}

std::string TmuxSession::screen(bool escapes) const {
  std::vector<std::string> args = {"capture-pane", "-p", "-t", target()};
  if (escapes) args.push_back("-e");
  return tmux(args).out;
}

std::pair<int, int> TmuxSession::cursor() const {
  std::istringstream in(tmux({"display-message", "-p", "-t", target(), "#{cursor_x} #{cursor_y}"}).out);
  int x = -1, y = -1;
  in >> x >> y;
  return {x, y};
}

ScreenWait TmuxSession::wait_for_text(const std::string& text, std::chrono::milliseconds timeout) const {
  return poll_screen(*this, timeout, [&](const std::string& s) { return s.find(text) != std::string::npos; });
}

ScreenWait TmuxSession::wait_for_regex(const std::regex& pattern, std::chrono::milliseconds timeout) const {
  return poll_screen(*this, timeout, [&](const std::string& s) { return std::regex_search(s, pattern); });
}

ScreenWait TmuxSession::wait_for_text_gone(const std::string& text, std::chrono::milliseconds timeout) const {
  return poll_screen(*this, timeout, [&](const std::string& s) { return s.find(text) == std::string::npos; });
}

void TmuxSession::resize(int columns, int rows) {
  tmux({"resize-window", "-t", session_, "-x", std::to_string(columns), "-y", std::to_string(rows)});
}

std::pair<int, int> TmuxSession::size() const {
  std::istringstream in(tmux({"display-message", "-p", "-t", target(), "#{pane_width} #{pane_height}"}).out);
  int w = -1, h = -1;
  in >> w >> h;
  return {w, h};
}

std::optional<PaneExit> TmuxSession::exit_status() const {
  // Empty fields stay in place thanks to the separators: "1:7:" or "1::11".
  RunResult r = tmux({"display-message", "-p", "-t", target(),
                      "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}"});
  if (r.exit_code != 0) return std::nullopt;
  std::istringstream in(trim(r.out));
  std::string dead, status, signal;
  std::getline(in, dead, ':');
  std::getline(in, status, ':');
  std::getline(in, signal, ':');
  // tmux marks the pane dead when the pty closes and fills in the status when it reaps
  // the child, a moment later: until both are known the program counts as running.
  if (dead != "1" || (status.empty() && signal.empty())) return std::nullopt;
  PaneExit e;
  e.signal = signal.empty() ? 0 : std::atoi(signal.c_str());
  e.status = e.signal != 0 ? 128 + e.signal : (status.empty() ? -1 : std::atoi(status.c_str()));
  return e;
}

std::optional<PaneExit> TmuxSession::wait_for_exit(std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto e = exit_status()) return e;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(kPoll);
  }
}

std::string TmuxSession::framed(const std::string& screen) {
  std::ostringstream out;
  out << "---- screen ----\n" << screen;
  if (!screen.empty() && screen.back() != '\n') out << '\n';
  out << "----------------\n";
  return out.str();
}

}  // namespace opsdeck::testing
