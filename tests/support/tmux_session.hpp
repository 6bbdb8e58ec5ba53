#pragma once
// A terminal for end-to-end tests: runs one command (usually the real opsdeck binary) in a
// detached tmux session of a fixed size on a private tmux server, sends it keys and reads
// the screen back as text.
//
// Ownership: a TmuxSession owns its tmux server (a socket in its own TempDir, started with
// `-f /dev/null` so no user config leaks in) and kills it in the destructor, which also
// ends the command under test. The pane stays on screen after the program exits
// (remain-on-exit), so a test can read the last frame and the exit status.
// Threads: not thread-safe; use one session from one test thread. Nothing here calls back.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace opsdeck::testing {

struct TmuxOptions {
  int columns = 120;
  int rows = 40;
  // Extra environment for the command (on top of the test process's own environment).
  std::map<std::string, std::string> env;
  // Working directory of the command; empty = the test's working directory.
  std::filesystem::path cwd;
  // TERM inside the pane (tmux's default-terminal).
  std::string term = "screen-256color";
};

// Outcome of a wait: whether the condition was met, and the screen seen last (for the
// failure message). Converts to bool.
struct ScreenWait {
  bool ok = false;
  std::string screen;
  explicit operator bool() const { return ok; }
};

// How the program in the pane ended.
struct PaneExit {
  int status = -1;  // exit status, or 128 + signal number when killed by a signal
  int signal = 0;   // the signal, 0 when it exited normally
};

class TmuxSession {
 public:
  // Starts `argv` (argv[0] searched on PATH) in a new detached session. Throws
  // std::runtime_error when tmux cannot start the session.
  explicit TmuxSession(const std::vector<std::string>& argv, TmuxOptions options = {});
  ~TmuxSession();
  TmuxSession(const TmuxSession&) = delete;
  TmuxSession& operator=(const TmuxSession&) = delete;

  // Types text exactly as given (no key-name lookup): send_text("i-0abc").
  void send_text(const std::string& text);
  // Presses named keys in order, using tmux key names: "Enter", "Escape", "Tab", "BTab",
  // "Up", "Down", "Left", "Right", "PageUp", "PageDown", "Home", "End", "C-c", "F1", "q".
  void send_keys(const std::vector<std::string>& keys);

  // Mouse, encoded the way a terminal would for the mouse mode the program switched on
  // (SGR 1006 or the classic X10/normal encoding, read from tmux's pane flags); nothing
  // is sent when the program did not ask for mouse events. Columns and rows are 0-based.
  // Returns false when nothing was sent.
  bool click(int column, int row, int button = 0);  // press + release; 0 left, 1 middle, 2 right
  bool wheel(int column, int row, bool up);

  // The visible screen, one line per row, trailing spaces trimmed. With `escapes`, the
  // text carries SGR sequences for colours and attributes (capture-pane -e).
  std::string screen(bool escapes = false) const;
  // Cursor position (column, row), 0-based.
  std::pair<int, int> cursor() const;

  // Polls the screen until it contains `text` / matches `pattern`, or the timeout.
  ScreenWait wait_for_text(const std::string& text,
                           std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  ScreenWait wait_for_regex(const std::regex& pattern,
                            std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // Polls until the screen no longer contains `text`.
  ScreenWait wait_for_text_gone(const std::string& text,
                                std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  // Resizes the terminal; the program gets SIGWINCH.
  void resize(int columns, int rows);
  std::pair<int, int> size() const;

  // How the program ended, or nullopt while it is still running.
  std::optional<PaneExit> exit_status() const;
  // Waits for the program to end.
  std::optional<PaneExit> wait_for_exit(std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // Process id of the program in the pane (its own process group leader's pid).
  int pid() const { return pid_; }

  // Runs any tmux command against this session's server, e.g. {"display", "-p", "#{pane_tty}"}.
  RunResult tmux(const std::vector<std::string>& args) const;

  // The screen framed for a test failure message.
  static std::string framed(const std::string& screen);

 private:
  std::string target() const;
  bool send_mouse(int code, int column, int row, bool with_release);

  TempDir dir_;
  std::filesystem::path socket_;
  std::string session_ = "opsdeck-test";
  int pid_ = -1;
  int server_pid_ = -1;
};

}  // namespace opsdeck::testing
