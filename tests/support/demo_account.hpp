#pragma once
// The demo account as a test fixture: runs `scripts/demo --no-console`, which starts
// moto_server (signature checking on) on a free loopback port, builds the demo account
// with scripts/demo-stack and keeps its log feeder running. For end-to-end tests of the
// console and for benchmarks that want realistic data:
//
//   DemoAccount demo;                                   // ~10-40 s
//   TmuxOptions o; o.env = demo.env();
//   TmuxSession t({OPSDECK_BINARY, "--profile", "demo", "--endpoint-url", demo.endpoint(),
//                  "--config", demo.config_path()}, o);
//
// Ownership: the object owns the demo script's process; the destructor (or stop()) sends
// it SIGTERM and the script stops everything it started. Not thread-safe; no callbacks.

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace opsdeck::testing {

class DemoAccount {
 public:
  // Throws std::runtime_error (with the demo's log) when it is not ready within `timeout`.
  explicit DemoAccount(std::chrono::seconds timeout = std::chrono::seconds(240));
  ~DemoAccount();
  DemoAccount(const DemoAccount&) = delete;
  DemoAccount& operator=(const DemoAccount&) = delete;

  // What a child process needs to reach the demo: AWS_CONFIG_FILE,
  // AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE=demo, AWS_REGION, AWS_DEFAULT_REGION,
  // AWS_ENDPOINT_URL, plus OPSDECK_DEMO_DIR and OPSDECK_DEMO_PIDS.
  const std::map<std::string, std::string>& env() const { return env_; }
  std::string endpoint() const;          // http://127.0.0.1:PORT
  int port() const;
  std::vector<int> pids() const;         // the processes the demo started (moto, feeder, ...)
  std::filesystem::path demo_dir() const;  // the demo's temp dir (removed by stop())
  static std::string config_path();      // examples/config.json
  std::string log() const;               // the script's output so far

  // SIGTERM to the script; waits for it to clean up. Returns its exit status (143).
  int stop();

 private:
  TempDir dir_;
  ChildProcess demo_;
  std::map<std::string, std::string> env_;
};

}  // namespace opsdeck::testing
