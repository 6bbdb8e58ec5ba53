// The README's first command, end to end: `scripts/demo` in a real terminal (tmux) opens
// the console on the demo account, and `q` stops everything the demo started — moto, the
// log feeder, the health endpoints, the temporary AWS config — and leaves the terminal in
// cooked mode. (--no-build: the test runs the binary this build made, so ctest never
// re-configures the build directory it is running from.)

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/tmux_session.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using namespace opsdeck::testing;

namespace {

// `export K=V` / `export K="V"` lines, as scripts/demo --env-file writes them.
std::map<std::string, std::string> parse_exports(const std::string& text) {
  std::map<std::string, std::string> m;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("export ", 0) != 0) continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    m[line.substr(7, eq - 7)] = value;
  }
  return m;
}

std::vector<int> parse_pids(const std::string& text) {
  std::vector<int> pids;
  std::istringstream in(text);
  for (int pid = 0; in >> pid;) pids.push_back(pid);
  return pids;
}

int port_of(const std::string& endpoint) {
  auto colon = endpoint.rfind(':');
  return colon == std::string::npos ? -1 : std::stoi(endpoint.substr(colon + 1));
}

}  // namespace

TEST(DemoConsole, OpensTheConsoleOnTheDemoAccountAndQuitLeavesNothingBehind) {
  TempDir tmp;
  const fs::path env_file = tmp.path() / "demo.env";
  const fs::path build_dir = fs::path(OPSDECK_BINARY).parent_path();
  const int health_port = free_loopback_port();  // not the fixed 18080 another test may hold
  const std::string script =
      "cd '" + std::string(OPSDECK_SOURCE_DIR) + "' && scripts/demo --no-build --env-file '" + env_file.string() +
      "'; echo EXIT=$?; stty -a; echo MODES_END; sleep 60";
  TmuxOptions options;
  options.columns = 160;
  options.rows = 45;
  options.env = {{"BUILD_DIR", build_dir.string()},
                 {"TMPDIR", tmp.path().string()},
                 {"OPSDECK_DEMO_HEALTH_PORT", std::to_string(health_port)}};
  TmuxSession term({"sh", "-c", script}, options);

  // The console, with the demo account's resources in its panes.
  auto shown = term.wait_for_text("clinic-api-staging", 240s);
  ASSERT_TRUE(shown) << TmuxSession::framed(shown.screen);
  for (const char* text : {"profile demo", "clickit-prod-db", "clinic-db"}) {
    auto seen = term.wait_for_text(text, 30s);
    EXPECT_TRUE(seen) << text << TmuxSession::framed(seen.screen);
  }
  auto alarm = term.wait_for_regex(std::regex("ALARM.*clinic-api-cpu|clinic-api-cpu.*ALARM"), 30s);
  EXPECT_TRUE(alarm) << TmuxSession::framed(alarm.screen);

  // What the demo started, from the environment it wrote.
  ASSERT_TRUE(fs::exists(env_file));
  auto env = parse_exports(read_file(env_file));
  const std::vector<int> pids = parse_pids(env["OPSDECK_DEMO_PIDS"]);
  ASSERT_GE(pids.size(), 2u) << env["OPSDECK_DEMO_PIDS"];
  const int moto_port = port_of(env["AWS_ENDPOINT_URL"]);
  ASSERT_EQ(env["AWS_ENDPOINT_URL"].rfind("http://127.0.0.1:", 0), 0u) << env["AWS_ENDPOINT_URL"];
  const fs::path demo_dir = env["OPSDECK_DEMO_DIR"];
  ASSERT_TRUE(fs::exists(demo_dir / "credentials")) << demo_dir;
  for (int pid : pids) EXPECT_FALSE(process_gone(pid)) << "pid " << pid << " should be running";

  term.send_keys({"q"});
  auto exited = term.wait_for_text("MODES_END", 30s);
  ASSERT_TRUE(exited) << TmuxSession::framed(exited.screen);
  const std::string s = exited.screen;
  EXPECT_NE(s.find("EXIT=0"), std::string::npos) << TmuxSession::framed(s);
  EXPECT_NE(s.find(" icanon"), std::string::npos) << TmuxSession::framed(s);  // cooked mode again
  EXPECT_EQ(s.find("-icanon"), std::string::npos) << TmuxSession::framed(s);
  EXPECT_EQ(s.find("-echo "), std::string::npos) << TmuxSession::framed(s);

  for (int pid : pids) EXPECT_TRUE(process_gone(pid)) << "pid " << pid << " still running";
  EXPECT_FALSE(wait_for_port(moto_port, 300ms)) << "moto port " << moto_port << " still accepts connections";
  EXPECT_FALSE(wait_for_port(health_port, 300ms)) << "health port " << health_port << " still open";
  EXPECT_FALSE(fs::exists(demo_dir)) << demo_dir;
  EXPECT_FALSE(fs::exists(env_file)) << env_file;
}
