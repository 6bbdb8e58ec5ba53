#include "app/process_hygiene.hpp"

#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <thread>

#include "app/message_printer.hpp"
#include "app/redactor.hpp"
#include "widgets/terminal_restore.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

constexpr std::size_t kMaxWhat = 400;  // bytes of what() shown

void write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

// Cuts at a UTF-8 character boundary.
std::string cut(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s + "...";
}

void on_terminate() noexcept {
  ui::TerminalRestore::restore_now();  // first: nothing below may leave the terminal raw
  const char* what = "std::terminate called without an exception";
  std::string text;
  try {
    if (std::exception_ptr current = std::current_exception()) {
      try {
        std::rethrow_exception(current);
      } catch (const std::exception& e) {
        text = e.what();
        what = text.c_str();
      } catch (...) {
        what = "an exception that is not a std::exception";
      }
    }
  } catch (...) {
    what = "std::terminate (the exception could not be read)";
  }
  die_of_internal_error(what);
}

}  // namespace

void harden_process() {
  rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  std::set_terminate(on_terminate);
}

std::string internal_error_line(std::string_view what) {
  std::string shown = what.empty() ? std::string("unknown") : std::string(what);
  shown = cut(ui::sanitize_plain(Redactor{}.redact(shown)), kMaxWhat);
  return cli_text(UserMessage::error("internal error: " + shown + "; the terminal was restored. Please report this."));
}

void die_of_internal_error(std::string_view what, bool flush_stdio) noexcept {
  static std::atomic<bool> reporting{false};
  thread_local bool here = false;
  if (here) ::_exit(1);  // failed while reporting
  here = true;
  if (reporting.exchange(true)) {
    for (;;) ::pause();  // another thread reports and ends the process
  }
  ui::TerminalRestore::restore_now();
  if (flush_stdio) std::fflush(stdout);
  try {
    std::string line = internal_error_line(what);
    write_all(2, line.data(), line.size());
  } catch (...) {
    static const char kFallback[] = "opsdeck: internal error; the terminal was restored. Please report this.\n";
    write_all(2, kFallback, sizeof kFallback - 1);
  }
  ::_exit(1);
}

void reraise_deferred_signal() {
  int sig = ui::TerminalRestore::pending_signal();
  if (sig == 0) return;
  std::fflush(nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
}

void force_test_crash_if_asked() {
  const char* mode = std::getenv("OPSDECK_TEST_CRASH");
  if (mode == nullptr) return;
  const std::string m = mode;
  // The escape sequence shows that the message is printed inert.
  if (m == "throw") throw std::runtime_error("forced by OPSDECK_TEST_CRASH=throw \x1b[2J");
  if (m != "terminate") return;
  std::thread([] {
    termios t{};
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &t) == 0 && (t.c_lflag & ICANON) &&
           std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    throw std::runtime_error("forced by OPSDECK_TEST_CRASH=terminate on a worker thread");
  }).detach();
}

}  // namespace opsdeck::app
