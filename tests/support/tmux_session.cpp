#include "tests/support/tmux_session.hpp"

#include <signal.h>

#include <cstdio>
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
  server_pid_ = std::atoi(trim(tmux({"display-message", "-p", "#{pid}"}).out).c_str());
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

bool TmuxSession::send_mouse(int code, int column, int row, bool with_release) {
  std::istringstream flags(tmux({"display-message", "-p", "-t", target(),
                                 "#{mouse_any_flag} #{mouse_standard_flag} #{mouse_button_flag} #{mouse_sgr_flag}"})
                               .out);
  int any = 0, standard = 0, button = 0, sgr = 0;
  flags >> any >> standard >> button >> sgr;
  if (!any && !standard && !button) return false;
  const int x = column + 1, y = row + 1;
  std::string bytes;
  if (sgr) {
    bytes = "\033[<" + std::to_string(code) + ";" + std::to_string(x) + ";" + std::to_string(y) + "M";
    if (with_release)
      bytes += "\033[<" + std::to_string(code) + ";" + std::to_string(x) + ";" + std::to_string(y) + "m";
  } else {
    if (x > 94 || y > 94) throw std::out_of_range("X10 mouse encoding stops at column/row 94");
    auto cell = [](int b, int cx, int cy) {
      return std::string("\033[M") + static_cast<char>(32 + b) + static_cast<char>(32 + cx) +
             static_cast<char>(32 + cy);
    };
    bytes = cell(code, x, y);
    if (with_release) bytes += cell(3, x, y);
  }
  // -H: raw bytes, so ESC and the coordinate bytes reach the program untouched.
  std::vector<std::string> args = {"send-keys", "-t", target(), "-H"};
  char hex[4];
  for (unsigned char c : bytes) {
    std::snprintf(hex, sizeof hex, "%02x", c);
    args.emplace_back(hex);
  }
  return tmux(args).exit_code == 0;
}

bool TmuxSession::click(int column, int row, int button) { return send_mouse(button, column, row, true); }

bool TmuxSession::wheel(int column, int row, bool up) { return send_mouse(up ? 64 : 65, column, row, false); }

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
  if (dead != "1") return std::nullopt;
  if (status.empty() && signal.empty()) {
    // tmux marks the pane dead when the pty closes and fills in the status when it reaps
    // the child on SIGCHLD. tmux 3.3 sometimes misses that signal and leaves a zombie;
    // a SIGCHLD of our own makes it reap. Until then the program counts as running.
    if (server_pid_ > 0) ::kill(server_pid_, SIGCHLD);
    return std::nullopt;
  }
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
