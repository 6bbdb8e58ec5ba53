#pragma once
// Test-side helpers for starting real peers: a child process that is always stopped
// (SIGTERM, then SIGKILL) when its handle goes away, a free loopback port, a temp dir.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace opsdeck::testing {

class ChildProcess {
 public:
  ChildProcess() = default;
  // Starts argv[0] (searched on PATH) with extra environment variables; stdout and
  // stderr go to `log_file` when given (else /dev/null). The child gets its own process
  // group so that everything it starts is stopped with it.
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
               const std::string& log_file = {});
  ~ChildProcess();
  ChildProcess(ChildProcess&& o) noexcept;
  ChildProcess& operator=(ChildProcess&& o) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Stops the process group: SIGTERM, wait up to `grace`, then SIGKILL. Returns exit status.
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// Result of running a command to completion.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs a command with an optional stdin, captures stdout/stderr, kills it after `timeout`.
RunResult run_command(const std::vector<std::string>& argv, const std::string& input = {},
                      const std::map<std::string, std::string>& env = {},
                      std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A TCP port on 127.0.0.1 that was free a moment ago, chosen outside the kernel's ephemeral
// range so that no port-0 listener or outgoing connection of a parallel test takes it.
int free_loopback_port();
// Waits until something accepts TCP connections on 127.0.0.1:port.
bool wait_for_port(int port, std::chrono::milliseconds timeout);
// True when no process `pid` exists any more, or only its zombie (not yet reaped by a
// parent that is not us).
bool process_gone(int pid);

// A fresh directory under $TMPDIR removed (recursively) when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& content);

}  // namespace opsdeck::testing
