#include "tests/support/demo_account.hpp"

#include <signal.h>

#include <sstream>
#include <stdexcept>
#include <thread>

namespace opsdeck::testing {

namespace {

constexpr const char* kReady = "# demo: ready";

std::map<std::string, std::string> parse_exports(const std::string& text) {
  std::map<std::string, std::string> m;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("export ", 0) != 0) continue;
    line = line.substr(7);
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string v = line.substr(eq + 1);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    m[line.substr(0, eq)] = v;
  }
  return m;
}

}  // namespace

DemoAccount::DemoAccount(std::chrono::seconds timeout)
    : demo_({std::string(OPSDECK_SOURCE_DIR) + "/scripts/demo", "--no-console", "--env-file",
             (dir_.path() / "demo.env").string()},
            {}, (dir_.path() / "demo.log").string()) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (log().find(kReady) == std::string::npos) {
    if (!demo_.running() || std::chrono::steady_clock::now() >= deadline) {
      std::string why = demo_.running() ? "not ready in time" : "exited";
      demo_.stop(std::chrono::seconds(20));
      throw std::runtime_error("scripts/demo " + why + ":\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  env_ = parse_exports(read_file(dir_.path() / "demo.env"));
  if (env_.count("AWS_ENDPOINT_URL") == 0) {
    demo_.stop(std::chrono::seconds(20));
    throw std::runtime_error("scripts/demo wrote no AWS_ENDPOINT_URL:\n" + log());
  }
}

DemoAccount::~DemoAccount() { stop(); }

std::string DemoAccount::endpoint() const { return env_.at("AWS_ENDPOINT_URL"); }

int DemoAccount::port() const {
  const std::string e = endpoint();
  return std::stoi(e.substr(e.rfind(':') + 1));
}

std::vector<int> DemoAccount::pids() const {
  std::vector<int> out;
  auto it = env_.find("OPSDECK_DEMO_PIDS");
  if (it == env_.end()) return out;
  std::istringstream in(it->second);
  for (int p; in >> p;) out.push_back(p);
  return out;
}

std::filesystem::path DemoAccount::demo_dir() const {
  auto it = env_.find("OPSDECK_DEMO_DIR");
  return it == env_.end() ? std::filesystem::path() : std::filesystem::path(it->second);
}

std::string DemoAccount::config_path() { return std::string(OPSDECK_SOURCE_DIR) + "/examples/config.json"; }

std::string DemoAccount::log() const { return read_file(dir_.path() / "demo.log"); }

int DemoAccount::stop() {
  // The script's own traps stop what it started; give them time before SIGKILL.
  return demo_.stop(std::chrono::seconds(20));
}

}  // namespace opsdeck::testing
